import type { FloatArray, Kernels } from '../kernels/types.js';
import type { Param } from '../nn/layer.js';
import type { Mlp, MlpSpec } from '../nn/mlp.js';
import type { PixelHNNSpec } from './pixel-hnn.js';

/** Which model family: a Hamiltonian network or the direct-derivative baseline. */
export type ModelKind = 'hnn' | 'baseline';

/** Which vector fields an HNN sums: J∇F₂ (solenoidal), ∇F₁ (conservative), or both. */
export type FieldType = 'solenoidal' | 'conservative' | 'both';

/** Everything needed to rebuild a model's architecture. */
export type ModelSpec =
  | { readonly kind: 'hnn'; readonly field: FieldType; readonly mlp: MlpSpec }
  | { readonly kind: 'baseline'; readonly mlp: MlpSpec };

/** Everything needed to rebuild a pixel model (task 5): the kind of its latent dynamics and its PixelHNN settings. */
export interface PixelModelSpec {
  readonly kind: 'pixel';
  readonly latent: ModelKind;
  readonly pixel: Omit<PixelHNNSpec, 'kind'>;
}

/** The spec of any model a model file can hold: a model of states, or a pixel model. */
export type AnyModelSpec = ModelSpec | PixelModelSpec;

/** A learned vector field ẋ = f(x) trained to match observed time derivatives. */
export interface DynamicsModel<A extends FloatArray = FloatArray> {
  /** The architecture. */
  readonly spec: ModelSpec;
  /** State dimension d. */
  readonly dim: number;
  /** The kernels (and so the precision) the model computes with. */
  readonly kernels: Kernels<A>;
  /** The underlying network. */
  readonly net: Mlp<A>;
  /** All trainable parameters. */
  params(): Param<A>[];
  /** Predicted time derivatives at the states `x` (rows × d, row-major). */
  timeDerivative(x: Float64Array): Float64Array;
  /** Mean squared error of the predicted derivatives against `dx` (over all elements). */
  loss(x: Float64Array, dx: Float64Array): number;
  /**
   * The loss on the rows `rows` of (x, dx) (all rows when null) and its gradient with respect to the
   * parameters, written into each parameter's `grad` (overwriting it). Returns the loss.
   */
  lossAndGrad(x: Float64Array, dx: Float64Array, rows: Int32Array | null): number;
}
