import { test } from 'node:test';
import { sech2, tanhInputs, ulps } from './helpers/float32.js';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { Random } from '../src/core/random.js';
import { InputError } from '../src/core/errors.js';
import { ACTIVATION_KINDS, SCALAR_ACTIVATIONS } from '../src/kernels/activations.js';
import { JsKernels } from '../src/kernels/js.js';
import type { GemmShape, Kernels } from '../src/kernels/types.js';
import { createWasmKernels } from '../src/node/kernels.js';
import { wasmAvailable } from '../src/kernels/wasm.js';
import { createModel } from '../src/models/factory.js';
import type { StateModelSpec } from '../src/models/types.js';
import { createNativeKernels, nativeKernelsStatus, nativeSupportedIsas, nativeFmaPeak, NativeKernels, type NativeIsa } from '../src/node/native-kernels.js';
import { Adam } from '../src/optim/adam.js';
import { generateSpringDataset } from '../src/systems/trajectory-dataset.js';
import { train } from '../src/train/train.js';

const status = nativeKernelsStatus();
/** Why every test here is skipped, or false when the addon is built and loads. */
const skip = status.available ? false : `native kernels not available: ${status.reason}`;
if (skip) console.log(`# ${skip}`);
const ISAS: NativeIsa[] = status.available ? nativeSupportedIsas() : [];
const ref = new JsKernels<Float64Array>('float64');
const js32 = new JsKernels<Float32Array>('float32');

const VARIANTS: [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];

/** One product's inputs (as float32 values) and its float64 result and error scale. */
interface Case extends GemmShape {
  a: Float32Array;
  b: Float32Array;
  c0: Float32Array;
  want: Float64Array;
  scale: Float64Array;
}

const caseCache = new Map<string, Case[]>();

/** Random operands for every variant × accumulate × shape, with the float64 reference (made once per list). */
function makeCases(shapes: [number, number, number][], seed: number): Case[] {
  const key = `${seed} ${shapes.join(';')}`;
  const cached = caseCache.get(key);
  if (cached) return cached;
  const rng = new Random(seed);
  const cases: Case[] = [];
  for (const [transA, transB] of VARIANTS) {
    for (const accumulate of [false, true]) {
      for (const [m, n, k] of shapes) {
        const a = Float32Array.from({ length: m * k }, () => rng.uniform(-1, 1));
        const b = Float32Array.from({ length: k * n }, () => rng.uniform(-1, 1));
        const c0 = Float32Array.from({ length: m * n }, () => rng.uniform(-1, 1));
        const want = Float64Array.from(c0);
        const scale = accumulate ? want.map(Math.abs) : new Float64Array(m * n);
        ref.gemm(transA, transB, m, n, k, Float64Array.from(a), Float64Array.from(b), want, accumulate);
        ref.gemm(transA, transB, m, n, k, Float64Array.from(a).map(Math.abs), Float64Array.from(b).map(Math.abs), scale, true);
        cases.push({ transA, transB, m, n, k, accumulate, a, b, c0, want, scale });
      }
    }
  }
  caseCache.set(key, cases);
  return cases;
}

/**
 * Runs every case on `kernels` with operands at odd element offsets of arrays from `alloc` (C pre-filled
 * with the case's values, garbage that accumulate = false must overwrite); fails on an error above
 * (k + 1)·1e-6·(Σ|a||b| + |c₀|). Returns the results (for bit comparisons).
 */
function runCases(kernels: Kernels<Float32Array>, cases: Case[], rng: Random, stacked = false): Float32Array[] {
  return cases.map((t) => {
    const { m, n, k } = t;
    const a = kernels.alloc(m * k + 8).subarray(1 + rng.int(4));
    const b = kernels.alloc(k * n + 8).subarray(1 + rng.int(7));
    const c = kernels.alloc(m * n + 8).subarray(rng.int(5));
    a.set(t.a);
    b.set(t.b);
    c.set(t.c0);
    const guard = c[m * n];
    kernels.gemm(t.transA, t.transB, m, n, k, a, b, c, t.accumulate, stacked);
    assert.equal(c[m * n], guard, 'wrote past the end of C');
    for (let i = 0; i < m * n; i++) {
      const bound = (k + 1) * 1e-6 * t.scale[i]! + 1e-30;
      const err = Math.abs(c[i]! - t.want[i]!) / bound;
      if (!(err <= 1)) {
        assert.fail(`${kernels.name}/${(kernels as NativeKernels).isa} gemm ${t.transA ? 'T' : 'N'}${t.transB ? 'T' : 'N'} m=${m} n=${n} k=${k} accumulate=${t.accumulate} [${i}]: ${c[i]} vs ${t.want[i]} (${err.toExponential(2)} × tolerance)`);
      }
    }
    return Float32Array.from(c.subarray(0, m * n));
  });
}

