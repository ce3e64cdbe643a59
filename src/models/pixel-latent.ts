import type { Rng } from '../core/rng.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import type { Mlp, MlpSpec } from '../nn/mlp.js';
import { Baseline } from './baseline.js';
import { HNN } from './hnn.js';
import { applyJTranspose } from './symplectic.js';
import type { DynamicsModel, LatentKind } from './types.js';

/** Output index of the Hamiltonian H = F₂ in an HNN's network (as in models/hnn.ts). */
const HAMILTONIAN_OUTPUT = 1;

/**
 * Dynamics on an autoencoder's latent space: an ordinary HNN or Baseline (usable wherever a
 * DynamicsModel is) that can also send a loss gradient back into its input states, so it can be
 * trained through an encoder.
 */
export interface LatentDynamics<A extends FloatArray = FloatArray> extends DynamicsModel<A> {
  /** The dynamics network (its parameters carry the authors' names). */
  readonly net: Mlp<A>;
  /** Loads the `rows` states `z` (rows × d) and writes the vector field there into `out`. */
  fieldAt(z: Float64Array, rows: number, out: Float64Array): void;
  /**
   * For r = ∂L/∂f at the states of the last `fieldAt` (rows × d): adds ∇θ⟨r, f⟩ to the parameter
   * gradients and ∇_z⟨r, f⟩ to `zGrad`.
   */
  backpropField(r: Float64Array, zGrad: Float64Array): void;
}

/**
 * A solenoidal HNN whose field f = J∇H is differentiated with respect to its input too: with
 * v = Jᵀr, a tangent pass in direction v and the dual reverse pass seeded with (0, e_H) give
 * ∇θ⟨v, ∇H⟩ and, as the input adjoint, the Hessian-vector product ∇_z⟨v, ∇H⟩ = ∇²H·v.
 */
export class LatentHNN<A extends FloatArray> extends HNN<A> implements LatentDynamics<A> {
  /** An HNN with the given network shape; parameters initialised from `rng` when given. */
  constructor(kernels: Kernels<A>, mlp: Omit<MlpSpec, 'outputDim'>, rng?: Rng) {
    super(kernels, mlp, 'solenoidal', rng);
  }

  fieldAt(z: Float64Array, rows: number, out: Float64Array): void {
    this.loadStates(z, null, 0, rows);
    this.forwardField(out, false, true);
  }

  backpropField(r: Float64Array, zGrad: Float64Array): void {
    const { batch, dim } = this;
    const out = this.net.outDim;
    applyJTranspose(r, this.input.subarray(batch * dim, 2 * batch * dim) as A, batch, dim);
    this.net.tangent(false);
    this.seed.fill(0);
    for (let i = 0; i < batch; i++) this.seed[(batch + i) * out + HAMILTONIAN_OUTPUT] = 1;
    this.net.backwardDual(true);
    addRows(zGrad, this.inputGrad, batch * dim);
  }
}

/** A Baseline whose field f = net(z) is differentiated with respect to its input too (one reverse pass). */
export class LatentBaseline<A extends FloatArray> extends Baseline<A> implements LatentDynamics<A> {
  fieldAt(z: Float64Array, rows: number, out: Float64Array): void {
    this.loadStates(z, null, 0, rows);
    this.predictLoaded(out);
  }

  backpropField(r: Float64Array, zGrad: Float64Array): void {
    const n = this.batch * this.dim;
    for (let i = 0; i < n; i++) this.seed[i] = r[i]!;
    this.net.backward(true, true);
    addRows(zGrad, this.inputGrad, n);
  }
}

/** The latent model of a kind on `dim`-dimensional states: MLP d → hidden → hidden → out. */
export function createLatentDynamics<A extends FloatArray>(kernels: Kernels<A>, kind: LatentKind, mlp: Omit<MlpSpec, 'outputDim'>, rng?: Rng): LatentDynamics<A> {
  return kind === 'hnn' ? new LatentHNN(kernels, mlp, rng) : new LatentBaseline(kernels, mlp, rng);
}

/** acc[i] += g[i] for i < n. */
function addRows(acc: Float64Array, g: FloatArray, n: number): void {
  for (let i = 0; i < n; i++) acc[i] = acc[i]! + g[i]!;
}
