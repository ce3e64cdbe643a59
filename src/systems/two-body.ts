import type { Dataset } from '../core/dataset.js';
import { NumpyRandom } from '../core/numpy-random.js';
import type { Rng } from '../core/rng.js';
import { generateOrbitDataset } from './nbody.js';

/** How a near-circular two-body orbit is drawn (the authors' experiment-2body `random_config`). */
export interface TwoBodyConfig {
  /** Relative std of the common velocity scale factor 1 + noise·N(0, 1). */
  readonly orbitNoise: number;
  /** Lower bound of each coordinate of body 0's position. */
  readonly minRadius: number;
  /** Upper bound of each coordinate of body 0's position. */
  readonly maxRadius: number;
}

/** The paper's two-body settings (paper.md §3, task 4). */
export const TWO_BODY_CONFIG: TwoBodyConfig = { orbitNoise: 0.05, minRadius: 0.5, maxRadius: 1.5 };

/**
 * One two-body initial state in orbit layout [m, x, y, vx, vy] × 2 with unit masses, drawn as the
 * authors do: body 0 at (x, y) with both coordinates ~ U(min, max) (two uniforms), velocity of a
 * circular orbit (−y, x)/(2 r^1.5) scaled by 1 + noise·N(0, 1) (one normal); body 1 is the mirror image.
 */
export function sampleTwoBodyState(rng: Rng, config: TwoBodyConfig = TWO_BODY_CONFIG): Float64Array {
  const { orbitNoise, minRadius, maxRadius } = config;
  const x = rng.next() * (maxRadius - minRadius) + minRadius;
  const y = rng.next() * (maxRadius - minRadius) + minRadius;
  const r = Math.sqrt(x * x + y * y);
  const scale = 1 + orbitNoise * rng.normal();
  const den = 2 * Math.pow(r, 1.5);
  const vx = -(y / den) * scale;
  const vy = (x / den) * scale;
  return Float64Array.of(1, x, y, vx, vy, 1, -x, -y, -vx, -vy);
}

/** The options a caller may override for the two-body data. */
export interface TwoBodyDatasetOptions {
  readonly seed?: number;
  /** Number of orbits (default 1000). */
  readonly samples?: number;
  /** Points per orbit (default 50). */
  readonly points?: number;
}

/** Task 4 data (paper.md §3): 1000 orbits × 50 points on t ∈ [0, 20], rtol 1e-9; test = the first 20%. */
export function generateTwoBodyDataset(opts: TwoBodyDatasetOptions = {}): Dataset {
  return generateOrbitDataset('2body', (rng) => sampleTwoBodyState(rng), {
    seed: opts.seed ?? 0,
    samples: opts.samples ?? 1000,
    points: opts.points ?? 50,
    tSpan: [0, 20],
    rtol: 1e-9,
    testFraction: 0.2,
  });
}

/** The two-body energy metric's starts (paper.md §4): for seed s = 0..count−1, the first state drawn after seeding. */
export function twoBodyEnergyStarts(count = 15): Float64Array[] {
  return Array.from({ length: count }, (_, s) => sampleTwoBodyState(new NumpyRandom(s)));
}