/** Asserts that two lists of arrays are equal bit for bit (NaN-aware, ±0 distinguished). */
function sameBits(x: ArrayLike<number>[], y: ArrayLike<number>[], what: string): void {
  x.forEach((a, t) => {
    const b = y[t]!;
    for (let i = 0; i < a.length; i++) if (!Object.is(a[i], b[i])) assert.fail(`${what}: case ${t} differs at [${i}]: ${a[i]} vs ${b[i]}`);
  });
}

/**
 * Bits of native results `x` against IEEE ones `y`: the same wherever `y` is normal or zero; where `y`
 * is subnormal the native kernels, which flush subnormals, give a zero.
 */
function sameBitsFlushed(x: ArrayLike<number>[], y: ArrayLike<number>[], what: string): number {
  let flushed = 0;
  x.forEach((a, t) => {
    const b = y[t]!;
    for (let i = 0; i < a.length; i++) {
      const subnormal = b[i] !== 0 && Math.abs(b[i]!) < 2 ** -126;
      if (subnormal && a[i] === 0) flushed++;
      else if (!Object.is(a[i], b[i])) assert.fail(`${what}: case ${t} differs at [${i}]: ${a[i]} vs ${b[i]}`);
    }
  });
  return flushed;
}

const SIZES = [0, 1, 2, 3, 5, 8, 13, 17, 33, 64, 200, 201];
const cube: [number, number, number][] = [];
for (const m of SIZES) for (const n of SIZES) for (const k of SIZES) if (m * n * k <= 2e5 || m * n * k === 0) cube.push([m, n, k]);
/**
 * Shapes past every blocking size (KC 256, NC 512), the thin and small-k paths, and the training shapes
 * (a weight gradient Aᵀ·B with k ≥ max(m, n) is summed in two halves of k: 257×17×600, 200×200×1500);
 * on AMX, products whose whole inner dimension is a merged tail (600×600×5: segments of 8, 520×600×13:
 * of 16) and tails after full steps (750×200×200, 201×201×201).
 */
const large: [number, number, number][] = [
  [200, 200, 200],
  [750, 200, 200],
  [201, 201, 201],
  [130, 530, 260],
  [257, 17, 600],
  [3, 1030, 5],
  [1500, 2, 200],
  [200, 2, 1500],
  [1500, 200, 2],
  [2, 200, 1500],
  [1500, 3, 203],
  [4, 1037, 301],
  [37, 1029, 33],
  [5, 9, 6000],
  [200, 1568, 200],
  [200, 200, 1500],
  [600, 600, 5],
  [520, 600, 13],
];

test('native kernels: the addon loads and reports its paths', { skip }, () => {
  assert.ok(ISAS.includes('portable'));
  assert.ok(ISAS.includes(status.isa as NativeIsa));
  const k = createNativeKernels({ threads: 1 });
  assert.equal(k.name, 'native');
  assert.equal(k.dtype, 'float32');
  assert.equal(k.threads, 1);
  assert.equal(k.isa, status.isa);
  for (const isa of ISAS) assert.ok(nativeFmaPeak(isa, 0.02) > 0.1, `${isa} probe`);
});

for (const isa of ISAS) {
  test(`native gemm (${isa}) matches the float64 reference on awkward sizes, all variants, 1 and 3 threads`, { skip }, () => {
    const cases = makeCases(cube, 1);
    const one = runCases(createNativeKernels({ isa, threads: 1 }), cases, new Random(2));
    const three = runCases(createNativeKernels({ isa, threads: 3 }), cases, new Random(3));
    sameBits(one, three, `${isa} 1 vs 3 threads`);
  });

  test(`native gemm (${isa}) on large, thin and small-k shapes: float64 reference, same bits for 1, 2 and 3 threads`, { skip }, () => {
    const cases = makeCases(large, 4);
    const runs = [1, 2, 3].map((threads) => runCases(createNativeKernels({ isa, threads }), cases, new Random(5)));
    sameBits(runs[0]!, runs[1]!, `${isa} 1 vs 2 threads`);
    sameBits(runs[0]!, runs[2]!, `${isa} 1 vs 3 threads`);
  });
}

/** Whether the native kernels sum a product in halves of k (native/dispatch.c, summed_in_halves). */
const summedInHalves = (t: GemmShape): boolean => t.transA && !t.transB && t.m > 0 && t.n > 0 && t.k >= 128 && t.k >= Math.max(t.m, t.n) && t.m * t.n <= 2 ** 20;

