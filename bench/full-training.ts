// One full training run with the authors' loop: spring HNN, 2000 full-batch Adam steps, the test
// loss on the whole test set after every step (their train.py does exactly this). Prints one JSON
// line: training seconds, process seconds, peak RSS (MiB), final losses. The benches run it in a
// fresh process so that the peak memory is this run's alone.
// Run: node dist/bench/full-training.js [--backend auto|native|wasm|js] [--threads N] [--kind hnn|baseline] [--steps N]
import { readFileSync } from 'node:fs';
import { Random } from '../src/core/random.js';
import { threadPoolStats } from '../src/kernels/thread-pool.js';
import { createModel } from '../src/models/factory.js';
import { createKernels, type Backend } from '../src/node/kernels.js';
import { nativePoolStats } from '../src/node/native-kernels.js';
import { generateSpringDataset } from '../src/systems/trajectory-dataset.js';
import { train } from '../src/train/train.js';

const start = performance.now();

/**
 * Peak RSS of this process in MiB: VmHWM where /proc has it (getrusage's maxRSS of a spawned child
 * starts from the parent's size at the fork, so it would overstate a run started from a big parent).
 */
function peakRssMiB(): number {
  try {
    const m = /VmHWM:\s*(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    if (m) return Number(m[1]) / 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS / 1024;
}

const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const threads = arg('--threads');
const kind = arg('--kind') === 'baseline' ? 'baseline' : 'hnn';
const kernels = createKernels((arg('--backend') ?? 'auto') as Backend, threads !== undefined ? { threads: Number(threads) } : {});
const data = generateSpringDataset({ seed: 0 });
const mlp = { inputDim: 2, hiddenDim: 200, hiddenLayers: 2, activation: 'tanh' as const, outputDim: 2 };
const model = createModel(kernels, kind === 'hnn' ? { kind, field: 'solenoidal', mlp } : { kind, mlp }, new Random(0));
const result = train(model, data, { steps: Number(arg('--steps') ?? 2000), batchSize: null, lr: 1e-3, weightDecay: 1e-4, seed: 1, logEvery: 1 });
const last = result.history[result.history.length - 1]!;
console.log(
  JSON.stringify({
    kind,
    backend: kernels.name,
    threads: kernels.threads,
    trainSeconds: result.seconds,
    processSeconds: (performance.now() - start) / 1000,
    peakRssMiB: peakRssMiB(),
    pauses: kernels.name === 'native' ? nativePoolStats().pauses : threadPoolStats().pauses,
    trainLoss: last.trainLoss,
    testLoss: last.testLoss,
  }),
);
