import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyAffineMap, fitAffineMap } from '../src/eval/pixel-affine.js';
import { measurePixelEnergyMse } from '../src/eval/pixel-energy.js';
import { lossWithError } from '../src/eval/losses.js';
import { rollOutLatent, testTrajectories, type LatentModel } from '../src/eval/pixel-rollout.js';
import { splitStderr } from '../src/eval/split-error.js';
import { Random } from '../src/core/random.js';
import { JsKernels } from '../src/kernels/js.js';
import { PixelHNN, PIXEL_LOSS_WEIGHTS } from '../src/models/pixel-hnn.js';
import { pixelInputs, type PixelPairs } from '../src/models/pixel-pairs.js';
import { generatePixelPendulumDataset } from '../src/systems/pixel-pendulum/dataset.js';
import { GYM_PENDULUM, MOMENTUM_SCALE, pixelPendulumEnergy } from '../src/systems/pixel-pendulum/dynamics.js';

/** 8 × 8 frames, 25 trials of 13 frames: 250 rows; the test split is 5 whole trials of 10 rows. */
const data = generatePixelPendulumDataset({ seed: 7, trials: 25, framesPerTrial: 13, side: 8 });

test('fitAffineMap: recovers an exact affine relation; applyAffineMap applies it; collinear codes are rejected', () => {
  const rng = new Random(1);
  const z = new Float64Array(2 * 40).map(() => rng.normal(0, 3));
  const matrix = Float64Array.of(2, -0.5, 0.25, 3);
  const offset = Float64Array.of(-1, 0.75);
  const y = applyAffineMap({ matrix, offset }, z);
  const fit = fitAffineMap(z, y);
  fit.matrix.forEach((m, i) => assert.ok(Math.abs(m - matrix[i]!) < 1e-12, `M[${i}] = ${m}`));
  fit.offset.forEach((b, i) => assert.ok(Math.abs(b - offset[i]!) < 1e-12, `b[${i}] = ${b}`));
  assert.ok(Math.abs(applyAffineMap(fit, Float64Array.of(1, 2))[0]! - (2 - 1 - 1)) < 1e-12);
  // Noisy targets: the least-squares residual is orthogonal to the codes (and to the constant).
  const noisy = y.map((v) => v + rng.normal(0, 0.1));
  const residual = applyAffineMap(fitAffineMap(z, noisy), z).map((v, i) => noisy[i]! - v);
  for (const c of [0, 1]) {
    let sum = 0;
    let dot = 0;
    for (let r = 0; r < 40; r++) [sum, dot] = [sum + residual[2 * r + c]!, dot + residual[2 * r + c]! * z[2 * r]!];
    assert.ok(Math.abs(sum) < 1e-10 && Math.abs(dot) < 1e-9);
  }
  const line = Float64Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? i : 2 * i));
  assert.throws(() => fitAffineMap(line, line), /line/);
});

test('rollOutLatent: RK4 with one frame per step, all paths together (linear field: the RK4 factor per step)', () => {
  const a = -0.1;
  const field = { latentTimeDerivative: (z: Float64Array) => z.map((v) => a * v) };
  const out = rollOutLatent(field, Float64Array.of(1, 2, -3, 0.5), 5);
  const factor = 1 + a + a ** 2 / 2 + a ** 3 / 6 + a ** 4 / 24;
  for (let k = 0; k < 5; k++) {
    assert.ok(Math.abs(out[2 * k]! - factor ** k) < 1e-14);
    assert.ok(Math.abs(out[2 * (5 + k) + 1]! - 0.5 * factor ** k) < 1e-14);
  }
  assert.throws(() => rollOutLatent(field, Float64Array.of(0, 0), 1), /at least 2/);
});

/** The inputs of every row of both splits, by content, with their true coordinates. */
function coordsByInput(): Map<string, [number, number]> {
  const map = new Map<string, [number, number]>();
  for (const split of [data.train, data.test]) {
    const n = split.first.length;
    const x = pixelInputs(split as PixelPairs, Int32Array.from({ length: n }, (_, i) => i));
    for (let r = 0; r < n; r++) map.set(x.subarray(r * 128, (r + 1) * 128).join(','), [split.coords[2 * r]!, split.coords[2 * r + 1]!]);
  }
  return map;
}

/** Latent = M·(θ, 0.25·θ̇) + b, a fixed affine image of the true coordinates. */
const M = [1.5, 0.4, -0.3, 2];
const B = [0.2, -0.7];

/**
 * A model whose encoder reads the true state from the pixels (by lookup) and writes its affine
 * image, and whose latent field is `field` on canonical coordinates (per frame), carried to the latent.
 */
