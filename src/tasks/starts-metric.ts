import { Random } from '../core/random.js';
import type { OdeFunction } from '../integrate/types.js';
import { planeEnergyMetric } from './energy-metrics.js';
import { startsProtocol, STARTS } from './energy-protocol.js';
import type { TaskEnergyMetric } from './task.js';

/** Where a task's data starts: random directions at a radius drawn from [min, max]. */
export interface StartRadius {
  readonly min: number;
  readonly max: number;
}

/** `count` starts (rows of dim numbers) in random directions at radii drawn from `radius`, from Random(seed). */
export function drawStarts(dim: number, radius: StartRadius, seed: number, count: number): Float64Array {
  const rng = new Random(seed);
  const out = new Float64Array(count * dim);
  for (let i = 0; i < count; i++) {
    const x = out.subarray(i * dim, (i + 1) * dim);
    let norm = 0;
    do {
      for (let c = 0; c < dim; c++) x[c] = rng.normal();
      norm = Math.hypot(...x);
    } while (norm === 0);
    const r = rng.uniform(radius.min, radius.max);
    for (let c = 0; c < dim; c++) x[c] = (x[c]! / norm) * r;
  }
  return out;
}

/**
 * The energy metric of a system whose true dynamics are known: 15 starts drawn as its data's starts,
 * truth and model on t ∈ [0, 20] at 100 points (the paper's protocol of tasks 1–2, without a time stretch).
 */
export function startsEnergyMetric(dim: number, energy: (x: Float64Array) => number, dynamics: OdeFunction, radius: StartRadius): TaskEnergyMetric {
  return planeEnergyMetric(dim, energy, dynamics, (name, seed) => startsProtocol(name, drawStarts(dim, radius, seed, STARTS.count), 1, false, dim));
}