test('native gemm with k as two stacked streams: float64 reference, same bits for 1, 2 and 3 threads; a sum in halves takes half of each stream', { skip }, () => {
  // Weight gradients whose quarters are not summed in halves themselves, and the training shapes.
  const cases = makeCases([...large, [200, 200, 600], [150, 6, 400], [4, 150, 400], [300, 17, 1000]], 4);
  const runs = [1, 2, 3].map((threads) => runCases(createNativeKernels({ threads }), cases, new Random(5), true));
  sameBits(runs[0]!, runs[1]!, 'stacked, 1 vs 2 threads');
  sameBits(runs[0]!, runs[2]!, 'stacked, 1 vs 3 threads');
  // The weight gradients summed in halves (Aᵀ·B, k ≥ 128 and ≥ each side of C), composed of products
  // over the quarters, (C + Σ q0 + Σ q2) + (Σ q1 + Σ q3), where a quarter is not summed in halves itself.
  const k1 = createNativeKernels({ threads: 1 });
  let composed = 0;
  cases.forEach((t, i) => {
    const { m, n, k } = t;
    if (k % 2 !== 0 || !summedInHalves(t) || summedInHalves({ ...t, k: Math.ceil(k / 4) })) return;
    const half = k / 2, mid = Math.ceil(half / 2);
    const q = [0, mid, half, half + mid, k];
    const part = (j: number, c: Float32Array, accumulate: boolean): void =>
      k1.gemm(true, false, m, n, q[j + 1]! - q[j]!, t.a.subarray(q[j]! * m), t.b.subarray(q[j]! * n), c, accumulate);
    const first = Float32Array.from(t.c0), second = new Float32Array(m * n);
    part(0, first, t.accumulate);
    part(2, first, true);
    part(1, second, false);
    part(3, second, true);
    k1.add(m * n, first, second, first);
    sameBits([runs[0]![i]!], [first], `stacked ${m}×${n}×${k} accumulate=${t.accumulate} against its quarters`);
    composed++;
  });
  assert.ok(composed >= 8, `${composed} products summed in halves`);
});

test('native gemm: the blocked, small-k and thin-column paths give the same bits on AVX2 and AVX-512', { skip: skip || (!ISAS.includes('avx512') && 'no AVX-512 here') }, () => {
  // Both fuse each multiply-add and sum over p in the same order; only the dot-product path (op(A) rows
  // contiguous, few columns of C) depends on the vector width. AVX-512 reads up to 13 vectors of rows
  // of a one- or two-column C at once (200×2×1500; 197×2×50: a partial last vector; 430×1×40: two such
  // blocks and the rest), AVX2 four.
  const shapes: [number, number, number][] = [[750, 200, 200], [130, 530, 260], [1500, 200, 2], [2, 200, 1500], [257, 17, 600], [200, 2, 1500], [197, 2, 50], [430, 1, 40]];
  const cases = makeCases(shapes, 6).filter((t) => !(t.n <= 4 && !t.transA) && !(t.m <= 4 && t.transB));
  const a = runCases(createNativeKernels({ isa: 'avx512', threads: 2 }), cases, new Random(7));
  const b = runCases(createNativeKernels({ isa: 'avx2', threads: 2 }), cases, new Random(7));
  sameBits(a, b, 'avx512 vs avx2');
});

test('native gemm: the AMX path runs on tiles the products of ≥ 2²⁰ multiply-adds with op(A) transposed or m·n/(m+n) > 100, with other bits than AVX-512, within 8 float32 roundings of Σ|ab|', { skip: skip || (!ISAS.includes('amx') && 'no AMX here (CPU, compiler or OS permission)') }, () => {
  // 750×600×200: two blocks of op(B)'s columns; 130×530×2000: the inner dimension in slices (in each half).
  const cases = makeCases([[750, 200, 200], [200, 200, 1500], [130, 530, 260], [200, 1568, 200], [750, 600, 200], [130, 530, 2000]], 9);
  const tiles = runCases(createNativeKernels({ isa: 'amx', threads: 2 }), cases, new Random(8));
  const fma = runCases(createNativeKernels({ isa: 'avx512', threads: 2 }), cases, new Random(8));
  cases.forEach((t, i) => {
    const onTiles = t.m * t.n * t.k >= 2 ** 20 && (t.transA || t.m * t.n > 100 * (t.m + t.n));
    const worst = (c: Float32Array): number => c.reduce((w, v, j) => Math.max(w, Math.abs(v - t.want[j]!) / (t.scale[j]! + 1e-30)), 0);
    const differing = tiles[i]!.filter((v, j) => !Object.is(v, fma[i]![j])).length;
    const what = `case ${i} (${t.transA ? 'T' : 'N'}${t.transB ? 'T' : 'N'} ${t.m}×${t.n}×${t.k})`;
    assert.equal(differing > 0, onTiles, `${what}: ${differing} elements differ from the AVX-512 bits`);
    assert.ok(worst(tiles[i]!) <= 2 ** -21, `${what}: AMX error ${worst(tiles[i]!)} of Σ|ab| (AVX-512 ${worst(fma[i]!)})`);
  });
  if (!process.env.HNN_NATIVE_ISA) assert.notEqual(nativeKernelsStatus().isa, 'amx', 'AMX runs only when asked for');
});

