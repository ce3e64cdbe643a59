import { test } from 'node:test';
import { sech2, tanhInputs, ulps } from './helpers/float32.js';
import assert from 'node:assert/strict';
import { Random } from '../src/core/random.js';
import { SCALAR_ACTIVATIONS, ACTIVATION_KINDS } from '../src/kernels/activations.js';
import { JsKernels } from '../src/kernels/js.js';
import type { ActivationKind, Kernels } from '../src/kernels/types.js';
import { createWasmKernels } from '../src/node/kernels.js';
import { createNativeKernels, nativeKernelsStatus } from '../src/node/native-kernels.js';



test('wasm tanh is within 2 ulp of Math.tanh over all float32 magnitudes; σ′ within 3 ulp and σ″ within 5 ulp of the exact values', () => {
  const k = createWasmKernels({ threads: 1 });
  const xs = tanhInputs(1 << 19);
  const n = xs.length;
  const x = k.alloc(n), y = k.alloc(n), d1 = k.alloc(n), d2 = k.alloc(n);
  x.set(xs);
  k.activation('tanh', 1, n, x, null, y, d1, d2);
  let worstY = 0, worstD1 = 0, worstD2 = 0, exact = 0;
  for (let i = 0; i < n; i++) {
    const v = x[i]!;
    const t = Math.tanh(v);
    const s = Number.isNaN(v) ? NaN : sech2(v);
    const ey = ulps(y[i]!, Math.fround(t));
    if (ey === 0) exact++;
    worstY = Math.max(worstY, ey);
    // Derivatives below ~1e-36 (|x| > 42) count as zero: the kernel flushes them, as float64's 1 − y² does.
    const tiny = (got: number, want: number): boolean => Math.abs(got) < 1e-36 && Math.abs(want) < 1e-36;
    if (!tiny(d1[i]!, s)) worstD1 = Math.max(worstD1, ulps(d1[i]!, Math.fround(s)));
    if (!tiny(d2[i]!, -2 * t * s)) worstD2 = Math.max(worstD2, ulps(d2[i]!, Math.fround(-2 * t * s)));
  }
  assert.ok(worstY <= 2, `tanh: worst ${worstY} ulp`);
  assert.ok(exact / n > 0.85, `tanh: only ${((100 * exact) / n).toFixed(1)}% correctly rounded`);
  assert.ok(worstD1 <= 3, `σ′: worst ${worstD1} ulp`);
  assert.ok(worstD2 <= 5, `σ″: worst ${worstD2} ulp`);
  // Signs, zeros and the limits.
  assert.ok(Object.is(y[0], 0) && Object.is(y[1], -0));
  assert.deepEqual([y[2], d1[2], d2[2], y[3], d1[3], d2[3]], [1, 0, -0, -1, 0, 0]); // as float64 gives: −2·1·0 = −0
  assert.ok(Number.isNaN(y[4]!) && Number.isNaN(d1[4]!) && Number.isNaN(d2[4]!));
});

/** Random float32 data of `n` values in [−s, s] from a kernel set's memory. */
function randomArray(k: Kernels<Float32Array>, rng: Random, n: number, s = 3): Float32Array {
  const a = k.alloc(n + 3).subarray(1 + rng.int(3)); // odd offsets: not 16-byte aligned
  for (let i = 0; i < n; i++) a[i] = rng.uniform(-s, s);
  return a;
}

const SHAPES: [number, number][] = [
  [1, 1],
  [1, 3],
  [2, 5],
  [3, 7],
  [5, 9],
  [4, 16],
  [7, 200],
  [3, 201],
];

/**
 * Largest tolerated ulp distance from the float64 reference (for tanh: exact σ′, σ″), per activation
 * and backend. The TypeScript kernels apply the reference formulas themselves (tanh's 1 − y² rounds
 * within an ulp of the exact σ′); the WebAssembly kernels use a float32 tanh, and evaluate sigmoid and
 * softplus in float64 with their own exp/log1p (which may differ from V8's in the last bit).
 */
