import type { Samples } from '../core/dataset.js';
import type { Rng } from '../core/rng.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import { NetworkModel, mseResidual } from './network-model.js';
import { applyJ, applyJTranspose } from './symplectic.js';
import type { FieldType } from './types.js';
import type { MlpSpec } from '../nn/mlp.js';

/** Output index of the conservative potential F₁ and of the Hamiltonian F₂ (= H). */
const F1 = 0;
const F2 = 1;

/**
 * Hamiltonian Neural Network: the MLP outputs two scalars (F₁, F₂) and the dynamics are
 * ∇F₁ (conservative part) and/or J∇F₂ (solenoidal part, the Hamiltonian flow with H = F₂).
 * The loss gradient is second order; it is computed exactly with one tangent and one dual reverse
 * pass per field.
 */
export class HNN<A extends FloatArray> extends NetworkModel<A> {
  /** Gradients ∇F₁ (when the conservative field is used), B × d, float64. */
  private grad1 = new Float64Array(0);

  /** An HNN with the given network shape (output width 2) and field type. */
  constructor(
    kernels: Kernels<A>,
    mlp: Omit<MlpSpec, 'outputDim'>,
    readonly field: FieldType = 'solenoidal',
    rng?: Rng,
  ) {
    if (mlp.inputDim % 2 !== 0) throw new Error(`HNN: input dimension must be even (q and p), got ${mlp.inputDim}`);
    super(kernels, { kind: 'hnn', field, mlp: { ...mlp, outputDim: 2 } }, rng);
  }

  /** The learned Hamiltonian H = F₂ at each state (rows × d in, one value per row out). */
  hamiltonian(x: Float64Array): Float64Array {
    const h = new Float64Array(this.checkedRows(x, 'x'));
    this.inChunks(x, (start, count) => {
      this.net.forward(true, false);
      this.tangentAdjointOf = -1;
      for (let r = 0; r < count; r++) h[start + r] = this.output[r * 2 + F2]!;
    });
    return h;
  }

  /** The time derivative (rows × d) and the learned H (one per row) at each state, from one forward pass. */
  fieldAndHamiltonian(x: Float64Array): { field: Float64Array; hamiltonian: Float64Array } {
    const field = new Float64Array(x.length);
    const h = new Float64Array(this.checkedRows(x, 'x'));
    this.inChunks(x, (start, count) => {
      this.forwardField(field.subarray(start * this.dim, (start + count) * this.dim), true);
      for (let r = 0; r < count; r++) h[start + r] = this.output[r * 2 + F2]!;
    });
    return { field, hamiltonian: h };
  }

  /** ∇ₓH at each state (rows × d): the gradient the symplectic and energy-adding flows use. */
  hamiltonianGradient(x: Float64Array): Float64Array {
    const g = new Float64Array(x.length);
    this.inChunks(x, (start, count) => {
      this.net.forward(false, false);
      this.tangentAdjointOf = -1;
      this.inputGradientOf(F2, false);
      const n = count * this.dim;
      for (let i = 0; i < n; i++) g[start * this.dim + i] = this.inputGrad[i]!;
    });
    return g;
  }

  protected predictLoaded(out: Float64Array): void {
    this.forwardField(out, false);
  }

  /**
   * The forward pass (computing the network's output, F₁ and F₂, only when `withOutput`; storing σ″
   * for a later second-order pass only when `secondOrder`), then the field of the loaded states into `out`.
   */
  protected forwardField(out: Float64Array, withOutput: boolean, secondOrder = false): void {
    this.net.forward(withOutput, secondOrder);
    this.tangentAdjointOf = -1;
    this.fieldOfLoaded(out, false);
  }