for (const isa of ISAS) {
  test(`native activations (${isa}) match the float64 reference; tanh is the WebAssembly kernels' algorithm (its bits on the portable path), subnormals flushed`, { skip }, () => {
    const k = createNativeKernels({ isa, threads: 1 });
    const rng = new Random(11);
    const value = { y: 0, d1: 0, d2: 0 };
    for (const kind of ACTIVATION_KINDS) {
      for (const [rows, cols] of [[1, 1], [1, 3], [2, 5], [3, 7], [5, 9], [4, 16], [7, 200], [3, 201], [2, 33]] as [number, number][]) {
        for (const withBias of [false, true]) {
          const n = rows * cols;
          const x = k.alloc(n + 3).subarray(1 + rng.int(3));
          for (let i = 0; i < n; i++) x[i] = rng.uniform(-5, 5);
          const bias = withBias ? k.alloc(cols + 1).subarray(1) : null;
          if (bias) for (let i = 0; i < cols; i++) bias[i] = rng.uniform(-3, 3);
          const y = k.alloc(n + 1), d1 = k.alloc(n + 1), d2 = k.alloc(n + 1);
          y[n] = 7;
          k.activation(kind, rows, cols, x, bias, y, d1, d2);
          assert.equal(y[n], 7, 'wrote past the end');
          const tol = kind === 'relu' ? [0, 0, 0] : kind === 'tanh' ? [2, 3, 5] : [1, 1, 1];
          for (let i = 0; i < n; i++) {
            const z = Math.fround(bias ? x[i]! + bias[i % cols]! : x[i]!);
            SCALAR_ACTIVATIONS[kind](z, value);
            const where = `${isa} ${kind} ${rows}×${cols} bias=${withBias} [${i}] z=${z}`;
            assert.ok(ulps(y[i]!, Math.fround(value.y)) <= tol[0]!, `${where}: y ${y[i]} vs ${value.y}`);
            const d1Want = kind === 'tanh' ? sech2(z) : value.d1;
            const d2Want = kind === 'tanh' ? -2 * value.y * sech2(z) : value.d2;
            assert.ok(ulps(d1[i]!, Math.fround(d1Want)) <= tol[1]!, `${where}: σ′ ${d1[i]} vs ${d1Want}`);
            assert.ok(ulps(d2[i]!, Math.fround(d2Want)) <= tol[2]!, `${where}: σ″ ${d2[i]} vs ${d2Want}`);
          }
        }
      }
    }
    // tanh over all magnitudes: the WebAssembly kernels' algorithm, bit for bit on the portable path,
    // with fused multiply-adds (σ, σ″ within 3 ulps, σ′ within 1) where the ISA has them.
    if (wasmAvailable()) {
      const xs = tanhInputs(1 << 16);
      const n = xs.length;
      const w = createWasmKernels({ threads: 1 });
      const outs = [k, w].map((kk) => {
        const x = kk.alloc(n), y = kk.alloc(n), d1 = kk.alloc(n), d2 = kk.alloc(n);
        x.set(xs);
        kk.activation('tanh', 1, n, x, null, y, d1, d2);
        return [y, d1, d2];
      });
      if (isa === 'portable') assert.ok(sameBitsFlushed(outs[0]!, outs[1]!, `${isa} tanh vs wasm`) > 0, 'the inputs reach the subnormals');
      else {
        let differing = 0;
        outs[0]!.forEach((got, j) => {
          const want = outs[1]![j]!;
          for (let i = 0; i < n; i++) {
            if (Math.abs(want[i]!) < 2 ** -126) continue;
            const u = ulps(got[i]!, want[i]!);
            assert.ok(u <= (j === 1 ? 1 : 3), `${isa} tanh vs wasm, output ${j} at x=${xs[i]}: ${got[i]} vs ${want[i]}`);
            if (u > 0) differing++;
          }
        });
        assert.ok(differing > 0, 'fused multiply-adds change some roundings');
      }
    }
    // y may be x itself.
    const src = Float32Array.from({ length: 21 }, () => rng.uniform(-3, 3));
    const x = k.alloc(21), y = k.alloc(21), a = k.alloc(21), b = k.alloc(21), a2 = k.alloc(21), b2 = k.alloc(21);
    x.set(src);
    y.set(src);
    k.activation('tanh', 3, 7, x, null, x, a, b);
    const y2 = k.alloc(21);
    k.activation('tanh', 3, 7, y, null, y2, a2, b2);
    sameBits([x, a, b], [y2, a2, b2], 'in place');
  });

  test(`native mul, add, dual, addBias, column sums (from 512 rows in two halves) and Adam (${isa}) give the TypeScript float32 kernels' bits`, { skip }, () => {
    const k = createNativeKernels({ isa, threads: 1 });
    const rng = new Random(5);
    const pair = (n: number, s = 3): [Float32Array, Float32Array] => {
      const a = js32.alloc(n);
      for (let i = 0; i < n; i++) a[i] = rng.uniform(-s, s);
      const off = 1 + rng.int(2);
      const b = k.alloc(n + 3).subarray(off, off + n);
      b.set(a);
      return [a, b];
    };
    for (const n of [0, 1, 3, 4, 5, 17, 64, 203, 1000, 20001]) {
      const [a1, a2] = pair(n), [b1, b2] = pair(n), [o1, o2] = pair(n);
      js32.mul(n, a1, b1, o1);
      k.mul(n, a2, b2, o2);
      sameBits([o1.subarray(0, n)], [o2.subarray(0, n)], `mul n=${n}`);
      js32.add(n, a1, b1, o1);
      k.add(n, a2, b2, o2);
      sameBits([o1.subarray(0, n)], [o2.subarray(0, n)], `add n=${n}`);
      const [d11, d12] = pair(n, 1), [d21, d22] = pair(n, 1), [x1, x2] = pair(n), [g1, g2] = pair(n), [h1, h2] = pair(n), [t1, t2] = pair(n);
      for (const withT of [true, false]) {
        js32.activationDual(n, d11, d21, x1, g1, h1, o1, withT ? t1 : null);
        k.activationDual(n, d12, d22, x2, g2, h2, o2, withT ? t2 : null);
        sameBits([o1.subarray(0, n), t1.subarray(0, n)], [o2.subarray(0, n), t2.subarray(0, n)], `dual n=${n}`);
      }
    }
    for (const [rows, cols] of [[1, 1], [3, 7], [7, 200], [750, 200], [5, 67], [511, 9], [512, 9], [1501, 33]] as [number, number][]) {
      const n = rows * cols;
      const [y1, y2] = pair(n), [bias1, bias2] = pair(cols);
      js32.addBias(rows, cols, y1, bias1);
      k.addBias(rows, cols, y2, bias2);
      sameBits([y1], [y2.subarray(0, n)], `addBias ${rows}×${cols}`);
      // Rows in order; from 512 rows, the second half of the rows summed from zero and added after.
      const [acc1, acc2] = pair(cols);
      const first = rows < 512 ? rows : Math.ceil(rows / 2);
      js32.addColumnSums(first, cols, y1, acc1);
      if (first < rows) {
        const second = js32.alloc(cols);
        js32.addColumnSums(rows - first, cols, y1.subarray(first * cols), second);
        js32.add(cols, acc1, second, acc1);
      }
      k.addColumnSums(rows, cols, y2, acc2);
      sameBits([acc1], [acc2.subarray(0, cols)], `columnSums ${rows}×${cols}`);
    }
    for (const n of [1, 2, 7, 40200]) {
      const [v1, v2] = pair(n, 1), [g1, g2] = pair(n, 1);
      const m1 = js32.allocFloat64(n), s1 = js32.allocFloat64(n), m2 = k.allocFloat64(n), s2 = k.allocFloat64(n);
      for (let t = 1; t <= 3; t++) {
        const scalars = { weightDecay: 1e-4, beta1: 0.9, beta2: 0.999, stepSize: 1e-3 / (1 - 0.9 ** t), sqrtBc2: Math.sqrt(1 - 0.999 ** t), eps: 1e-8 };
        js32.adam(n, v1, g1, m1, s1, scalars);
        k.adam(n, v2, g2, m2, s2, scalars);
      }
      sameBits([v1, m1, s1], [v2.subarray(0, n), m2, s2], `adam n=${n}`);
    }
  });

  test(`native element-wise kernels and Adam (${isa}) give the same bits with 1, 2 and 3 threads`, { skip }, () => {
    const sets = [1, 2, 3].map((threads) => createNativeKernels({ isa, threads }));
    const rng = new Random(4);
    const rows = 750, cols = 200, n = rows * cols;
    const same = (len: number, s = 3): Float32Array[] => {
      const values = Float32Array.from({ length: len }, () => rng.uniform(-s, s));
      return sets.map((k) => {
        const a = k.alloc(len + 1).subarray(1);
        a.set(values);
        return a;
      });
    };
    const x = same(n, 4), bias = same(cols), y = same(n), d1 = same(n), d2 = same(n);
    for (const kind of ACTIVATION_KINDS) {
      sets.forEach((s, t) => s.activation(kind, rows, cols, x[t]!, bias[t]!, y[t]!, d1[t]!, d2[t]!));
      for (const arrays of [y, d1, d2]) sameBits(arrays.slice(1), [arrays[0]!, arrays[0]!], `${kind}`);
    }
    const g = same(n), h = same(n), out = same(n), outT = same(n);
    const check = (arrays: Float32Array[] | Float64Array[], what: string): void => sameBits(arrays.slice(1), [arrays[0]!, arrays[0]!], what);
    sets.forEach((s, t) => s.mul(n, d1[t]!, g[t]!, out[t]!));
    check(out, 'mul');
    sets.forEach((s, t) => s.add(n, d1[t]!, g[t]!, out[t]!));
    check(out, 'add');
    sets.forEach((s, t) => s.activationDual(n, d1[t]!, d2[t]!, x[t]!, g[t]!, h[t]!, out[t]!, outT[t]!));
    check(out, 'dual');
    check(outT, 'dual tangent');
    sets.forEach((s, t) => s.addBias(rows, cols, y[t]!, bias[t]!));
    check(y, 'addBias');
    const acc = same(cols);
    sets.forEach((s, t) => s.addColumnSums(rows, cols, g[t]!, acc[t]!));
    check(acc, 'column sums');
    const p = 40200;
    const v = same(p, 1), grad = same(p, 1);
    const m = sets.map((s) => s.allocFloat64(p)), w = sets.map((s) => s.allocFloat64(p));
    const scalars = { weightDecay: 1e-4, beta1: 0.9, beta2: 0.999, stepSize: 1e-2, sqrtBc2: Math.sqrt(1 - 0.999), eps: 1e-8 };
    sets.forEach((s, t) => s.adam(p, v[t]!, grad[t]!, m[t]!, w[t]!, scalars));
    check(v, 'adam value');
    check(m, 'adam m');
    check(w, 'adam v');
  });
}

