import { SCALAR_ACTIVATIONS } from '../kernels/activations.js';
import type { ActivationKind, FloatArray, Kernels } from '../kernels/types.js';
import { GrowableBuffer, type Layer, type Param } from './layer.js';

/** An element-wise nonlinearity with its first and second derivatives. */
export interface ActivationFunction {
  /** Name used in model files and on the command line. */
  readonly name: ActivationName;
  /** Writes σ(x), σ′(x) and σ″(x) for one input. */
  eval(x: number, out: { y: number; d1: number; d2: number }): void;
}

/** The nonlinearities the engine provides (evaluated in bulk by the kernels). */
export type ActivationName = ActivationKind;

/** The scalar function of that kind (the kernels' float64 reference). */
const scalar = (name: ActivationName): ActivationFunction => ({ name, eval: SCALAR_ACTIVATIONS[name] });

const tanh = scalar('tanh');
const relu = scalar('relu');
const sigmoid = scalar('sigmoid');
const softplus = scalar('softplus');

const ACTIVATIONS: Record<ActivationName, ActivationFunction> = { tanh, relu, softplus, sigmoid };

/** The activation of that name, or an error listing the accepted names. */
export function activationByName(name: string): ActivationFunction {
  const f = ACTIVATIONS[name as ActivationName];
  if (!f) throw new Error(`unknown activation "${name}"; expected one of ${Object.keys(ACTIVATIONS).join(', ')}`);
  return f;
}

/** Names of all activations. */
export const ACTIVATION_NAMES = Object.keys(ACTIVATIONS) as ActivationName[];

/**
 * Element-wise activation layer; `forward` stores σ′ (and σ″, for second-order passes) for the other
 * passes. When it follows a Linear inside a Sequential, it also adds that layer's bias as it reads its
 * input (fused bias + activation, one pass over memory).
 */
export class Activation<A extends FloatArray> implements Layer<A> {
  readonly outDim: number;
  private readonly outBuf: GrowableBuffer<A>;
  private readonly ginBuf: GrowableBuffer<A>;
  private readonly d1Buf: GrowableBuffer<A>;
  private readonly d2Buf: GrowableBuffer<A>;
  private bias: A | null = null;
  private batch = 0;
  private n = 0;
  /** Whether the last `forward` stored σ″. */
  private secondOrder = false;
  private x2!: A;
  private y2!: A;
  private xT!: A;
  private yT!: A;
  private d1!: A;
  private d2!: A;
  private g2!: A;
  private gT!: A;
  private gin2!: A;
  private ginT!: A;

  /** σ applied to each of `width` features. */
  constructor(
    private readonly kernels: Kernels<A>,
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

  /** The layer after, when it leaves its primal input adjoint to this one (`fuseInputGradient`). */
  private next: { weight: A; k: number; gradOutput: () => A } | null = null;

  /** Forms the next layer's x̄ = ȳ·W (k outputs) as `backward` on the primal rows reads it (see Linear.deferInputGradient). */
  fuseInputGradient(next: { weight: A; gradOutput: () => A }, k: number): void {
    this.next = { ...next, k };
  }

  /** Adds `bias` (one value per feature) to the input before σ: σ(x + b). */
  fuseBias(bias: A): void {
    if (bias.length !== this.inDim) throw new Error(`Activation.fuseBias: bias has ${bias.length} values, width is ${this.inDim}`);
    this.bias = bias;
  }

  bind(batch: number, input: A): A {
    this.batch = batch;
    this.n = batch * this.inDim;
    this.x2 = input;
    this.y2 = this.outBuf.view(2 * this.n);
    this.xT = input.subarray(this.n, 2 * this.n) as A;
    this.yT = this.y2.subarray(this.n, 2 * this.n) as A;
    this.d1 = this.d1Buf.view(this.n);
    this.d2 = this.d2Buf.view(this.n);
    return this.y2;
  }

  bindGrad(gradOutput: A): A {
    this.g2 = gradOutput;
    this.gin2 = this.ginBuf.view(2 * this.n);
    this.gT = gradOutput.subarray(this.n, 2 * this.n) as A;
    this.ginT = this.gin2.subarray(this.n, 2 * this.n) as A;
    return this.gin2;
  }

  forward(_outputNeeded = true, secondOrder = true): void {
    this.secondOrder = secondOrder;
    this.kernels.activation(this.fn.name, this.batch, this.inDim, this.x2, this.bias, this.y2, this.d1, secondOrder ? this.d2 : null);
  }

  tangent(outputNeeded = true): void {
    if (outputNeeded) this.kernels.mul(this.n, this.d1, this.xT, this.yT);
  }

  backward(_paramGrads: boolean, inputGrad: boolean, tangentRows = false): void {
    if (!inputGrad) return;
    const next = this.next;
    if (tangentRows) this.kernels.mul(this.n, this.d1, this.gT, this.ginT);
    else if (next) this.kernels.mulProduct(this.batch, this.inDim, next.k, this.d1, next.gradOutput(), next.weight, this.gin2);
    else this.kernels.mul(this.n, this.d1, this.g2, this.gin2);
  }

  backwardDual(inputGrad: boolean, tangentKnown = false): void {
    if (!inputGrad) return;
    if (!this.secondOrder) throw new Error('Activation.backwardDual: the last forward pass did not store σ″ (secondOrder false)');
    this.kernels.activationDual(this.n, this.d1, this.d2, this.xT, this.g2, this.gT, this.gin2, tangentKnown ? null : this.ginT);
  }
}
