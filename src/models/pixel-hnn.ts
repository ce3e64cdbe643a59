import type { Rng } from '../core/rng.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import type { Param } from '../nn/layer.js';
import { mlpParameterCount, mlpParameterShapes, type MlpSpec } from '../nn/mlp.js';
import { MlpAutoencoder } from './pixel-autoencoder.js';
import { createLatentDynamics, type LatentDynamics } from './pixel-latent.js';
import { gatherPairs, pairCount, type PixelPairs } from './pixel-pairs.js';
import { WiredLayer } from './pixel-wiring.js';
import type { LossTerms, PixelLossWeights, PixelModelSpec, PixelSettings, TrainableModel } from './types.js';

/** Latent width: one coordinate pair (z_q, z_p). */
export const LATENT_DIM = 2;

/** Hidden layers of the latent dynamics MLP (the authors' MLP has two). */
const DYNAMICS_HIDDEN_LAYERS = 2;

/** Rows processed at once by the chunked passes. */
const CHUNK = 256;

/**
 * Names and shapes of a pixel model's parameters (as `namedParams` lists them) without building it:
 * the autoencoder's eight Linear layers (in → h, two h → h blocks, h → 2; then back), then the latent
 * dynamics MLP (2 → h → h → 2).
 */
export function pixelParameterShapes(spec: PixelModelSpec): [string, number[]][] {
  const ae = autoencoderLinears(spec).flatMap(([i, o], k): [string, number[]][] => [[`autoencoder.linear${k + 1}.weight`, [o, i]], [`autoencoder.linear${k + 1}.bias`, [o]]]);
  const dyn = mlpParameterShapes(latentMlp(spec));
  return [...ae, ...dyn.map(([n, shape]): [string, number[]] => [`hnn.differentiable_model.${n}`, shape])];
}

/** Number of parameters of a pixel model, computed in closed form (huge specs are measured instantly). */
export function pixelParameterCount(spec: PixelModelSpec): number {
  return autoencoderLinears(spec).reduce((n, [i, o]) => n + i * o + o, 0) + mlpParameterCount(latentMlp(spec));
}

/** (in, out) of the autoencoder's eight Linear layers, all with biases. */
function autoencoderLinears(spec: PixelModelSpec): [number, number][] {
  const { inputDim: d, hiddenDim: h } = spec.pixel;
  return [[d, h], [h, h], [h, h], [h, LATENT_DIM], [LATENT_DIM, h], [h, h], [h, h], [h, d]];
}

/** The latent dynamics MLP of a pixel model. */
function latentMlp(spec: PixelModelSpec): MlpSpec {
  return { inputDim: LATENT_DIM, hiddenDim: spec.pixel.hiddenDim, hiddenLayers: DYNAMICS_HIDDEN_LAYERS, outputDim: LATENT_DIM, activation: spec.pixel.dynamicsActivation };
}

/** The authors' weights (experiment-pixels/train.py): 1, 1 and 0.1. */
export const PIXEL_LOSS_WEIGHTS: PixelLossWeights = { autoencoder: 1, canonical: 1, dynamics: 0.1 };

/** The paper's pixel model for 28 × 28 frame pairs. */
export const PIXEL_DEFAULTS: PixelSettings = {
  inputDim: 2 * 28 * 28,
  hiddenDim: 200,
  autoencoderActivation: 'relu',
  dynamicsActivation: 'tanh',
  lossWeights: PIXEL_LOSS_WEIGHTS,
};

/**
 * The pixel model of task 5 (the authors' PixelHNN): an MLP autoencoder x ↦ z = (z_q, z_p) ↦ x̂ and a
 * latent HNN or baseline f(z), trained on pairs (x, x′) of an input and its successor with, per row,
 *   ae = mean over pixels (x̂ − x)², cc = (z_p − (z′_q − z_q))², dyn = mean over k (z′_k − z_k − f_k(z))²,
 * where z = enc(x), z′ = enc(x′), x̂ = dec(z), and loss = mean over rows of w_ae·ae + w_cc·cc + w_dyn·dyn.
 * Every term is differentiated with respect to every parameter it touches (z′ too, as in the authors'
 * code), including the encoder through f (for the HNN a Hessian-vector product).
 */
export class PixelHNN<A extends FloatArray> implements TrainableModel<A, PixelPairs> {
  readonly autoencoder: MlpAutoencoder<A>;
  readonly dynamics: LatentDynamics<A>;
  private readonly enc: WiredLayer<A>;
  private readonly dec: WiredLayer<A>;
  /** Float64 scratch, B × 2 each: z, z′, f(z), ∂L/∂f, ∂L/∂z, ∂L/∂z′. */
  private z = new Float64Array(0);
  private zNext = new Float64Array(0);
  private field = new Float64Array(0);
  private fieldGrad = new Float64Array(0);
  private zGrad = new Float64Array(0);
  private zNextGrad = new Float64Array(0);