function oracle(field: (q: number, p: number) => [number, number]): LatentModel {
  const lookup = coordsByInput();
  const det = M[0]! * M[3]! - M[1]! * M[2]!;
  return {
    encode: (x) => {
      const rows = x.length / 128;
      const z = new Float64Array(2 * rows);
      for (let r = 0; r < rows; r++) {
        const c = lookup.get(x.subarray(r * 128, (r + 1) * 128).join(','));
        assert.ok(c, 'an input of the dataset');
        z[2 * r] = M[0]! * c[0] + M[1]! * c[1] + B[0]!;
        z[2 * r + 1] = M[2]! * c[0] + M[3]! * c[1] + B[1]!;
      }
      return z;
    },
    decode: () => {
      throw new Error('not used');
    },
    latentTimeDerivative: (z) => {
      const out = new Float64Array(z.length);
      for (let r = 0; r < z.length; r += 2) {
        const u = z[r]! - B[0]!;
        const v = z[r + 1]! - B[1]!;
        const [dq, dp] = field((M[3]! * u - M[1]! * v) / det, (-M[2]! * u + M[0]! * v) / det);
        out[r] = M[0]! * dq + M[1]! * dp;
        out[r + 1] = M[2]! * dq + M[3]! * dp;
      }
      return out;
    },
  };
}

/** Per test trajectory, mean over its points of (E(x_k) − E(x_0))²: the metric of any model that conserves the energy of its start exactly. */
function driftOfTruth(): number[] {
  const { starts, points } = testTrajectories(data);
  assert.equal(starts.length, 5);
  const c = data.test.coords;
  return Array.from(starts, (s) => {
    const e0 = pixelPendulumEnergy(c[2 * s]!, c[2 * s + 1]!);
    let sum = 0;
    for (let k = 0; k < points; k++) sum += (pixelPendulumEnergy(c[2 * (s + k)]!, c[2 * (s + k) + 1]!) - e0) ** 2;
    return sum / points;
  });
}

test('pixel energy metric: a frozen latent model keeps its start, so the metric is the data\'s own energy drift (exactly)', () => {
  const result = measurePixelEnergyMse(oracle(() => [0, 0]), data);
  const expected = driftOfTruth();
  result.perSample.forEach((v, j) => assert.ok(Math.abs(v - expected[j]!) <= 1e-9 * expected[j]! + 1e-15, `trajectory ${j}: ${v} vs ${expected[j]}`));
  assert.ok(Math.abs(result.stderr - splitStderr(expected)) <= 1e-9 * result.stderr + 1e-15);
  // The map fitted on the training codes is the inverse of the encoder's affine image.
  const det = M[0]! * M[3]! - M[1]! * M[2]!;
  [M[3]! / det, -M[1]! / det, -M[2]! / det, M[0]! / det].forEach((m, i) => assert.ok(Math.abs(result.map.matrix[i]! - m) < 1e-9));
});

test('pixel energy metric: the true pendulum as latent dynamics conserves energy like the frozen model; a damped one scores far worse', () => {
  const { g, l, dt } = GYM_PENDULUM;
  const omega2 = (3 * g) / (2 * l);
  // Per frame: q̇ = θ̇·dt = (p / 0.25)·dt, ṗ = 0.25·θ̈·dt.
  const perfect = measurePixelEnergyMse(oracle((q, p) => [(p / MOMENTUM_SCALE) * dt, -MOMENTUM_SCALE * omega2 * Math.sin(q) * dt]), data);
  const drift = driftOfTruth();
  perfect.perSample.forEach((v, j) => assert.ok(Math.abs(v - drift[j]!) <= 2e-3 * drift[j]!, `trajectory ${j}: ${v} vs ${drift[j]}`));
  const damped = measurePixelEnergyMse(oracle((q, p) => [(p / MOMENTUM_SCALE) * dt, -MOMENTUM_SCALE * omega2 * Math.sin(q) * dt - 0.3 * p]), data);
  assert.ok(damped.mean > 10 * perfect.mean, `${damped.mean} vs ${perfect.mean}`);
});

test('lossWithError of a pixel model: the mean row loss and the (n−1) std of the row losses / √n', () => {
  const model = new PixelHNN(new JsKernels<Float64Array>('float64'), { kind: 'pixel', latent: 'hnn', pixel: { inputDim: 128, hiddenDim: 8, autoencoderActivation: 'relu', dynamicsActivation: 'tanh', lossWeights: PIXEL_LOSS_WEIGHTS } }, new Random(2));
  const losses = model.rowLosses(data.test);
  const n = losses.length;
  const mean = losses.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(losses.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1));
  const got = lossWithError(model, data.test);
  assert.ok(Math.abs(got.mean - model.loss(data.test)) < 1e-15);
  assert.ok(Math.abs(got.stderr - sd / Math.sqrt(n)) < 1e-15);
});
