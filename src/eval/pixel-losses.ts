import type { FloatArray } from '../kernels/types.js';
import type { PixelHNN } from '../models/pixel-hnn.js';
import type { PixelPairs } from '../models/pixel-pairs.js';
import type { MeanWithError } from './losses.js';

/**
 * A pixel model's loss over every row of a split and its "±" as the authors report it
 * (experiment-pixels/train.py): the (n−1) standard deviation of the per-row losses divided by √n.
 */
export function pixelLossWithError<A extends FloatArray>(model: PixelHNN<A>, split: PixelPairs): MeanWithError {
  const losses = model.rowLosses(split);
  const n = losses.length;
  const mean = losses.reduce((a, b) => a + b, 0) / n;
  const ss = losses.reduce((a, b) => a + (b - mean) ** 2, 0);
  return { mean, stderr: n > 1 ? Math.sqrt(ss / (n - 1) / n) : 0 };
}
