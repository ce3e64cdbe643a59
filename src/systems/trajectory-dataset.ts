import type { Dataset } from '../core/dataset.js';
import { InputError } from '../core/errors.js';
import { NumpyRandom } from '../core/numpy-random.js';
import { solveIvp } from '../integrate/dopri5.js';
import { linspace } from '../integrate/linspace.js';
import { pendulum } from './pendulum.js';
import { spring } from './spring.js';
import type { HamiltonianSystem } from './types.js';

/** How the noisy trajectories of tasks 1 and 2 are drawn (paper.md §3). */
export interface TrajectoryDatasetOptions {
  /** Seed of the numpy-compatible generator. */
  readonly seed: number;
  /** Number of trajectories. */
  readonly samples: number;
  /** Standard deviation of the Gaussian noise added to every coordinate of the states. */
  readonly noiseStd: number;
  /** Time span of each trajectory. */
  readonly tSpan: readonly [number, number];
  /** Points per unit time: each trajectory has ⌊timescale·(t1 − t0)⌋ evenly spaced points. */
  readonly timescale: number;
  /** Smallest initial radius |x0|. */
  readonly radiusMin: number;
  /** Width of the initial-radius range: radius = rand()·radiusWidth + radiusMin. */
  readonly radiusWidth: number;
  /** Relative tolerance of the ODE solve (absolute tolerance stays at the default 1e-6). */
  readonly rtol: number;
  /** Fraction of the rows (in order) that go to training; the rest is the test set. */
  readonly trainFraction: number;
}

/** The options a caller may override for the paper's tasks 1 and 2. */
export interface TaskDatasetOptions {
  readonly seed?: number;
  readonly samples?: number;
  readonly noiseStd?: number;
}

/** Points of each trajectory: ⌊timescale·(t1 − t0)⌋. */
export function pointsPerTrajectory(options: Pick<TrajectoryDatasetOptions, 'tSpan' | 'timescale'>): number {
  return Math.trunc(options.timescale * (options.tSpan[1] - options.tSpan[0]));
}

/** How the spring's trajectories run (paper.md §3): 30 points on [0, 3], radius ~ U(0.1, 1.0), half for training. */
export const SPRING_TRAJECTORIES = { tSpan: [0, 3], timescale: 10, radiusMin: 0.1, radiusWidth: 0.9, rtol: 1e-10, trainFraction: 0.5 } as const;

/** How the pendulum's trajectories run (paper.md §3): 45 points on [0, 3], radius ~ U(1.3, 2.3), half for training. */
export const PENDULUM_TRAJECTORIES = { tSpan: [0, 3], timescale: 15, radiusMin: 1.3, radiusWidth: 1, rtol: 1e-10, trainFraction: 0.5 } as const;

/**
 * Noisy trajectories of a Hamiltonian system, drawn in the authors' order: per trajectory
 * x0 = rand(d)·2 − 1 rescaled to a random radius, an RK45 solve on an even time grid, targets = the
 * true derivatives at the clean states, then noise on each coordinate column in turn. All
 * trajectories are concatenated and split in order into training and test rows.
 */
export function generateTrajectoryDataset(system: HamiltonianSystem, options: TrajectoryDatasetOptions): Dataset {
  const { seed, samples, noiseStd, tSpan, timescale, radiusMin, radiusWidth, rtol, trainFraction } = options;
  const d = system.dim;
  const rng = new NumpyRandom(seed);
  const tEval = linspace(tSpan[0], tSpan[1], pointsPerTrajectory({ tSpan, timescale }));
  const points = tEval.length;
  const rows = samples * points;
  const x = new Float64Array(rows * d);
  const dx = new Float64Array(rows * d);
  const x0 = new Float64Array(d);

  for (let s = 0; s < samples; s++) {
    for (let c = 0; c < d; c++) x0[c] = rng.rand() * 2 - 1;
    const radius = rng.rand() * radiusWidth + radiusMin;
    let sumSq = 0;
    for (let c = 0; c < d; c++) sumSq += x0[c]! * x0[c]!;
    const norm = Math.sqrt(sumSq);
    for (let c = 0; c < d; c++) x0[c] = (x0[c]! / norm) * radius;

    const sol = solveIvp(system.dynamics, tSpan, x0, { rtol, tEval });
    if (sol.status !== 0) throw new InputError(`the data of ${system.name} cannot be drawn: trajectory ${s} could not be integrated (${sol.message})`);
    const base = s * points * d;
    const block = x.subarray(base, base + points * d);
    block.set(sol.y);
    for (let k = 0; k < points; k++) {
      system.dynamics(tEval[k]!, block.subarray(k * d, (k + 1) * d), dx.subarray(base + k * d, base + (k + 1) * d));
    }
    for (let c = 0; c < d; c++) {
      for (let k = 0; k < points; k++) block[k * d + c] = block[k * d + c]! + rng.randn() * noiseStd;
    }
  }

  const split = Math.trunc(rows * trainFraction) * d;
  return {
    dim: d,
    train: { x: x.slice(0, split), dx: dx.slice(0, split) },
    test: { x: x.slice(split), dx: dx.slice(split) },
    meta: {
      task: system.name,
      generator: 'numpy legacy MT19937 (np.random.seed / rand / randn), as the authors\' data.py',
      ...options,
      tSpan: [...tSpan],
      pointsPerTrajectory: points,
      atol: 1e-6,
    },
  };
}

/** Task 1 data (paper.md §3): 50 spring trajectories, 30 points on [0, 3], radius ~ U(0.1, 1.0), σ = 0.1. */
export function generateSpringDataset(opts: TaskDatasetOptions = {}): Dataset {
  return generateTrajectoryDataset(spring, { seed: opts.seed ?? 0, samples: opts.samples ?? 50, noiseStd: opts.noiseStd ?? 0.1, ...SPRING_TRAJECTORIES });
}

/** Task 2 data (paper.md §3): 50 pendulum trajectories, 45 points on [0, 3], radius ~ U(1.3, 2.3), σ = 0.1. */
export function generatePendulumDataset(opts: TaskDatasetOptions = {}): Dataset {
  return generateTrajectoryDataset(pendulum, { seed: opts.seed ?? 0, samples: opts.samples ?? 50, noiseStd: opts.noiseStd ?? 0.1, ...PENDULUM_TRAJECTORIES });
}
