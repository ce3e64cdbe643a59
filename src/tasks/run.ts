import type { Dataset } from '../core/dataset.js';
import { Random } from '../core/random.js';
import { lossWithError } from '../eval/losses.js';
import { modelToFile, type ModelFile } from '../io/model-file.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import { createModel } from '../models/factory.js';
import type { DynamicsModel, FieldType, ModelKind, ModelSpec } from '../models/types.js';
import { train, type TrainProgress, type TrainResult } from '../train/train.js';
import type { TaskSpec, TrainingDefaults } from './registry.js';

/** What to train on a task; anything left out takes the paper's default for that task. */
export interface TaskRunOptions extends Partial<TrainingDefaults> {
  readonly kind: ModelKind;
  /** Seeds the dataset (when generated), the initial weights and the mini-batch sampler. */
  readonly seed: number;
  /** HNN field type (default solenoidal). */
  readonly field?: FieldType;
  /** Train on this dataset instead of generating the task's own. */
  readonly dataset?: Dataset;
  /** Measurement file for measured tasks (the real pendulum). */
  readonly dataFile?: string;
  /** Record the loss curves every this many steps (default 100). */
  readonly logEvery?: number;
  readonly onProgress?: (e: TrainProgress) => void;
}

/** A trained model, its training record, and the model file describing it (with final metrics). */
export interface TaskRun<A extends FloatArray> {
  readonly model: DynamicsModel<A>;
  readonly dataset: Dataset;
  readonly result: TrainResult;
  readonly file: ModelFile;
}

/** Generates (or takes) the task's data, trains one model on it, and measures its final losses. */
export function runTask<A extends FloatArray>(task: TaskSpec, kernels: Kernels<A>, options: TaskRunOptions): TaskRun<A> {
  const settings: TrainingDefaults = { ...task.defaults, ...definedOnly(options) };
  const dataset = options.dataset ?? task.makeDataset(options.seed, options.dataFile !== undefined ? { dataFile: options.dataFile } : {});
  if (dataset.dim !== task.dim) throw new Error(`dataset has state dimension ${dataset.dim}, but task ${task.name} has ${task.dim}`);
  const mlp = { inputDim: task.dim, hiddenDim: settings.hiddenDim, hiddenLayers: settings.hiddenLayers, activation: settings.activation };
  const spec: ModelSpec =
    options.kind === 'hnn'
      ? { kind: 'hnn', field: options.field ?? 'solenoidal', mlp: { ...mlp, outputDim: 2 } }
      : { kind: 'baseline', mlp: { ...mlp, outputDim: task.dim } };
  // Distinct streams for the weights and the batches, both fixed by the seed.
  const model = createModel(kernels, spec, new Random(2 * options.seed));
  const result = train(model, dataset, {
    steps: settings.steps,
    batchSize: settings.batchSize,
    lr: settings.lr,
    weightDecay: settings.weightDecay,
    seed: 2 * options.seed + 1,
    logEvery: options.logEvery ?? 100,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  });
  const metrics = { trainLoss: lossWithError(model, dataset.x, dataset.dx), testLoss: lossWithError(model, dataset.testX, dataset.testDx) };
  const file = modelToFile(model, {
    task: task.name,
    training: { ...settings, seed: options.seed, backend: kernels.name, seconds: result.seconds, dataset: dataset.meta ?? null, history: result.history },
    metrics,
  });
  return { model, dataset, result, file };
}

/** The options that were actually given (undefined entries dropped), restricted to training settings. */
function definedOnly(o: TaskRunOptions): Partial<TrainingDefaults> {
  const keys: (keyof TrainingDefaults)[] = ['steps', 'batchSize', 'lr', 'weightDecay', 'hiddenDim', 'hiddenLayers', 'activation'];
  const out: Record<string, unknown> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out as Partial<TrainingDefaults>;
}
