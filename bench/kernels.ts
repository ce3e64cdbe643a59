// The kernels benchmark (`npm run bench:kernels`, or `node dist/bench/kernels.js`):
//   1. the one-core FMA peak (native probe: independent FMA chains, AVX-512 and AVX2), median of runs;
//   2. GFLOP/s of the products of the training steps (spring, two-body and pixel shapes, every
//      transpose variant of 750×200×200, the thin and small-k shapes) on native×1, native×2 and
//      wasm×1, with the one-thread native rate as a share of the AVX-512 (or AVX2) peak probed between
//      the same rounds;
//   3. median ms per train step (forward, loss, backward, Adam) of spring HNN / baseline (batch 750),
//      two-body HNN / baseline (batch 200), pixel HNN (batch 200) on native and wasm, 1 and 2 threads
//      (the peers beside them, in the same run: `npm run bench`);
//   4. the full 2000-step spring HNN training (test loss every step), each run in a fresh process:
//      wall time and peak RSS.
// Kernel sets are measured in alternating rounds (the machine is shared: load moves under a long
// run), and every figure is a median. Options: --quick (fewer rounds, one full run), --no-full.
// On a VM shared with other sessions the kernel shares the CPU per session (autogroup), whatever the
// thread count: to see what the threads do with cores of their own, run the bench in a session of its
// own with a raised autogroup priority, e.g. as root
//   setsid sh -c 'echo -19 > /proc/self/autogroup; exec nice -n -19 node dist/bench/kernels.js'
// and report both figures.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Random } from '../src/core/random.js';
import type { GemmShape, Kernels } from '../src/kernels/types.js';
import { createWasmKernels } from '../src/node/kernels.js';
import { wasmAvailable } from '../src/kernels/wasm.js';
import { threadPoolStats } from '../src/kernels/thread-pool.js';
import { createNativeKernels, nativeAmxOnRequest, nativeFmaPeak, nativeKernelsStatus, nativePoolStats, nativeSupportedIsas } from '../src/node/native-kernels.js';
import { CONFIGS, makeStep, prepareData } from './configs.js';
import { median } from './stats.js';

const args = process.argv.slice(2);
const quick = args.includes('--quick');

const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');

const status = nativeKernelsStatus();
if (!status.available) {
  console.log(`native kernels unavailable: ${status.reason}`);
  process.exit(0);
}
console.log(`machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, node ${process.version}, load average ${load()}`);
console.log(`native path ${status.isa} (this CPU runs ${nativeSupportedIsas().join(', ')}); wasm ${wasmAvailable() ? 'available' : 'unavailable'}`);
console.log('');

// ---- 1. Peak ----
const peaks: string[] = [];
for (const isa of nativeSupportedIsas().filter((i) => i !== 'portable')) {
  const runs = Array.from({ length: quick ? 3 : 7 }, () => nativeFmaPeak(isa, 0.15));
  peaks.push(`${isa} ${median(runs).toFixed(1)} (best ${Math.max(...runs).toFixed(1)}) GFLOP/s`);
}
console.log(`one-core FMA peak, median of probes: ${peaks.join(', ')}`);
console.log('');

// ---- 2. Products ----
interface Shape extends GemmShape {
  label: string;
}
const shape = (label: string, t: string, m: number, n: number, k: number): Shape => ({ label, transA: t[0] === 'T', transB: t[1] === 'T', m, n, k, accumulate: t[0] === 'T' });
const SHAPES: Shape[] = [
  shape('spring forward', 'NT', 750, 200, 200),
  shape('spring input adjoint', 'NN', 750, 200, 200),
  shape('spring weight gradient', 'TN', 200, 200, 1500),
  shape('750×200×200 TN', 'TN', 750, 200, 200),
  shape('750×200×200 TT', 'TT', 750, 200, 200),
  shape('spring first layer (k=2)', 'NT', 750, 200, 2),
  shape('spring output (n=2)', 'NT', 750, 2, 200),
  shape('spring output adjoint (n=2)', 'NN', 750, 2, 200),
  shape('spring out. adj. (k=2)', 'NN', 750, 200, 2),
  shape('weight grad 2×200 (m=2)', 'TN', 2, 200, 1500),
  shape('weight grad 200×2 (n=2)', 'TN', 200, 2, 1500),
  shape('two-body forward', 'NT', 200, 200, 200),
  shape('two-body input adjoint', 'NN', 200, 200, 200),
  shape('two-body weight gradient', 'TN', 200, 200, 400),
  shape('pixel encoder forward', 'NT', 200, 200, 1568),
  shape('pixel decoder forward', 'NT', 200, 1568, 200),
  shape('pixel decoder adjoint', 'NN', 200, 200, 1568),
  shape('pixel enc. weight grad', 'TN', 200, 1568, 200),
  shape('pixel dec. weight grad', 'TN', 1568, 200, 200),
];

