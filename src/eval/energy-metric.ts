import type { Dataset } from '../core/dataset.js';
import { InputError } from '../core/errors.js';
import type { FloatArray } from '../kernels/types.js';
import type { Model } from '../models/factory.js';
import type { PixelHNN } from '../models/pixel-hnn.js';
import type { DynamicsModel } from '../models/types.js';
import type { PixelDataset } from '../systems/pixel-pendulum/dataset.js';
import type { EnergyProtocol, ProtocolName } from '../tasks/energy-protocol.js';
import type { StateTask, Task } from '../tasks/task.js';
import { energyMse, type EnergyMse } from './energy.js';
import { modelField } from './model-field.js';
import { measurePixelEnergyMse, PIXEL_ENERGY_PROTOCOL } from './pixel-energy.js';

/** How to run a task's energy metric. */
export interface EnergyMetricOptions {
  /** Built-in protocol (default `clean`), or a recorded one (io `parseEnergyProtocol`). */
  readonly protocol?: ProtocolName | EnergyProtocol;
  /** Seed of the model's data (the built-in starts of tasks 1–2 depend on it). */
  readonly seed: number;
  /** The task's dataset (measured tasks follow its test trajectories). */
  readonly dataset?: Dataset;
}

/** The energy MSE of a model of states on its task (paper.md §4), with the name of the protocol used; an InputError where the task has no true energy. */
export function measureEnergyMse<A extends FloatArray>(task: StateTask, model: DynamicsModel<A>, options: EnergyMetricOptions): EnergyMse & { protocol: string } {
  const metric = task.energyMetric;
  if (!metric) throw new InputError(`no true energy for the data of task ${task.name}; pass --energy EXPR to give one`);
  const chosen = options.protocol ?? 'clean';
  const protocol = typeof chosen === 'string' ? metric.protocol(chosen, options.seed, options.dataset) : chosen;
  const result = energyMse(metric, metric.integratedField(modelField(model)), protocol);
  return { ...result, protocol: protocol.name };
}

/** The energy MSE of any model on its task's data: the paper's metric for models of states, the latent-rollout metric for pixel models. */
export function measureTaskEnergy<A extends FloatArray>(task: Task, model: Model<A>, dataset: Dataset | PixelDataset, options: Omit<EnergyMetricOptions, 'dataset'>): EnergyMse & { protocol: string } {
  if (model.spec.kind === 'pixel' || task.family === 'pixel') {
    if (model.spec.kind !== 'pixel' || task.family !== 'pixel') throw new InputError(`a ${model.spec.kind} model cannot be measured on task ${task.name}`);
    const { mean, stderr, perSample } = measurePixelEnergyMse(model as PixelHNN<A>, dataset as PixelDataset);
    return { mean, stderr, perSample, protocol: PIXEL_ENERGY_PROTOCOL };
  }
  return measureEnergyMse(task, model as DynamicsModel<A>, { ...options, dataset: dataset as Dataset });
}

/** The name under which the energy of a model on `task` is recorded when measured with the built-in `protocol`. */
export function energyProtocolName(task: Task, protocol: ProtocolName): string {
  return task.family === 'pixel' ? PIXEL_ENERGY_PROTOCOL : protocol;
}
