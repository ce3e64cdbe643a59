import type { Dataset } from '../core/dataset.js';
import type { ProtocolName } from '../tasks/energy-protocol.js';
import { storedPixelDatasetOptions, type ModelFile, type PixelModelFile, type StateModelFile } from '../io/model-file.js';
import type { Model } from '../models/factory.js';
import { LATENT_DIM, type PixelHNN } from '../models/pixel-hnn.js';
import type { DynamicsModel } from '../models/types.js';
import { cachedPixelPendulumDataset } from '../node/pixel-cache.js';
import { dataSourceFromFile, readDatasetFile, taskOfModelFile } from '../node/readers.js';
import { pixelInputOfState, type PixelDataset } from '../systems/pixel-pendulum/dataset.js';
import type { StateTask, Task } from '../tasks/registry.js';
import { canonicalCoordinates } from '../tasks/defaults.js';
import { UsageError } from './options.js';

/** The flags of the commands that read a model file and its data. */
export interface ModelDataFlags {
  readonly dataset?: string;
  readonly data?: string;
  readonly cacheDir: string;
  readonly protocol?: ProtocolName;
  readonly protocolFile?: string;
  readonly x0?: number[];
  readonly state?: [number, number];
  readonly trajectory?: number;
  readonly task?: string;
  readonly dataReal?: string;
  /** The true energy of a CSV task's data, as an expression (a string); `true` only asks for the energy metric. */
  readonly energy?: string | boolean;
}

/** What `simulate` integrates: dynamics on states, their start, the names of the coordinates, and the true energy where known. */
export interface Simulable {
  readonly dynamics: DynamicsModel<Float32Array>;
  readonly x0: Float64Array;
  readonly columns: readonly string[];
  readonly trueEnergy: ((x: Float64Array) => number) | null;
}

/** What the commands do differently for a model of states and a pixel model: the one place where they branch on the family. */
export interface Family<F extends ModelFile = ModelFile> {
  /** Options that only the other family takes, each with what it is for. */
  readonly foreign: Readonly<Partial<Record<keyof ModelDataFlags, string>>>;
  /** What the model is, for messages. */
  readonly describe: string;
  /** The data a saved model is measured on: a dataset file, or its task's data for the seed it was trained with. */
  data(file: F, path: string, flags: ModelDataFlags): Dataset | PixelDataset;
  /** The dynamics to integrate and their start. */
  simulable(file: F, path: string, model: Model<Float32Array>, flags: ModelDataFlags): Simulable;
}

const STATE: Family<StateModelFile> = {
  foreign: { state: '--state renders a pendulum state into frames, for pixel models', trajectory: "--trajectory picks a test trajectory of a pixel model's data" },
  describe: 'a model of states (give its start with --x0)',
  data(file, path, flags) {
    const data = flags.dataset
      ? readDatasetFile(flags.dataset, { dim: file.spec.mlp.inputDim, of: `the model ${path}` })
      : stateTaskOf(file, path, flags).makeDataset(trainingSeed(file), flags.data !== undefined ? dataSourceFromFile(flags.data) : {});
    if (data.dim !== file.spec.mlp.inputDim) throw new UsageError(`dataset has state dimension ${data.dim} but the model ${path} expects ${file.spec.mlp.inputDim}`);
    return data;
  },
  simulable(file, path, model, flags) {
    const dim = file.spec.mlp.inputDim;
    if (!flags.x0) throw new UsageError('give the start with --x0');
    if (flags.x0.length !== dim) throw new UsageError(`--x0 has ${flags.x0.length} numbers but the model ${path} has state dimension ${dim}`);
    const task = file.task ? stateTaskOf(file, path, flags) : null;
    const energy = task?.system?.energy;
    return { dynamics: model as DynamicsModel<Float32Array>, x0: Float64Array.from(flags.x0), columns: task?.coordinates ?? canonicalCoordinates(dim), trueEnergy: energy ?? null };
  },
};

