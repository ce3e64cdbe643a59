import type { FloatArray, Kernels } from '../kernels/types.js';
import { GrowableBuffer, type Layer, type Param } from './layer.js';

/** Affine map y = x·Wᵀ + b with W stored [out, in] (PyTorch's layout); bias optional. */
export class Linear<A extends FloatArray> implements Layer<A> {
  readonly weight: Param<A>;
  readonly bias: Param<A> | null;
  private readonly outBuf: GrowableBuffer<A>;
  private readonly ginBuf: GrowableBuffer<A>;
  private batch = 0;
  private x2!: A;
  private y2!: A;
  private g2!: A;
  private gin2!: A;
  private xT!: A;
  private yT!: A;

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
    return this.gin2;
  }

  forward(): void {
    const { batch, inDim, outDim } = this;
    this.kernels.gemm(false, true, batch, outDim, inDim, this.x2, this.weight.value, this.y2, false);
    if (this.bias) addRowVector(this.y2, this.bias.value, batch, outDim);
  }

  tangent(): void {
    this.kernels.gemm(false, true, this.batch, this.outDim, this.inDim, this.xT, this.weight.value, this.yT, false);
  }

  backward(paramGrads: boolean, inputGrad: boolean): void {
    const { batch, inDim, outDim } = this;
    if (paramGrads) {
      this.kernels.gemm(true, false, outDim, inDim, batch, this.g2, this.x2, this.weight.grad, true);
      if (this.bias) addColumnSums(this.bias.grad, this.g2, batch, outDim);
    }
    if (inputGrad) this.kernels.gemm(false, false, batch, inDim, outDim, this.g2, this.weight.value, this.gin2, false);
  }

  backwardDual(inputGrad: boolean): void {
    const { batch, inDim, outDim } = this;
    // W̄ += ȳᵀx + ȳ̇ᵀẋ as one product over the stacked rows; the bias sees only the primal stream.
    this.kernels.gemm(true, false, outDim, inDim, 2 * batch, this.g2, this.x2, this.weight.grad, true);
    if (this.bias) addColumnSums(this.bias.grad, this.g2, batch, outDim);
    if (inputGrad) this.kernels.gemm(false, false, 2 * batch, inDim, outDim, this.g2, this.weight.value, this.gin2, false);
  }
}

/** y[r, :] += b for the first `rows` rows. */
function addRowVector(y: FloatArray, b: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) y[o + c] = y[o + c]! + b[c]!;
  }
}

/** acc[c] += Σ_r g[r, c] over the first `rows` rows. */
function addColumnSums(acc: FloatArray, g: FloatArray, rows: number, cols: number): void {
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    for (let c = 0; c < cols; c++) acc[c] = acc[c]! + g[o + c]!;
  }
}
