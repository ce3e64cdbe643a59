import type { Samples } from '../core/dataset.js';
import type { Rng } from '../core/rng.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import { GrowableBuffer, type Param } from '../nn/layer.js';
import { Mlp } from '../nn/mlp.js';
import type { DynamicsModel, LossTerms, StateModelSpec } from './types.js';

/** Rows processed at once when predicting on many states. */
const PREDICT_CHUNK = 4096;

/**
 * What HNN and Baseline share: an MLP, the stacked input and output-seed buffers wired to it for
 * the current batch size, loading states into the network, and chunked prediction.
 */
export abstract class NetworkModel<A extends FloatArray> implements DynamicsModel<A> {
  readonly net: Mlp<A>;
  readonly dim: number;
  /** Rows currently wired. */
  protected batch = -1;
  /** Stacked network input [2B × d]: states, then tangent directions. */
  protected input!: A;
  /** Stacked network output [2B × out]. */
  protected output!: A;
  /** Stacked output-adjoint seeds [2B × out]. */
  protected seed!: A;
  /** Stacked input adjoints [2B × d] after a backward pass. */
  protected inputGrad!: A;
  /** Tangent rows of `input` and of `inputGrad` ([B × d] views). */
  protected inputT!: A;
  protected inputGradT!: A;
  /** Float64 scratch, B × d each: predictions, targets, and loss residuals. */
  protected pred!: Float64Array;
  protected target!: Float64Array;
  protected resid!: Float64Array;
  private scratch = new Float64Array(0);
  private readonly inputBuf: GrowableBuffer<A>;
  private readonly seedBuf: GrowableBuffer<A>;
  /** The network's parameters (a fixed list). */
  private readonly paramList: Param<A>[];

  /** A model whose network follows `spec.mlp`, initialised from `rng` when given. */
  constructor(
    readonly kernels: Kernels<A>,
    readonly spec: StateModelSpec,
    rng?: Rng,
  ) {
    this.net = new Mlp(kernels, spec.mlp, rng);
    this.dim = spec.mlp.inputDim;
    this.inputBuf = new GrowableBuffer(kernels);
    this.seedBuf = new GrowableBuffer(kernels);
    this.paramList = this.net.params();
  }

  params(): Param<A>[] {
    return [...this.paramList];
  }

  timeDerivative(x: Float64Array): Float64Array {
    const out = new Float64Array(x.length);
    this.inChunks(x, (start, count) => this.predictLoaded(out.subarray(start * this.dim, (start + count) * this.dim)));
    return out;
  }

  namedParams(): [string, Param<A>][] {
    return this.net.namedParams();
  }

  rowCount(split: Samples): number {
    return this.checkedRows(split.x, 'x');
  }

  loss(split: Samples, rows: Int32Array | null = null): number {
    const count = rows ? rows.length : this.checkedRows(split.x, 'x');
    this.checkedRows(split.dx, 'dx');
    const d = this.dim;
    // Chunk by chunk into the model's own scratch (no allocation), summing in element order.
    let s = 0;
    for (let start = 0; start < count; start += PREDICT_CHUNK) {
      const n = Math.min(PREDICT_CHUNK, count - start);
      this.loadStates(split.x, rows, start, n);
      const pred = this.pred;
      this.predictLoaded(pred);
      for (let r = 0; r < n; r++) {
        const o = (rows ? rows[start + r]! : start + r) * d;
        for (let k = 0; k < d; k++) {
          const e = pred[r * d + k]! - split.dx[o + k]!;
          s += e * e;
        }
      }
    }
    return s / (count * d);
  }

  lossTerms(split: Samples): LossTerms {
    const rows = this.checkedRows(split.x, 'x');
    const pred = this.timeDerivative(split.x);
    const terms = new Float64Array(pred.length);
    for (let i = 0; i < pred.length; i++) terms[i] = (pred[i]! - split.dx[i]!) ** 2;
    return { terms, rows };
  }

  abstract lossAndGrad(split: Samples, rows: Int32Array | null): number;

  /** Writes the time derivatives of the loaded states (the primal input rows) into `out`. */
  protected abstract predictLoaded(out: Float64Array): void;

  /** Loads the states `x` (rows × d) as the network input in chunks of at most PREDICT_CHUNK rows and calls `each` on every chunk. */
  protected inChunks(x: Float64Array, each: (start: number, count: number) => void): void {
    const rows = this.checkedRows(x, 'x');
    for (let start = 0; start < rows; start += PREDICT_CHUNK) {
      const count = Math.min(PREDICT_CHUNK, rows - start);
      this.loadStates(x, null, start, count);
      each(start, count);
    }
  }

  /** Wires every buffer for `rows` rows (no work when already wired for that size). */
  protected bindBatch(rows: number): void {
    if (rows === this.batch) return;
    const outDim = this.net.outDim;
    this.input = this.inputBuf.view(2 * rows * this.dim);
    this.output = this.net.bind(rows, this.input);
    this.seed = this.seedBuf.view(2 * rows * outDim);
    this.inputGrad = this.net.bindGrad(this.seed);
    const n = rows * this.dim;
    this.inputT = this.input.subarray(n, 2 * n) as A;
    this.inputGradT = this.inputGrad.subarray(n, 2 * n) as A;
    if (this.scratch.length < 3 * n) this.scratch = new Float64Array(3 * n);
    this.pred = this.scratch.subarray(0, n);
    this.target = this.scratch.subarray(n, 2 * n);
    this.resid = this.scratch.subarray(2 * n, 3 * n);
    this.batch = rows;
  }

  /** Loads `count` states (rows `start…` of x, or the rows listed in `index`) as the network input. */
  protected loadStates(x: Float64Array, index: Int32Array | null, start: number, count: number): void {
    this.bindBatch(count);
    const d = this.dim;
    const inp = this.input;
    for (let r = 0; r < count; r++) {
      const src = (index ? index[start + r]! : start + r) * d;
      for (let k = 0; k < d; k++) inp[r * d + k] = x[src + k]!;
    }
  }

  /** The targets for the loaded rows as float64, rows × d. */
  protected gatherTargets(dx: Float64Array, index: Int32Array | null, count: number, out: Float64Array): void {
    const d = this.dim;
    for (let r = 0; r < count; r++) {
      const src = (index ? index[r]! : r) * d;
      for (let k = 0; k < d; k++) out[r * d + k] = dx[src + k]!;
    }
  }

  /** Sets every parameter gradient to zero. */
  protected zeroGrads(): void {
    for (const p of this.paramList) p.grad.fill(0);
  }

  /** Number of rows of a state matrix, or an error naming the argument. */
  protected checkedRows(a: Float64Array, name: string): number {
    if (a.length % this.dim !== 0) throw new Error(`${name}: length ${a.length} is not a multiple of the state dimension ${this.dim}`);
    return a.length / this.dim;
  }
}

/**
 * Residual of the mean-squared-error loss: writes r = 2(pred − target)/N into `r` (N = all elements)
 * and returns mean((pred − target)²).
 */
export function mseResidual(pred: Float64Array, target: Float64Array, r: Float64Array): number {
  const n = pred.length;
  let s = 0;
  for (let i = 0; i < n; i++) {
    const e = pred[i]! - target[i]!;
    s += e * e;
    r[i] = (2 * e) / n;
  }
  return s / n;
}
