import type { FloatArray, Kernels } from '../kernels/types.js';
import { GrowableBuffer, type Layer, type Param } from './layer.js';

/** Skip connection y = x + f(x) around an inner layer of equal input and output width. */
export class Residual<A extends FloatArray> implements Layer<A> {
  readonly inDim: number;
  readonly outDim: number;
  private readonly outBuf: GrowableBuffer<A>;
  private readonly ginBuf: GrowableBuffer<A>;
  private n = 0;
  private x2!: A;
  private f2!: A;
  private y2!: A;
  private g2!: A;
  private fgin2!: A;
  private gin2!: A;

  /** Wraps `inner`, which must map a width to itself. */
  constructor(
    kernels: Kernels<A>,
    readonly inner: Layer<A>,
  ) {
    if (inner.inDim !== inner.outDim) throw new Error(`Residual: inner layer maps ${inner.inDim} → ${inner.outDim}; widths must match`);
    this.inDim = inner.inDim;
    this.outDim = inner.outDim;
    this.outBuf = new GrowableBuffer(kernels);
    this.ginBuf = new GrowableBuffer(kernels);
  }

  params(): Param<A>[] {
    return this.inner.params();
  }

  bind(batch: number, input: A): A {
    this.n = batch * this.inDim;
    this.x2 = input;
    this.f2 = this.inner.bind(batch, input);
    this.y2 = this.outBuf.view(2 * this.n);
    return this.y2;
  }

  bindGrad(gradOutput: A): A {
    this.g2 = gradOutput;
    this.fgin2 = this.inner.bindGrad(gradOutput);
    this.gin2 = this.ginBuf.view(2 * this.n);
    return this.gin2;
  }

  forward(): void {
    this.inner.forward();
    addInto(this.y2, this.x2, this.f2, 0, this.n);
  }

  tangent(): void {
    this.inner.tangent();
    addInto(this.y2, this.x2, this.f2, this.n, 2 * this.n);
  }

  backward(paramGrads: boolean, inputGrad: boolean): void {
    this.inner.backward(paramGrads, inputGrad);
    if (inputGrad) addInto(this.gin2, this.g2, this.fgin2, 0, this.n);
  }

  backwardDual(inputGrad: boolean): void {
    this.inner.backwardDual(inputGrad);
    if (inputGrad) addInto(this.gin2, this.g2, this.fgin2, 0, 2 * this.n);
  }
}

/** out[i] = a[i] + b[i] for i in [from, to). */
function addInto(out: FloatArray, a: FloatArray, b: FloatArray, from: number, to: number): void {
  for (let i = from; i < to; i++) out[i] = a[i]! + b[i]!;
}
