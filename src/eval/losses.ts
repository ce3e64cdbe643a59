import type { FloatArray } from '../kernels/types.js';
import type { DynamicsModel } from '../models/types.js';

/** A mean with its "±" as the paper reports it. */
export interface MeanWithError {
  readonly mean: number;
  readonly stderr: number;
}

/**
 * Mean of the squared errors over all elements of (prediction − dx), and its "±": the (n−1) standard
 * deviation over all elements divided by √rows, as the authors' code reports it.
 */
export function lossWithError<A extends FloatArray>(model: DynamicsModel<A>, x: Float64Array, dx: Float64Array): MeanWithError {
  const pred = model.timeDerivative(x);
  const n = pred.length;
  const rows = n / model.dim;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += (pred[i]! - dx[i]!) ** 2;
  const mean = sum / n;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += ((pred[i]! - dx[i]!) ** 2 - mean) ** 2;
  return { mean, stderr: Math.sqrt(ss / (n - 1)) / Math.sqrt(rows) };
}
