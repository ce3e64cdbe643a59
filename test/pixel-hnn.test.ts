import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../src/core/random.js';
import { JsKernels } from '../src/kernels/js.js';
import { createKernels } from '../src/node/kernels.js';
import type { FloatArray } from '../src/kernels/types.js';
import { HNN } from '../src/models/hnn.js';
import { PIXEL_DEFAULTS, PIXEL_LOSS_WEIGHTS, PixelHNN } from '../src/models/pixel-hnn.js';
import { createLatentDynamics } from '../src/models/pixel-latent.js';
import { pixelInputs, type PixelPairs } from '../src/models/pixel-pairs.js';
import type { LatentKind, PixelLossWeights, PixelModelSpec } from '../src/models/types.js';
import type { ActivationName } from '../src/nn/activation.js';
import { generatePixelPendulumDataset } from '../src/systems/pixel-pendulum/dataset.js';
import { directionalGradientError } from './helpers/gradient-check.js';

const f64 = new JsKernels<Float64Array>('float64');

/** 8 × 8 frames: 4 trials × 103 frames → 400 rows (80 test, 320 train). */
const data = generatePixelPendulumDataset({ seed: 5, trials: 4, side: 8 });

/** A small pixel model (inputs 2·8·8, width 16) with a smooth autoencoder so finite differences apply. */
function smallSpec(kind: LatentKind, lossWeights: PixelLossWeights = PIXEL_LOSS_WEIGHTS, autoencoderActivation: ActivationName = 'softplus'): PixelModelSpec {
  return { kind: 'pixel', latent: kind, pixel: { inputDim: 128, hiddenDim: 16, autoencoderActivation, dynamicsActivation: 'tanh', lossWeights } };
}

/** Largest relative error of ⟨∇θL, u⟩ against central differences over random directions u. */
function directionalCheck<A extends FloatArray>(model: PixelHNN<A>, pairs: PixelPairs, rows: Int32Array | null, rng: Random): number {
  return directionalGradientError(model.params(), () => model.lossAndGrad(pairs, rows), () => model.loss(pairs, rows), rng, 3);
}

const rows = Int32Array.from([0, 7, 3, 12, 55]);
const TERMS: [string, PixelLossWeights][] = [
  ['full loss', PIXEL_LOSS_WEIGHTS],
  ['autoencoder term', { autoencoder: 1, canonical: 0, dynamics: 0 }],
  ['canonical term', { autoencoder: 0, canonical: 1, dynamics: 0 }],
  ['latent dynamics term', { autoencoder: 0, canonical: 0, dynamics: 1 }],
];

for (const kind of ['hnn', 'baseline'] as LatentKind[]) {
  for (const [name, weights] of TERMS) {
    test(`PixelHNN (${kind}): gradient of the ${name} matches float64 finite differences`, () => {
      const rng = new Random(11);
      const model = new PixelHNN(f64, smallSpec(kind, weights), rng);
      const err = directionalCheck(model, data.train, rows, rng);
      assert.ok(err <= 1e-6, `relative error ${err}`);
    });
  }
}

for (const kind of ['hnn', 'baseline'] as LatentKind[]) {
  test(`latent ${kind}: backpropField adds ∇_z⟨r, f(z)⟩ (for the HNN the Hessian-vector product ∇²H·Jᵀr)`, () => {
    const rng = new Random(12);
    const dynamics = createLatentDynamics(f64, kind, { inputDim: 2, hiddenDim: 12, hiddenLayers: 2, activation: 'tanh' }, rng);
    const B = 4;
    const z = new Float64Array(2 * B).map(() => rng.normal());
    const r = new Float64Array(2 * B).map(() => rng.normal());
    const u = new Float64Array(2 * B).map(() => rng.normal());
    const f = new Float64Array(2 * B);
    dynamics.fieldAt(z, B, f);
    const zGrad = new Float64Array(2 * B).fill(0.5);
    dynamics.backpropField(r, zGrad);
    const analytic = zGrad.reduce((s, g, i) => s + (g - 0.5) * u[i]!, 0);
    const rf = (shift: number): number => {
      const fz = dynamics.timeDerivative(z.map((v, i) => v + shift * u[i]!));
      return fz.reduce((s, v, i) => s + v * r[i]!, 0);
    };
    const numeric = (rf(1e-5) - rf(-1e-5)) / 2e-5;
    assert.ok(Math.abs(analytic - numeric) <= 1e-7 * Math.abs(numeric), `${analytic} vs ${numeric}`);
  });
}

