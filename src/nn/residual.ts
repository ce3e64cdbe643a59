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
  // Tangent-row views of the buffers above.
  private xT!: A;
  private fT!: A;
  private yT!: A;
  private gT!: A;
  private fginT!: A;
  private ginT!: A;

  /** Wraps `inner`, which must map a width to itself. */
  constructor(
    private readonly kernels: Kernels<A>,
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
    const n = (this.n = batch * this.inDim);
    this.x2 = input;
    this.f2 = this.inner.bind(batch, input);
    this.y2 = this.outBuf.view(2 * n);
    this.xT = tail(input, n);
    this.fT = tail(this.f2, n);
    this.yT = tail(this.y2, n);
    return this.y2;
  }

  bindGrad(gradOutput: A): A {
    const n = this.n;
    this.g2 = gradOutput;
    this.fgin2 = this.inner.bindGrad(gradOutput);
    this.gin2 = this.ginBuf.view(2 * n);
    this.gT = tail(gradOutput, n);
    this.fginT = tail(this.fgin2, n);
    this.ginT = tail(this.gin2, n);
    return this.gin2;
  }

  forward(outputNeeded = true, secondOrder = true): void {
    this.inner.forward(outputNeeded, secondOrder);
    if (outputNeeded) this.kernels.add(this.n, this.x2, this.f2, this.y2);
  }

  tangent(outputNeeded = true): void {
    this.inner.tangent(outputNeeded);
    if (outputNeeded) this.kernels.add(this.n, this.xT, this.fT, this.yT);
  }

  backward(paramGrads: boolean, inputGrad: boolean, tangentRows = false): void {
    this.inner.backward(paramGrads, inputGrad, tangentRows);
    if (!inputGrad) return;
    if (tangentRows) this.kernels.add(this.n, this.gT, this.fginT, this.ginT);
    else this.kernels.add(this.n, this.g2, this.fgin2, this.gin2);
  }

  backwardDual(inputGrad: boolean, tangentKnown = false): void {
    this.inner.backwardDual(inputGrad, tangentKnown);
    if (inputGrad) this.kernels.add(tangentKnown ? this.n : 2 * this.n, this.g2, this.fgin2, this.gin2);
  }
}

/** Rows n.. of a stacked [2n] buffer (the tangent stream). */
function tail<A extends FloatArray>(a: A, n: number): A {
  return a.subarray(n, 2 * n) as A;
}
