// GFLOP/s of the float32 gemm kernels on the training shapes (hidden width 200):
//   NT  C[m×200]   = X[m×200]·W[200×200]ᵀ   (forward)
//   NN  C[m×200]   = G[m×200]·W[200×200]    (input adjoint)
//   TN  C[200×200] += G[k×200]ᵀ·X[k×200]    (weight gradient, accumulate)
// plus thin shapes (one dimension 2). Median over repeated runs. Run: node dist/bench/gemm.js
import { performance } from 'node:perf_hooks';
import { Random } from '../src/core/random.js';
import { JsKernels } from '../src/kernels/js.js';
import type { Kernels } from '../src/kernels/types.js';
import { createWasmKernelsSync, wasmAvailable } from '../src/kernels/wasm.js';

interface Shape {
  label: string;
  transA: boolean;
  transB: boolean;
  m: number;
  n: number;
  k: number;
  accumulate: boolean;
}

const shapes: Shape[] = [];
for (const b of [750, 1500]) {
  shapes.push({ label: `NT ${b}×200×200`, transA: false, transB: true, m: b, n: 200, k: 200, accumulate: false });
  shapes.push({ label: `NN ${b}×200×200`, transA: false, transB: false, m: b, n: 200, k: 200, accumulate: false });
  shapes.push({ label: `TN 200×200×${b}`, transA: true, transB: false, m: 200, n: 200, k: b, accumulate: true });
}
shapes.push({ label: 'TN 200×200×3000', transA: true, transB: false, m: 200, n: 200, k: 3000, accumulate: true });
shapes.push({ label: 'NT 1500×200×2 (k=2)', transA: false, transB: true, m: 1500, n: 200, k: 2, accumulate: false });
shapes.push({ label: 'NT 1500×2×200 (n=2)', transA: false, transB: true, m: 1500, n: 2, k: 200, accumulate: false });
shapes.push({ label: 'NN 1500×2×200 (n=2)', transA: false, transB: false, m: 1500, n: 2, k: 200, accumulate: false });
shapes.push({ label: 'TN 200×2×1500 (n=2)', transA: true, transB: false, m: 200, n: 2, k: 1500, accumulate: true });

/** Median seconds per call of `shape` on `kernels`, over about `budget` seconds of runs. */
function time(kernels: Kernels<Float32Array>, shape: Shape, budget: number): number {
  const { transA, transB, m, n, k, accumulate } = shape;
  const rng = new Random(1);
  const a = kernels.alloc(m * k), b = kernels.alloc(k * n), c = kernels.alloc(m * n);
  for (let i = 0; i < a.length; i++) a[i] = rng.normal();
  for (let i = 0; i < b.length; i++) b[i] = rng.normal();
  const run = (): void => kernels.gemm(transA, transB, m, n, k, a, b, c, accumulate);
  // Warm up (lets V8 tier the wasm / JS code up), then size the repetitions to the budget.
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
  return times[times.length >> 1]!;
}

const sets: { name: string; kernels: Kernels<Float32Array>; budget: number }[] = [];
if (wasmAvailable()) sets.push({ name: 'wasm', kernels: createWasmKernelsSync(), budget: 1 });
else console.log('wasm kernels unavailable (build/kernels.wasm missing or unsupported); js only');
sets.push({ name: 'js', kernels: new JsKernels<Float32Array>('float32'), budget: 1 });

const header = ['shape'.padEnd(24), ...sets.map((s) => `${s.name} GFLOP/s`.padStart(14))];
console.log(header.join(' '));
for (const shape of shapes) {
  const flops = 2 * shape.m * shape.n * shape.k;
  const cols = sets.map((s) => (flops / time(s.kernels, shape, s.budget) / 1e9).toFixed(2).padStart(14));
  console.log([shape.label.padEnd(24), ...cols].join(' '));
}
