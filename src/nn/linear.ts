import type { FloatArray, Kernels } from '../kernels/types.js';
import { GrowableBuffer, type Layer, type Param } from './layer.js';

/** Affine map y = x·Wᵀ + b with W stored [out, in] (PyTorch's layout); bias optional. */
export class Linear<A extends FloatArray> implements Layer<A> {
  readonly weight: Param<A>;
  readonly bias: Param<A> | null;
  private readonly outBuf: GrowableBuffer<A>;
  private readonly ginBuf: GrowableBuffer<A>;
  /** Whether the bias is left to the next layer (see `deferBias`). */
  private biasDeferred = false;
  /** Whether `backward` on the primal rows leaves x̄ to the layer before (see `deferInputGradient`). */
  private inputGradientDeferred = false;
  private batch = 0;
  private x2!: A;
  private y2!: A;
  private g2!: A;
  private gin2!: A;
  private xT!: A;
  private yT!: A;
  private gT!: A;
  private ginT!: A;

  /** A layer from `inDim` to `outDim` with zero parameters (see nn/init for initialisers). */
  constructor(
    private readonly kernels: Kernels<A>,
    readonly inDim: number,
    readonly outDim: number,
    withBias = true,
  ) {
    this.weight = { name: 'weight', shape: [outDim, inDim], value: kernels.alloc(outDim * inDim), grad: kernels.alloc(outDim * inDim) };
    this.bias = withBias ? { name: 'bias', shape: [outDim], value: kernels.alloc(outDim), grad: kernels.alloc(outDim) } : null;
    this.outBuf = new GrowableBuffer(kernels);
    this.ginBuf = new GrowableBuffer(kernels);
  }

  params(): Param<A>[] {
    return this.bias ? [this.weight, this.bias] : [this.weight];
  }

  /**
   * Leaves the bias out of `forward`'s output and returns it, for a following element-wise layer that
   * adds it as it reads the output (a fused bias + activation; see Sequential). Only valid when that
   * layer is the output's sole reader. The bias gradient is unchanged.
   */
  deferBias(): A | null {
    if (!this.bias) return null;
    this.biasDeferred = true;
    return this.bias.value;
  }

  /**
   * Leaves x̄ = ȳ·W of `backward` on the primal rows to the element-wise layer before, which forms it
   * as it reads (`Kernels.mulProduct`; see Sequential); returns W and a reader of the bound output
   * adjoint. Only valid when that layer is the input adjoint's sole reader after such a pass (the
   * tangent rows and `backwardDual` still write x̄).
   */
  deferInputGradient(): { weight: A; gradOutput: () => A } {
    this.inputGradientDeferred = true;
    return { weight: this.weight.value, gradOutput: () => this.g2 };
  }

  bind(batch: number, input: A): A {
    this.batch = batch;
    this.x2 = input;
    this.y2 = this.outBuf.view(2 * batch * this.outDim);
    this.xT = input.subarray(batch * this.inDim, 2 * batch * this.inDim) as A;
    this.yT = this.y2.subarray(batch * this.outDim) as A;
    return this.y2;
  }

  bindGrad(gradOutput: A): A {
    this.g2 = gradOutput;
    this.gin2 = this.ginBuf.view(2 * this.batch * this.inDim);
    this.gT = gradOutput.subarray(this.batch * this.outDim, 2 * this.batch * this.outDim) as A;
    this.ginT = this.gin2.subarray(this.batch * this.inDim) as A;
    return this.gin2;
  }

  forward(outputNeeded = true): void {
    if (!outputNeeded) return;
    const { batch, inDim, outDim } = this;
    this.kernels.gemm(false, true, batch, outDim, inDim, this.x2, this.weight.value, this.y2, false);
    if (this.bias && !this.biasDeferred) this.kernels.addBias(batch, outDim, this.y2, this.bias.value);
  }

  tangent(outputNeeded = true): void {
    if (!outputNeeded) return;
    this.kernels.gemm(false, true, this.batch, this.outDim, this.inDim, this.xT, this.weight.value, this.yT, false);
  }

  backward(paramGrads: boolean, inputGrad: boolean, tangentRows = false): void {
    const { batch, inDim, outDim } = this;
    if (tangentRows) {
      if (paramGrads) throw new Error('Linear.backward: parameter gradients are only defined on the primal rows');
      if (inputGrad) this.kernels.gemm(false, false, batch, inDim, outDim, this.gT, this.weight.value, this.ginT, false);
      return;
    }
    if (paramGrads) {
      this.kernels.gemm(true, false, outDim, inDim, batch, this.g2, this.x2, this.weight.grad, true);
      if (this.bias) this.kernels.addColumnSums(batch, outDim, this.g2, this.bias.grad);
    }
    if (inputGrad && !this.inputGradientDeferred) this.kernels.gemm(false, false, batch, inDim, outDim, this.g2, this.weight.value, this.gin2, false);
  }

  backwardDual(inputGrad: boolean, tangentKnown = false): void {
    const { batch, inDim, outDim } = this;
    // W̄ += ȳᵀx + ȳ̇ᵀẋ as one product over the stacked rows; the bias sees only the primal stream.
    this.kernels.gemm(true, false, outDim, inDim, 2 * batch, this.g2, this.x2, this.weight.grad, true, true);
    if (this.bias) this.kernels.addColumnSums(batch, outDim, this.g2, this.bias.grad);
    // x̄ (and x̄̇ unless known) = ȳ·W, both streams in one product.
    if (inputGrad) this.kernels.gemm(false, false, tangentKnown ? batch : 2 * batch, inDim, outDim, this.g2, this.weight.value, this.gin2, false);
  }
}
