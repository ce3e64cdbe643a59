// The paper's tasks as lab systems: data from the library's generators (the CLI's data for the same
// seed), true energies and dynamics from its systems.
import { nbodyEnergy, nbodySystem, pendulum, spring, taskByName } from 'hnn';
import type { BuiltinName, LabSystem } from './system.js';

const TWO_BODY_MASSES = [1, 1];
const twoBody = nbodySystem(TWO_BODY_MASSES);

/** A system of one of the paper's tasks on states. */
function taskSystem(name: BuiltinName, view: Pick<LabSystem, 'energy' | 'truth' | 'plane' | 'scene' | 'box' | 'start' | 'tEnd'>): LabSystem {
  const task = taskByName(name);
  const dim = name === 'two-body' ? 8 : 2;
  return {
    source: { kind: 'task', name },
    title: task.title,
    dim,
    coordinates: dim === 2 ? ['q', 'p'] : ['qx1', 'qx2', 'qy1', 'qy2', 'px1', 'px2', 'py1', 'py2'],
    defaults: task.defaults,
    task: name,
    makeDataset: (seed) => task.makeDataset(seed),
    ...view,
  };
}

/** The paper's tasks the lab offers, by name. */
export const BUILTIN_SYSTEMS: Readonly<Record<BuiltinName, LabSystem>> = {
  spring: taskSystem('spring', { energy: spring.hamiltonian, truth: spring.dynamics, plane: 'phase', scene: 'spring', box: { u: [-1.3, 1.3], v: [-1.3, 1.3] }, start: [1, 0], tEnd: 20 }),
  pendulum: taskSystem('pendulum', { energy: pendulum.hamiltonian, truth: pendulum.dynamics, plane: 'phase', scene: 'pendulum', box: { u: [-3, 3], v: [-3, 3] }, start: [2, 0], tEnd: 20 }),
  'two-body': taskSystem('two-body', {
    energy: (x) => nbodyEnergy(x, TWO_BODY_MASSES),
    truth: twoBody.dynamics,
    plane: 'orbit',
    scene: 'orbit',
    box: { u: [-2, 2], v: [-2, 2] },
    start: circularOrbit(1, 0),
    tEnd: 20,
  }),
};

/** The names of the built-in systems, in menu order. */
export const BUILTIN_NAMES: readonly BuiltinName[] = ['spring', 'pendulum', 'two-body'];

/**
 * The two-body state with body 1 at (x, y), body 2 opposite, both unit masses on the circular orbit
 * the data generator perturbs (velocity (−y, x)/(2 r^1.5)), in canonical coordinates [qx, qy, px, py].
 */
export function circularOrbit(x: number, y: number): number[] {
  const r = Math.hypot(x, y);
  const den = 2 * Math.pow(r, 1.5);
  const vx = -y / den;
  const vy = x / den;
  return [x, -x, y, -y, vx, -vx, vy, -vy];
}
