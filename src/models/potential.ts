import type { Rng } from '../core/rng.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import { GrowableBuffer, type Param } from '../nn/layer.js';
import { Mlp, type MlpSpec } from '../nn/mlp.js';

/**
 * A scalar potential F(x) as an MLP with one output, with the exact input gradient ∇ₓF and the
 * parameter gradient of ⟨v, ∇ₓF⟩ on a batch (the second-order step of an HNN, docs/architecture.md).
 * Its buffers are stacked: primal rows, then tangent rows.
 */
export class Potential<A extends FloatArray> {
  readonly net: Mlp<A>;
  /** Rows currently wired. */
  private rows = -1;
  private input!: A;
  private output!: A;
  private seed!: A;
  private inputGrad!: A;
  private readonly inputBuf: GrowableBuffer<A>;
  private readonly seedBuf: GrowableBuffer<A>;

  /** A potential on `mlp.inputDim` coordinates, initialised from `rng` when given, else zero. */
  constructor(
    kernels: Kernels<A>,
    readonly mlp: Omit<MlpSpec, 'outputDim'>,
    rng?: Rng,
  ) {
    this.net = new Mlp(kernels, { ...mlp, outputDim: 1 }, rng);
    this.inputBuf = new GrowableBuffer(kernels);
    this.seedBuf = new GrowableBuffer(kernels);
  }

  /** The network's parameters. */
  params(): Param<A>[] {
    return this.net.params();
  }

  /**
   * Loads `count` states (rows `start…` of x, or the rows listed in `index`) and runs the forward pass;
   * F itself (`values`) only when `withValues` (its gradient and second-order passes do not need it).
   */
  forwardAt(x: Float64Array, index: Int32Array | null, start: number, count: number, withValues = true): void {
    const d = this.mlp.inputDim;
    if (count !== this.rows) {
      this.input = this.inputBuf.view(2 * count * d);
      this.output = this.net.bind(count, this.input);
      this.seed = this.seedBuf.view(2 * count);
      this.inputGrad = this.net.bindGrad(this.seed);
      this.rows = count;
    }
    const inp = this.input;
    for (let r = 0; r < count; r++) {
      const src = (index ? index[start + r]! : start + r) * d;
      for (let k = 0; k < d; k++) inp[r * d + k] = x[src + k]!;
    }
    this.net.forward(withValues);
  }

  /** F at the loaded states (rows). */
  values(): A {
    return this.output.subarray(0, this.rows) as A;
  }

  /**
   * ∇ₓF at the loaded states (rows × d), computed on the tangent rows of the adjoint buffers, where the
   * next `addSecondOrder` reuses it as its tangent stream.
   */
  gradient(): A {
    const n = this.rows;
    this.seed.fill(0);
    this.seed.fill(1, n, 2 * n);
    this.net.backward(false, true, true);
    const d = this.mlp.inputDim;
    return this.inputGrad.subarray(n * d, 2 * n * d) as A;
  }

  /** Adds ∇θ⟨scale·v, ∇ₓF⟩ to the parameter gradients (v rows × d): a tangent pass along scale·v, then the dual pass seeded with (0, 1). Call right after `gradient`. */
  addSecondOrder(v: Float64Array, scale: number): void {
    const d = this.mlp.inputDim;
    const n = this.rows * d;
    const tangent = this.input;
    for (let i = 0; i < n; i++) tangent[n + i] = scale * v[i]!;
    this.net.tangent(false);
    this.net.backwardDual(false, true);
  }
}