  /** A model of this spec computing with `kernels`; parameters initialised from `rng` when given, else zero. */
  constructor(
    readonly kernels: Kernels<A>,
    readonly spec: PixelModelSpec,
    rng?: Rng,
  ) {
    const { inputDim, hiddenDim } = spec.pixel;
    if (!(Number.isInteger(inputDim) && inputDim >= 1 && Number.isInteger(hiddenDim) && hiddenDim >= 1)) {
      throw new RangeError(`PixelHNN: inputDim and hiddenDim must be positive integers, got ${inputDim} and ${hiddenDim}`);
    }
    this.autoencoder = new MlpAutoencoder(kernels, { inputDim, hiddenDim, latentDim: LATENT_DIM, activation: spec.pixel.autoencoderActivation }, rng);
    const mlp = { inputDim: LATENT_DIM, hiddenDim, hiddenLayers: DYNAMICS_HIDDEN_LAYERS, activation: spec.pixel.dynamicsActivation };
    this.dynamics = createLatentDynamics(kernels, spec.latent, mlp, rng);
    this.enc = new WiredLayer(kernels, this.autoencoder.encoder);
    this.dec = new WiredLayer(kernels, this.autoencoder.decoder);
  }

  /** All parameters: the autoencoder's, then the dynamics net's. */
  params(): Param<A>[] {
    return [...this.autoencoder.params(), ...this.dynamics.params()];
  }

  /** Parameters under the authors' PixelHNN state-dict names (`autoencoder.linear1.weight`, …, `hnn.differentiable_model.linear3.weight`). */
  namedParams(): [string, Param<A>][] {
    const ae = this.autoencoder.namedParams().map(([n, p]): [string, Param<A>] => [`autoencoder.${n}`, p]);
    const dyn = this.dynamics.net.namedParams().map(([n, p]): [string, Param<A>] => [`hnn.differentiable_model.${n}`, p]);
    return [...ae, ...dyn];
  }

  /** Latent codes of the inputs `x` (rows × inputDim), rows × 2. */
  encode(x: Float64Array): Float64Array {
    return this.mapRows(this.enc, x, this.spec.pixel.inputDim, LATENT_DIM);
  }

  /** Reconstructions of the latent codes `z` (rows × 2), rows × inputDim. */
  decode(z: Float64Array): Float64Array {
    return this.mapRows(this.dec, z, LATENT_DIM, this.spec.pixel.inputDim);
  }

  /** The learned latent time derivative f(z) per frame step (rows × 2). */
  latentTimeDerivative(z: Float64Array): Float64Array {
    return this.dynamics.timeDerivative(z);
  }

  /** The loss of each listed row (all rows when null), as the authors' `pixelhnn_loss(..., return_scalar=False)`. */
  rowLosses(data: PixelPairs, rows: Int32Array | null = null): Float64Array {
    const total = this.rowTotal(data, rows);
    const out = new Float64Array(total);
    for (let start = 0; start < total; start += CHUNK) {
      const count = Math.min(CHUNK, total - start);
      this.evaluate(data, rows, start, count, total, out.subarray(start, start + count));
    }
    return out;
  }

  rowCount(data: PixelPairs): number {
    return pairCount(data);
  }

  loss(data: PixelPairs, rows: Int32Array | null = null): number {
    return mean(this.rowLosses(data, rows));
  }

  lossTerms(data: PixelPairs): LossTerms {
    const terms = this.rowLosses(data);
    return { terms, rows: terms.length };
  }

  /**
   * The mean loss over the listed rows (all rows when null) and its gradient with respect to every
   * parameter, written into each parameter's `grad` (overwriting it). Returns the loss.
   */
  lossAndGrad(data: PixelPairs, rows: Int32Array | null): number {
    const total = this.rowTotal(data, rows);
    for (const p of this.params()) p.grad.fill(0);
    const losses = new Float64Array(total);
    for (let start = 0; start < total; start += CHUNK) {
      const count = Math.min(CHUNK, total - start);
      this.evaluate(data, rows, start, count, total, losses.subarray(start, start + count));
      this.backpropagate(count);
    }
    return mean(losses);
  }

