import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync, truncateSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '../src/core/random.js';
import { createKernels } from '../src/node/kernels.js';
import { PixelHNN, PIXEL_LOSS_WEIGHTS } from '../src/models/pixel-hnn.js';
import type { LatentKind } from '../src/models/types.js';
import { cachedPixelPendulumDataset, pixelDatasetCachePath } from '../src/node/pixel-cache.js';
import { generatePixelPendulumDataset, pixelDatasetHash, type PixelDataset } from '../src/systems/pixel-pendulum/dataset.js';
import { train } from '../src/train/train.js';
import { runTask } from '../src/run/run-task.js';
import { taskByName } from '../src/tasks/registry.js';

/** 8 × 8 frames, 25 trials of 13 frames: 250 rows (50 test = 5 trials of 10). */
const small = { seed: 3, trials: 25, framesPerTrial: 13, side: 8 };
const data = generatePixelPendulumDataset(small);

/** A small float32 pixel model (width 16) initialised from `seed`. */
function smallModel(kind: LatentKind, seed: number): PixelHNN<Float32Array> {
  const spec = { kind: 'pixel' as const, latent: kind, pixel: { inputDim: 128, hiddenDim: 16, autoencoderActivation: 'relu' as const, dynamicsActivation: 'tanh' as const, lossWeights: PIXEL_LOSS_WEIGHTS } };
  return new PixelHNN(createKernels('auto'), spec, new Random(seed));
}

const settings = { steps: 40, batchSize: 20, lr: 3e-3, weightDecay: 1e-5, logEvery: 10 };

for (const kind of ['hnn', 'baseline'] as LatentKind[]) {
  test(`train, pixel model (${kind}): random batches lower the full training loss; test loss logged on random test batches`, () => {
    const model = smallModel(kind, 1);
    const before = model.loss(data.train);
    const steps: number[] = [];
    const result = train(model, data, { ...settings, seed: 2, onProgress: (e) => steps.push(e.step) });
    assert.ok(model.loss(data.train) < 0.7 * before, `${model.loss(data.train)} vs ${before}`);
    assert.deepEqual(result.history.map((h) => h.step), [10, 20, 30, 40]);
    assert.equal(steps.length, settings.steps);
    for (const h of result.history) assert.ok(Number.isFinite(h.testLoss) && h.testLoss > 0);
  });
}

test('train, pixel model: the same seeds give the same history and weights; another batch seed does not', () => {
  const run = (batchSeed: number) => {
    const model = smallModel('hnn', 4);
    const result = train(model, data, { ...settings, steps: 12, seed: batchSeed });
    return { history: result.history, weights: model.params().map((p) => Array.from(p.value)) };
  };
  const a = run(5);
  assert.deepEqual(run(5), a);
  assert.notDeepEqual(run(6).history, a.history);
});

test('train, pixel model: rejects bad settings', () => {
  const model = smallModel('hnn', 1);
  assert.throws(() => train(model, data, { ...settings, seed: 0, steps: 0 }), /steps/);
  assert.throws(() => train(model, data, { ...settings, seed: 0, batchSize: 0 }), /batchSize/);
});

test('runTask on the pixel task: trains with the given settings and records losses with ± and the dataset in its model file', () => {
  const run = runTask(taskByName('pixel-pendulum'), createKernels('auto'), { kind: 'baseline', seed: 1, steps: 3, batchSize: 10, hiddenDim: 8, dataset: data, logEvery: 1 });
  assert.equal(run.file.spec.kind, 'pixel');
  assert.equal(run.file.spec.latent, 'baseline');
  assert.equal(run.file.spec.pixel.hiddenDim, 8);
  assert.equal(run.file.task, 'pixel-pendulum');
  const training = run.file.training as Record<string, any>;
  assert.equal(training['steps'], 3);
  assert.equal(training['weightDecay'], 1e-5);
  assert.equal(training['dataset'].hash, data.hash);
  assert.equal(run.result.history.length, 3);
  const losses = run.model.rowLosses(data.test);
  const mean = losses.reduce((a, b) => a + b, 0) / losses.length;
  const sd = Math.sqrt(losses.reduce((a, b) => a + (b - mean) ** 2, 0) / (losses.length - 1));
  assert.ok(Math.abs(run.file.metrics.testLoss!.mean - mean) < 1e-12 * mean);
  assert.ok(Math.abs(run.file.metrics.testLoss!.stderr - sd / Math.sqrt(losses.length)) < 1e-9 * sd);
});

/** Equal datasets: options, hash and every array. */
function assertSameData(a: PixelDataset, b: PixelDataset): void {
  assert.deepEqual(a.options, b.options);
  assert.equal(a.hash, b.hash);
  for (const split of ['train', 'test'] as const) {
    assert.deepEqual(a[split].first, b[split].first);
    assert.deepEqual(a[split].coords, b[split].coords);
    assert.deepEqual(a[split].frames, b[split].frames);
  }
}

test('pixel dataset cache: generated once, then read back equal; keyed by the content hash; a damaged file is regenerated', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hnn-pixel-cache-'));
  try {
    const first = cachedPixelPendulumDataset(dir, small);
    assert.equal(first.fromCache, false);
    assertSameData(first.dataset, data);
    const path = pixelDatasetCachePath(dir, small);
    assert.ok(path.endsWith(`pixel-pendulum-${pixelDatasetHash(small)}.bin`) && existsSync(path));
    const second = cachedPixelPendulumDataset(dir, small);
    assert.equal(second.fromCache, true);
    assertSameData(second.dataset, data);
    // Other options, other file: a changed generator input never reads stale data.
    assert.equal(cachedPixelPendulumDataset(dir, { ...small, seed: 4 }).fromCache, false);
    assert.equal(readdirSync(dir).filter((f) => f.endsWith('.bin')).length, 2);
    truncateSync(path, 1000);
    const repaired = cachedPixelPendulumDataset(dir, small);
    assert.equal(repaired.fromCache, false);
    assertSameData(repaired.dataset, data);
    assert.equal(cachedPixelPendulumDataset(dir, small).fromCache, true);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