interface GemmSet {
  name: string;
  kernels: Kernels<Float32Array>;
}
const gemmSets: GemmSet[] = [
  { name: 'native×1', kernels: createNativeKernels({ threads: 1 }) },
  { name: 'native×2', kernels: createNativeKernels({ threads: 2 }) },
];
// The opt-in AMX path beside the default one, where this machine runs it.
const amx = nativeAmxOnRequest();
if (amx) gemmSets.push({ name: 'amx×2', kernels: createNativeKernels({ isa: 'amx', threads: 2 }) });
if (wasmAvailable()) gemmSets.push({ name: 'wasm×1', kernels: createWasmKernels({ threads: 1 }) });

/** The probe runs interleaved with the products (the same load on both), median per shape. */
const probeIsa = status.isa === 'portable' ? null : (status.isa as 'amx' | 'avx512' | 'avx2');

/**
 * Median GFLOP/s of one shape on each set, measured in alternating rounds of ≥ 5 ms each; last, the
 * median of a 10 ms peak probe run in each round.
 */
function gemmRates(s: Shape): number[] {
  const probes: number[] = [];
  const rng = new Random(1);
  const runs = gemmSets.map(({ kernels }) => {
    const a = kernels.alloc(s.m * s.k), b = kernels.alloc(s.k * s.n), c = kernels.alloc(s.m * s.n);
    for (let i = 0; i < a.length; i++) a[i] = rng.normal();
    for (let i = 0; i < b.length; i++) b[i] = rng.normal();
    const f = (): void => kernels.gemm(s.transA, s.transB, s.m, s.n, s.k, a, b, c, s.accumulate);
    for (let i = 0; i < 5; i++) f();
    const t0 = performance.now();
    f();
    const inner = Math.max(1, Math.floor(5 / Math.max(performance.now() - t0, 1e-3)));
    return { f, inner, times: [] as number[] };
  });
  for (let round = 0; round < (quick ? 9 : 25); round++) {
    for (const r of runs) {
      const t = performance.now();
      for (let i = 0; i < r.inner; i++) r.f();
      r.times.push((performance.now() - t) / r.inner);
    }
    if (probeIsa) probes.push(nativeFmaPeak(probeIsa, 0.01));
  }
  return [...runs.map((r) => (2 * s.m * s.n * s.k) / (median(r.times) / 1000) / 1e9), probeIsa ? median(probes) : 0];
}

console.log(`GFLOP/s of the products (median); "peak": the ${status.isa} one-core probe run between the rounds (same load), "of peak": native×1 / peak`);
console.log(['shape'.padEnd(29), 'op m×n×k'.padEnd(17), ...gemmSets.map((s) => s.name.padStart(10)), 'peak'.padStart(8), 'of peak'.padStart(9)].join(''));
for (const s of SHAPES) {
  const rates = gemmRates(s);
  const probe = rates.pop()!;
  const op = `${s.transA ? 'T' : 'N'}${s.transB ? 'T' : 'N'} ${s.m}×${s.n}×${s.k}`;
  const share = probe > 0 ? `${((100 * rates[0]!) / probe).toFixed(0)}%` : '–';
  console.log([s.label.padEnd(29), op.padEnd(17), ...rates.map((r) => r.toFixed(1).padStart(10)), probe.toFixed(0).padStart(8), share.padStart(9)].join(''));
}
console.log('');

