import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createModel } from '../src/models/factory.js';
import { ACTIVATION_KINDS } from '../src/kernels/activations.js';
import { GrowableBuffer } from '../src/nn/layer.js';
import { Mlp } from '../src/nn/mlp.js';
import { NumpyRandom } from '../src/core/numpy-random.js';
import { FLOAT32_BACKENDS, FLOAT32_BACKENDS_AND_NATIVE_PATHS } from './helpers/backends.js';

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

for (const [backend, makeKernels] of FLOAT32_BACKENDS) {
  test(`${backend}: an activation without σ″ (d2 null, for first-order passes) gives the same σ and σ′, on 1 and 2 threads`, () => {
    for (const threads of backend === 'js' ? [1] : [1, 2]) {
      const k = makeKernels(threads);
      const rows = 300, cols = 67, n = rows * cols;
      for (const kind of ACTIVATION_KINDS) {
        const x = k.alloc(n), bias = k.alloc(cols);
        x.forEach((_, i) => (x[i] = Math.sin(0.37 * i) * 4));
        bias.forEach((_, i) => (bias[i] = Math.cos(i)));
        const [y, d1, d2, y0, d10] = [k.alloc(n), k.alloc(n), k.alloc(n), k.alloc(n), k.alloc(n)];
        k.activation(kind, rows, cols, x, bias, y, d1, d2);
        k.activation(kind, rows, cols, x, bias, y0, d10, null);
        assert.deepEqual([y0, d10], [y, d1], `${backend} ×${threads} ${kind}`);
      }
    }
  });
}

test('a network whose last forward pass stored no σ″ refuses a second-order pass', () => {
  const k = FLOAT32_BACKENDS[0]![1](1);
  const net = new Mlp(k, { inputDim: 2, hiddenDim: 8, hiddenLayers: 1, activation: 'tanh', outputDim: 1 }, new NumpyRandom(1));
  const input = k.alloc(2 * 4 * 2);
  input.fill(0.5);
  const out = net.bind(4, input);
  net.bindGrad(k.alloc(out.length));
  net.forward(true, false);
  assert.throws(() => net.backwardDual(true), /did not store σ″/);
  net.forward(true, true);
  net.backwardDual(true);
});

for (const [backend, makeKernels] of FLOAT32_BACKENDS_AND_NATIVE_PATHS) {
  test(`${backend}: mulProduct gives the bits of the product and then mul, k = 1 to 4, on 1 and 2 threads`, () => {
    for (const threads of backend === 'js' ? [1] : [1, 2]) {
      const k = makeKernels(threads);
      for (const [rows, cols, inner] of [[750, 200, 2], [1, 1, 1], [33, 7, 3], [300, 67, 4], [5, 17, 1], [3, 40, 4], [40, 3, 2]] as const) {
        const n = rows * cols;
        const a = k.alloc(n), g = k.alloc(rows * inner), w = k.alloc(inner * cols);
        a.forEach((_, i) => (a[i] = Math.sin(0.37 * i)));
        g.forEach((_, i) => (g[i] = Math.cos(1.3 * i) * 2));
        w.forEach((_, i) => (w[i] = Math.sin(i) / 3));
        const [want, got] = [k.alloc(n + 1), k.alloc(n + 1)];
        k.gemm(false, false, rows, cols, inner, g, w, want, false);
        k.mul(n, a, want, want);
        got[n] = 7;
        k.mulProduct(rows, cols, inner, a, g, w, got);
        assert.deepEqual(got.subarray(0, n), want.subarray(0, n), `${backend} ×${threads} ${rows}×${cols}×${inner}`);
        assert.equal(got[n], 7, 'wrote past the end');
      }
      assert.throws(() => k.mulProduct(2, 3, 5, k.alloc(6), k.alloc(10), k.alloc(15), k.alloc(6)), RangeError);
    }
  });
}
