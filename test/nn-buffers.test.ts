import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel } from '../src/models/factory.js';
import { GrowableBuffer } from '../src/nn/layer.js';
import { NumpyRandom } from '../src/core/numpy-random.js';
import { FLOAT32_BACKENDS } from './helpers/backends.js';

for (const [backend, makeKernels] of FLOAT32_BACKENDS) {
  test(`${backend}: a buffer's views are zero, fresh (after other allocations were written) or reused after writes`, () => {
    const k = makeKernels(1);
    const other = k.alloc(64);
    other.fill(5);
    const buffer = new GrowableBuffer(k);
    const first = buffer.view(100);
    assert.ok(first.every((v) => v === 0), 'a fresh view');
    first.fill(3);
    assert.ok(buffer.view(40).every((v) => v === 0), 'a smaller view of the same storage');
    buffer.view(100).fill(7);
    const grown = buffer.view(1000);
    assert.ok(grown.every((v) => v === 0), 'a view of new, larger storage');
    assert.ok(k.alloc(256).every((v) => v === 0), 'an allocation after all of these');
  });

  test(`${backend}: a model's results at one batch size do not depend on the batch sizes evaluated before`, () => {
    const k = makeKernels(1);
    const mlp = { inputDim: 2, hiddenDim: 16, hiddenLayers: 2, activation: 'tanh' as const };
    const model = createModel(k, { kind: 'hnn', field: 'solenoidal', mlp: { ...mlp, outputDim: 2 } }, new NumpyRandom(3));
    const states = (rows: number) => Float64Array.from({ length: 2 * rows }, (_, i) => Math.sin(0.7 * i + rows));
    const small = states(5);
    const before = model.timeDerivative(small);
    model.timeDerivative(states(300));
    model.timeDerivative(states(2));
    assert.deepEqual(model.timeDerivative(small), before);
  });
}
