// The training configurations the performance harness times, with the authors' PyTorch step times
// on this kind of machine (../shared/reference/README.md).
import type { Dataset } from '../src/core/dataset.js';
import { Random } from '../src/core/random.js';
import type { Kernels } from '../src/kernels/types.js';
import { createModel } from '../src/models/factory.js';
import type { ModelKind, ModelSpec } from '../src/models/types.js';
import { Adam } from '../src/optim/adam.js';
import { generateSpringDataset } from '../src/systems/trajectory-dataset.js';
import { generateTwoBodyDataset } from '../src/systems/two-body.js';

/** One timed configuration. */
export interface StepConfig {
  /** Label, e.g. `spring HNN`. */
  readonly name: string;
  readonly task: 'spring' | 'two-body';
  readonly kind: ModelKind;
  /** Rows per step (random batches), or null for the full batch. */
  readonly batch: number | null;
  /** Adam weight decay of the task (paper defaults). */
  readonly weightDecay: number;
  /** The authors' PyTorch train step, ms: [low, high]. */
  readonly pytorch: readonly [number, number];
}

export const CONFIGS: readonly StepConfig[] = [
  { name: 'spring HNN', task: 'spring', kind: 'hnn', batch: null, weightDecay: 1e-4, pytorch: [6.0, 6.9] },
  { name: 'spring baseline', task: 'spring', kind: 'baseline', batch: null, weightDecay: 1e-4, pytorch: [3.6, 4.0] },
  { name: 'two-body HNN', task: 'two-body', kind: 'hnn', batch: 200, weightDecay: 0, pytorch: [2.0, 2.5] },
  { name: 'two-body baseline', task: 'two-body', kind: 'baseline', batch: 200, weightDecay: 0, pytorch: [1.4, 1.5] },
];

const datasets = new Map<string, Dataset>();

/** The task's generated dataset (seed 0), made once. */
export function datasetOf(task: StepConfig['task']): Dataset {
  let d = datasets.get(task);
  if (!d) {
    d = task === 'spring' ? generateSpringDataset({ seed: 0 }) : generateTwoBodyDataset({ seed: 0 });
    datasets.set(task, d);
  }
  return d;
}

/**
 * A train step of `config` on `kernels` (forward, loss, backward, Adam), as `train` runs it; random
 * batches are drawn beforehand (64 of them, used in turn) so that only the step is timed.
 */
export function makeStep(config: StepConfig, kernels: Kernels<Float32Array>): () => void {
  const data = datasetOf(config.task);
  const mlp = { inputDim: data.dim, hiddenDim: 200, hiddenLayers: 2, activation: 'tanh' as const };
  const spec: ModelSpec =
    config.kind === 'hnn' ? { kind: 'hnn', field: 'solenoidal', mlp: { ...mlp, outputDim: 2 } } : { kind: 'baseline', mlp: { ...mlp, outputDim: data.dim } };
  const model = createModel(kernels, spec, new Random(0));
  const adam = new Adam(model.params(), { lr: 1e-3, weightDecay: config.weightDecay }, kernels);
  const rows = data.x.length / data.dim;
  const rng = new Random(1);
  const batches = config.batch === null ? [null] : Array.from({ length: 64 }, () => rng.sample(rows, config.batch!));
  let i = 0;
  return () => {
    model.lossAndGrad(data.x, data.dx, batches[i++ % batches.length]!);
    adam.step();
  };
}
