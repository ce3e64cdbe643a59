import type { FloatArray, Kernels } from '../kernels/types.js';
import { GrowableBuffer, type Layer, type Param } from './layer.js';

/** An element-wise nonlinearity with its first and second derivatives. */
export interface ActivationFunction {
  /** Name used in model files and on the command line. */
  readonly name: ActivationName;
  /** Writes σ(x), σ′(x) and σ″(x) for one input. */
  eval(x: number, out: { y: number; d1: number; d2: number }): void;
}

/** The nonlinearities the engine provides. */
export type ActivationName = 'tanh' | 'relu' | 'softplus' | 'sigmoid';

const tanh: ActivationFunction = {
  name: 'tanh',
  eval(x, out) {
    const y = Math.tanh(x);
    const d1 = 1 - y * y;
    out.y = y;
    out.d1 = d1;
    out.d2 = -2 * y * d1;
  },
};

const relu: ActivationFunction = {
  name: 'relu',
  eval(x, out) {
    const on = x > 0;
    out.y = on ? x : 0;
    out.d1 = on ? 1 : 0;
    out.d2 = 0;
  },
};

const sigmoid: ActivationFunction = {
  name: 'sigmoid',
  eval(x, out) {
    const y = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    const d1 = y * (1 - y);
    out.y = y;
    out.d1 = d1;
    out.d2 = d1 * (1 - 2 * y);
  },
};

const softplus: ActivationFunction = {
  name: 'softplus',
  eval(x, out) {
    // log(1 + eˣ) computed without overflow; its derivative is the sigmoid.
    out.y = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    const s = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    out.d1 = s;
    out.d2 = s * (1 - s);
  },
};

const ACTIVATIONS: Record<ActivationName, ActivationFunction> = { tanh, relu, softplus, sigmoid };

/** The activation of that name, or an error listing the accepted names. */
export function activationByName(name: string): ActivationFunction {
  const f = ACTIVATIONS[name as ActivationName];
  if (!f) throw new Error(`unknown activation "${name}"; expected one of ${Object.keys(ACTIVATIONS).join(', ')}`);
  return f;
}

/** Names of all activations. */
export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS) as ActivationName[];

/** Element-wise activation layer; caches σ′ and σ″ during `forward` for the other passes. */
export class Activation<A extends FloatArray> implements Layer<A> {
  readonly outDim: number;
  private readonly outBuf: GrowableBuffer<A>;
  private readonly ginBuf: GrowableBuffer<A>;
  private readonly d1Buf: GrowableBuffer<A>;
  private readonly d2Buf: GrowableBuffer<A>;
  private n = 0;
  private x2!: A;
  private y2!: A;
  private d1!: A;
  private d2!: A;
  private g2!: A;
  private gin2!: A;

  /** σ applied to each of `width` features. */
  constructor(
    kernels: Kernels<A>,
    readonly fn: ActivationFunction,
    readonly inDim: number,
  ) {
    this.outDim = inDim;
    this.outBuf = new GrowableBuffer(kernels);
    this.ginBuf = new GrowableBuffer(kernels);
    this.d1Buf = new GrowableBuffer(kernels);
    this.d2Buf = new GrowableBuffer(kernels);
  }

  params(): Param<A>[] {
    return [];
  }

  bind(batch: number, input: A): A {
    this.n = batch * this.inDim;
    this.x2 = input;
    this.y2 = this.outBuf.view(2 * this.n);
    this.d1 = this.d1Buf.view(this.n);
    this.d2 = this.d2Buf.view(this.n);
    return this.y2;
  }

  bindGrad(gradOutput: A): A {
    this.g2 = gradOutput;
    this.gin2 = this.ginBuf.view(2 * this.n);
    return this.gin2;
  }

  forward(): void {
    const { n, x2, y2, d1, d2, fn } = this;
    const out = { y: 0, d1: 0, d2: 0 };
    for (let i = 0; i < n; i++) {
      fn.eval(x2[i]!, out);
      y2[i] = out.y;
      d1[i] = out.d1;
      d2[i] = out.d2;
    }
  }

  tangent(): void {
    const { n, x2, y2, d1 } = this;
    for (let i = 0; i < n; i++) y2[n + i] = d1[i]! * x2[n + i]!;
  }

  backward(_paramGrads: boolean, inputGrad: boolean): void {
    if (!inputGrad) return;
    const { n, g2, gin2, d1 } = this;
    for (let i = 0; i < n; i++) gin2[i] = d1[i]! * g2[i]!;
  }

  backwardDual(inputGrad: boolean): void {
    if (!inputGrad) return;
    const { n, x2, g2, gin2, d1, d2 } = this;
    for (let i = 0; i < n; i++) {
      const gt = g2[n + i]!;
      gin2[i] = d1[i]! * g2[i]! + d2[i]! * x2[n + i]! * gt;
      gin2[n + i] = d1[i]! * gt;
    }
  }
}
