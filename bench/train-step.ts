// The performance harness (`npm run bench`):
//   1. median ms per train step (forward, loss, backward, Adam) for spring HNN / baseline (full
//      batch of 750), two-body HNN / baseline (random batches of 200, input dim 8) and the pixel
//      HNN / baseline (batches of 200 frame pairs, 1568 inputs), per kernel set, beside the authors'
//      PyTorch step on this kind of machine (not measured for pixels: their code needs Gym);
//   2. GFLOP/s of the big products of a training step, and their share of the f32x4 peak that the
//      core clock (bench/clock.ts) implies;
//   3. the wall time and peak memory of a full 2000-step spring HNN training with the authors' loop
//      (test loss on the full test set every step), each run in a fresh process, vs their 20.0 s and
//      287 MiB: three threaded runs and their median, then one single-threaded run.
// Options: --threads N (wasm threads; default the library's), --backend wasm|js|all (default wasm
// plus the TypeScript kernels on the step table), --quick (fewer repetitions, one full run),
// --no-full (skip part 3). The machine's load is printed: on a busy machine the numbers mean little.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { JsKernels } from '../src/kernels/js.js';
import { threadPoolStats } from '../src/kernels/thread-pool.js';
import type { Kernels } from '../src/kernels/types.js';
import { createWasmKernels, defaultThreads } from '../src/node/kernels.js';
import { wasmAvailable } from '../src/kernels/wasm.js';
import { estimateClockGHz, F32X4_FLOPS_PER_CYCLE } from './clock.js';
import { CONFIGS, makeStep, prepareData, type StepConfig } from './configs.js';
import { gemmGflops, TRAINING_SHAPES } from './gemm.js';

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const quick = args.includes('--quick');
const threadsArg = option('--threads');
const threads = threadsArg !== undefined ? Number(threadsArg) : defaultThreads();
if (!(Number.isInteger(threads) && threads >= 1 && threads <= 16)) throw new Error(`--threads must be an integer in [1, 16], got ${threadsArg}`);
const backendArg = option('--backend') ?? 'default';
if (!['default', 'wasm', 'js', 'all'].includes(backendArg)) throw new Error(`--backend must be wasm, js or all, got ${backendArg}`);
const withWasm = backendArg !== 'js' && wasmAvailable();
const withJs = backendArg === 'js' || backendArg === 'all' || backendArg === 'default' || !wasmAvailable();

/** Median of a list. */
function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Median ms of `step` over `reps` calls after `warm` untimed ones. */
function timeSteps(step: () => void, warm: number, reps: number): number {
  for (let i = 0; i < warm; i++) step();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    step();
    times.push(performance.now() - t0);
  }
  return median(times);
}

/** Untimed and timed steps of a configuration: fewer for the slow ones (~10 s per row at most). */
function repetitions(config: StepConfig, slowKernels: boolean): [number, number] {
  if (config.task === 'pixels') return [20, quick ? 40 : 150];
  const fullBatch = config.batch === null;
  if (slowKernels) return fullBatch ? [2, quick ? 5 : 15] : [5, quick ? 10 : 40];
  return fullBatch ? [60, quick ? 100 : 400] : [200, quick ? 300 : 1500];
}

/** Footnote of rows measured while the workers paused themselves. */
const PAUSED_NOTE = '* the worker threads paused themselves during this measurement (they found the cores taken or themselves too slow): partly one-thread speed';

/** Runs of the threaded full training whose median is reported (one with --quick). */
const FULL_RUNS = 3;

/** What bench/full-training.ts prints (the fields read here). */
interface FullRun {
  trainSeconds: number;
  processSeconds: number;
  peakRssMiB: number;
  testLoss: number;
  pauses: number;
}

const load = (): string => loadavg().map((x) => x.toFixed(2)).join(' ');
console.log(`machine: ${cpus()[0]?.model ?? '?'} × ${cpus().length}, node ${process.version}, load average ${load()}`);
console.log(`wasm threads: ${withWasm ? `1 and ${threads}` : 'n/a'} (library default ${defaultThreads()})`);
console.log('');

// ---- 1. Train steps ----
interface KernelSet {
  name: string;
  make: () => Kernels<Float32Array>;
  /** Repetitions scale (the TypeScript kernels are ~30× slower). */
  slow: boolean;
}
const sets: KernelSet[] = [];
if (withWasm) {
  sets.push({ name: 'wasm×1', make: () => createWasmKernels({ threads: 1 }), slow: false });
  if (threads > 1) sets.push({ name: `wasm×${threads}`, make: () => createWasmKernels({ threads }), slow: false });
}
if (withJs) sets.push({ name: 'js', make: () => new JsKernels<Float32Array>('float32'), slow: true });