// ---- 3. Train steps ----
interface StepSet {
  name: string;
  make: () => Kernels<Float32Array>;
}
const stepSets: StepSet[] = [
  { name: 'native×1', make: () => createNativeKernels({ threads: 1 }) },
  { name: 'native×2', make: () => createNativeKernels({ threads: 2 }) },
];
if (amx) stepSets.push({ name: 'amx×2', make: () => createNativeKernels({ isa: 'amx', threads: 2 }) });
if (wasmAvailable()) {
  stepSets.push({ name: 'wasm×1', make: () => createWasmKernels({ threads: 1 }) });
  stepSets.push({ name: 'wasm×2', make: () => createWasmKernels({ threads: 2 }) });
}
const stepConfigs = CONFIGS.filter((c) => c.name !== 'pixel baseline');
prepareData(stepConfigs);
console.log('median ms per train step (forward, loss, backward, Adam), sets measured in alternating rounds');
let anyPaused = false;
console.log(['config'.padEnd(31), ...stepSets.map((s) => s.name.padStart(10)), 'native×2 / wasm×2'.padStart(19)].join(''));
for (const config of stepConfigs) {
  const pixel = config.task === 'pixels';
  const steps = stepSets.map((s) => makeStep(config, s.make()));
  const perRound = pixel ? 4 : config.batch === null ? 10 : 25;
  const rounds = quick ? 6 : pixel ? 15 : 30;
  const times: number[][] = steps.map(() => []);
  const pausesBefore = nativePoolStats().pauses + threadPoolStats().pauses;
  steps.forEach((step) => {
    for (let i = 0; i < 3 * perRound; i++) step();
  });
  for (let round = 0; round < rounds; round++) {
    steps.forEach((step, j) => {
      for (let i = 0; i < perRound; i++) {
        const t = performance.now();
        step();
        times[j]!.push(performance.now() - t);
      }
    });
  }
  const ms = times.map(median);
  const ratio = ms.length >= 4 ? `${(ms[1]! / ms[3]!).toFixed(2)}×` : '–';
  const label = `${config.name} (${config.batch === null ? 'batch 750' : `batch ${config.batch}`})`;
  const paused = nativePoolStats().pauses + threadPoolStats().pauses > pausesBefore;
  anyPaused ||= paused;
  console.log([label.padEnd(31), ...ms.map((x) => x.toFixed(2).padStart(10)), ratio.padStart(19)].join('') + (paused ? ' *' : ''));
}
if (anyPaused) console.log('* worker threads (native or wasm) paused themselves during this row: the cores were taken by other processes');
console.log('');

// ---- 4. Full training ----
if (!args.includes('--no-full')) {
  const script = fileURLToPath(new URL('./full-training.js', import.meta.url));
  console.log(`full spring HNN training (2000 steps, test loss every step), fresh process per run`);
  const plan: { backend: string; threads: number }[] = [];
  const repeats = quick ? 1 : 3;
  for (let i = 0; i < repeats; i++) plan.push({ backend: 'native', threads: 2 });
  if (!quick) plan.push({ backend: 'native', threads: 1 });
  const results = new Map<string, number[]>();
  for (const run of plan) {
    const name = `${run.backend}×${run.threads}`;
    const child = spawnSync(process.execPath, [script, '--backend', run.backend, '--threads', String(run.threads)], { encoding: 'utf8' });
    if (child.status !== 0) {
      console.log(`${name}: failed (${child.stderr.trim().split('\n').pop()})`);
      continue;
    }
    const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as { trainSeconds: number; processSeconds: number; peakRssMiB: number; testLoss: number; pauses: number };
    results.set(name, [...(results.get(name) ?? []), r.trainSeconds]);
    console.log(
      `${name.padEnd(9)} training ${r.trainSeconds.toFixed(2)} s, process ${r.processSeconds.toFixed(2)} s, peak RSS ${r.peakRssMiB.toFixed(0)} MiB, final test loss ${r.testLoss.toExponential(4)}` +
        (r.pauses > 0 ? ` (workers paused ${r.pauses}× for lack of a free core)` : ''),
    );
  }
  for (const [name, s] of results) if (s.length > 1) console.log(`${name.padEnd(9)} median of ${s.length} runs: ${median(s).toFixed(2)} s`);
  console.log('');
}
console.log(`load average at the end: ${load()}`);
