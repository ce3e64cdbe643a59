import type { Samples } from '../core/dataset.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import type { ActivationName } from '../nn/activation.js';
import type { Param } from '../nn/layer.js';
import type { MlpSpec } from '../nn/mlp.js';

/** Which model of the dynamics: a Hamiltonian network, the direct-derivative baseline, or a dissipative HNN. */
export type ModelKind = 'hnn' | 'baseline' | 'dhnn';

/** The kinds of latent dynamics a pixel model has. */
export type LatentKind = 'hnn' | 'baseline';

/** Which vector fields an HNN sums: J∇F₂ (solenoidal), ∇F₁ (conservative), or both. */
export type FieldType = 'solenoidal' | 'conservative' | 'both';

/** Everything needed to rebuild a model of states (an HNN or a baseline). */
export type StateModelSpec =
  | { readonly kind: 'hnn'; readonly field: FieldType; readonly mlp: MlpSpec }
  | { readonly kind: 'baseline'; readonly mlp: MlpSpec }
  | { readonly kind: 'dhnn'; readonly mlp: MlpSpec };

/** Weights of the three loss terms of a pixel model. */
export interface PixelLossWeights {
  /** Autoencoder reconstruction, mean over pixels. */
  readonly autoencoder: number;
  /** Canonical-coordinate term (z_p − (z_q(t+1) − z_q(t)))². */
  readonly canonical: number;
  /** Latent dynamics term, mean over the latent dimensions of (z(t+1) − z(t) − f(z(t)))². */
  readonly dynamics: number;
}

/** The settings of a pixel model besides the kind of its latent dynamics. */
export interface PixelSettings {
  /** Numbers per input (2·side² for a frame pair). */
  readonly inputDim: number;
  /** Width of every hidden layer, autoencoder and dynamics net alike. */
  readonly hiddenDim: number;
  /** Nonlinearity of the autoencoder (relu in the paper). */
  readonly autoencoderActivation: ActivationName;
  /** Nonlinearity of the latent dynamics MLP (tanh in the paper). */
  readonly dynamicsActivation: ActivationName;
  readonly lossWeights: PixelLossWeights;
}

/** Everything needed to rebuild a pixel model (task 5): the kind of its latent dynamics and its settings. */
export interface PixelModelSpec {
  readonly kind: 'pixel';
  readonly latent: LatentKind;
  readonly pixel: PixelSettings;
}

/** The spec of any model: a model of states, or a pixel model. */
export type ModelSpec = StateModelSpec | PixelModelSpec;

/** The squared errors a loss averages, and the rows they come from (for the paper's "±"). */
export interface LossTerms {
  readonly terms: Float64Array;
  readonly rows: number;
}

/**
 * What `train` fits: parameters on kernels, and a loss with its exact gradient on rows of a split of
 * data (`S`: samples of states, or pixel frame pairs).
 */
export interface TrainableModel<A extends FloatArray, S> {
  readonly spec: ModelSpec;
  /** The kernels (and so the precision) the model computes with. */
  readonly kernels: Kernels<A>;
  /** All trainable parameters. */
  params(): Param<A>[];
  /** The parameters under the authors' state-dict names (`linear1.weight`, …). */
  namedParams(): [string, Param<A>][];
  /** Number of rows of a split. */
  rowCount(split: S): number;
  /** The mean loss over the listed rows of `split` (all rows when null or omitted). */
  loss(split: S, rows?: Int32Array | null): number;
  /** The loss over the listed rows (all when null) and its gradient, written into each parameter's `grad` (overwriting it). */
  lossAndGrad(split: S, rows: Int32Array | null): number;
  /** The terms whose mean is the loss over all rows of `split`. */
  lossTerms(split: S): LossTerms;
}

/** A learned vector field ẋ = f(x) on states, trained to match observed time derivatives. */
export interface DynamicsModel<A extends FloatArray = FloatArray> extends TrainableModel<A, Samples> {
  readonly spec: StateModelSpec;
  /** State dimension d. */
  readonly dim: number;
  /** Predicted time derivatives at the states `x` (rows × d, row-major). */
  timeDerivative(x: Float64Array): Float64Array;
}

/** A model with a learned Hamiltonian: an HNN or a D-HNN. */
export interface HamiltonianModel<A extends FloatArray = FloatArray> extends DynamicsModel<A> {
  /** The learned H at each state (rows × d in, one value per row out). */
  hamiltonian(x: Float64Array): Float64Array;
  /** ∇ₓH at each state (rows × d). */
  hamiltonianGradient(x: Float64Array): Float64Array;
}

/** Whether a model of states has a learned Hamiltonian. */
export function hasHamiltonian<A extends FloatArray>(model: DynamicsModel<A>): model is HamiltonianModel<A> {
  return model.spec.kind === 'hnn' || model.spec.kind === 'dhnn';
}