test('native Adam inside the TypeScript optimiser equals the TypeScript kernels bit for bit', { skip }, () => {
  const rng = new Random(8);
  const n = 1000;
  const init = Float32Array.from({ length: n }, () => rng.uniform(-1, 1));
  const grads = Array.from({ length: 5 }, () => Float32Array.from({ length: n }, () => rng.uniform(-1, 1)));
  const run = (k: Kernels<Float32Array>): Float32Array => {
    const param = { name: 'w', shape: [n], value: k.alloc(n), grad: k.alloc(n) };
    param.value.set(init);
    const opt = new Adam([param], { lr: 1e-2, weightDecay: 1e-4 }, k);
    for (const g of grads) {
      param.grad.set(g);
      opt.step();
    }
    return Float32Array.from(param.value);
  };
  sameBits([run(createNativeKernels({ threads: 2 }))], [run(js32)], 'Adam');
});

// The models' gradients on native kernels equal the float64 engine's to float32 precision.
test('native training (spring HNN and baseline, full batch of 750; the default path and AMX where it runs): losses within float32 tolerance of the wasm kernels', { skip }, () => {
  const data = generateSpringDataset({ seed: 0 });
  const mlp = { inputDim: 2, hiddenDim: 200, hiddenLayers: 2, activation: 'tanh' as const, outputDim: 2 };
  for (const spec of [
    { kind: 'hnn', field: 'solenoidal', mlp },
    { kind: 'baseline', mlp },
  ] as StateModelSpec[]) {
    const run = (k: Kernels<Float32Array>) => {
      const model = createModel(k, spec, new Random(0));
      const result = train(model, data, { steps: 30, batchSize: null, lr: 1e-3, weightDecay: 1e-4, seed: 1, logEvery: 5 });
      return result.history;
    };
    if (!wasmAvailable()) continue;
    const wasm = run(createWasmKernels({ threads: 1 }));
    for (const isa of new Set<NativeIsa>([status.isa as NativeIsa, ...(ISAS.includes('amx') ? ['amx' as const] : [])])) {
      run(createNativeKernels({ isa, threads: 1 })).forEach((h, i) => {
        const w = wasm[i]!;
        for (const key of ['trainLoss', 'testLoss'] as const) {
          const rel = Math.abs(h[key] - w[key]) / Math.abs(w[key]);
          assert.ok(rel <= 1e-4, `${spec.kind} step ${h.step} ${key}: native (${isa}) ${h[key]} vs wasm ${w[key]} (relative ${rel.toExponential(2)})`);
        }
      });
    }
  }
});

