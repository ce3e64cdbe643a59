import type { Dataset } from '../core/dataset.js';
import { InputError } from '../io/validate.js';
import type { FloatArray } from '../kernels/types.js';
import type { DynamicsModel } from '../models/types.js';
import { energyMse, type EnergyMse } from './energy.js';
import { ENERGY_TASK_NAMES, energyTask } from './energy-tasks.js';
import { modelField } from './model-field.js';
import { taskProtocol, type ProtocolName } from './protocol.js';
import { readEnergyProtocolFile } from './protocol-file.js';

/** How to run a task's energy metric. */
export interface EnergyMetricOptions {
  /** Built-in protocol (default `clean`); ignored when `protocolFile` is given. */
  readonly protocol?: ProtocolName;
  /** Replay the integrations recorded in this energy_inputs JSON instead. */
  readonly protocolFile?: string;
  /** Seed of the model's data (the built-in starts of tasks 1–2 depend on it). */
  readonly seed: number;
  /** The task's dataset (the real pendulum's path follows its test rows). */
  readonly dataset?: Dataset;
}

/** The energy MSE of `model` on task `taskName` (paper.md §4), with the name of the protocol used. */
export function measureEnergyMse<A extends FloatArray>(taskName: string, model: DynamicsModel<A>, options: EnergyMetricOptions): EnergyMse & { protocol: string } {
  const task = energyTask(taskName);
  if (!task) throw new InputError(`task "${taskName}" has no energy metric; supported: ${ENERGY_TASK_NAMES.join(', ')}`);
  const protocol = options.protocolFile
    ? readEnergyProtocolFile(options.protocolFile, model.spec.kind, task.name, task.dim)
    : taskProtocol(task.name, options.protocol ?? 'clean', { seed: options.seed, ...(options.dataset && { dataset: options.dataset }) });
  const result = energyMse(task, task.integratedField(modelField(model)), protocol);
  return { ...result, protocol: options.protocolFile ?? options.protocol ?? 'clean' };
}