const PIXEL: Family<PixelModelFile> = {
  foreign: {
    dataset: '--dataset gives the data of a model of states',
    data: '--data gives the measured data of a model of states',
    protocol: '--protocol chooses the energy protocol of a model of states',
    protocolFile: '--protocol-file replays the energy protocol of a model of states',
    task: '--task names the task of a model of states',
    dataReal: '--data-real gives the measured data of a model of states',
  },
  describe: 'a pixel model (its data is regenerated from the options it records)',
  data(file, path, flags) {
    const { dataset } = cachedPixelPendulumDataset(flags.cacheDir, storedPixelDatasetOptions(file, path));
    const trainedOn = file.training?.['dataset'] as { hash?: unknown } | undefined;
    if (typeof trainedOn?.hash === 'string' && trainedOn.hash !== dataset.hash) {
      process.stderr.write(`hnn: note: the pixel generator changed since ${path} was trained; using the current generator's data\n`);
    }
    return dataset;
  },
  simulable(file, path, model, flags) {
    const pixel = model as PixelHNN<Float32Array>;
    if (flags.x0 && flags.state) throw new UsageError('--x0 and --state both give the start; use one');
    if (!flags.x0 && !flags.state) throw new UsageError('give the start with --x0 (latent z_q,z_p) or --state (pendulum θ, 0.25·θ̇)');
    if (flags.x0 && flags.x0.length !== LATENT_DIM) throw new UsageError(`--x0 has ${flags.x0.length} numbers but the model ${path} has latent dimension ${LATENT_DIM}`);
    const x0 = flags.state ? pixel.encode(pixelInputOfState(...flags.state, frameSide(file, path))) : Float64Array.from(flags.x0!);
    return { dynamics: pixel.dynamics, x0, columns: ['z_q', 'z_p'], trueEnergy: null };
  },
};

/** The family of a model file, after refusing the options that only the other family takes. */
export function familyOf(file: ModelFile, path: string, flags: ModelDataFlags): Family {
  const family = (file.spec.kind === 'pixel' ? PIXEL : STATE) as Family;
  for (const [key, flag] of Object.entries(family.foreign)) {
    if (flags[key as keyof ModelDataFlags] !== undefined) throw new UsageError(`${flag}; ${path} is ${family.describe}`);
  }
  return family;
}

/**
 * The task a model file was trained on (a built-in task, or one made again from the recipe it records,
 * reading `--data` instead of the recorded file when given), or a usage error saying what to pass instead.
 */
export function taskOfFile(file: ModelFile, path: string, flags: Pick<ModelDataFlags, 'data' | 'energy'> = {}): Task {
  const energy = typeof flags.energy === 'string' ? flags.energy : undefined;
  const task = taskOfModelFile(file, path, { ...(flags.data !== undefined && { dataFile: flags.data }), ...(energy !== undefined && { energy }) });
  if (!task) throw new UsageError(`${path} names no task; pass --dataset FILE`);
  if (task.family === 'state' && file.spec.kind !== 'pixel' && task.dim !== file.spec.mlp.inputDim) {
    throw new UsageError(`${path}: the task it records (${task.name}) has state dimension ${task.dim}, but the model's input has ${file.spec.mlp.inputDim}`);
  }
  if ((task.family === 'pixel') !== (file.spec.kind === 'pixel')) throw new UsageError(`${path}: the task it records (${task.name}) is not for a ${file.spec.kind} model`);
  if (energy !== undefined && task.family === 'state' && task.recipe?.['kind'] !== 'csv') throw new UsageError(`--energy EXPR gives the energy of CSV data; task ${task.name} has its own`);
  return task;
}

/** The task on states a model file was trained on, or a usage error. */
function stateTaskOf(file: StateModelFile, path: string, flags: Pick<ModelDataFlags, 'data' | 'energy'>): StateTask {
  return taskOfFile(file, path, flags) as StateTask;
}

/** The seed the model was trained with (0 when the file does not say, as for imported weights). */
export function trainingSeed(file: ModelFile): number {
  return typeof file.training?.['seed'] === 'number' ? (file.training['seed'] as number) : 0;
}

/** Side of the square frames a pixel model reads (its input is two frames of side² pixels). */
export function frameSide(file: PixelModelFile, path: string): number {
  const side = Math.round(Math.sqrt(file.spec.pixel.inputDim / 2));
  if (2 * side * side !== file.spec.pixel.inputDim) throw new UsageError(`the model ${path} reads ${file.spec.pixel.inputDim} inputs, not two square frames`);
  return side;
}
