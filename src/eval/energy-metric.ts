import type { Dataset } from '../core/dataset.js';
import { InputError } from '../core/errors.js';
import type { FloatArray } from '../kernels/types.js';
import type { Model } from '../models/factory.js';
import type { DynamicsModel } from '../models/types.js';
import type { PixelDataset } from '../systems/pixel-pendulum/dataset.js';
import type { Task } from '../tasks/registry.js';
import { energyMse, type EnergyMse } from './energy.js';
import { ENERGY_TASK_NAMES, energyTask } from './energy-tasks.js';
import { modelField } from './model-field.js';
import { measurePixelEnergyMse, PIXEL_ENERGY_PROTOCOL } from './pixel-energy.js';
import { taskProtocol, type EnergyProtocol, type ProtocolName } from './protocol.js';

/** How to run a task's energy metric. */
export interface EnergyMetricOptions {
  /** Built-in protocol (default `clean`), or a recorded one (io `parseEnergyProtocol`). */
  readonly protocol?: ProtocolName | EnergyProtocol;
  /** Seed of the model's data (the built-in starts of tasks 1–2 depend on it). */
  readonly seed: number;
  /** The task's dataset (the real pendulum's path follows its test rows). */
  readonly dataset?: Dataset;
}

/** The energy MSE of a model of states on task `taskName` (paper.md §4), with the name of the protocol used. */
export function measureEnergyMse<A extends FloatArray>(taskName: string, model: DynamicsModel<A>, options: EnergyMetricOptions): EnergyMse & { protocol: string } {
  const task = energyTask(taskName);
  if (!task) throw new InputError(`task "${taskName}" has no energy metric; supported: ${ENERGY_TASK_NAMES.join(', ')}`);
  const chosen = options.protocol ?? 'clean';
  const protocol = typeof chosen === 'string' ? taskProtocol(task.name, chosen, { seed: options.seed, ...(options.dataset && { dataset: options.dataset }) }) : chosen;
  const result = energyMse(task, task.integratedField(modelField(model)), protocol);
  return { ...result, protocol: protocol.name };
}

/** The energy MSE of any model on its task's data: the paper's metric for models of states, the latent-rollout metric for pixel models. */
export function measureTaskEnergy<A extends FloatArray>(task: Task, model: Model<A>, dataset: Dataset | PixelDataset, options: Omit<EnergyMetricOptions, 'dataset'>): EnergyMse & { protocol: string } {
  if (model.spec.kind === 'pixel' || task.family === 'pixel') {
    if (model.spec.kind !== 'pixel' || task.family !== 'pixel') throw new InputError(`a ${model.spec.kind} model cannot be measured on task ${task.name}`);
    const { mean, stderr, perSample } = measurePixelEnergyMse(model as Extract<Model<A>, { spec: { kind: 'pixel' } }>, dataset as PixelDataset);
    return { mean, stderr, perSample, protocol: PIXEL_ENERGY_PROTOCOL };
  }
  return measureEnergyMse(task.name, model as DynamicsModel<A>, { ...options, dataset: dataset as Dataset });
}

/** The name under which the energy of a model on `task` is recorded when measured with the built-in `protocol`. */
export function energyProtocolName(task: Task, protocol: ProtocolName): string {
  return task.family === 'pixel' ? PIXEL_ENERGY_PROTOCOL : protocol;
}