prepareData(CONFIGS); // generate the data before any timing
console.log('median ms per train step (forward, loss, backward, Adam); ratio = ours / PyTorch');
console.log(`${'config'.padEnd(31)}${'kernels'.padEnd(9)}${'ms/step'.padStart(8)}${'PyTorch ms'.padStart(12)}${'ratio'.padStart(13)}`);
let anyPaused = false;
for (const config of CONFIGS) {
  for (const set of sets) {
    // The TypeScript kernels would take minutes on the pixel model (~30× slower); its table row is wasm only.
    if (set.slow && config.task === 'pixels') continue;
    const step = makeStep(config, set.make());
    const fullBatch = config.batch === null;
    const [warm, reps] = repetitions(config, set.slow);
    const pausesBefore = threadPoolStats().pauses;
    const ms = timeSteps(step, warm, reps);
    const paused = threadPoolStats().pauses > pausesBefore;
    anyPaused ||= paused;
    const label = `${config.name} (${fullBatch ? 'batch 750' : `batch ${config.batch}`})`;
    const [reference, ratio] = config.pytorch
      ? [`${config.pytorch[0].toFixed(1)}–${config.pytorch[1].toFixed(1)}`, `${(ms / config.pytorch[1]).toFixed(2)}–${(ms / config.pytorch[0]).toFixed(2)}×`]
      : ['not run', '–'];
    console.log(`${label.padEnd(31)}${set.name.padEnd(9)}${ms.toFixed(2).padStart(8)}${reference.padStart(12)}${ratio.padStart(13)}${paused ? ' *' : ''}`);
  }
}
if (anyPaused) console.log(PAUSED_NOTE);
console.log('');

// ---- 2. GEMM throughput ----
if (withWasm) {
  console.log('GFLOP/s of the big products of a spring step (median)');
  const gemmSets = [{ name: 'wasm×1', kernels: createWasmKernels({ threads: 1 }) }];
  if (threads > 1) gemmSets.push({ name: `wasm×${threads}`, kernels: createWasmKernels({ threads }) });
  console.log(['shape'.padEnd(20), ...gemmSets.map((s) => s.name.padStart(10))].join(''));
  let singleThreadBest = 0;
  for (const shape of TRAINING_SHAPES) {
    const rates = gemmSets.map((s) => gemmGflops(s.kernels, shape, quick ? 0.3 : 1));
    singleThreadBest = Math.max(singleThreadBest, rates[0]!);
    console.log([shape.label.padEnd(20), ...rates.map((r) => r.toFixed(1).padStart(10))].join(''));
  }
  const ghz = estimateClockGHz();
  const peak = ghz * F32X4_FLOPS_PER_CYCLE;
  console.log(
    `core clock ≈ ${ghz.toFixed(2)} GHz (integer-multiply chain) → f32x4 mul + add peak ≈ ${peak.toFixed(1)} GFLOP/s per core ` +
      `(${F32X4_FLOPS_PER_CYCLE} flop/cycle, AMD Zen); best one-thread product at ${((100 * singleThreadBest) / peak).toFixed(0)}% of it`,
  );
  console.log('');
}

// ---- 3. Full training with the authors' loop, each run in a fresh process ----
if (!args.includes('--no-full')) {
  const script = fileURLToPath(new URL('./full-training.js', import.meta.url));
  // The threaded run is repeated (its time depends on the host's hour by ±5%): each run and the median.
  const runs: { backend: string; threads: number; repeats: number }[] = [];
  if (withWasm) {
    runs.push({ backend: 'wasm', threads, repeats: quick || threads === 1 ? 1 : FULL_RUNS });
    if (threads > 1 && !quick) runs.push({ backend: 'wasm', threads: 1, repeats: 1 });
  } else {
    runs.push({ backend: 'js', threads: 1, repeats: 1 });
  }
  console.log("full spring HNN training, authors' loop (2000 steps, test loss on the full test set every step)");
  console.log("authors' PyTorch: 20.0 s, peak RSS 287 MiB");
  let fullPaused = false;
  for (const run of runs) {
    const name = `${run.backend}×${run.threads}`;
    const seconds: number[] = [];
    for (let i = 0; i < run.repeats; i++) {
      const child = spawnSync(process.execPath, [script, '--backend', run.backend, '--threads', String(run.threads)], { encoding: 'utf8' });
      if (child.status !== 0) {
        console.log(`${name}: failed (${child.stderr.trim().split('\n').pop()})`);
        break;
      }
      const r = JSON.parse(child.stdout.trim().split('\n').pop()!) as FullRun;
      seconds.push(r.trainSeconds);
      fullPaused ||= r.pauses > 0;
      console.log(
        `${name.padEnd(9)} training ${r.trainSeconds.toFixed(2)} s (${(r.trainSeconds / 20).toFixed(2)}× the authors'), ` +
          `process ${r.processSeconds.toFixed(2)} s, peak RSS ${r.peakRssMiB.toFixed(0)} MiB, final test loss ${r.testLoss.toExponential(4)}` +
          (r.pauses > 0 ? ' *' : ''),
      );
    }
    if (seconds.length > 1) {
      const m = median(seconds);
      console.log(`${name.padEnd(9)} median of ${seconds.length} runs: ${m.toFixed(2)} s (${(m / 20).toFixed(2)}× the authors')`);
    }
  }
  if (fullPaused) console.log(PAUSED_NOTE);
  console.log('');
}
console.log(`load average at the end: ${load()}`);
