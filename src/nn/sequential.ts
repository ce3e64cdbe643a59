import { MUL_PRODUCT_MAX_K } from '../kernels/mul-product.js';
import type { FloatArray } from '../kernels/types.js';
import { Activation } from './activation.js';
import type { Layer, Param } from './layer.js';
import { Linear } from './linear.js';

/**
 * Composition f_n ∘ … ∘ f_1 of layers; every pass is the chain of its parts. A Linear followed by an
 * Activation has its bias added by the activation as it reads (fused bias + activation); an Activation
 * followed by a Linear of at most MUL_PRODUCT_MAX_K outputs forms that layer's primal input adjoint as
 * it multiplies by σ′ (`Kernels.mulProduct`).
 */
export class Sequential<A extends FloatArray> implements Layer<A> {
  readonly inDim: number;
  readonly outDim: number;

  /** The layers in application order; adjacent widths must agree. */
  constructor(readonly layers: readonly Layer<A>[]) {
    if (layers.length === 0) throw new Error('Sequential needs at least one layer');
    for (let i = 1; i < layers.length; i++) {
      if (layers[i]!.inDim !== layers[i - 1]!.outDim) {
        throw new Error(`Sequential: layer ${i} expects width ${layers[i]!.inDim} but layer ${i - 1} gives ${layers[i - 1]!.outDim}`);
      }
    }
    this.inDim = layers[0]!.inDim;
    this.outDim = layers[layers.length - 1]!.outDim;
    for (let i = 0; i + 1 < layers.length; i++) {
      const a = layers[i], b = layers[i + 1];
      if (a instanceof Linear && b instanceof Activation && a.bias) b.fuseBias(a.deferBias()!);
      if (a instanceof Activation && b instanceof Linear && b.outDim <= MUL_PRODUCT_MAX_K) a.fuseInputGradient(b.deferInputGradient(), b.outDim);
    }
  }

  params(): Param<A>[] {
    return this.layers.flatMap((l) => l.params());
  }

  bind(batch: number, input: A): A {
    let x = input;
    for (const l of this.layers) x = l.bind(batch, x);
    return x;
  }

  bindGrad(gradOutput: A): A {
    let g = gradOutput;
    for (let i = this.layers.length - 1; i >= 0; i--) g = this.layers[i]!.bindGrad(g);
    return g;
  }

  forward(outputNeeded = true, secondOrder = true): void {
    const last = this.layers.length - 1;
    for (let i = 0; i <= last; i++) this.layers[i]!.forward(i < last || outputNeeded, secondOrder);
  }

  tangent(outputNeeded = true): void {
    const last = this.layers.length - 1;
    for (let i = 0; i <= last; i++) this.layers[i]!.tangent(i < last || outputNeeded);
  }

  backward(paramGrads: boolean, inputGrad: boolean, tangentRows = false): void {
    for (let i = this.layers.length - 1; i >= 0; i--) this.layers[i]!.backward(paramGrads, i > 0 || inputGrad, tangentRows);
  }

  backwardDual(inputGrad: boolean, tangentKnown = false): void {
    for (let i = this.layers.length - 1; i >= 0; i--) this.layers[i]!.backwardDual(i > 0 || inputGrad, tangentKnown);
  }
}
