import { test } from 'node:test';
import { THREADED_BACKENDS } from './helpers/backends.js';
import assert from 'node:assert/strict';
import { Random } from '../src/core/random.js';
import { createKernels } from '../src/node/kernels.js';
import { claimPart, CONTROL_SLOTS, publishJob, SEQ } from '../src/kernels/parallel.js';
import { threadPoolStats } from '../src/kernels/thread-pool.js';
import type { Kernels } from '../src/kernels/types.js';
import { createWasmKernels, defaultThreads } from '../src/node/kernels.js';
import { MAX_THREADS } from '../src/kernels/wasm.js';
import { createModel } from '../src/models/factory.js';
import type { StateModelSpec } from '../src/models/types.js';
import { generateSpringDataset } from '../src/systems/trajectory-dataset.js';
import { train } from '../src/train/train.js';

/** The same pseudo-random data in each kernel set, as views at odd offsets. */
function sameData(sets: Kernels<Float32Array>[], rng: Random, n: number, scale = 1): Float32Array[] {
  const values = Float32Array.from({ length: n }, () => rng.uniform(-scale, scale));
  return sets.map((k) => {
    const a = k.alloc(n + 1).subarray(1);
    a.set(values);
    return a;
  });
}

/** Asserts that every array equals the first bit for bit (NaN-aware, ±0 distinguished). */
function allSame(arrays: (Float32Array | Float64Array)[], n: number, what: string): void {
  const [first, ...rest] = arrays;
  rest.forEach((a, t) => {
    for (let i = 0; i < n; i++) if (!Object.is(a[i], first![i])) assert.fail(`${what}: set ${t + 1} differs at [${i}]: ${a[i]} vs ${first![i]}`);
  });
}

const THREADS = [1, 2, 3, 4];

test('wasm gemm gives the same bits with 1, 2, 3 and 4 threads (rows and columns split, all variants)', () => {
  const sets = THREADS.map((threads) => createWasmKernels({ threads }));
  const rng = new Random(3);
  const shapes: [number, number, number][] = [
    [750, 200, 200], // training shapes: split by rows
    [1500, 200, 200],
    [200, 200, 1500],
    [750, 2, 200],
    [750, 200, 2],
    [200, 750, 64], // wider than tall: split by columns
    [131, 517, 260], // past every blocking size, ragged
    [37, 1029, 33],
    [200, 2, 1500], // thin (few columns of C): weight gradients and output layers
    [1500, 3, 203],
    [2, 200, 1500], // thin (few rows of C), split by columns
    [4, 1037, 301],
    [5, 9, 6000], // not thin, though a column block of it is
  ];
  for (const [m, n, k] of shapes) {
    for (const [transA, transB] of [
      [false, false],
      [false, true],
      [true, false],
      [true, true],
    ] as const) {
      for (const accumulate of [false, true]) {
        const a = sameData(sets, rng, m * k), b = sameData(sets, rng, k * n), c = sameData(sets, rng, m * n);
        sets.forEach((s, t) => s.gemm(transA, transB, m, n, k, a[t]!, b[t]!, c[t]!, accumulate));
        allSame(c, m * n, `gemm ${transA ? 'T' : 'N'}${transB ? 'T' : 'N'} ${m}×${n}×${k} accumulate=${accumulate}`);
      }
    }
  }
  assert.ok(threadPoolStats().workers >= 3, 'the pool started its workers');
});

