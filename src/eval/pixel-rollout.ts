import { rk4 } from '../integrate/rk4.js';
import { pairCount, pixelInputs, type PixelPairs } from '../models/pixel-pairs.js';
import type { PixelDataset } from '../systems/pixel-pendulum/dataset.js';

/** What the pixel analyses use of a pixel model (a PixelHNN is one). */
export interface LatentModel {
  /** Latent codes of inputs (rows × inputDim) → rows × 2. */
  encode(x: Float64Array): Float64Array;
  /** Reconstructed inputs of latent codes (rows × 2) → rows × inputDim. */
  decode(z: Float64Array): Float64Array;
  /** Latent time derivative per frame step at codes (rows × 2). */
  latentTimeDerivative(z: Float64Array): Float64Array;
}

/** Rows encoded at once (bounds the float64 copy of the inputs). */
const ENCODE_CHUNK = 512;

/** Latent codes of the listed rows of a split (all rows when omitted), rows × 2, encoded in chunks. */
export function latentCodes(model: Pick<LatentModel, 'encode'>, split: PixelPairs, rows?: Int32Array): Float64Array {
  const list = rows ?? Int32Array.from({ length: pairCount(split) }, (_, i) => i);
  const out = new Float64Array(2 * list.length);
  for (let start = 0; start < list.length; start += ENCODE_CHUNK) {
    const chunk = list.subarray(start, Math.min(list.length, start + ENCODE_CHUNK));
    out.set(model.encode(pixelInputs(split, chunk)), 2 * start);
  }
  return out;
}

/** The test split's trajectories: the first row of each complete trial in it, and the rows per trial. */
export function testTrajectories(dataset: PixelDataset): { readonly starts: Int32Array; readonly points: number } {
  const points = dataset.inputsPerTrial;
  const count = Math.floor(pairCount(dataset.test) / points);
  return { starts: Int32Array.from({ length: count }, (_, j) => j * points), points };
}

/**
 * Latent rollouts of the model's dynamics from each code of `z0` (paths × 2): classic RK4 with
 * Δt = 1 (one frame, the unit of the latent derivative), all paths integrated together. Returns
 * paths × points × 2, path-major; point 0 is the start.
 */
export function rollOutLatent(model: Pick<LatentModel, 'latentTimeDerivative'>, z0: Float64Array, points: number): Float64Array {
  if (!(Number.isInteger(points) && points >= 2)) throw new RangeError(`rollOutLatent: a rollout needs at least 2 points, got ${points}`);
  const dim = z0.length;
  const paths = dim / 2;
  const solution = rk4((_t, y, dydt) => dydt.set(model.latentTimeDerivative(y)), [0, points - 1], z0, { steps: points - 1 });
  const out = new Float64Array(paths * points * 2);
  for (let k = 0; k < points; k++) {
    for (let p = 0; p < paths; p++) {
      out[(p * points + k) * 2] = solution.y[k * dim + 2 * p]!;
      out[(p * points + k) * 2 + 1] = solution.y[k * dim + 2 * p + 1]!;
    }
  }
  return out;
}
