import { CapacityError } from '../core/errors.js';
import { SCALAR_ACTIVATIONS, type ActivationValue } from './activations.js';
import { mulProductInPlace } from './mul-product.js';
import type { ActivationKind, AdamScalars, DType, FloatArray, Kernels } from './types.js';

/** The smallest normal float32 and float64: Adam flushes smaller magnitudes to zero. */
const FLOAT32_MIN_NORMAL = 2 ** -126;
const FLOAT64_MIN_NORMAL = 2 ** -1022;

/** make(n) for a valid size n; an array the engine cannot hold is an input error (CapacityError), not a bug. */
function allocating<T>(n: number, bytes: number, make: (n: number) => T): T {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`js kernels: alloc size must be a non-negative integer, got ${n}`);
  try {
    return make(n);
  } catch (e) {
    if (e instanceof RangeError) throw new CapacityError(`js kernels: out of memory (${n * bytes} bytes could not be allocated)`);
    throw e;
  }
}

/**
 * Portable TypeScript kernels: the reference implementation, and the only float64 path. Element-wise
 * maps compute in float64 and round once on store, so for float32 arrays every product or sum of
 * two values is the correctly rounded float32 result.
 */
export class JsKernels<A extends FloatArray> implements Kernels<A> {
  readonly name = 'js';
  readonly threads = 1;
  private readonly make: (n: number) => A;
  private readonly value: ActivationValue = { y: 0, d1: 0, d2: 0 };

  /** Kernels on `float32` or `float64` arrays. */
  constructor(readonly dtype: DType) {
    this.make = (dtype === 'float32' ? (n: number) => new Float32Array(n) : (n: number) => new Float64Array(n)) as (
      n: number,
    ) => A;
  }

  alloc(n: number): A {
    return allocating(n, this.dtype === 'float32' ? 4 : 8, this.make);
  }

  allocFloat64(n: number): Float64Array {
    return allocating(n, 8, (count) => new Float64Array(count));
  }

  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: A, b: A, c: A, accumulate: boolean): void {
    if (!accumulate) c.fill(0, 0, m * n);
    if (!transA && transB) gemmNT(m, n, k, a, b, c);
    else if (!transA && !transB) gemmNN(m, n, k, a, b, c);
    else if (transA && !transB) gemmTN(m, n, k, a, b, c);
    else gemmTT(m, n, k, a, b, c);
  }

  activation(kind: ActivationKind, rows: number, cols: number, x: A, bias: A | null, y: A, d1: A, d2: A | null): void {
    const f = SCALAR_ACTIVATIONS[kind];
    const out = this.value;
    // The pre-activation is rounded to the array type first, as if x + bias had been stored.
    const f32 = this.dtype === 'float32';
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      for (let c = 0; c < cols; c++) {
        const i = o + c;
        const s = bias ? x[i]! + bias[c]! : x[i]!;
        f(f32 ? Math.fround(s) : s, out);
        y[i] = out.y;
        d1[i] = out.d1;
        if (d2) d2[i] = out.d2;
      }
    }
  }

  mul(n: number, a: A, b: A, out: A): void {
    for (let i = 0; i < n; i++) out[i] = a[i]! * b[i]!;
  }

  mulProduct(rows: number, cols: number, k: number, a: A, g: A, w: A, out: A): void {
    mulProductInPlace(this, rows, cols, k, a, g, w, out);
  }

  add(n: number, a: A, b: A, out: A): void {
    for (let i = 0; i < n; i++) out[i] = a[i]! + b[i]!;
  }

  activationDual(n: number, d1: A, d2: A, xt: A, g: A, gt: A, out: A, outT: A | null): void {
    for (let i = 0; i < n; i++) {
      const q = gt[i]!;
      out[i] = d1[i]! * g[i]! + d2[i]! * xt[i]! * q;
      if (outT) outT[i] = d1[i]! * q;
    }
  }

  addBias(rows: number, cols: number, y: A, bias: A): void {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      for (let c = 0; c < cols; c++) y[o + c] = y[o + c]! + bias[c]!;
    }
  }

  addColumnSums(rows: number, cols: number, g: A, acc: A): void {
    for (let r = 0; r < rows; r++) {
      const o = r * cols;
      for (let c = 0; c < cols; c++) acc[c] = acc[c]! + g[o + c]!;
    }
  }

  adam(n: number, value: A, grad: A, m: Float64Array, v: Float64Array, s: AdamScalars): void {
    const { weightDecay, beta1, beta2, stepSize, sqrtBc2, eps } = s;
    const single = this.dtype === 'float32';
    const round = single ? Math.fround : (x: number): number => x;
    const smallestNormal = single ? FLOAT32_MIN_NORMAL : FLOAT64_MIN_NORMAL;
    const inverseBc2 = round(1 / sqrtBc2), epsilon = round(eps);
    for (let i = 0; i < n; i++) {
      const w = value[i]!;
      const g = grad[i]! + weightDecay * w;
      const mi = beta1 * m[i]! + (1 - beta1) * g;
      const vi = beta2 * v[i]! + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      const denominator = round(round(round(Math.sqrt(round(vi))) * inverseBc2) + epsilon);
      const next = round(w - round(round(stepSize * mi) / denominator));
      value[i] = Math.abs(next) < smallestNormal ? 0 : next;
    }
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
