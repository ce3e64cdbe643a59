import type { Dataset } from '../core/dataset.js';
import { InputError } from '../io/validate.js';
import type { ActivationName } from '../nn/activation.js';
import type { PixelDatasetOptions } from '../systems/pixel-pendulum/dataset.js';
import { loadRealPendulum } from '../systems/real-pendulum.js';
import { generateThreeBodyDataset } from '../systems/three-body.js';
import { generateTwoBodyDataset } from '../systems/two-body.js';
import { generatePendulumDataset, generateSpringDataset } from '../systems/trajectory-dataset.js';

/** Names of the tasks on state vectors (tasks 1–4), in Table 1 order. */
export type TaskName = 'spring' | 'pendulum' | 'real-pendulum' | 'two-body' | 'three-body';

/** Name of task 5, the pendulum seen through pixels. */
export const PIXEL_TASK_NAME = 'pixel-pendulum';

/** Names of every task, those on state vectors and the pixel task. */
export type AnyTaskName = TaskName | typeof PIXEL_TASK_NAME;

/** The paper's training settings for a task. */
export interface TrainingDefaults {
  readonly steps: number;
  /** Rows per step; null = full batch. */
  readonly batchSize: number | null;
  readonly lr: number;
  readonly weightDecay: number;
  readonly hiddenDim: number;
  readonly hiddenLayers: number;
  readonly activation: ActivationName;
}

/** Where a task's data comes from besides the seed: measured tasks need a file. */
export interface DataSource {
  /** Path of the measurement file (the real pendulum's `real_pend_h_1.txt`). */
  readonly dataFile?: string;
}

/** A task of the paper: its state dimension, how its data is made, and how the paper trained on it. */
export interface TaskSpec {
  readonly name: TaskName;
  /** Human title, e.g. "Ideal mass-spring". */
  readonly title: string;
  /** State dimension d. */
  readonly dim: number;
  readonly defaults: TrainingDefaults;
  /** The task's dataset as the authors make it for a seed (measured tasks read `source.dataFile`). */
  makeDataset(seed: number, source?: DataSource): Dataset;
}

const FULL_BATCH: TrainingDefaults = { steps: 2000, batchSize: null, lr: 1e-3, weightDecay: 1e-4, hiddenDim: 200, hiddenLayers: 2, activation: 'tanh' };
const MINI_BATCH: TrainingDefaults = { ...FULL_BATCH, steps: 10000, batchSize: 200, weightDecay: 0 };

const TASKS: Record<TaskName, TaskSpec> = {
  spring: { name: 'spring', title: 'Ideal mass-spring', dim: 2, defaults: FULL_BATCH, makeDataset: (seed) => generateSpringDataset({ seed }) },
  pendulum: { name: 'pendulum', title: 'Ideal pendulum', dim: 2, defaults: FULL_BATCH, makeDataset: (seed) => generatePendulumDataset({ seed }) },
  'real-pendulum': {
    name: 'real-pendulum',
    title: 'Real pendulum (Schmidt & Lipson 2009)',
    dim: 2,
    defaults: { ...FULL_BATCH, weightDecay: 1e-5 },
    makeDataset: (_seed, source) => {
      if (!source?.dataFile) {
        throw new InputError('task real-pendulum needs the measured data: pass --data FILE (real_pend_h_1.txt of Schmidt & Lipson 2009)');
      }
      return loadRealPendulum(source.dataFile);
    },
  },
  'two-body': { name: 'two-body', title: 'Two-body gravitation', dim: 8, defaults: MINI_BATCH, makeDataset: (seed) => generateTwoBodyDataset({ seed }) },
  // Not in the paper's Table 1: the authors' experiment-3body/train.py, whose numbers we compare
  // with, trains on batches of 600 with weight decay 1e-4 (paper.md lists the two-body's 200 and 0).
  'three-body': {
    name: 'three-body',
    title: 'Three-body gravitation',
    dim: 12,
    defaults: { ...MINI_BATCH, batchSize: 600, weightDecay: 1e-4 },
    makeDataset: (seed) => generateThreeBodyDataset({ seed }),
  },
};

/** Every task name on state vectors, in Table 1 order. */
export const TASK_NAMES = Object.keys(TASKS) as TaskName[];

/** The training settings of the pixel task (the autoencoder and the latent dynamics share the hidden width). */
export type PixelTrainingDefaults = Pick<TrainingDefaults, 'steps' | 'batchSize' | 'lr' | 'weightDecay' | 'hiddenDim'>;

/** Task 5 (paper.md §3): its training settings and the dataset options for a seed. */
export interface PixelTaskSpec {
  readonly name: typeof PIXEL_TASK_NAME;
  readonly title: string;
  readonly defaults: PixelTrainingDefaults;
  /** The options of the task's pixel dataset for a seed (the paper's, with that seed). */
  datasetOptions(seed: number): Partial<PixelDatasetOptions>;
}

/** The pixel pendulum with the paper's settings: batches of 200, 10,000 steps, Adam 1e-3, weight decay 1e-5. */
export const PIXEL_TASK: PixelTaskSpec = {
  name: PIXEL_TASK_NAME,
  title: 'Pixel pendulum',
  defaults: { steps: 10000, batchSize: 200, lr: 1e-3, weightDecay: 1e-5, hiddenDim: 200 },
  datasetOptions: (seed) => ({ seed }),
};

/** Every task name, in Table 1 order: the state-vector tasks, then the pixel pendulum. */
export const ALL_TASK_NAMES: AnyTaskName[] = [...TASK_NAMES, PIXEL_TASK_NAME];

/** Whether a task name is the pixel task. */
export function isPixelTask(name: string): name is typeof PIXEL_TASK_NAME {
  return name === PIXEL_TASK_NAME;
}

/** The paper's number of training steps of any task. */
export function defaultSteps(name: AnyTaskName): number {
  return isPixelTask(name) ? PIXEL_TASK.defaults.steps : taskByName(name).defaults.steps;
}

/** The task of that name, or an error listing the known ones. */
export function taskByName(name: string): TaskSpec {
  const t = TASKS[name as TaskName];
  if (!t) throw new Error(`unknown task "${name}"; expected one of ${TASK_NAMES.join(', ')}`);
  return t;
}
