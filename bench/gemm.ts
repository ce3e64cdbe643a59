// GFLOP/s of the float32 gemm kernels on the training shapes (hidden width 200):
//   NT  C[m×200]   = X[m×200]·W[200×200]ᵀ   (forward)
//   NN  C[m×200]   = G[m×200]·W[200×200]    (input adjoint)
//   TN  C[200×200] += G[k×200]ᵀ·X[k×200]    (weight gradient, accumulate)
// plus thin shapes (one dimension 2). Median over repeated runs, per kernel set (wasm with 1 thread
// and with the default thread count, and the TypeScript kernels).
// Run alone: `node dist/bench/gemm.js`; `npm run bench` prints the training shapes' lines.
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { Random } from '../src/core/random.js';
import { JsKernels } from '../src/kernels/js.js';
import type { Kernels } from '../src/kernels/types.js';
import { createWasmKernels, defaultThreads } from '../src/node/kernels.js';
import { wasmAvailable } from '../src/kernels/wasm.js';

/** One product shape. */
export interface GemmShape {
  readonly label: string;
  readonly transA: boolean;
  readonly transB: boolean;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly accumulate: boolean;
}

/** The big products of a spring training step (batch 750, stacked 1500, hidden 200). */
export const TRAINING_SHAPES: GemmShape[] = [
  { label: 'NT 750×200×200', transA: false, transB: true, m: 750, n: 200, k: 200, accumulate: false },
  { label: 'NN 750×200×200', transA: false, transB: false, m: 750, n: 200, k: 200, accumulate: false },
  { label: 'TN 200×200×1500', transA: true, transB: false, m: 200, n: 200, k: 1500, accumulate: true },
];

/** Every shape of the standalone run. */
export const ALL_SHAPES: GemmShape[] = [];
for (const b of [200, 750, 1500]) {
  ALL_SHAPES.push({ label: `NT ${b}×200×200`, transA: false, transB: true, m: b, n: 200, k: 200, accumulate: false });
  ALL_SHAPES.push({ label: `NN ${b}×200×200`, transA: false, transB: false, m: b, n: 200, k: 200, accumulate: false });
  ALL_SHAPES.push({ label: `TN 200×200×${b}`, transA: true, transB: false, m: 200, n: 200, k: b, accumulate: true });
}
ALL_SHAPES.push({ label: 'TN 200×200×3000', transA: true, transB: false, m: 200, n: 200, k: 3000, accumulate: true });
ALL_SHAPES.push({ label: 'NT 1500×200×2 (k=2)', transA: false, transB: true, m: 1500, n: 200, k: 2, accumulate: false });
ALL_SHAPES.push({ label: 'NT 1500×2×200 (n=2)', transA: false, transB: true, m: 1500, n: 2, k: 200, accumulate: false });
ALL_SHAPES.push({ label: 'NN 1500×2×200 (n=2)', transA: false, transB: false, m: 1500, n: 2, k: 200, accumulate: false });
ALL_SHAPES.push({ label: 'TN 200×2×1500 (n=2)', transA: true, transB: false, m: 200, n: 2, k: 1500, accumulate: true });

/** Median GFLOP/s of `shape` on `kernels`, over about `budget` seconds of runs. */
export function gemmGflops(kernels: Kernels<Float32Array>, shape: GemmShape, budget: number): number {
  const { transA, transB, m, n, k, accumulate } = shape;
  const rng = new Random(1);
  const a = kernels.alloc(m * k), b = kernels.alloc(k * n), c = kernels.alloc(m * n);
  for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  for (let i = 0; i < b.length; i++) b[i] = rng.normal();
  const run = (): void => kernels.gemm(transA, transB, m, n, k, a, b, c, accumulate);
  // Warm up (lets V8 tier the wasm / JS code up, and the workers start), then size the repetitions.
  const warmEnd = performance.now() + budget * 300;
  let calls = 0;
  while (calls < 3 || performance.now() < warmEnd) {
    run();
    calls++;
  }
  const t0 = performance.now();
  run();
  const once = Math.max((performance.now() - t0) / 1000, 1e-7);
  const inner = Math.max(1, Math.floor(0.02 / once)); // each sample ≥ ~20 ms
  const samples = Math.max(5, Math.min(41, Math.floor(budget / (once * inner))));
  const times: number[] = [];
  for (let s = 0; s < samples; s++) {
    const t = performance.now();
    for (let r = 0; r < inner; r++) run();
    times.push((performance.now() - t) / 1000 / inner);
  }
  times.sort((x, y) => x - y);
  return (2 * m * n * k) / times[times.length >> 1]! / 1e9;
}

/** The kernel sets worth comparing: wasm on one thread and on the default count (if > 1), and TypeScript. */
export function benchKernelSets(threads = defaultThreads(), withJs = true): { name: string; kernels: Kernels<Float32Array>; budget: number }[] {
  const sets: { name: string; kernels: Kernels<Float32Array>; budget: number }[] = [];
  if (wasmAvailable()) {
    sets.push({ name: 'wasm×1', kernels: createWasmKernels({ threads: 1 }), budget: 1 });
    if (threads > 1) sets.push({ name: `wasm×${threads}`, kernels: createWasmKernels({ threads }), budget: 1 });
  }
  if (withJs) sets.push({ name: 'js', kernels: new JsKernels<Float32Array>('float32'), budget: 0.5 });
  return sets;
}

/** Prints a GFLOP/s table of `shapes` on `sets`. */
export function printGemmTable(shapes: GemmShape[], sets: { name: string; kernels: Kernels<Float32Array>; budget: number }[]): void {
  console.log(['shape'.padEnd(24), ...sets.map((s) => `${s.name} GFLOP/s`.padStart(16))].join(' '));
  for (const shape of shapes) {
    const cols = sets.map((s) => gemmGflops(s.kernels, shape, s.budget).toFixed(1).padStart(16));
    console.log([shape.label.padEnd(24), ...cols].join(' '));
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (!wasmAvailable()) console.log('wasm kernels unavailable (build/kernels.wasm missing or unsupported); js only');
  printGemmTable(ALL_SHAPES, benchKernelSets());
}