function activationTolerance(kind: ActivationKind, backend: string): { y: number; d1: number; d2: number } {
  if (kind === 'relu') return { y: 0, d1: 0, d2: 0 };
  if (kind === 'tanh') return backend === 'wasm' ? { y: 2, d1: 3, d2: 5 } : { y: 0, d1: 1, d2: 1 };
  return backend === 'wasm' ? { y: 1, d1: 1, d2: 1 } : { y: 0, d1: 0, d2: 0 };
}

for (const [backend, make] of [
  ['js', () => new JsKernels<Float32Array>('float32')],
  ['wasm', () => createWasmKernels({ threads: 1 })],
] as const) {
  test(`${backend} activation kernels (with and without bias, all widths) match the float64 reference`, () => {
    const k = make();
    const rng = new Random(11);
    const value = { y: 0, d1: 0, d2: 0 };
    for (const kind of ACTIVATION_KINDS) {
      const tol = activationTolerance(kind, backend);
      for (const [rows, cols] of SHAPES) {
        for (const withBias of [false, true]) {
          const n = rows * cols;
          const x = randomArray(k, rng, n, 5);
          const bias = withBias ? randomArray(k, rng, cols) : null;
          const y = randomArray(k, rng, n), d1 = randomArray(k, rng, n), d2 = randomArray(k, rng, n);
          const guard = y[n]; // the element after y must stay untouched
          k.activation(kind, rows, cols, x, bias, y, d1, d2);
          assert.equal(y[n], guard, `${kind}: wrote past the end`);
          for (let i = 0; i < n; i++) {
            const z = Math.fround(bias ? x[i]! + bias[i % cols]! : x[i]!);
            SCALAR_ACTIVATIONS[kind](z, value);
            const d1Want = kind === 'tanh' ? sech2(z) : value.d1;
            const d2Want = kind === 'tanh' ? -2 * value.y * sech2(z) : value.d2;
            const where = `${backend} ${kind} ${rows}×${cols} bias=${withBias} [${i}] z=${z}`;
            assert.ok(ulps(y[i]!, Math.fround(value.y)) <= tol.y, `${where}: y ${y[i]} vs ${value.y}`);
            assert.ok(ulps(d1[i]!, Math.fround(d1Want)) <= tol.d1, `${where}: σ′ ${d1[i]} vs ${d1Want}`);
            assert.ok(ulps(d2[i]!, Math.fround(d2Want)) <= tol.d2, `${where}: σ″ ${d2[i]} vs ${d2Want}`);
          }
        }
      }
    }
    // y may be x itself.
    const src = Float32Array.from({ length: 10 }, () => rng.uniform(-3, 3));
    const x = k.alloc(10), a = k.alloc(10), b = k.alloc(10);
    x.set(src);
    k.activation('tanh', 2, 5, x, null, x, a, b);
    const x2 = k.alloc(10), y2 = k.alloc(10), a2 = k.alloc(10), b2 = k.alloc(10);
    x2.set(src);
    k.activation('tanh', 2, 5, x2, null, y2, a2, b2);
    assert.deepEqual([...x], [...y2]);
    assert.deepEqual([...a], [...a2]);
    assert.deepEqual([...b], [...b2]);
  });
}