test('PixelHNN: the row loss is the authors\' ae + cc + 0.1·dyn, with z′ the code of the successor input', () => {
  for (const kind of ['hnn', 'baseline'] as LatentKind[]) {
    const model = new PixelHNN(f64, smallSpec(kind), new Random(13));
    const x = pixelInputs(data.test, rows);
    const xNext = pixelInputs(data.test, rows, true);
    const z = model.encode(x);
    const zNext = model.encode(xNext);
    const xHat = model.decode(z);
    const f = model.latentTimeDerivative(z);
    const got = model.rowLosses(data.test, rows);
    for (let r = 0; r < rows.length; r++) {
      let ae = 0;
      for (let j = 0; j < 128; j++) ae += (xHat[r * 128 + j]! - x[r * 128 + j]!) ** 2 / 128;
      const cc = (z[2 * r + 1]! - (zNext[2 * r]! - z[2 * r]!)) ** 2;
      const dyn = ((zNext[2 * r]! - z[2 * r]! - f[2 * r]!) ** 2 + (zNext[2 * r + 1]! - z[2 * r + 1]! - f[2 * r + 1]!) ** 2) / 2;
      const expected = ae + cc + 0.1 * dyn;
      assert.ok(Math.abs(got[r]! - expected) <= 1e-12 * expected, `${kind} row ${r}: ${got[r]} vs ${expected}`);
    }
    assert.ok(Math.abs(model.loss(data.test, rows) - got.reduce((s, v) => s + v, 0) / rows.length) < 1e-14);
  }
});

test('PixelHNN: chunked full-batch gradients equal the row-weighted gradients of two halves', () => {
  const model = new PixelHNN(f64, smallSpec('hnn'), new Random(14));
  const n = data.train.first.length;
  assert.ok(n > 256, 'the data must span more than one chunk');
  const all = model.lossAndGrad(data.train, null);
  const full = model.params().map((p) => Float64Array.from(p.grad));
  const half = Math.floor(n / 2);
  const a = Int32Array.from({ length: half }, (_, i) => i);
  const b = Int32Array.from({ length: n - half }, (_, i) => half + i);
  const la = model.lossAndGrad(data.train, a);
  const ga = model.params().map((p) => Float64Array.from(p.grad));
  const lb = model.lossAndGrad(data.train, b);
  assert.ok(Math.abs(all - (half * la + (n - half) * lb) / n) < 1e-12 * all);
  model.params().forEach((p, j) => {
    p.grad.forEach((g, i) => {
      const combined = (half * ga[j]![i]! + (n - half) * g) / n;
      assert.ok(Math.abs(full[j]![i]! - combined) <= 1e-10 * (Math.abs(combined) + 1e-6));
    });
  });
});

