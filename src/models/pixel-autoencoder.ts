import type { Rng } from '../core/rng.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import { Activation, activationByName, type ActivationFunction, type ActivationName } from '../nn/activation.js';
import { defaultBiasBound, orthogonalInit, uniformInit } from '../nn/init.js';
import type { Param } from '../nn/layer.js';
import { Linear } from '../nn/linear.js';
import { Residual } from '../nn/residual.js';
import { Sequential } from '../nn/sequential.js';

/** Shape of the authors' MLP autoencoder (nn_models.py, MLPAutoencoder). */
export interface AutoencoderSpec {
  /** Pixels per input (2·side² for a frame pair). */
  readonly inputDim: number;
  /** Width of the three hidden layers of each half. */
  readonly hiddenDim: number;
  /** Latent width. */
  readonly latentDim: number;
  /** Nonlinearity of the hidden layers (the authors train with relu). */
  readonly activation: ActivationName;
}

/**
 * The authors' MLP autoencoder: encoder h = σ(W₁x), h += σ(W₂h), h += σ(W₃h), z = W₄h and decoder
 * h = σ(W₅z), h += σ(W₆h), h += σ(W₇h), x̂ = W₈h (no output squashing). Every layer has a bias;
 * weights are orthogonal, biases uniform(±1/√fan_in) as PyTorch's Linear default.
 */
export class MlpAutoencoder<A extends FloatArray> {
  readonly encoder: Sequential<A>;
  readonly decoder: Sequential<A>;
  /** linear1 … linear8 in the authors' order (encoder, then decoder). */
  readonly linears: readonly Linear<A>[];

  /** Builds the network; with an `rng` the parameters are initialised, otherwise left at zero. */
  constructor(
    kernels: Kernels<A>,
    readonly spec: AutoencoderSpec,
    rng?: Rng,
  ) {
    const { inputDim, hiddenDim, latentDim } = spec;
    const fn = activationByName(spec.activation);
    const linears: Linear<A>[] = [];
    this.encoder = residualHalf(kernels, fn, inputDim, hiddenDim, latentDim, linears);
    this.decoder = residualHalf(kernels, fn, latentDim, hiddenDim, inputDim, linears);
    this.linears = linears;
    if (rng) {
      for (const lin of linears) {
        orthogonalInit(lin.weight.value, lin.outDim, lin.inDim, rng);
        uniformInit(lin.bias!.value, defaultBiasBound(lin.inDim), rng);
      }
    }
  }

  /** All parameters, linear1 … linear8, weight before bias. */
  params(): Param<A>[] {
    return this.linears.flatMap((lin) => lin.params());
  }

  /** Parameters with the authors' state-dict names (`linear1.weight`, `linear1.bias`, …). */
  namedParams(): [string, Param<A>][] {
    return this.linears.flatMap((lin, i) => lin.params().map((p): [string, Param<A>] => [`linear${i + 1}.${p.name}`, p]));
  }
}

/** in → hidden, two residual hidden blocks h + σ(Wh), hidden → out; appends its four Linear layers to `linears`. */
function residualHalf<A extends FloatArray>(
  kernels: Kernels<A>,
  fn: ActivationFunction,
  inDim: number,
  hidden: number,
  outDim: number,
  linears: Linear<A>[],
): Sequential<A> {
  const lin = (i: number, o: number): Linear<A> => {
    const l = new Linear(kernels, i, o);
    linears.push(l);
    return l;
  };
  const block = (): Residual<A> => new Residual(kernels, new Sequential([lin(hidden, hidden), new Activation(kernels, fn, hidden)]));
  // Array elements are evaluated left to right, so the layers are numbered in application order.
  return new Sequential([lin(inDim, hidden), new Activation(kernels, fn, hidden), block(), block(), lin(hidden, outDim)]);
}
