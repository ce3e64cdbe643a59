import type { Dataset } from '../core/dataset.js';
import { Random } from '../core/random.js';
import { lossWithError } from '../eval/losses.js';
import { pixelLossWithError } from '../eval/pixel-losses.js';
import { modelToFile, pixelModelToFile, type ModelFile, type PixelModelFile } from '../io/model-file.js';
import type { FloatArray, Kernels } from '../kernels/types.js';
import { createModel } from '../models/factory.js';
import { PIXEL_HNN_DEFAULTS, PixelHNN } from '../models/pixel-hnn.js';
import type { DynamicsModel, FieldType, ModelKind, ModelSpec } from '../models/types.js';
import { cachedPixelPendulumDataset } from '../systems/pixel-pendulum/cache.js';
import { generatePixelPendulumDataset, type PixelDataset } from '../systems/pixel-pendulum/dataset.js';
import { trainPixel } from '../train/pixel-train.js';
import { train, type TrainOptions, type TrainProgress, type TrainResult } from '../train/train.js';
import { PIXEL_TASK, type PixelTrainingDefaults, type TaskSpec, type TrainingDefaults } from './registry.js';

/** What every run takes besides its training settings. */
export interface RunBasics {
  readonly kind: ModelKind;
  /** Seeds the dataset (when generated), the initial weights and the mini-batch sampler. */
  readonly seed: number;
  /** Record the loss curves every this many steps (default 100). */
  readonly logEvery?: number;
  readonly onProgress?: (e: TrainProgress) => void;
}

/** What to train on a task; anything left out takes the paper's default for that task. */
export interface TaskRunOptions extends Partial<TrainingDefaults>, RunBasics {
  /** HNN field type (default solenoidal). */
  readonly field?: FieldType;
  /** Train on this dataset instead of generating the task's own. */
  readonly dataset?: Dataset;
  /** Measurement file for measured tasks (the real pendulum). */
  readonly dataFile?: string;
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
  const settings: TrainingDefaults = { ...task.defaults, ...definedOnly(options, TRAINING_KEYS) };
  const dataset = options.dataset ?? task.makeDataset(options.seed, options.dataFile !== undefined ? { dataFile: options.dataFile } : {});
  if (dataset.dim !== task.dim) throw new Error(`dataset has state dimension ${dataset.dim}, but task ${task.name} has ${task.dim}`);
  const mlp = { inputDim: task.dim, hiddenDim: settings.hiddenDim, hiddenLayers: settings.hiddenLayers, activation: settings.activation };
  const spec: ModelSpec =
    options.kind === 'hnn'
      ? { kind: 'hnn', field: options.field ?? 'solenoidal', mlp: { ...mlp, outputDim: 2 } }
      : { kind: 'baseline', mlp: { ...mlp, outputDim: task.dim } };
  // Distinct streams for the weights and the batches, both fixed by the seed.
  const model = createModel(kernels, spec, new Random(2 * options.seed));
  const result = train(model, dataset, trainOptions(settings, options));
  const metrics = { trainLoss: lossWithError(model, dataset.x, dataset.dx), testLoss: lossWithError(model, dataset.testX, dataset.testDx) };
  const file = modelToFile(model, {
    task: task.name,
    training: { ...settings, seed: options.seed, backend: kernels.name, threads: kernels.threads, seconds: result.seconds, dataset: dataset.meta ?? null, history: result.history },
    metrics,
  });
  return { model, dataset, result, file };
}

/** What to train on the pixel task; anything left out takes the paper's setting. */
export interface PixelTaskRunOptions extends Partial<PixelTrainingDefaults>, RunBasics {
  /** Train on this dataset (e.g. read from a cache) instead of generating the task's own. */
  readonly dataset?: PixelDataset;
}

/** A trained pixel model, its data, its training record and its model file (with final losses). */
export interface PixelTaskRun<A extends FloatArray> {
  readonly model: PixelHNN<A>;
  readonly dataset: PixelDataset;
  readonly result: TrainResult;
  readonly file: PixelModelFile;
}

/** Generates (or takes) the pixel-pendulum data, trains one pixel model on it, and measures its final losses. */
export function runPixelTask<A extends FloatArray>(kernels: Kernels<A>, options: PixelTaskRunOptions): PixelTaskRun<A> {
  const settings: PixelTrainingDefaults = { ...PIXEL_TASK.defaults, ...definedOnly(options, PIXEL_TRAINING_KEYS) };
  const dataset = options.dataset ?? generatePixelPendulumDataset(PIXEL_TASK.datasetOptions(options.seed));
  // Distinct streams for the weights and the batches, both fixed by the seed (as runTask).
  const model = new PixelHNN(kernels, { ...PIXEL_HNN_DEFAULTS, kind: options.kind, inputDim: dataset.inputDim, hiddenDim: settings.hiddenDim }, new Random(2 * options.seed));
  const result = trainPixel(model, dataset, trainOptions(settings, options));
  const metrics = { trainLoss: pixelLossWithError(model, dataset.train), testLoss: pixelLossWithError(model, dataset.test) };
  const file = pixelModelToFile(model, {
    task: PIXEL_TASK.name,
    training: {
      ...settings,
      seed: options.seed,
      backend: kernels.name,
      threads: kernels.threads,
      seconds: result.seconds,
      dataset: { generator: 'pixel-pendulum', options: dataset.options, hash: dataset.hash },
      history: result.history,
    },
    metrics,
  });
  return { model, dataset, result, file };
}

/** The pixel task's dataset for a seed, read from (or generated into) the content-hashed cache in `cacheDir`. */
export function pixelTaskDataset(cacheDir: string, seed: number): PixelDataset {
  return cachedPixelPendulumDataset(cacheDir, PIXEL_TASK.datasetOptions(seed)).dataset;
}

/** The training loop's options for these settings; the batch sampler's seed is 2·seed + 1 (the weights take 2·seed). */
function trainOptions(settings: PixelTrainingDefaults, options: RunBasics): TrainOptions {
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

/** The settings of a task on state vectors. */
const TRAINING_KEYS: readonly (keyof TrainingDefaults)[] = ['steps', 'batchSize', 'lr', 'weightDecay', 'hiddenDim', 'hiddenLayers', 'activation'];

/** The settings of the pixel task. */
const PIXEL_TRAINING_KEYS: readonly (keyof PixelTrainingDefaults)[] = ['steps', 'batchSize', 'lr', 'weightDecay', 'hiddenDim'];

/** The options that were actually given (undefined entries dropped), restricted to the listed training settings. */
function definedOnly<T extends object>(o: Partial<T>, keys: readonly (keyof T)[]): Partial<T> {
  const out: Partial<T> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}
