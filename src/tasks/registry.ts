import type { Dataset } from '../core/dataset.js';
import type { ActivationName } from '../nn/activation.js';
import { generatePendulumDataset, generateSpringDataset } from '../systems/trajectory-dataset.js';

/** Names of the tasks the library knows. */
export type TaskName = 'spring' | 'pendulum';

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

/** A task of the paper: its state dimension, how its data is made, and how the paper trained on it. */
export interface TaskSpec {
  readonly name: TaskName;
  /** Human title, e.g. "Ideal mass-spring". */
  readonly title: string;
  /** State dimension d. */
  readonly dim: number;
  readonly defaults: TrainingDefaults;
  /** The task's dataset as the authors generate it for a seed. */
  makeDataset(seed: number): Dataset;
}

const PAPER_SMALL: TrainingDefaults = { steps: 2000, batchSize: null, lr: 1e-3, weightDecay: 1e-4, hiddenDim: 200, hiddenLayers: 2, activation: 'tanh' };

const TASKS: Record<TaskName, TaskSpec> = {
  spring: { name: 'spring', title: 'Ideal mass-spring', dim: 2, defaults: PAPER_SMALL, makeDataset: (seed) => generateSpringDataset({ seed }) },
  pendulum: { name: 'pendulum', title: 'Ideal pendulum', dim: 2, defaults: PAPER_SMALL, makeDataset: (seed) => generatePendulumDataset({ seed }) },
};

/** Every task name, in Table 1 order. */
export const TASK_NAMES = Object.keys(TASKS) as TaskName[];

/** The task of that name, or an error listing the known ones. */
export function taskByName(name: string): TaskSpec {
  const t = TASKS[name as TaskName];
  if (!t) throw new Error(`unknown task "${name}"; expected one of ${TASK_NAMES.join(', ')}`);
  return t;
}