test('PixelHNN: the latent model is an HNN (J∇H) or a baseline, usable as a DynamicsModel', () => {
  const hnn = new PixelHNN(f64, smallSpec('hnn'), new Random(15));
  assert.ok(hnn.dynamics instanceof HNN);
  const latent = hnn.dynamics as HNN<Float64Array>;
  const z = Float64Array.of(0.4, -0.3);
  const f = hnn.latentTimeDerivative(z);
  const h = 1e-6;
  const H = (q: number, p: number): number => latent.hamiltonian(Float64Array.of(q, p))[0]!;
  assert.ok(Math.abs(f[0]! - (H(0.4, -0.3 + h) - H(0.4, -0.3 - h)) / (2 * h)) < 1e-8);
  assert.ok(Math.abs(f[1]! + (H(0.4 + h, -0.3) - H(0.4 - h, -0.3)) / (2 * h)) < 1e-8);
  const baseline = new PixelHNN(f64, smallSpec('baseline'), new Random(15));
  assert.ok(!(baseline.dynamics instanceof HNN));
  assert.equal(baseline.dynamics.spec.kind, 'baseline');
});

test('PixelHNN: parameters carry the authors\' state-dict names and shapes', () => {
  const model = new PixelHNN(f64, { kind: 'pixel', latent: 'hnn', pixel: PIXEL_DEFAULTS });
  const shapes = Object.fromEntries(model.namedParams().map(([n, p]) => [n, p.shape.join('x')]));
  assert.deepEqual(shapes, {
    'autoencoder.linear1.weight': '200x1568', 'autoencoder.linear1.bias': '200',
    'autoencoder.linear2.weight': '200x200', 'autoencoder.linear2.bias': '200',
    'autoencoder.linear3.weight': '200x200', 'autoencoder.linear3.bias': '200',
    'autoencoder.linear4.weight': '2x200', 'autoencoder.linear4.bias': '2',
    'autoencoder.linear5.weight': '200x2', 'autoencoder.linear5.bias': '200',
    'autoencoder.linear6.weight': '200x200', 'autoencoder.linear6.bias': '200',
    'autoencoder.linear7.weight': '200x200', 'autoencoder.linear7.bias': '200',
    'autoencoder.linear8.weight': '1568x200', 'autoencoder.linear8.bias': '1568',
    'hnn.differentiable_model.linear1.weight': '200x2', 'hnn.differentiable_model.linear1.bias': '200',
    'hnn.differentiable_model.linear2.weight': '200x200', 'hnn.differentiable_model.linear2.bias': '200',
    'hnn.differentiable_model.linear3.weight': '2x200',
  });
  assert.deepEqual(model.params(), model.namedParams().map(([, p]) => p));
});

test('PixelHNN: float32 kernels (WebAssembly when built) agree with float64 for the same initialisation', () => {
  for (const kind of ['hnn', 'baseline'] as LatentKind[]) {
    const spec = smallSpec(kind, PIXEL_LOSS_WEIGHTS, 'relu');
    const m64 = new PixelHNN(f64, spec, new Random(16));
    const m32 = new PixelHNN(createKernels('auto'), spec, new Random(16));
    const l64 = m64.lossAndGrad(data.train, rows);
    const l32 = m32.lossAndGrad(data.train, rows);
    assert.ok(Math.abs(l32 - l64) <= 1e-4 * l64, `${kind}: ${l32} vs ${l64}`);
    const g64 = m64.params().flatMap((p) => [...p.grad]);
    const g32 = m32.params().flatMap((p) => [...p.grad]);
    const norm = Math.sqrt(g64.reduce((s, g) => s + g * g, 0));
    const diff = Math.sqrt(g64.reduce((s, g, i) => s + (g - g32[i]!) ** 2, 0));
    assert.ok(diff <= 1e-3 * norm, `${kind}: gradient difference ${diff} of ${norm}`);
  }
});

test('PixelHNN: rejects data of another frame size, inputs of the wrong width and empty row lists', () => {
  const model = new PixelHNN(f64, smallSpec('hnn'), new Random(17));
  const other = generatePixelPendulumDataset({ trials: 1, framesPerTrial: 5, side: 6 });
  assert.throws(() => model.lossAndGrad(other.train, null), /do not fit/);
  assert.throws(() => model.encode(new Float64Array(100)), /multiple/);
  assert.throws(() => model.loss(data.train, new Int32Array(0)), /at least one row/);
});
