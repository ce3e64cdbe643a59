import type { Samples } from '../core/dataset.js';
import type { Rng } from '../core/rng.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import type { Param } from '../nn/layer.js';
import type { MlpSpec } from '../nn/mlp.js';
import { mseResidual } from './network-model.js';
import { Potential } from './potential.js';
import { applyJTranspose } from './symplectic.js';
import type { DynamicsModel, LossTerms, StateModelSpec } from './types.js';

/** Rows processed at once when predicting on many states. */
const CHUNK = 4096;

/**
 * Dissipative HNN (Sosanya & Greydanus 2022): two scalar networks, a Hamiltonian H and a Rayleigh
 * dissipation D, with dynamics ẋ = J∇H − ∇D (a Helmholtz split: the symplectic part conserves H, the
 * gradient part dissipates it where D grows away from its minimum). Trained jointly on the time
 * derivatives with exact gradients, one tangent and one dual reverse pass per network.
 */
export class DHNN<A extends FloatArray> implements DynamicsModel<A> {
  readonly spec: StateModelSpec;
  readonly dim: number;
  /** The Hamiltonian network H(x). */
  readonly h: Potential<A>;
  /** The dissipation network D(x). */
  readonly d: Potential<A>;
  private readonly paramList: Param<A>[];
  /** Float64 scratch, B × d each: predictions, targets, residuals. */
  private scratch = new Float64Array(0);

  /** A D-HNN whose two networks have the shape `mlp` (output 1 each), initialised from `rng` when given. */
  constructor(
    readonly kernels: Kernels<A>,
    mlp: Omit<MlpSpec, 'outputDim'>,
    rng?: Rng,
  ) {
    if (mlp.inputDim % 2 !== 0) throw new Error(`D-HNN: input dimension must be even (q and p), got ${mlp.inputDim}`);
    this.spec = { kind: 'dhnn', mlp: { ...mlp, outputDim: 1 } };
    this.dim = mlp.inputDim;
    this.h = new Potential(kernels, mlp, rng);
    this.d = new Potential(kernels, mlp, rng);
    this.paramList = [...this.h.params(), ...this.d.params()];
  }

  params(): Param<A>[] {
    return [...this.paramList];
  }

  namedParams(): [string, Param<A>][] {
    const named = (prefix: string, p: Potential<A>): [string, Param<A>][] => p.net.namedParams().map(([n, q]): [string, Param<A>] => [`${prefix}.${n}`, q]);
    return [...named('hamiltonian', this.h), ...named('dissipation', this.d)];
  }

  rowCount(split: Samples): number {
    return this.rows(split.x);
  }

  timeDerivative(x: Float64Array): Float64Array {
    const out = new Float64Array(x.length);
    const rows = this.rows(x);
    for (let start = 0; start < rows; start += CHUNK) {
      const count = Math.min(CHUNK, rows - start);
      this.fieldAt(x, null, start, count, out.subarray(start * this.dim, (start + count) * this.dim));
    }
    return out;
  }

  /** The learned Hamiltonian H at each state (rows × d in, one value per row out). */
  hamiltonian(x: Float64Array): Float64Array {
    return this.potentialValues(this.h, x);
  }

  /** The learned dissipation D at each state. */
  dissipation(x: Float64Array): Float64Array {
    return this.potentialValues(this.d, x);
  }

  /** ∇ₓH at each state (rows × d). */
  hamiltonianGradient(x: Float64Array): Float64Array {
    const g = new Float64Array(x.length);
    const rows = this.rows(x);
    for (let start = 0; start < rows; start += CHUNK) {
      const count = Math.min(CHUNK, rows - start);
      this.h.forwardAt(x, null, start, count, false);
      g.set(this.h.gradient(), start * this.dim);
    }
    return g;
  }

  loss(split: Samples, rows: Int32Array | null = null): number {
    const count = rows ? rows.length : this.rows(split.x);
    const d = this.dim;
    let s = 0;
    for (let start = 0; start < count; start += CHUNK) {
      const n = Math.min(CHUNK, count - start);
      const pred = this.buffers(n)[0];
      this.fieldAt(split.x, rows, start, n, pred);
      for (let r = 0; r < n; r++) {
        const o = (rows ? rows[start + r]! : start + r) * d;
        for (let k = 0; k < d; k++) s += (pred[r * d + k]! - split.dx[o + k]!) ** 2;
      }
    }
    return s / (count * d);
  }

  lossAndGrad(split: Samples, rows: Int32Array | null): number {
    const count = rows ? rows.length : this.rows(split.x);
    const d = this.dim;
    const [pred, target, resid] = this.buffers(count);
    this.fieldAt(split.x, rows, 0, count, pred);
    for (let r = 0; r < count; r++) {
      const src = (rows ? rows[r]! : r) * d;
      for (let k = 0; k < d; k++) target[r * d + k] = split.dx[src + k]!;
    }
    const loss = mseResidual(pred, target, resid);
    for (const p of this.paramList) p.grad.fill(0);
    // ∂L/∂(∇H) = Jᵀr (into `target`, free after the residual) and ∂L/∂(∇D) = −r; both networks still hold the passes of this batch.
    applyJTranspose(resid, target, count, d);
    this.h.addSecondOrder(target, 1);
    this.d.addSecondOrder(resid, -1);
    return loss;
  }

  lossTerms(split: Samples): LossTerms {
    const pred = this.timeDerivative(split.x);
    const terms = new Float64Array(pred.length);
    for (let i = 0; i < pred.length; i++) terms[i] = (pred[i]! - split.dx[i]!) ** 2;
    return { terms, rows: this.rows(split.x) };
  }

  /** J∇H − ∇D at `count` states (rows start… of x, or those listed in `index`), written into `out`; leaves both networks ready for addSecondOrder. */
  private fieldAt(x: Float64Array, index: Int32Array | null, start: number, count: number, out: Float64Array): void {
    const d = this.dim;
    const n = d / 2;
    this.h.forwardAt(x, index, start, count, false);
    const gh = this.h.gradient();
    this.d.forwardAt(x, index, start, count, false);
    const gd = this.d.gradient();
    for (let r = 0; r < count; r++) {
      const o = r * d;
      for (let k = 0; k < n; k++) {
        out[o + k] = gh[o + n + k]! - gd[o + k]!;
        out[o + n + k] = -gh[o + k]! - gd[o + n + k]!;
      }
    }
  }

  /** A potential's values at the states x, chunk by chunk. */
  private potentialValues(p: Potential<A>, x: Float64Array): Float64Array {
    const rows = this.rows(x);
    const out = new Float64Array(rows);
    for (let start = 0; start < rows; start += CHUNK) {
      const count = Math.min(CHUNK, rows - start);
      p.forwardAt(x, null, start, count);
      out.set(p.values(), start);
    }
    return out;
  }

  /** Float64 scratch for `count` rows: predictions, targets, residuals. */
  private buffers(count: number): [Float64Array, Float64Array, Float64Array] {
    const n = count * this.dim;
    if (this.scratch.length < 3 * n) this.scratch = new Float64Array(3 * n);
    return [this.scratch.subarray(0, n), this.scratch.subarray(n, 2 * n), this.scratch.subarray(2 * n, 3 * n)];
  }

  /** Rows of a state matrix, or an error naming the mismatch. */
  private rows(x: Float64Array): number {
    if (x.length % this.dim !== 0) throw new Error(`x: length ${x.length} is not a multiple of the state dimension ${this.dim}`);
    return x.length / this.dim;
  }
}
