import type { DType, FloatArray, Kernels } from './types.js';

/** Portable TypeScript kernels: the reference implementation, and the only float64 path. */
export class JsKernels<A extends FloatArray> implements Kernels<A> {
  readonly name = 'js';
  private readonly make: (n: number) => A;

  /** Kernels on `float32` or `float64` arrays. */
  constructor(readonly dtype: DType) {
    this.make = (dtype === 'float32' ? (n: number) => new Float32Array(n) : (n: number) => new Float64Array(n)) as (
      n: number,
    ) => A;
  }

  alloc(n: number): A {
    return this.make(n);
  }

  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: A, b: A, c: A, accumulate: boolean): void {
    if (!accumulate) c.fill(0, 0, m * n);
    if (!transA && transB) gemmNT(m, n, k, a, b, c);
    else if (!transA && !transB) gemmNN(m, n, k, a, b, c);
    else if (transA && !transB) gemmTN(m, n, k, a, b, c);
    else gemmTT(m, n, k, a, b, c);
  }
}

/** C += A·Bᵀ with A m×k, B n×k: row-by-row dot products. */
function gemmNT(m: number, n: number, k: number, a: FloatArray, b: FloatArray, c: FloatArray): void {
  for (let i = 0; i < m; i++) {
    const ai = i * k;
    const ci = i * n;
    for (let j = 0; j < n; j++) {
      const bj = j * k;
      let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
      let p = 0;
      for (; p + 3 < k; p += 4) {
        s0 += a[ai + p]! * b[bj + p]!;
        s1 += a[ai + p + 1]! * b[bj + p + 1]!;
        s2 += a[ai + p + 2]! * b[bj + p + 2]!;
        s3 += a[ai + p + 3]! * b[bj + p + 3]!;
      }
      for (; p < k; p++) s0 += a[ai + p]! * b[bj + p]!;
      c[ci + j] = c[ci + j]! + (s0 + s1 + (s2 + s3));
    }
  }
}

/** C += A·B with A m×k, B k×n: scaled row additions. */
function gemmNN(m: number, n: number, k: number, a: FloatArray, b: FloatArray, c: FloatArray): void {
  for (let i = 0; i < m; i++) {
    const ci = i * n;
    for (let p = 0; p < k; p++) {
      const s = a[i * k + p]!;
      if (s === 0) continue;
      const bp = p * n;
      for (let j = 0; j < n; j++) c[ci + j] = c[ci + j]! + s * b[bp + j]!;
    }
  }
}

/** C += Aᵀ·B with A k×m, B k×n: outer-product accumulation over the shared rows. */
function gemmTN(m: number, n: number, k: number, a: FloatArray, b: FloatArray, c: FloatArray): void {
  for (let p = 0; p < k; p++) {
    const ap = p * m;
    const bp = p * n;
    for (let i = 0; i < m; i++) {
      const s = a[ap + i]!;
      if (s === 0) continue;
      const ci = i * n;
      for (let j = 0; j < n; j++) c[ci + j] = c[ci + j]! + s * b[bp + j]!;
    }
  }
}

/** C += Aᵀ·Bᵀ with A k×m, B n×k. */
function gemmTT(m: number, n: number, k: number, a: FloatArray, b: FloatArray, c: FloatArray): void {
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      for (let p = 0; p < k; p++) s += a[p * m + i]! * b[j * k + p]!;
      c[i * n + j] = c[i * n + j]! + s;
    }
  }
}