test('wasm element-wise kernels and Adam give the same bits with 1 and 2 threads', () => {
  const sets = [1, 2].map((threads) => createWasmKernels({ threads }));
  const rng = new Random(4);
  const rows = 750, cols = 200, n = rows * cols;
  const x = sameData(sets, rng, n, 4), bias = sameData(sets, rng, cols);
  const y = sameData(sets, rng, n), d1 = sameData(sets, rng, n), d2 = sameData(sets, rng, n);
  for (const kind of ['tanh', 'relu', 'sigmoid', 'softplus'] as const) {
    sets.forEach((s, t) => s.activation(kind, rows, cols, x[t]!, bias[t]!, y[t]!, d1[t]!, d2[t]!));
    allSame(y, n, `${kind} y`);
    allSame(d1, n, `${kind} σ′`);
    allSame(d2, n, `${kind} σ″`);
  }
  const g = sameData(sets, rng, n), h = sameData(sets, rng, n), out = sameData(sets, rng, n), outT = sameData(sets, rng, n);
  sets.forEach((s, t) => s.mul(n, d1[t]!, g[t]!, out[t]!));
  allSame(out, n, 'mul');
  sets.forEach((s, t) => s.add(n, d1[t]!, g[t]!, out[t]!));
  allSame(out, n, 'add');
  sets.forEach((s, t) => s.activationDual(n, d1[t]!, d2[t]!, x[t]!, g[t]!, h[t]!, out[t]!, outT[t]!));
  allSame(out, n, 'dual');
  allSame(outT, n, 'dual tangent');
  sets.forEach((s, t) => s.addBias(rows, cols, y[t]!, bias[t]!));
  allSame(y, n, 'addBias');
  const acc = sameData(sets, rng, cols);
  sets.forEach((s, t) => s.addColumnSums(rows, cols, g[t]!, acc[t]!));
  allSame(acc, cols, 'column sums');
  const p = 40200;
  const v = sameData(sets, rng, p), grad = sameData(sets, rng, p);
  const m = sets.map((s) => s.allocFloat64(p)), w = sets.map((s) => s.allocFloat64(p));
  const scalars = { weightDecay: 1e-4, beta1: 0.9, beta2: 0.999, stepSize: 1e-2, sqrtBc2: Math.sqrt(1 - 0.999), eps: 1e-8 };
  sets.forEach((s, t) => s.adam(p, v[t]!, grad[t]!, m[t]!, w[t]!, scalars));
  allSame(v, p, 'adam value');
  allSame(m, p, 'adam m');
  allSame(w, p, 'adam v');
});

test('training gives the same losses and weights with 1 and 2 threads (HNN and baseline, full batch of 750; every threaded backend)', () => {
  const data = generateSpringDataset({ seed: 0 });
  const mlp = { inputDim: 2, hiddenDim: 200, hiddenLayers: 2, activation: 'tanh' as const, outputDim: 2 };
  for (const [backend, make] of THREADED_BACKENDS) for (const spec of [
    { kind: 'hnn', field: 'solenoidal', mlp },
    { kind: 'baseline', mlp },
  ] as StateModelSpec[]) {
    const runs = [1, 2].map((threads) => {
      const model = createModel(make(threads), spec, new Random(0));
      const result = train(model, data, { steps: 15, batchSize: null, lr: 1e-3, weightDecay: 1e-4, seed: 1, logEvery: 5 });
      return { history: result.history, weights: model.params().map((q) => Array.from(q.value)) };
    });
    assert.deepEqual(runs[1]!.history, runs[0]!.history, `${backend} ${spec.kind}: loss history`);
    assert.deepEqual(runs[1]!.weights, runs[0]!.weights, `${backend} ${spec.kind}: weights`);
  }
  const stats = threadPoolStats();
  assert.ok(stats.jobs > 0, 'calls were split across threads');
});

test('no part can be claimed while a job is being published, not even by a worker late from the previous job', () => {
  const c = new Int32Array(new SharedArrayBuffer(CONTROL_SLOTS * 4));
  const late = (seq: number, parts: number): number => claimPart(c, seq, parts, 1, 2);
  publishJob(c, 1, () => undefined);
  assert.equal(Atomics.load(c, SEQ), 1);
  // Job 1 has 2 parts; both get taken.
  assert.deepEqual([claimPart(c, 1, 2, 0, 2), late(1, 2), late(1, 2)], [0, 1, -1]);
  // Job 2 (4 parts) is published while a worker of job 1 re-reads the part count: it must not
  // find parts 2 and 3 of "job 1" free, nor any part of job 2 before the descriptor is complete.
  publishJob(c, 2, () => {
    assert.equal(late(1, 4), -1, 'a late worker claimed a part of the previous job');
    assert.equal(late(2, 4), -1, 'a part of the job being written was claimable');
  });
  assert.deepEqual([late(1, 4), late(2, 4), claimPart(c, 2, 4, 0, 2)], [-1, 2, 0]);
});

test('the threads option is validated and reported', () => {
  assert.ok(defaultThreads() >= 1 && defaultThreads() <= 2);
  assert.equal(createWasmKernels().threads, defaultThreads());
  assert.equal(createKernels('wasm', { threads: 3 }).threads, 3);
  assert.equal(createKernels('js', { threads: 3 }).threads, 1);
  for (const bad of [0, -1, 1.5, MAX_THREADS + 1, NaN]) assert.throws(() => createWasmKernels({ threads: bad }), RangeError);
});
