import type { OdeFunction } from '../integrate/types.js';
import { nbodyEnergy, orbitDynamics, orbitEnergy, orbitVectorField } from '../systems/nbody.js';
import { pendulum } from '../systems/pendulum.js';
import { realPendulum } from '../systems/real-pendulum.js';
import { spring } from '../systems/spring.js';
import type { HamiltonianSystem } from '../systems/types.js';

/** What the energy metric and `simulate` need to know about a task. */
export interface EnergyTask {
  /** Task name as model files record it. */
  readonly name: string;
  /** Width of the integrated state (the model's d, or the authors' orbit layout for n-body tasks). */
  readonly dim: number;
  /** The energy the metric compares along integrated paths (paper.md §4), on the integrated state. */
  energy(x: Float64Array): number;
  /** The physical energy of a model state (the model's own coordinates): the true H, or the analysis energy for measured data. */
  hamiltonian(x: Float64Array): number;
  /** The true dynamics, or null for measured data (the protocol then records the true states). */
  readonly truth: OdeFunction | null;
  /** Turns the model's field on its own coordinates into a field on the integrated state. */
  integratedField(modelField: OdeFunction): OdeFunction;
}

/** A system's energy-metric description; a measured system's dynamics are only a model, not the truth. */
function fromSystem(system: HamiltonianSystem, measured: boolean): EnergyTask {
  return {
    name: system.name,
    dim: system.dim,
    energy: system.energy,
    hamiltonian: system.hamiltonian,
    truth: measured ? null : system.dynamics,
    integratedField: (f) => f,
  };
}

/**
 * An n-body task integrated as the authors do: the orbit layout [body][m, x, y, vx, vy] (masses are
 * part of the solver's state and error norm), the model applied to the canonical coordinates.
 */
function orbitTask(name: string, bodies: number): EnergyTask {
  const unitMasses = new Float64Array(bodies).fill(1);
  return {
    name,
    dim: 5 * bodies,
    energy: (x) => orbitEnergy(x),
    hamiltonian: (x) => nbodyEnergy(x, unitMasses),
    truth: orbitDynamics(),
    integratedField: (f) => orbitVectorField((t, x, dxdt) => f(t, x, dxdt)),
  };
}

// The measured pendulum has friction: its recorded states are the truth.
const TASKS: Record<string, EnergyTask> = Object.fromEntries(
  [fromSystem(spring, false), fromSystem(pendulum, false), fromSystem(realPendulum, true), orbitTask('two-body', 2), orbitTask('three-body', 3)].map((t) => [t.name, t]),
);

/** Names of the tasks the energy metric supports. */
export const ENERGY_TASK_NAMES = Object.keys(TASKS);

/** The energy-metric description of a task, or undefined for a task it does not support. */
export function energyTask(name: string): EnergyTask | undefined {
  return TASKS[name];
}
