/** Dense arrays the engine works on: float32 for training, float64 for verification. */
export type FloatArray = Float32Array | Float64Array;

/** Element type of a kernel set. */
export type DType = 'float32' | 'float64';

/** Element-wise nonlinearities the kernels evaluate together with their first two derivatives. */
export type ActivationKind = 'tanh' | 'relu' | 'softplus' | 'sigmoid';

/** The scalars of one Adam update (see `Kernels.adam`). */
export interface AdamScalars {
  /** PyTorch's L2 weight decay (added to the gradient). */
  readonly weightDecay: number;
  readonly beta1: number;
  readonly beta2: number;
  /** lr / (1 − β₁ᵗ). */
  readonly stepSize: number;
  /** √(1 − β₂ᵗ). */
  readonly sqrtBc2: number;
  readonly eps: number;
}

/** The shape of one product `gemm` computes: op(A) is m×k, op(B) is k×n, transposed where the flags say; `accumulate` adds to C. */
export interface GemmShape {
  readonly transA: boolean;
  readonly transB: boolean;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly accumulate: boolean;
}

/**
 * Dense linear algebra and element-wise maps on row-major typed arrays. Arrays handed to a kernel
 * set must come from its own `alloc` / `allocFloat64` (or be `subarray` views of them): the
 * WebAssembly kernels operate inside their memory. Unless stated otherwise, outputs may not overlap
 * inputs except element for element (out[i] may be the same slot as a[i]).
 */
export interface Kernels<A extends FloatArray = FloatArray> {
  /** Implementation name, e.g. `js` or `wasm`. */
  readonly name: string;
  /** Element type of every array this kernel set allocates. */
  readonly dtype: DType;
  /** Threads the kernels may use for one call (1: the calling thread only). */
  readonly threads: number;
  /**
   * How this set rounds, where that is not the usual for its name (the native kernels on AMX tiles:
   * `amx`); absent otherwise. Results differ with it, so checkpoints and model files record it.
   */
  readonly arithmetic?: string;
  /** A zero-filled array of `n` elements owned by this kernel set. */
  alloc(n: number): A;
  /** A zero-filled float64 array of `n` elements owned by this kernel set (optimiser state). */
  allocFloat64(n: number): Float64Array;
  /**
   * C = op(A)·op(B), or C += op(A)·op(B) when `accumulate`; op(A) is m×k, op(B) is k×n, C is m×n,
   * all row-major; op(X) = Xᵀ when the matching trans flag is set (then X is stored k×m or n×k).
   * `stacked` says the k rows are two equal streams made by separate calls (the primal and tangent
   * rows of a dual pass): a backend that splits the sum over threads splits each stream alike, so a
   * thread reads the rows it wrote. The result may depend on it there (deterministically), nowhere else.
   */
  gemm(transA: boolean, transB: boolean, m: number, n: number, k: number, a: A, b: A, c: A, accumulate: boolean, stacked?: boolean): void;
  /**
   * Over a rows×cols block: z = x + bias (bias broadcast over rows; none when null), then y = σ(z),
   * d1 = σ′(z), and d2 = σ″(z) unless `d2` is null (first-order passes need no σ″). `y` may be `x`.
   */
  activation(kind: ActivationKind, rows: number, cols: number, x: A, bias: A | null, y: A, d1: A, d2: A | null): void;
  /** out[i] = a[i]·b[i] for i < n. */
  mul(n: number, a: A, b: A, out: A): void;
  /**
   * out = a ⊙ (g·w) over rows×cols, g rows×k (k from 1 to 4), w k×cols: the bits of `gemm(false, false,
   * rows, cols, k, g, w, out, false)` and then `mul(rows·cols, a, out, out)`; the native kernels do not
   * store the product. `out` may not overlap `a`, `g` or `w`.
   */
  mulProduct(rows: number, cols: number, k: number, a: A, g: A, w: A, out: A): void;
  /** out[i] = a[i] + b[i] for i < n. */
  add(n: number, a: A, b: A, out: A): void;
  /**
   * The reverse map of an element-wise σ through a (primal, tangent) pair, for i < n:
   * out = d1·g + d2·xt·gt and, unless `outT` is null, outT = d1·gt (d1 = σ′, d2 = σ″, xt the tangent
   * input, g and gt the primal and tangent output adjoints). Outputs must not overlap inputs.
   */
  activationDual(n: number, d1: A, d2: A, xt: A, g: A, gt: A, out: A, outT: A | null): void;
  /** y[r, :] += bias for each of `rows` rows of a rows×cols block. */
  addBias(rows: number, cols: number, y: A, bias: A): void;
  /** acc[c] += Σ_r g[r, c] over the `rows` rows of a rows×cols block, rows added in order. */
  addColumnSums(rows: number, cols: number, g: A, acc: A): void;
  /**
   * One Adam update of `n` parameters with float64 moments `m`, `v` (from `allocFloat64`), as
   * torch.optim.Adam computes it: g = grad + wd·value; m = β₁m + (1−β₁)g; v = β₂v + (1−β₂)g² in
   * float64; value −= stepSize·m / (√v · (1/sqrtBc2) + eps) in the parameters' precision (float32:
   * each of its operations rounded to float32, as PyTorch computes it on float32 parameters). A value
   * below the smallest normal number becomes 0, in every backend: the native kernels read subnormals
   * as zero, so a parameter that weight decay shrinks there (a pixel model's always-black pixels) is
   * the same whichever backend trained it.
   */
  adam(n: number, value: A, grad: A, m: Float64Array, v: Float64Array, s: AdamScalars): void;
}
