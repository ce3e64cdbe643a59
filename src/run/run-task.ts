import type { Dataset, TrainingData } from '../core/dataset.js';
import { InputError } from '../core/errors.js';
import { Random } from '../core/random.js';
import { lossWithError } from '../eval/losses.js';
import { modelToFile, type ModelFile, type PixelModelFile, type StateModelFile } from '../io/model-file.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import { createModel, type Model } from '../models/factory.js';
import { PIXEL_DEFAULTS, type PixelHNN } from '../models/pixel-hnn.js';
import type { DynamicsModel, FieldType, ModelKind, StateModelSpec, TrainableModel } from '../models/types.js';
import type { PixelPairs } from '../models/pixel-pairs.js';
import type { PixelDataset } from '../systems/pixel-pendulum/dataset.js';
import type { DataSource, PixelTask, StateTask, Task, TrainingDefaults } from '../tasks/registry.js';
import { Trainer, type TrainerState, type TrainOptions, type TrainProgress, type TrainResult } from '../train/train.js';

/** What to train on a task; any training setting left out takes the paper's default for the task. */
export interface TaskRunOptions<D = Dataset | PixelDataset> extends Partial<TrainingDefaults> {
  readonly kind: ModelKind;
  /** Seeds the dataset (when generated), the initial weights and the mini-batch sampler. */
  readonly seed: number;
  /** HNN field type of a model of states (default solenoidal). */
  readonly field?: FieldType;
  /** Train on this dataset instead of making the task's own. */
  readonly dataset?: D;
  /** The measured data of a measured task (the real pendulum). */
  readonly source?: DataSource;
  /** Record the loss curves every this many steps (default 100). */
  readonly logEvery?: number;
  readonly onProgress?: (e: TrainProgress) => void;
  /** Continue a run from this snapshot (of a run with the same settings: see `fingerprint`). */
  readonly resume?: TrainerState;
}

/** A run ready to train: its model, data and trainer; `finish` measures it and makes its model file. */
export interface PreparedRun<M, D, F> {
  readonly model: M;
  readonly dataset: D;
  readonly trainer: Trainer<FloatArray, unknown>;
  /** What makes this run this run (task, kind, seed, settings, model spec, backend): a checkpoint of another run is refused. */
  readonly fingerprint: Readonly<Record<string, unknown>>;
  finish(): TaskRun<M, D, F>;
}

/** A trained model, its data, its training record and its model file (with final losses). */
export interface TaskRun<M, D, F> {
  readonly model: M;
  readonly dataset: D;
  readonly result: TrainResult;
  readonly file: F;
}

/**
 * Makes (or takes) a task's data, trains one model on it with the task's settings, and measures its
 * final losses. The initial weights come from seed 2·seed, the batches from 2·seed + 1.
 */
export function runTask<A extends FloatArray>(task: StateTask, kernels: Kernels<A>, options: TaskRunOptions<Dataset>): TaskRun<DynamicsModel<A>, Dataset, StateModelFile>;
export function runTask<A extends FloatArray>(task: PixelTask, kernels: Kernels<A>, options: TaskRunOptions<PixelDataset>): TaskRun<PixelHNN<A>, PixelDataset, PixelModelFile>;
export function runTask<A extends FloatArray>(task: Task, kernels: Kernels<A>, options: TaskRunOptions): TaskRun<Model<A>, Dataset | PixelDataset, ModelFile>;
export function runTask<A extends FloatArray>(task: Task, kernels: Kernels<A>, options: TaskRunOptions): TaskRun<Model<A>, Dataset | PixelDataset, ModelFile> {
  const run = prepareTaskRun(task, kernels, options);
  while (!run.trainer.done) run.trainer.next();
  return run.finish();
}

