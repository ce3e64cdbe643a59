import type { Rng } from '../core/rng.js';
import type { FloatArray } from '../kernels/types.js';

/**
 * Fills a [rows × cols] weight with a (semi-)orthogonal matrix as torch.nn.init.orthogonal_ does:
 * QR of a standard normal matrix (transposed when rows < cols), signs fixed so diag(R) > 0.
 */
export function orthogonalInit(w: FloatArray, rows: number, cols: number, rng: Rng, gain = 1): void {
  const tall = rows >= cols;
  const m = tall ? rows : cols;
  const n = tall ? cols : rows;
  // Column-major m×n Gaussian; modified Gram–Schmidt yields the Q with positive diag(R).
  const q = new Float64Array(m * n);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) q[j * m + i] = rng.normal();
  for (let j = 0; j < n; j++) {
    const cj = j * m;
    for (let k = 0; k < j; k++) {
      const ck = k * m;
      let dot = 0;
      for (let i = 0; i < m; i++) dot += q[ck + i]! * q[cj + i]!;
      for (let i = 0; i < m; i++) q[cj + i] = q[cj + i]! - dot * q[ck + i]!;
    }
    let norm = 0;
    for (let i = 0; i < m; i++) norm += q[cj + i]! * q[cj + i]!;
    norm = Math.sqrt(norm);
    for (let i = 0; i < m; i++) q[cj + i] = q[cj + i]! / norm;
  }
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) w[r * cols + c] = gain * (tall ? q[c * m + r]! : q[r * m + c]!);
  }
}

/** Fills `v` with uniform(−bound, bound) draws. */
export function uniformInit(v: FloatArray, bound: number, rng: Rng): void {
  for (let i = 0; i < v.length; i++) v[i] = rng.uniform(-bound, bound);
}

/** PyTorch's default Linear bias bound, 1/√fan_in. */
export function defaultBiasBound(fanIn: number): number {
  return 1 / Math.sqrt(fanIn);
}
