import { readFileSync } from 'node:fs';
import type { Dataset } from '../core/dataset.js';
import { InputError } from '../core/errors.js';
import type { EnergyProtocol } from '../tasks/energy-protocol.js';
import { parseDatasetJson, type DatasetExpectation } from '../data/dataset-json.js';
import { recordedTask, type ModelFile, type StateModelFile } from '../io/model-file.js';
import { parseEnergyProtocol } from '../io/protocol-file.js';
import { importTorchStateDict } from '../io/torch-import.js';
import type { ModelKind } from '../models/types.js';
import type { PixelDataset } from '../systems/pixel-pendulum/dataset.js';
import { parseRealPendulum } from '../data/real-pendulum-file.js';
import { type DataSource, type StateTask, type Task } from '../tasks/registry.js';
import { readJsonFile } from './files.js';
import { cachedPixelPendulumDataset } from './pixel-cache.js';

/** The text of a file, with errors that name it. */
export function readTextFile(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new InputError(code === 'ENOENT' ? `${path}: file not found` : `${path}: cannot read (${(e as Error).message})`);
  }
}

/**
 * Reads a dataset JSON (or .json.gz) in the reference layout (`x`, `dx`, `test_x`, `test_dx`); given a
 * task (or a state dimension and whose it is), a file of another state dimension is refused naming both.
 */
export function readDatasetFile(path: string, expect?: Task | DatasetExpectation): Dataset {
  const expectation = expect === undefined ? undefined : 'family' in expect ? datasetExpectationOf(expect) : expect;
  return parseDatasetJson(readJsonFile(path), path, expectation);
}

/** The state dimension a task's dataset must have (a pixel task takes no dataset file: its frames are generated). */
function datasetExpectationOf(task: Task): DatasetExpectation {
  if (task.family !== 'state') throw new InputError(`a dataset file gives the data of a task on states; ${task.name} makes its own frames`);
  return { dim: task.dim, of: `task ${task.name}` };
}

/** Reads a Schmidt & Lipson measurement file (e.g. `real_pend_h_1.txt`) into task 3's dataset. */
export function loadRealPendulum(path: string): Dataset {
  return parseRealPendulum(readTextFile(path), path);
}

/** A data source whose measured file is read from `path`. */
export function dataSourceFromFile(path: string): DataSource {
  return { file: { name: path, text: readTextFile(path) } };
}

/** Reads an energy protocol recorded as the authors ran it (`energy_inputs_<task>.json`), keeping the `kind` model's integrations. */
export function readEnergyProtocolFile(path: string, kind: ModelKind, task: StateTask): EnergyProtocol {
  if (!task.energyMetric) throw new InputError(`no true energy for the data of task ${task.name}, so no energy protocol applies`);
  return parseEnergyProtocol(readJsonFile(path), path, kind, task.name, task.energyMetric.dim);
}

/**
 * The task a model file was trained on: a built-in task by name, or one made again from the recipe it
 * records (a CSV task reads `dataFile` instead of the recorded file when given; `energy` replaces a CSV
 * task's true energy; a task module must have been loaded first: loadTaskModuleOf). Null when the file names no task.
 */
export function taskOfModelFile(file: ModelFile, path: string, options: { readonly dataFile?: string; readonly energy?: string } = {}): Task | null {
  return recordedTask(file, path, (recorded) => readTextFile(options.dataFile ?? recorded), options.energy);
}

/** Converts the authors' PyTorch weights (a state dict saved as JSON) into a model file for `task` and `kind`. */
export function readTorchStateDict(path: string, task: string, kind: ModelKind): StateModelFile {
  return importTorchStateDict(readJsonFile(path), path, task, kind);
}

/** Where a task's data comes from on disk: the measured file, and the pixel task's frame cache. */
export interface TaskDataOptions {
  /** Measurement file of a measured task (the real pendulum). */
  readonly dataFile?: string;
  /** Folder of the pixel task's content-hashed frame cache. */
  readonly cacheDir: string;
}

/** A task's dataset for a seed: generated (pixel frames read from or written to the cache), or read from its measurement file. */
export function loadTaskDataset(task: Task, seed: number, options: TaskDataOptions): Dataset | PixelDataset {
  if (task.family === 'pixel') return cachedPixelPendulumDataset(options.cacheDir, task.datasetOptions(seed)).dataset;
  return task.makeDataset(seed, options.dataFile !== undefined ? dataSourceFromFile(options.dataFile) : {});
}