test('wasm mul, add, dual, addBias, column sums and Adam equal the TypeScript float32 kernels bit for bit', () => {
  const js = new JsKernels<Float32Array>('float32');
  const wasm = createWasmKernels({ threads: 1 });
  const rng = new Random(5);
  /** The same random data in both kernel sets. */
  const pair = (n: number, s = 3): [Float32Array, Float32Array] => {
    const a = randomArray(js, rng, n, s);
    const b = randomArray(wasm, rng, n, s);
    b.set(a.subarray(0, n));
    return [a, b];
  };
  const same = (a: Float32Array | Float64Array, b: Float32Array | Float64Array, n: number, what: string): void => {
    for (let i = 0; i < n; i++) if (!Object.is(a[i], b[i])) assert.fail(`${what}[${i}]: js ${a[i]} wasm ${b[i]}`);
  };
  for (const n of [1, 3, 4, 5, 17, 64, 203, 1000]) {
    const [a1, a2] = pair(n), [b1, b2] = pair(n), [o1, o2] = pair(n);
    js.mul(n, a1, b1, o1);
    wasm.mul(n, a2, b2, o2);
    same(o1, o2, n, `mul n=${n}`);
    js.add(n, a1, b1, o1);
    wasm.add(n, a2, b2, o2);
    same(o1, o2, n, `add n=${n}`);
    const [d11, d12] = pair(n, 1), [d21, d22] = pair(n, 1), [x1, x2] = pair(n), [g1, g2] = pair(n), [h1, h2] = pair(n), [t1, t2] = pair(n);
    for (const withT of [true, false]) {
      js.activationDual(n, d11, d21, x1, g1, h1, o1, withT ? t1 : null);
      wasm.activationDual(n, d12, d22, x2, g2, h2, o2, withT ? t2 : null);
      same(o1, o2, n, `dual n=${n}`);
      same(t1, t2, n, `dual tangent n=${n}`);
    }
  }
  for (const [rows, cols] of SHAPES) {
    const n = rows * cols;
    const [y1, y2] = pair(n), [bias1, bias2] = pair(cols);
    js.addBias(rows, cols, y1, bias1);
    wasm.addBias(rows, cols, y2, bias2);
    same(y1, y2, n, `addBias ${rows}×${cols}`);
    const [acc1, acc2] = pair(cols);
    js.addColumnSums(rows, cols, y1, acc1);
    wasm.addColumnSums(rows, cols, y2, acc2);
    same(acc1, acc2, cols, `columnSums ${rows}×${cols}`);
  }
  // Adam: several steps with weight decay, moments in float64.
  for (const n of [1, 2, 7, 40200]) {
    const [v1, v2] = pair(n, 1), [g1, g2] = pair(n, 1);
    const m1 = js.allocFloat64(n), s1 = js.allocFloat64(n), m2 = wasm.allocFloat64(n), s2 = wasm.allocFloat64(n);
    for (let t = 1; t <= 3; t++) {
      const scalars = { weightDecay: 1e-4, beta1: 0.9, beta2: 0.999, stepSize: 1e-3 / (1 - 0.9 ** t), sqrtBc2: Math.sqrt(1 - 0.999 ** t), eps: 1e-8 };
      js.adam(n, v1, g1, m1, s1, scalars);
      wasm.adam(n, v2, g2, m2, s2, scalars);
    }
    same(v1, v2, n, `adam value n=${n}`);
    same(m1, m2, n, `adam m n=${n}`);
    same(s1, s2, n, `adam v n=${n}`);
  }
});

test('Adam on float32 parameters stays within float32 rounding of torch.optim.Adam in float64', () => {
  const rng = new Random(12);
  const n = 4096, steps = 5;
  const start = Float64Array.from({ length: n }, () => Math.fround(rng.uniform(-1, 1) * 10 ** rng.uniform(-4, 1)));
  const grads = Array.from({ length: steps }, () => Float64Array.from({ length: n }, () => Math.fround(rng.uniform(-1, 1) * 10 ** rng.uniform(-8, 1))));
  const scalars = (t: number) => ({ weightDecay: 1e-4, beta1: 0.9, beta2: 0.999, stepSize: 1e-3 / (1 - 0.9 ** t), sqrtBc2: Math.sqrt(1 - 0.999 ** t), eps: 1e-8 });
  const k = new JsKernels<Float32Array>('float32');
  const value = k.alloc(n), grad = k.alloc(n), m = k.allocFloat64(n), v = k.allocFloat64(n);
  value.set(start);
  // torch.optim.Adam's update, in float64; `path` sums the steps' sizes.
  const want = Float64Array.from(start), wm = new Float64Array(n), wv = new Float64Array(n), path = new Float64Array(n);
  for (let t = 1; t <= steps; t++) {
    const s = scalars(t);
    grad.set(grads[t - 1]!);
    k.adam(n, value, grad, m, v, s);
    for (let i = 0; i < n; i++) {
      const g = grads[t - 1]![i]! + s.weightDecay * want[i]!;
      wm[i] = s.beta1 * wm[i]! + (1 - s.beta1) * g;
      wv[i] = s.beta2 * wv[i]! + (1 - s.beta2) * g * g;
      const step = (s.stepSize * wm[i]!) / (Math.sqrt(wv[i]!) / s.sqrtBc2 + s.eps);
      want[i] -= step;
      path[i] += Math.abs(step);
    }
  }
  for (let i = 0; i < n; i++) {
    // Per step: half an ulp of the stored value, and about three ulps of the step (six float32 roundings).
    const bound = 2 ** -24 * (steps * Math.abs(want[i]!) + 8 * path[i]!);
    assert.ok(Math.abs(value[i]! - want[i]!) <= bound, `parameter ${i}: float32 ${value[i]} against float64 ${want[i]} (start ${start[i]})`);
  }
});

