// One full training run with the authors' loop: spring HNN, 2000 full-batch Adam steps, the test
// loss on the whole test set after every step (their train.py does exactly this). Prints one JSON
// line: training seconds, process seconds, peak RSS (MiB), final losses. bench/train-step.ts runs
// it in a fresh process so that the peak memory is this run's alone.
// Run: node dist/bench/full-training.js [--threads N] [--backend wasm|js] [--kind hnn|baseline]
import { createKernels, type Backend } from '../src/node/kernels.js';
import { createModel } from '../src/models/factory.js';
import { Random } from '../src/core/random.js';
import { generateSpringDataset } from '../src/systems/trajectory-dataset.js';
import { train } from '../src/train/train.js';
import { threadPoolStats } from '../src/kernels/thread-pool.js';

const start = performance.now();
const arg = (name: string): string | undefined => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
};
const threads = arg('--threads');
const backend = (arg('--backend') ?? 'wasm') as Backend;
const kind = arg('--kind') === 'baseline' ? 'baseline' : 'hnn';
const kernels = createKernels(backend, threads !== undefined ? { threads: Number(threads) } : {});
const data = generateSpringDataset({ seed: 0 });
const mlp = { inputDim: 2, hiddenDim: 200, hiddenLayers: 2, activation: 'tanh' as const, outputDim: 2 };
const model = createModel(kernels, kind === 'hnn' ? { kind, field: 'solenoidal', mlp } : { kind, mlp }, new Random(0));
const result = train(model, data, { steps: 2000, batchSize: null, lr: 1e-3, weightDecay: 1e-4, seed: 1, logEvery: 1 });
const last = result.history[result.history.length - 1]!;
console.log(
  JSON.stringify({
    kind,
    backend: kernels.name,
    threads: kernels.threads,
    trainSeconds: result.seconds,
    processSeconds: (performance.now() - start) / 1000,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
    trainLoss: last.trainLoss,
    testLoss: last.testLoss,
    pool: threadPoolStats(),
  }),
);
