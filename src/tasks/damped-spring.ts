import { InputError } from '../core/errors.js';
import type { HamiltonianSystem } from '../systems/types.js';
import { generateTrajectoryDataset, pointsPerTrajectory, SPRING_TRAJECTORIES } from '../systems/trajectory-dataset.js';
import { canonicalCoordinates, FULL_BATCH, squareBox } from './defaults.js';
import { checkDraw, PAPER_DRAW, sameDraw, type Draw } from './draw.js';
import { planeEnergyMetric } from './energy-metrics.js';
import { startsProtocol, STARTS } from './energy-protocol.js';
import { authorsEnergyStarts } from './energy-starts.js';
import type { StateTask } from './task.js';

/** The damping of the built-in damped-spring task. */
export const DEFAULT_DAMPING = 0.1;

/** Largest damping: far past critical damping (2), where the data are all decay, and still cheap to integrate. */
export const MAX_DAMPING = 100;

/**
 * A mass-spring with friction: H = (q² + p²)/2 and the Rayleigh dissipation D = ρp²/2, so q̇ = p and
 * ṗ = −q − ρp (D-HNN's test system). Its data are drawn as the spring's (30 points on [0, 3], radius ~
 * U(0.1, 1); `draw`: 50 trajectories, σ = 0.1 by default); its energy metric follows H along the spring's 15 starts.
 */
export function dampedSpringTask(damping: number = DEFAULT_DAMPING, draw: Draw = PAPER_DRAW): StateTask {
  checkDraw(draw, pointsPerTrajectory(SPRING_TRAJECTORIES));
  const paperDraw = sameDraw(draw, PAPER_DRAW);
  if (!(Number.isFinite(damping) && damping >= 0 && damping <= MAX_DAMPING)) throw new InputError(`damping ${damping}: expected a number from 0 to ${MAX_DAMPING}`);
  const energy = (x: Float64Array): number => (x[0]! * x[0]! + x[1]! * x[1]!) / 2;
  const system: HamiltonianSystem = {
    name: 'damped-spring',
    dim: 2,
    hamiltonian: energy,
    energy,
    dynamics: (_t, x, dxdt) => {
      dxdt[0] = x[1]!;
      dxdt[1] = -x[0]! - damping * x[1]!;
    },
  };
  return {
    family: 'state',
    name: 'damped-spring',
    title: `Damped mass-spring (ρ = ${damping})`,
    dim: 2,
    coordinates: canonicalCoordinates(2),
    defaults: FULL_BATCH,
    makeDataset: (seed) =>
      generateTrajectoryDataset(system, { seed, samples: draw.samples, noiseStd: draw.noiseStd, ...SPRING_TRAJECTORIES }),
    draw,
    redraw: (other) => dampedSpringTask(damping, other),
    system: { energy, dynamics: system.dynamics, dissipation: (x) => (damping * x[1]! * x[1]!) / 2 },
    energyMetric: planeEnergyMetric(2, energy, system.dynamics, (name, seed) => startsProtocol(name, authorsEnergyStarts('spring', seed, STARTS.count), 1, false)),
    view: { rollout: { x0: [1, 0], tEnd: 20, points: 400 }, box: squareBox(1.3) },
    paper: null,
    ...((damping !== DEFAULT_DAMPING || !paperDraw) && { recipe: { kind: 'damped-spring', damping, ...(!paperDraw && { samples: draw.samples, noiseStd: draw.noiseStd }) } }),
  };
}