test('native products flush subnormals on every thread of a split call, Adam keeps them on every thread, and JavaScript keeps IEEE arithmetic', { skip }, () => {
  const [m, n, k] = [750, 200, 200];
  // Even rows of A hold 1e-20: their products with B's 1e-20 are subnormal (1e-40); odd rows hold 0.5.
  const a = Float32Array.from({ length: m * k }, (_, i) => (Math.floor(i / k) % 2 === 0 ? 1e-20 : 0.5));
  const b = Float32Array.from({ length: k * n }, () => 1e-20);
  assert.ok(Math.fround(k * 1e-40) >= 2 ** -126, 'IEEE arithmetic would sum the subnormal products to a normal number');
  const outs = [1, 2, 3].map((threads) => {
    const c = new Float32Array(m * n);
    createNativeKernels({ threads }).gemm(false, false, m, n, k, a, b, c, false);
    return c;
  });
  sameBits(outs.slice(1), [outs[0]!, outs[0]!], 'threads');
  for (let r = 0; r < m; r++) {
    const v = outs[2]![r * n + n - 1]!;
    if (r % 2 === 0) assert.equal(v, 0, `row ${r}: flushed on every thread`);
    else assert.ok(Math.abs(v - k * 0.5e-20) < 1e-24, `row ${r}: ${v}`);
  }
  assert.ok(Math.fround(1e-40) > 0 && 2 ** -1074 * 3 > 2 ** -1074, 'JavaScript keeps IEEE subnormals');
  // Adam keeps IEEE arithmetic on every thread: its step 1e-2·m of a parameter 1e-30 is a subnormal float32.
  const count = 40000;
  const adams = [new JsKernels<Float32Array>('float32'), ...[1, 2, 3].map((threads) => createNativeKernels({ threads }))].map((kk) => {
    const value = kk.alloc(count), grad = kk.alloc(count), mm = kk.allocFloat64(count), vv = kk.allocFloat64(count);
    value.fill(1e-30);
    kk.adam(count, value, grad, mm, vv, { weightDecay: 1e-5, beta1: 0.9, beta2: 0.999, stepSize: 1e-2, sqrtBc2: 0.0316, eps: 1e-8 });
    return value;
  });
  assert.notEqual(adams[0]![0], Math.fround(1e-30), 'the subnormal step moved the parameter');
  sameBits(adams.slice(1), [adams[0]!, adams[0]!, adams[0]!], 'Adam on 1, 2, 3 threads against TypeScript');
});

