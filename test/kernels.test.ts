import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../src/core/random.js';
import { InputError } from '../src/core/errors.js';
import { JsKernels } from '../src/kernels/js.js';
import type { Kernels } from '../src/kernels/types.js';
import { createWasmKernels } from '../src/node/kernels.js';
import { wasmAvailable, WasmKernels } from '../src/kernels/wasm.js';

const SIZES = [1, 2, 3, 5, 7, 8, 13, 31, 64, 200, 201];
const VARIANTS: [boolean, boolean][] = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
];
const ref = new JsKernels<Float64Array>('float64');

/** Worst |got − want| / bound over all entries, where bound = (k + 1)·1e-6·(Σ_p |a||b| + |c₀|). */
function gemmError(
  kernels: Kernels<Float32Array>,
  transA: boolean,
  transB: boolean,
  m: number,
  n: number,
  k: number,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  accumulate: boolean,
): number {
  const a64 = Float64Array.from(a.subarray(0, m * k));
  const b64 = Float64Array.from(b.subarray(0, k * n));
  const want = Float64Array.from(c.subarray(0, m * n));
  const scale = accumulate ? want.map(Math.abs) : new Float64Array(m * n);
  ref.gemm(transA, transB, m, n, k, a64, b64, want, accumulate);
  ref.gemm(transA, transB, m, n, k, a64.map(Math.abs), b64.map(Math.abs), scale, true);
  kernels.gemm(transA, transB, m, n, k, a, b, c, accumulate);
  let worst = 0;
  for (let i = 0; i < m * n; i++) {
    const bound = (k + 1) * 1e-6 * scale[i]! + 1e-30;
    const err = Math.abs(c[i]! - want[i]!) / bound;
    if (!(err <= worst)) worst = Number.isNaN(err) ? Infinity : err;
  }
  return worst;
}

/**
 * Runs every transpose variant × accumulate × (m, n, k) in `shapes` on `kernels`, with operands as
 * subarray views at odd element offsets (4-byte but not 16-byte aligned) of arrays from `alloc`,
 * and C pre-filled with garbage (which accumulate = false must overwrite).
 */
function checkShapes(kernels: Kernels<Float32Array>, shapes: [number, number, number][], seed: number): void {
  const rng = new Random(seed);
  let maxA = 0, maxB = 0, maxC = 0;
  for (const [m, n, k] of shapes) {
    maxA = Math.max(maxA, m * k);
    maxB = Math.max(maxB, k * n);
    maxC = Math.max(maxC, m * n);
  }
  const bufA = kernels.alloc(maxA + 8), bufB = kernels.alloc(maxB + 8), bufC = kernels.alloc(maxC + 8);
  let failures = 0;
  for (const [transA, transB] of VARIANTS) {
    for (const accumulate of [false, true]) {
      for (const [m, n, k] of shapes) {
        const a = bufA.subarray(1 + rng.int(4));
        const b = bufB.subarray(1 + rng.int(7));
        const c = bufC.subarray(rng.int(5));
        for (let i = 0; i < m * k; i++) a[i] = rng.uniform(-1, 1);
        for (let i = 0; i < k * n; i++) b[i] = rng.uniform(-1, 1);
        for (let i = 0; i < m * n; i++) c[i] = rng.uniform(-1, 1);
        const err = gemmError(kernels, transA, transB, m, n, k, a, b, c, accumulate);
        if (!(err <= 1)) {
          failures++;
          assert.fail(
            `${kernels.name} gemm transA=${transA} transB=${transB} m=${m} n=${n} k=${k} accumulate=${accumulate}: ` +
              `error ${err.toExponential(2)} × tolerance`,
          );
        }
      }
    }
  }
  assert.equal(failures, 0);
}

// Every combination of the awkward sizes up to 10⁶ multiply-adds, plus the largest ones.
const cube: [number, number, number][] = [[200, 200, 200], [201, 201, 201], [64, 201, 200], [201, 200, 64]];
for (const m of SIZES) for (const n of SIZES) for (const k of SIZES) if (m * n * k <= 1e6) cube.push([m, n, k]);
// Shapes past the wasm blocking sizes (MC = 128 rows, NC = 512 columns, KC = 256 deep), and the
// training shapes' thin relatives.
const blocking: [number, number, number][] = [
  [130, 530, 260],
  [257, 17, 600],
  [3, 1030, 5],
  [1500, 2, 200],
  [200, 2, 1500],
  [1500, 200, 2],
  [2, 200, 1500],
  [1500, 3, 203],
  [4, 1037, 301],
];

test('wasm kernels are available after the build', () => {
  assert.equal(wasmAvailable(), true, 'build/kernels.wasm missing or not runnable: run `npm run build`');
});

test('wasm gemm matches the float64 reference on awkward sizes, all variants', () => {
  const k = createWasmKernels();
  assert.equal(k.name, 'wasm');
  assert.equal(k.dtype, 'float32');
  checkShapes(k, cube, 1);
});

test('wasm gemm matches the float64 reference past the blocking sizes and on thin shapes', () => {
  checkShapes(createWasmKernels(), blocking, 2);
});

test('js float32 gemm matches the float64 reference on awkward sizes, all variants', () => {
  const k = new JsKernels<Float32Array>('float32');
  checkShapes(k, cube, 3);
});

