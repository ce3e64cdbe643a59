/** Dense arrays the engine works on: float32 for training, float64 for verification. */
export type FloatArray = Float32Array | Float64Array;

/** Element type of a kernel set. */
export type DType = 'float32' | 'float64';

/**
 * Dense linear algebra on row-major typed arrays. Arrays handed to a kernel set must come from its
 * own `alloc` (or be `subarray` views of them): the WebAssembly kernels operate inside their memory.
 */
export interface Kernels<A extends FloatArray = FloatArray> {
  /** Implementation name, e.g. `js` or `wasm`. */
  readonly name: string;
  /** Element type of every array this kernel set allocates. */
  readonly dtype: DType;
  /** A zero-filled array of `n` elements owned by this kernel set. */
  alloc(n: number): A;
  /**
   * C = op(A)·op(B), or C += op(A)·op(B) when `accumulate`; op(A) is m×k, op(B) is k×n, C is m×n,
   * all row-major; op(X) = Xᵀ when the matching trans flag is set (then X is stored k×m or n×k).
   */
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: A, b: A, c: A, accumulate: boolean): void;
}