test('native kernels on a thread budget read their thread count at every call and train to the bits of a fixed count', { skip }, () => {
  const data = generateSpringDataset({ seed: 0 });
  const spec: StateModelSpec = { kind: 'hnn', field: 'solenoidal', mlp: { inputDim: 2, hiddenDim: 200, hiddenLayers: 2, activation: 'tanh', outputDim: 2 } };
  const budget = new Int32Array(new SharedArrayBuffer(4));
  const shared = createNativeKernels({ threads: 1, threadBudget: budget });
  for (const [slot, threads] of [[3, 3], [0, 1], [99, 16]]) {
    Atomics.store(budget, 0, slot);
    assert.equal(shared.threads, threads, `slot ${slot}`);
  }
  const run = (k: Kernels<Float32Array>, onStep: (step: number) => void) => {
    const model = createModel(k, spec, new Random(0));
    const result = train(model, data, { steps: 12, batchSize: null, lr: 1e-3, weightDecay: 1e-4, seed: 1, logEvery: 1, onProgress: (p) => onStep(p.step) });
    return { history: result.history, weights: model.params().map((q) => Array.from(q.value)) };
  };
  const fixed = run(createNativeKernels({ threads: 2 }), () => {});
  const moving = run(shared, (step) => Atomics.store(budget, 0, 1 + (step % 3)));
  assert.deepEqual(moving, fixed);
});

