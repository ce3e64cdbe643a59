import type { FloatArray, Kernels } from '../kernels/types.js';

/** A trainable tensor: its values, its gradient accumulator, and its shape (PyTorch order). */
export interface Param<A extends FloatArray = FloatArray> {
  /** Name inside its layer, e.g. `weight` or `bias`. */
  readonly name: string;
  /** Shape, e.g. [out, in] for a weight. */
  readonly shape: readonly number[];
  /** Current values. */
  readonly value: A;
  /** Gradient accumulator, same length as `value`. */
  readonly grad: A;
}

/**
 * A differentiable map on a batch, with the four passes of the engine. Buffers are "stacked": a
 * [2B × width] array whose rows 0..B-1 hold the primal stream and rows B..2B-1 the tangent stream,
 * so both streams can share one matrix product.
 *
 * Wiring happens once per batch size: `bind` receives the stacked input buffer and returns the
 * stacked output buffer; `bindGrad` receives the stacked output-adjoint buffer and returns the
 * stacked input-adjoint buffer. The passes then take no arrays:
 * - `forward`: y = f(x) (primal rows);
 * - `tangent`: ẏ = f′(x)·ẋ (tangent rows, reusing what `forward` stored);
 * - `backward`: x̄ = f′(x)ᵀ·ȳ (primal rows), adding ∂⟨ȳ, y⟩/∂θ to the parameter gradients when asked;
 *   with `tangentRows` the same map runs on the tangent rows of the adjoint buffers instead (input
 *   adjoints only), which prepares the tangent stream of a later `backwardDual`;
 * - `backwardDual`: the reverse pass through (y, ẏ): x̄ = f′ᵀȳ + (f″ẋ)ᵀȳ̇, x̄̇ = f′ᵀȳ̇, and
 *   ∂(⟨ȳ, y⟩ + ⟨ȳ̇, ẏ⟩)/∂θ added to the parameter gradients. With `tangentKnown` the caller promises
 *   that the tangent rows of every adjoint buffer already hold x̄̇ = f′ᵀȳ̇ (a `backward` with
 *   `tangentRows` seeded with the same ȳ̇ since the last `forward`), and only x̄ is computed.
 * `forward` and `tangent` with `outputNeeded` false may leave y (or ẏ) uncomputed, still recording
 * what the other passes need (a second-order pass reads the network's input gradients, not its output);
 * `forward` with `secondOrder` false records only what first-order passes need (no `backwardDual`
 * until the next `forward`).
 */
export interface Layer<A extends FloatArray = FloatArray> {
  /** Input width. */
  readonly inDim: number;
  /** Output width. */
  readonly outDim: number;
  /** Trainable parameters, in a fixed order. */
  params(): Param<A>[];
  /** Prepares buffers for `batch` rows reading the stacked input `input`; returns the stacked output. */
  bind(batch: number, input: A): A;
  /** Takes the stacked output-adjoint buffer; returns the stacked input-adjoint buffer. */
  bindGrad(gradOutput: A): A;
  /** Primal pass (y may be left uncomputed when `outputNeeded` is false; no `backwardDual` may follow when `secondOrder` is false). */
  forward(outputNeeded?: boolean, secondOrder?: boolean): void;
  /** Forward-mode pass on the tangent rows (ẏ may be left uncomputed when `outputNeeded` is false). */
  tangent(outputNeeded?: boolean): void;
  /**
   * Reverse pass on the primal rows (or, with `tangentRows`, on the tangent rows; then `paramGrads`
   * must be false); `paramGrads` adds parameter gradients, `inputGrad` fills x̄.
   */
  backward(paramGrads: boolean, inputGrad: boolean, tangentRows?: boolean): void;
  /** Reverse pass through the (primal, tangent) pair; `inputGrad` fills (x̄, x̄̇), only x̄ when `tangentKnown`. */
  backwardDual(inputGrad: boolean, tangentKnown?: boolean): void;
}

/** A buffer that keeps its largest allocation and hands out views of the requested length. */
export class GrowableBuffer<A extends FloatArray> {
  private storage: A | null = null;

  /** A buffer allocated through `kernels`. */
  constructor(private readonly kernels: Kernels<A>) {}

  /** A zero-filled view of `n` elements, reusing the storage when it is large enough. */
  view(n: number): A {
    const fresh = this.storage === null || this.storage.length < n;
    if (fresh) this.storage = this.kernels.alloc(n);
    const v = this.storage!.subarray(0, n) as A;
    // A new allocation is zero already; filling it would touch pages a pass may never use.
    if (!fresh) v.fill(0);
    return v;
  }
}
