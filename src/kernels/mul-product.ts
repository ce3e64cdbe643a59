import type { FloatArray, Kernels } from './types.js';

/** Largest inner dimension `Kernels.mulProduct` takes (a network's last layer: a few outputs). */
export const MUL_PRODUCT_MAX_K = 4;

/** Throws unless `k` is an inner dimension `mulProduct` takes. */
export function checkMulProductK(k: number, who: string): void {
  if (!(Number.isInteger(k) && k >= 1 && k <= MUL_PRODUCT_MAX_K)) {
    throw new RangeError(`${who} mulProduct: inner dimension k=${k}, expected 1 to ${MUL_PRODUCT_MAX_K}`);
  }
}

/** `Kernels.mulProduct` as the product into `out`, then `mul` in place (for kernel sets without a fused one). */
export function mulProductInPlace<A extends FloatArray>(kernels: Kernels<A>, rows: number, cols: number, k: number, a: A, g: A, w: A, out: A): void {
  checkMulProductK(k, kernels.name);
  kernels.gemm(false, false, rows, cols, k, g, w, out, false);
  kernels.mul(rows * cols, a, out, out);
}