  lossAndGrad(split: Samples, rows: Int32Array | null): number {
    const count = rows ? rows.length : this.checkedRows(split.x, 'x');
    this.loadStates(split.x, rows, 0, count);
    this.gatherTargets(split.dx, rows, count, this.target);
    // The loss reads the input gradients only: the network's output is not computed.
    this.net.forward(false);
    // The input gradients run on the tangent rows of the adjoint buffers, where the dual pass below
    // reuses them as its tangent stream (x̄̇ = f′ᵀe_k) instead of recomputing them.
    this.fieldOfLoaded(this.pred, true);
    const loss = mseResidual(this.pred, this.target, this.resid);
    this.zeroGrads();
    const { field } = this;
    // ∂L/∂(∇F₁) = r and ∂L/∂(∇F₂) = Jᵀr; each term's parameter gradient is ∇θ⟨v, ∇ₓF⟩.
    if (field !== 'solenoidal') this.accumulateSecondOrder(F1, this.resid, false);
    if (field !== 'conservative') this.accumulateSecondOrder(F2, this.resid, true);
    return loss;
  }

  /** Output whose input gradient the tangent rows of the adjoint buffers hold (−1: none). */
  private tangentAdjointOf = -1;

  /**
   * Runs the reverse pass seeded with output `k`, leaving ∇ₓF_k in the primal input-adjoint rows, or
   * with `tangentRows` in the tangent rows (with the primal seed rows zero, ready for a dual pass).
   */
  private inputGradientOf(k: number, tangentRows: boolean): void {
    const out = this.net.outDim;
    const seed = this.seed;
    const rows = this.batch;
    if (tangentRows) {
      seed.fill(0);
      for (let r = 0; r < rows; r++) seed[(rows + r) * out + k] = 1;
    } else {
      for (let r = 0; r < rows; r++) {
        seed[r * out] = 0;
        seed[r * out + 1] = 0;
        seed[r * out + k] = 1;
      }
    }
    this.net.backward(false, true, tangentRows);
    this.tangentAdjointOf = tangentRows ? k : this.tangentAdjointOf;
  }

  /**
   * The model's vector field at the loaded (already forwarded) states, written into `out`; the
   * input gradients go through the tangent adjoint rows when `tangentRows`.
   */
  private fieldOfLoaded(out: Float64Array, tangentRows: boolean): void {
    const { field } = this;
    if (tangentRows) this.tangentAdjointOf = -1;
    const n = this.batch * this.dim;
    const g = tangentRows ? this.inputGradT : this.inputGrad;
    if (field !== 'solenoidal') {
      this.inputGradientOf(F1, tangentRows);
      if (this.grad1.length < n) this.grad1 = new Float64Array(n);
      for (let i = 0; i < n; i++) this.grad1[i] = g[i]!;
    }
    if (field === 'conservative') {
      for (let i = 0; i < n; i++) out[i] = this.grad1[i]!;
      return;
    }
    this.inputGradientOf(F2, tangentRows);
    applyJ(g, out, this.batch, this.dim);
    if (field === 'both') for (let i = 0; i < n; i++) out[i] = out[i]! + this.grad1[i]!;
  }

  /**
   * Adds ∇θ⟨v, ∇ₓF_k⟩ to the parameter gradients, with v = r (or Jᵀr when `symplectic`): a tangent
   * pass in direction v, then the dual reverse pass seeded with (ȳ, ȳ̇) = (0, e_k), whose tangent
   * stream is the input-gradient pass of F_k (rerun here unless it is the one last run).
   */
  private accumulateSecondOrder(k: number, resid: Float64Array, symplectic: boolean): void {
    const { batch, dim } = this;
    if (this.tangentAdjointOf !== k) this.inputGradientOf(k, true);
    const tangentRows = this.inputT;
    if (symplectic) applyJTranspose(resid, tangentRows, batch, dim);
    else for (let i = 0; i < batch * dim; i++) tangentRows[i] = resid[i]!;
    this.net.tangent(false);
    // The seed is already (0, e_k): the primal rows were zeroed by inputGradientOf.
    this.net.backwardDual(false, true);
  }
}
