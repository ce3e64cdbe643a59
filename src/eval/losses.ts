import type { FloatArray } from '../kernels/types.js';
import type { TrainableModel } from '../models/types.js';

/** A mean with its "±" as the paper reports it. */
export interface MeanWithError {
  readonly mean: number;
  readonly stderr: number;
}

/**
 * A model's loss over every row of a split and its "±" as the authors' code reports it: the (n−1)
 * standard deviation of the loss terms (squared errors of the predicted derivatives; a pixel model's
 * per-row losses) divided by √rows.
 */
export function lossWithError<A extends FloatArray, S>(model: TrainableModel<A, S>, split: S): MeanWithError {
  const { terms, rows } = model.lossTerms(split);
  const n = terms.length;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += terms[i]!;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (terms[i]! - mean) ** 2;
  return { mean, stderr: n > 1 ? Math.sqrt(ss / (n - 1)) / Math.sqrt(rows) : 0 };
}