test('native kernels reject bad arguments with errors, never a crash', { skip }, () => {
  const k = createNativeKernels({ threads: 2 });
  const a = k.alloc(4), b = k.alloc(4), c = k.alloc(4);
  assert.throws(() => k.gemm(false, false, 2, 2, 3, a, b, c, false), RangeError);
  assert.throws(() => k.gemm(false, false, -1, 2, 2, a, b, c, false), RangeError);
  assert.throws(() => k.gemm(false, false, 2, 2.5, 2, a, b, c, false), RangeError);
  assert.throws(() => k.gemm(false, false, 2, 2, 2, new Float64Array(4) as unknown as Float32Array, b, c, false), TypeError);
  assert.throws(() => k.gemm(false, false, 2, 2, 2, a, b, a, false), /overlaps/);
  assert.throws(() => k.mul(5, a, b, c), RangeError);
  assert.throws(() => k.mul(-1, a, b, c), RangeError);
  assert.throws(() => k.activation('tanh', 2, 4, a, k.alloc(3), b, c, k.alloc(8)), RangeError);
  assert.throws(() => k.activation('nope' as never, 1, 4, a, null, b, c, k.alloc(4)), /unknown activation/);
  assert.throws(() => k.adam(4, a, b, new Float32Array(4) as unknown as Float64Array, k.allocFloat64(4), { weightDecay: 0, beta1: 0.9, beta2: 0.999, stepSize: 1e-3, sqrtBc2: 1, eps: 1e-8 }), TypeError);
  assert.throws(() => k.alloc(-1), RangeError);
  assert.throws(() => k.alloc(1.5), RangeError);
  // More than any address space holds (2⁵⁰ bytes): an input error naming the batch size, not a crash.
  assert.throws(() => k.alloc(2 ** 48), (e: unknown) => e instanceof InputError && /out of memory .*a smaller batch size/.test((e as Error).message));
  for (const bad of [0, -1, 1.5, 17, NaN]) assert.throws(() => createNativeKernels({ threads: bad }), RangeError);
  assert.throws(() => createNativeKernels({ isa: 'sse9' as NativeIsa }), RangeError);
  // The addon itself checks what it is given (the wrapper's checks bypassed).
  const addon = (k as unknown as { addon: Record<string, (...args: unknown[]) => unknown> }).addon;
  assert.throws(() => addon.gemm!(2, 1, 0, 2, 2, 2, a, b), TypeError);
  assert.throws(() => addon.gemm!(9, 1, 0, 2, 2, 2, a, b, c), RangeError);
  assert.throws(() => addon.gemm!(0, 99, 0, 2, 2, 2, a, b, c), RangeError);
  assert.throws(() => addon.gemm!(0, 1, 0, 2, 2, 3, a, b, c), RangeError);
  assert.throws(() => addon.gemm!(0, 1, 0, 2, 2, 2, 'a', b, c), TypeError);
  assert.throws(() => addon.mul!(0, 1, 1e6, a, b, c), RangeError);
  assert.throws(() => addon.dual!(0, 1, 4, a, b, c, a, b, c, 'x'), TypeError);
  assert.throws(() => addon.activation!(0, 1, 7, 1, 4, a, null, b, c, c), RangeError);
  // Still working after the refusals; allocations are 64-byte aligned and zero.
  a.set([1, 2, 3, 4]);
  b.set([1, 0, 0, 1]);
  k.gemm(false, false, 2, 2, 2, a, b, c, false);
  assert.deepEqual([...c], [1, 2, 3, 4]);
  for (const n of [0, 1, 3, 17, 1000]) {
    const x = k.alloc(n), y = k.allocFloat64(n);
    assert.equal(x.length, n);
    assert.ok((addon.misalignment!(x) as number) === 0 && (addon.misalignment!(y) as number) === 0);
    assert.ok(x.every((v) => v === 0) && y.every((v) => v === 0));
  }
});

test('HNN_NATIVE_ISA forces the path in a fresh process, and a bad value is reported, not crashed on', { skip }, () => {
  const module = fileURLToPath(new URL('../src/node/native-kernels.js', import.meta.url));
  const script = `import('${module.replace(/\\/g, '/')}').then((m) => { const s = m.nativeKernelsStatus(); if (s.available) { const k = m.createNativeKernels({ threads: 2 }); const a = k.alloc(6), b = k.alloc(6), c = k.alloc(4); a.set([1,2,3,4,5,6]); b.set([1,0,0,1,1,1]); k.gemm(false, false, 2, 2, 3, a, b, c, false); s.result = [...c]; s.kernelIsa = k.isa; } console.log(JSON.stringify(s)); });`;
  const run = (value: string): { available: boolean; isa?: string; reason?: string; kernelIsa?: string; result?: number[] } => {
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, HNN_NATIVE_ISA: value } });
    assert.equal(child.status, 0, child.stderr);
    return JSON.parse(child.stdout.trim().split('\n').pop()!);
  };
  for (const isa of ISAS) {
    const s = run(isa);
    assert.equal(s.available, true);
    assert.equal(s.isa, isa);
    assert.equal(s.kernelIsa, isa);
    assert.deepEqual(s.result, [4, 5, 10, 11]);
  }
  const bad = run('sse9');
  assert.equal(bad.available, false);
  assert.match(bad.reason!, /HNN_NATIVE_ISA=sse9/);
  if (!ISAS.includes('avx512')) assert.equal(run('avx512').available, false);
});
