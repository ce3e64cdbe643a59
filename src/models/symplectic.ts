import type { FloatArray } from '../kernels/types.js';

/**
 * out = J·g row by row for states laid out [q₁..qₙ, p₁..pₙ]: (∂H/∂p, −∂H/∂q).
 * `g` rows have stride `gStride` (e.g. the gradient rows of a network input adjoint).
 */
export function applyJ(g: FloatArray, out: Float64Array, rows: number, dim: number, gStride = dim): void {
  const n = dim / 2;
  for (let r = 0; r < rows; r++) {
    const gi = r * gStride;
    const oi = r * dim;
    for (let k = 0; k < n; k++) {
      out[oi + k] = g[gi + n + k]!;
      out[oi + n + k] = -g[gi + k]!;
    }
  }
}

/** out = Jᵀ·r row by row: (−r_p, r_q), the adjoint of `applyJ`. */
export function applyJTranspose(r: Float64Array, out: FloatArray, rows: number, dim: number): void {
  const n = dim / 2;
  for (let i = 0; i < rows; i++) {
    const o = i * dim;
    for (let k = 0; k < n; k++) {
      out[o + k] = -r[o + n + k]!;
      out[o + n + k] = r[o + k]!;
    }
  }
}
