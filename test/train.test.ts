import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../src/core/random.js';
import { JsKernels } from '../src/kernels/js.js';
import { createModel } from '../src/models/factory.js';
import type { StateModelSpec } from '../src/models/types.js';
import { generateSpringDataset } from '../src/systems/trajectory-dataset.js';
import { train, type TrainProgress } from '../src/train/train.js';

const data = generateSpringDataset({ seed: 0, samples: 10 });
const spec: StateModelSpec = { kind: 'hnn', field: 'solenoidal', mlp: { inputDim: 2, hiddenDim: 16, hiddenLayers: 2, outputDim: 2, activation: 'tanh' } };

/** Trains a fresh small HNN with the given seeds and returns its history and final weights. */
function run(initSeed: number, batchSeed: number, batchSize: number | null) {
  const model = createModel(new JsKernels<Float32Array>('float32'), spec, new Random(initSeed));
  const events: TrainProgress[] = [];
  const result = train(model, data, { steps: 30, batchSize, lr: 1e-3, weightDecay: 1e-4, seed: batchSeed, logEvery: 10, onProgress: (e) => events.push(e) });
  return { history: result.history, weights: model.params().map((p) => Array.from(p.value)), events };
}

test('training is deterministic per seed, full batch and mini-batch', () => {
  for (const batchSize of [null, 32]) {
    const a = run(0, 1, batchSize);
    const b = run(0, 1, batchSize);
    assert.deepEqual(a.history, b.history);
    assert.deepEqual(a.weights, b.weights);
  }
  assert.notDeepEqual(run(0, 1, 32).history, run(0, 2, 32).history, 'a different batch seed draws different batches');
  assert.notDeepEqual(run(0, 1, null).weights, run(3, 1, null).weights, 'a different init seed gives different weights');
});

test('history is logged every logEvery steps, progress is reported every step, and the loss goes down', () => {
  const { history, events } = run(0, 1, null);
  assert.deepEqual(history.map((h) => h.step), [10, 20, 30]);
  assert.equal(events.length, 30);
  assert.deepEqual(events.map((e) => e.step), Array.from({ length: 30 }, (_, i) => i + 1));
  assert.ok(events[29]!.trainLoss < events[0]!.trainLoss);
  assert.ok(history.every((h) => Number.isFinite(h.testLoss)));
});