test('js kernels: an array they cannot hold is an input error naming a smaller batch size; a bad size a RangeError', () => {
  for (const k of [new JsKernels<Float32Array>('float32'), new JsKernels<Float64Array>('float64')]) {
    const capacity = (e: unknown): boolean => e instanceof InputError && /^js kernels: out of memory .*a smaller batch size/.test((e as Error).message);
    assert.throws(() => k.alloc(2 ** 48), capacity);
    assert.throws(() => k.allocFloat64(2 ** 48), capacity);
    assert.throws(() => k.alloc(-1), RangeError);
    assert.throws(() => k.alloc(1.5), RangeError);
    assert.equal(k.alloc(3).length, 3);
  }
});

test('wasm gemm with k = 0 zeroes C, or leaves it when accumulating', () => {
  const k = createWasmKernels();
  const a = k.alloc(4), b = k.alloc(4), c = k.alloc(6);
  c.fill(7);
  k.gemm(false, false, 2, 3, 0, a, b, c, true);
  assert.deepEqual([...c], [7, 7, 7, 7, 7, 7]);
  k.gemm(true, true, 2, 3, 0, a, b, c, false);
  assert.deepEqual([...c], [0, 0, 0, 0, 0, 0]);
});

test('wasm alloc returns zero-filled, 16-byte aligned views of the kernel memory', async () => {
  const k = await createWasmKernels();
  const sizes = [0, 1, 3, 17, 1000];
  for (const n of sizes) {
    const x = k.alloc(n);
    assert.ok(x instanceof Float32Array);
    assert.equal(x.length, n);
    assert.equal(x.byteOffset % 16, 0);
    assert.ok(x.buffer instanceof SharedArrayBuffer);
    assert.ok(x.every((v) => v === 0));
    x.fill(1);
  }
  assert.throws(() => k.alloc(-1), RangeError);
  assert.throws(() => k.alloc(1.5), RangeError);
});

test('wasm gemm rejects arrays that are not from its own memory', () => {
  const k = createWasmKernels();
  const other = createWasmKernels();
  const a = k.alloc(4), b = k.alloc(4), c = k.alloc(4);
  const message = /must come from this kernel set's alloc/;
  assert.throws(() => k.gemm(false, false, 2, 2, 2, new Float32Array(4), b, c, false), message);
  assert.throws(() => k.gemm(false, false, 2, 2, 2, a, other.alloc(4), c, false), message);
  assert.throws(() => k.gemm(false, false, 2, 2, 2, a, b, other.alloc(4), false), message);
  const sab = new Float32Array(new SharedArrayBuffer(16));
  assert.throws(() => k.gemm(false, false, 2, 2, 2, a, b, sab, false), message);
  assert.throws(
    () => k.gemm(false, false, 2, 2, 2, new Float64Array(4) as unknown as Float32Array, b, c, false),
    message,
  );
  // Too short, and bad dimensions.
  assert.throws(() => k.gemm(false, false, 2, 2, 3, a, b, c, false), RangeError);
  assert.throws(() => k.gemm(false, false, -1, 2, 2, a, b, c, false), RangeError);
  assert.throws(() => k.gemm(false, false, 2, 2.5, 2, a, b, c, false), RangeError);
  // The instance is not damaged by the refusals.
  a.set([1, 2, 3, 4]);
  b.set([1, 0, 0, 1]);
  k.gemm(false, false, 2, 2, 2, a, b, c, false);
  assert.deepEqual([...c], [1, 2, 3, 4]);
});

test('wasm memory growth keeps earlier views valid and usable', () => {
  const k = createWasmKernels();
  const a = k.alloc(6), b = k.alloc(6), c = k.alloc(4);
  a.set([1, 2, 3, 4, 5, 6]);
  b.set([1, 0, 0, 1, 1, 1]);
  const before = k.memory.buffer.byteLength;
  const big = k.alloc(16 * 1024 * 1024); // 64 MiB: forces several grows
  assert.ok(k.memory.buffer.byteLength > before);
  assert.equal(a.length, 6);
  assert.deepEqual([...a], [1, 2, 3, 4, 5, 6]);
  assert.equal(big[big.length - 1], 0);
  big[big.length - 1] = 5;
  // Old views (from the smaller buffer) and new views mix in one call.
  k.gemm(false, false, 2, 2, 3, a, b, c, false);
  assert.deepEqual([...c], [4, 5, 10, 11]);
  const c2 = k.alloc(4);
  k.gemm(false, false, 2, 2, 3, a, b, c2, false);
  assert.deepEqual([...c2], [4, 5, 10, 11]);
  assert.equal(big[big.length - 1], 5);
});

test('wasm kernel sets have separate memories', () => {
  const k1 = createWasmKernels(), k2 = createWasmKernels();
  assert.notEqual(k1.memory, k2.memory);
  const x = k1.alloc(4);
  x.fill(3);
  assert.ok(k2.alloc(4).every((v) => v === 0));
  assert.ok(k1 instanceof WasmKernels);
});

test('wasm memory limit is reported clearly, as an input error (the CLI exits 2 with its message)', () => {
  const k = createWasmKernels({ maximumPages: 32 });
  assert.throws(() => k.alloc(1024 * 1024), (e: unknown) => e instanceof InputError && /out of memory .*a smaller batch size/.test((e as Error).message));
  assert.throws(() => createWasmKernels({ maximumPages: 70000 }), RangeError);
});
