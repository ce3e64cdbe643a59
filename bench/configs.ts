// The training configurations the performance harness times, with the authors' PyTorch step times
// on this kind of machine (../shared/reference/README.md).
import type { Dataset } from '../src/core/dataset.js';
import { Random } from '../src/core/random.js';
import type { Kernels } from '../src/kernels/types.js';
import { createModel } from '../src/models/factory.js';
import { PIXEL_DEFAULTS, PixelHNN } from '../src/models/pixel-hnn.js';
import { pairCount } from '../src/models/pixel-pairs.js';
import type { LatentKind, StateModelSpec } from '../src/models/types.js';
import { Adam } from '../src/optim/adam.js';
import { generatePixelPendulumDataset, type PixelDataset } from '../src/systems/pixel-pendulum/dataset.js';
import { generateSpringDataset } from '../src/systems/trajectory-dataset.js';
import { generateTwoBodyDataset } from '../src/systems/two-body.js';

/** One timed configuration. */
export interface StepConfig {
  /** Label, e.g. `spring HNN`. */
  readonly name: string;
  readonly task: 'spring' | 'two-body' | 'pixels';
  readonly kind: LatentKind;
  /** Rows per step (random batches), or null for the full batch. */
  readonly batch: number | null;
  /** Adam weight decay of the task (paper defaults). */
  readonly weightDecay: number;
  /** The authors' PyTorch train step, ms: [low, high]; null where it was not measured (pixels need Gym). */
  readonly pytorch: readonly [number, number] | null;
}

export const CONFIGS: readonly StepConfig[] = [
  { name: 'spring HNN', task: 'spring', kind: 'hnn', batch: null, weightDecay: 1e-4, pytorch: [6.0, 6.9] },
  { name: 'spring baseline', task: 'spring', kind: 'baseline', batch: null, weightDecay: 1e-4, pytorch: [3.6, 4.0] },
  { name: 'two-body HNN', task: 'two-body', kind: 'hnn', batch: 200, weightDecay: 0, pytorch: [2.0, 2.5] },
  { name: 'two-body baseline', task: 'two-body', kind: 'baseline', batch: 200, weightDecay: 0, pytorch: [1.4, 1.5] },
  { name: 'pixel HNN', task: 'pixels', kind: 'hnn', batch: 200, weightDecay: 1e-5, pytorch: null },
  { name: 'pixel baseline', task: 'pixels', kind: 'baseline', batch: 200, weightDecay: 1e-5, pytorch: null },
];

/** Trials of the benchmark's pixel dataset: enough rows for random batches of 200, quick to render. */
const PIXEL_BENCH_TRIALS = 20;

const datasets = new Map<string, Dataset>();
let pixelData: PixelDataset | undefined;

/** The task's generated dataset (seed 0), made once. */
export function datasetOf(task: 'spring' | 'two-body'): Dataset {
  let d = datasets.get(task);
  if (!d) {
    d = task === 'spring' ? generateSpringDataset({ seed: 0 }) : generateTwoBodyDataset({ seed: 0 });
    datasets.set(task, d);
  }
  return d;
}

/** Generates every dataset `configs` need (before any timing). */
export function prepareData(configs: readonly StepConfig[]): void {
  for (const c of configs) {
    if (c.task === 'pixels') pixelData ??= generatePixelPendulumDataset({ seed: 0, trials: PIXEL_BENCH_TRIALS });
    else datasetOf(c.task);
  }
}

/** 64 random batches of `batch` rows out of `rows` (or the full batch), drawn beforehand. */
function batchesOf(rows: number, batch: number | null): (Int32Array | null)[] {
  const rng = new Random(1);
  return batch === null ? [null] : Array.from({ length: 64 }, () => rng.sample(rows, batch));
}

/**
 * A train step of `config` on `kernels` (forward, loss, backward, Adam), as training runs it; random
 * batches are drawn beforehand (64 of them, used in turn) so that only the step is timed.
 */
export function makeStep(config: StepConfig, kernels: Kernels<Float32Array>): () => void {
  let i = 0;
  if (config.task === 'pixels') {
    prepareData([config]);
    const data = pixelData!;
    const model = new PixelHNN(kernels, { kind: 'pixel', latent: config.kind, pixel: { ...PIXEL_DEFAULTS, inputDim: data.inputDim } }, new Random(0));
    const adam = new Adam(model.params(), { lr: 1e-3, weightDecay: config.weightDecay }, kernels);
    const batches = batchesOf(pairCount(data.train), config.batch);
    return () => {
      model.lossAndGrad(data.train, batches[i++ % batches.length]!);
      adam.step();
    };
  }
  const data = datasetOf(config.task);
  const mlp = { inputDim: data.dim, hiddenDim: 200, hiddenLayers: 2, activation: 'tanh' as const };
  const spec: StateModelSpec =
    config.kind === 'hnn' ? { kind: 'hnn', field: 'solenoidal', mlp: { ...mlp, outputDim: 2 } } : { kind: 'baseline', mlp: { ...mlp, outputDim: data.dim } };
  const model = createModel(kernels, spec, new Random(0));
  const adam = new Adam(model.params(), { lr: 1e-3, weightDecay: config.weightDecay }, kernels);
  const batches = batchesOf(data.train.x.length / data.dim, config.batch);
  return () => {
    model.lossAndGrad(data.train, batches[i++ % batches.length]!);
    adam.step();
  };
}