/** A run of `runTask` before its training: train it with `trainer.next()` (pause, snapshot, continue), then `finish()`. */
export function prepareTaskRun<A extends FloatArray>(task: Task, kernels: Kernels<A>, options: TaskRunOptions): PreparedRun<Model<A>, Dataset | PixelDataset, ModelFile> {
  const settings: TrainingDefaults = { ...task.defaults, ...definedOnly(options) };
  const rng = new Random(2 * options.seed);
  if (task.family === 'pixel') {
    if (options.kind === 'dhnn') throw new InputError(`task ${task.name}: a pixel model's latent dynamics are an hnn or a baseline, not a dhnn`);
    const dataset = (options.dataset as PixelDataset | undefined) ?? task.makeDataset(options.seed);
    const pixel = { ...PIXEL_DEFAULTS, inputDim: dataset.inputDim, hiddenDim: settings.hiddenDim, dynamicsActivation: settings.activation };
    const model = createModel(kernels, { kind: 'pixel', latent: options.kind, pixel }, rng);
    return prepare<A, PixelPairs, PixelDataset>(task, model, dataset, settings, options, { generator: 'pixel-pendulum', options: dataset.options, hash: dataset.hash });
  }
  const dataset = (options.dataset as Dataset | undefined) ?? task.makeDataset(options.seed, options.source);
  if (dataset.dim !== task.dim) throw new RangeError(`dataset has state dimension ${dataset.dim}, but task ${task.name} has ${task.dim}`);
  const mlp = { inputDim: task.dim, hiddenDim: settings.hiddenDim, hiddenLayers: settings.hiddenLayers, activation: settings.activation };
  const spec: StateModelSpec =
    options.kind === 'hnn'
      ? { kind: 'hnn', field: options.field ?? 'solenoidal', mlp: { ...mlp, outputDim: 2 } }
      : options.kind === 'dhnn'
        ? { kind: 'dhnn', mlp: { ...mlp, outputDim: 1 } }
        : { kind: 'baseline', mlp: { ...mlp, outputDim: task.dim } };
  return prepare(task, createModel(kernels, spec, rng), dataset, settings, options, dataset.meta ?? null);
}

/** A trainer for `model` on `data`, and how to measure the result and describe it as a model file recording `datasetRecord`. */
function prepare<A extends FloatArray, S, D extends TrainingData<S>>(
  task: Task,
  model: TrainableModel<A, S>,
  data: D,
  settings: TrainingDefaults,
  options: TaskRunOptions,
  datasetRecord: unknown,
): PreparedRun<Model<A>, D, ModelFile> {
  const trainer = new Trainer(model, data, trainOptions(settings, options), options.resume);
  const { kernels } = model;
  const recipe = task.family === 'state' && task.recipe ? { task: task.recipe } : {};
  const arithmetic = kernels.arithmetic ? { arithmetic: kernels.arithmetic } : {};
  const fingerprint = { task: task.name, ...recipe, kind: options.kind, seed: options.seed, settings, spec: model.spec, backend: kernels.name, ...arithmetic };
  return {
    model: model as unknown as Model<A>,
    dataset: data,
    trainer: trainer as unknown as Trainer<FloatArray, unknown>,
    fingerprint,
    finish: () => {
      const result = trainer.result();
      const metrics = { trainLoss: lossWithError(model, data.train), testLoss: lossWithError(model, data.test) };
      const training = { ...settings, seed: options.seed, backend: kernels.name, ...arithmetic, threads: kernels.threads, seconds: result.seconds, ...recipe, dataset: datasetRecord, history: result.history };
      return { model: model as unknown as Model<A>, dataset: data, result, file: modelToFile(model, { task: task.name, training, metrics }) };
    },
  };
}

/** The training loop's options for these settings; the batch sampler's seed is 2·seed + 1 (the weights take 2·seed). */
function trainOptions(settings: TrainingDefaults, options: TaskRunOptions): TrainOptions {
  return {
    steps: settings.steps,
    batchSize: settings.batchSize,
    lr: settings.lr,
    weightDecay: settings.weightDecay,
    seed: 2 * options.seed + 1,
    logEvery: options.logEvery ?? 100,
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
}

/** The training settings among the options (undefined entries dropped). */
const TRAINING_KEYS: readonly (keyof TrainingDefaults)[] = ['steps', 'batchSize', 'lr', 'weightDecay', 'hiddenDim', 'hiddenLayers', 'activation'];

/** The training settings that were actually given. */
function definedOnly(o: Partial<TrainingDefaults>): Partial<TrainingDefaults> {
  const out: Record<string, unknown> = {};
  for (const k of TRAINING_KEYS) if (o[k] !== undefined) out[k] = o[k];
  return out as Partial<TrainingDefaults>;
}