test('Adam flushes parameters that fall below the smallest normal float32 to zero, the same in every backend', () => {
  const MIN = 2 ** -126;
  const start = [3e-39, -1e-40, 2 ** -149, MIN, -MIN, 1.5 * MIN, 1e-30, 0.5, -2, 0];
  const grads = [0, 0, 0, 0, 0, 1e-30, 0, 0.1, -0.3, 0];
  const n = start.length;
  const sets: Kernels<Float32Array>[] = [new JsKernels<Float32Array>('float32'), createWasmKernels({ threads: 1 })];
  if (nativeKernelsStatus().available) sets.push(createNativeKernels({ threads: 1 }));
  const results = sets.map((k) => {
    const value = k.alloc(n), grad = k.alloc(n), m = k.allocFloat64(n), v = k.allocFloat64(n);
    value.set(start);
    grad.set(grads);
    for (let t = 1; t <= 3; t++) k.adam(n, value, grad, m, v, { weightDecay: 1e-5, beta1: 0.9, beta2: 0.999, stepSize: 1e-3 / (1 - 0.9 ** t), sqrtBc2: Math.sqrt(1 - 0.999 ** t), eps: 1e-8 });
    return Array.from(value);
  });
  for (const [i, r] of results.entries()) {
    assert.deepEqual(r, results[0], `${sets[i]!.name} against ${sets[0]!.name}`);
    for (const x of r) assert.ok(x === 0 || Math.abs(x) >= MIN, `${sets[i]!.name}: ${x} is subnormal`);
  }
  assert.ok(Object.is(results[0]![0], 0) && Object.is(results[0]![2], 0), 'subnormal parameters without gradient become +0');
  assert.notEqual(results[0]![7], Math.fround(0.5), 'normal parameters move');
});

test('wasm element-wise kernels reject arrays from elsewhere, of the wrong type, or too short', () => {
  const k = createWasmKernels({ threads: 1 });
  const a = k.alloc(8), b = k.alloc(8), c = k.alloc(8);
  assert.throws(() => k.mul(8, new Float32Array(8), b, c), /must come from this kernel set's alloc/);
  assert.throws(() => k.add(9, a, b, c), RangeError);
  assert.throws(() => k.activation('tanh', 2, 4, a, k.alloc(3), b, c, k.alloc(8)), RangeError);
  assert.throws(() => k.activation('nope' as ActivationKind, 2, 4, a, null, b, c, k.alloc(8)), /unknown activation/);
  assert.throws(() => k.adam(8, a, b, new Float64Array(8), k.allocFloat64(8), { weightDecay: 0, beta1: 0.9, beta2: 0.999, stepSize: 1e-3, sqrtBc2: 1, eps: 1e-8 }), /allocFloat64/);
  const m = k.allocFloat64(5);
  assert.ok(m instanceof Float64Array && m.byteOffset % 8 === 0 && m.every((v) => v === 0));
});