  /**
   * Forward pass on `count` rows: fills `rowLoss` and leaves the adjoints of the mean loss over `total`
   * rows in place: ∂L/∂x̂ in the decoder seed, ∂L/∂f, and the direct parts of ∂L/∂z and ∂L/∂z′.
   */
  private evaluate(data: PixelPairs, index: Int32Array | null, start: number, count: number, total: number, rowLoss: Float64Array): void {
    const { enc, dec } = this;
    const D = this.spec.pixel.inputDim;
    const w = this.spec.pixel.lossWeights;
    this.ensureScratch(count);
    // Encode x and x′ in one batch of 2·count rows: z in rows 0…count−1, z′ after them.
    enc.wire(2 * count);
    gatherPairs(data, index, start, count, false, enc.input);
    gatherPairs(data, index, start, count, true, enc.input.subarray(count * D) as A);
    this.autoencoder.encoder.forward();
    const { z, zNext, field, fieldGrad, zGrad, zNextGrad } = this;
    for (let i = 0; i < count * LATENT_DIM; i++) {
      z[i] = enc.output[i]!;
      zNext[i] = enc.output[count * LATENT_DIM + i]!;
    }
    dec.wire(count);
    for (let i = 0; i < count * LATENT_DIM; i++) dec.input[i] = z[i]!;
    this.autoencoder.decoder.forward();
    this.dynamics.fieldAt(z, count, field);
    // With e = z′ − z − f(z): ∂L/∂e = dynScale·e, which reaches z′ with +, z and f with −.
    const dynScale = (2 * w.dynamics) / (LATENT_DIM * total);
    // ∂L/∂(decoded pixel) = aeScale·(decoded − input); the squared errors summed in four interleaved
    // partial sums (one serial chain of additions would bound the loop).
    const aeScale = (2 * w.autoencoder) / (D * total);
    const decoded = dec.output, input = enc.input, seed = dec.seed;
    for (let r = 0; r < count; r++) {
      let a0 = 0, a1 = 0, a2 = 0, a3 = 0;
      const end = (r + 1) * D;
      let j = r * D;
      for (; j + 4 <= end; j += 4) {
        const e0 = decoded[j]! - input[j]!;
        const e1 = decoded[j + 1]! - input[j + 1]!;
        const e2 = decoded[j + 2]! - input[j + 2]!;
        const e3 = decoded[j + 3]! - input[j + 3]!;
        a0 += e0 * e0;
        a1 += e1 * e1;
        a2 += e2 * e2;
        a3 += e3 * e3;
        seed[j] = aeScale * e0;
        seed[j + 1] = aeScale * e1;
        seed[j + 2] = aeScale * e2;
        seed[j + 3] = aeScale * e3;
      }
      for (; j < end; j++) {
        const e = decoded[j]! - input[j]!;
        a0 += e * e;
        seed[j] = aeScale * e;
      }
      const ae = a0 + a1 + (a2 + a3);
      const q = 2 * r;
      const p = q + 1;
      const c = z[p]! - (zNext[q]! - z[q]!);
      const gc = (w.canonical * 2 * c) / total;
      const eq = zNext[q]! - z[q]! - field[q]!;
      const ep = zNext[p]! - z[p]! - field[p]!;
      const sq = dynScale * eq;
      const sp = dynScale * ep;
      rowLoss[r] = (w.autoencoder * ae) / D + w.canonical * c * c + (w.dynamics * (eq * eq + ep * ep)) / LATENT_DIM;
      zGrad[q] = gc - sq;
      zGrad[p] = gc - sp;
      zNextGrad[q] = -gc + sq;
      zNextGrad[p] = sp;
      fieldGrad[q] = -sq;
      fieldGrad[p] = -sp;
    }
  }

  /** Reverse pass for the rows of the last `evaluate`, adding every parameter gradient. */
  private backpropagate(count: number): void {
    const { enc, dec, zGrad, zNextGrad } = this;
    const n = count * LATENT_DIM;
    this.autoencoder.decoder.backward(true, true);
    for (let i = 0; i < n; i++) zGrad[i] = zGrad[i]! + dec.inputGrad[i]!;
    this.dynamics.backpropField(this.fieldGrad, zGrad);
    for (let i = 0; i < n; i++) {
      enc.seed[i] = zGrad[i]!;
      enc.seed[n + i] = zNextGrad[i]!;
    }
    this.autoencoder.encoder.backward(true, false);
  }

  /** Applies a wired half of the autoencoder to the rows of `x` (width `inDim`) in chunks. */
  private mapRows(net: WiredLayer<A>, x: Float64Array, inDim: number, outDim: number): Float64Array {
    if (x.length % inDim !== 0) throw new RangeError(`PixelHNN: input length ${x.length} is not a multiple of the row width ${inDim}`);
    const rows = x.length / inDim;
    const out = new Float64Array(rows * outDim);
    for (let start = 0; start < rows; start += CHUNK) {
      const count = Math.min(CHUNK, rows - start);
      net.wire(count);
      net.input.set(x.subarray(start * inDim, (start + count) * inDim));
      net.layer.forward();
      for (let i = 0; i < count * outDim; i++) out[start * outDim + i] = net.output[i]!;
    }
    return out;
  }

  /** Grows the float64 scratch to hold `rows` latent rows. */
  private ensureScratch(rows: number): void {
    const n = rows * LATENT_DIM;
    if (this.z.length >= n) return;
    this.z = new Float64Array(n);
    this.zNext = new Float64Array(n);
    this.field = new Float64Array(n);
    this.fieldGrad = new Float64Array(n);
    this.zGrad = new Float64Array(n);
    this.zNextGrad = new Float64Array(n);
  }

  /** Number of rows a loss runs over, after checking that there is one and that the inputs have this model's width. */
  private rowTotal(data: PixelPairs, rows: Int32Array | null): number {
    if (2 * data.framePixels !== this.spec.pixel.inputDim) {
      throw new RangeError(`PixelHNN: inputs of ${2 * data.framePixels} numbers (frames of ${data.framePixels} pixels) do not fit a model for ${this.spec.pixel.inputDim}`);
    }
    const total = rows ? rows.length : pairCount(data);
    if (total === 0) throw new RangeError('PixelHNN: a loss needs at least one row');
    return total;
  }
}

/** Arithmetic mean. */
function mean(a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]!;
  return s / a.length;
}
