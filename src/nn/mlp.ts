import type { Rng } from '../core/rng.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import { Activation, activationByName, type ActivationName } from './activation.js';
import { defaultBiasBound, orthogonalInit, uniformInit } from './init.js';
import type { Param } from './layer.js';
import { Linear } from './linear.js';
import { Sequential } from './sequential.js';

/** Shape of the reference MLP. */
export interface MlpSpec {
  /** Input width. */
  readonly inputDim: number;
  /** Width of every hidden layer. */
  readonly hiddenDim: number;
  /** Output width. */
  readonly outputDim: number;
  /** Number of hidden layers (the reference uses 2). */
  readonly hiddenLayers: number;
  /** Nonlinearity after every hidden layer. */
  readonly activation: ActivationName;
}

/** Layer widths of an MLP: input, each hidden layer, output. */
function widthsOf(spec: MlpSpec): number[] {
  return [spec.inputDim, ...Array<number>(spec.hiddenLayers).fill(spec.hiddenDim), spec.outputDim];
}

/** Names and shapes of an MLP's parameters, in order, without building it. */
export function mlpParameterShapes(spec: MlpSpec): [string, number[]][] {
  const widths = widthsOf(spec);
  const out: [string, number[]][] = [];
  for (let i = 0; i + 1 < widths.length; i++) {
    out.push([`linear${i + 1}.weight`, [widths[i + 1]!, widths[i]!]]);
    if (i + 2 < widths.length) out.push([`linear${i + 1}.bias`, [widths[i + 1]!]]);
  }
  return out;
}

/**
 * Number of parameters of an MLP, computed without listing its layers (so an absurd spec, such as
 * 2^53 hidden layers, is measured instantly; the result may be huge or Infinity, never wrong in the
 * direction of a limit).
 */
export function mlpParameterCount(spec: MlpSpec): number {
  const { inputDim: i, hiddenDim: h, hiddenLayers: l, outputDim: o } = spec;
  return i * h + h + (l - 1) * (h * h + h) + h * o;
}

/**
 * The reference MLP: `hiddenLayers` Linear+σ blocks, then a Linear without bias. Weights are
 * orthogonal, biases uniform(±1/√fan_in); parameters are named `linear1.weight`, … as in the
 * authors' state dicts.
 */
export class Mlp<A extends FloatArray> extends Sequential<A> {
  readonly linears: readonly Linear<A>[];

  /** Builds the network; with an `rng` the parameters are initialised, otherwise left at zero. */
  constructor(
    kernels: Kernels<A>,
    readonly spec: MlpSpec,
    rng?: Rng,
  ) {
    const fn = activationByName(spec.activation);
    const widths = widthsOf(spec);
    const linears: Linear<A>[] = [];
    const layers = [];
    for (let i = 0; i + 1 < widths.length; i++) {
      const last = i + 2 === widths.length;
      const lin = new Linear(kernels, widths[i]!, widths[i + 1]!, !last);
      linears.push(lin);
      layers.push(lin);
      if (!last) layers.push(new Activation(kernels, fn, widths[i + 1]!));
    }
    super(layers);
    this.linears = linears;
    if (rng) {
      for (const lin of linears) {
        orthogonalInit(lin.weight.value, lin.outDim, lin.inDim, rng);
        if (lin.bias) uniformInit(lin.bias.value, defaultBiasBound(lin.inDim), rng);
      }
    }
  }

  /** Parameters with their state-dict names (`linear1.weight`, `linear1.bias`, …). */
  namedParams(): [string, Param<A>][] {
    return this.linears.flatMap((lin, i) => lin.params().map((p): [string, Param<A>] => [`linear${i + 1}.${p.name}`, p]));
  }
}
