import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../core/dataset.js';
import type { Table1Entry } from '../eval/table1.js';
import { measureEnergyMse } from '../eval/energy-metric.js';
import type { MeanWithError } from '../eval/losses.js';
import { measurePixelEnergyMse, PIXEL_ENERGY_PROTOCOL } from '../eval/pixel-energy.js';
import type { ProtocolName } from '../eval/protocol.js';
import {
  isPixelModelFile,
  loadAnyModelFile,
  modelFromFile,
  modelKindOf,
  pixelModelFromFile,
  saveModelFile,
  type AnyModelFile,
  type ModelFile,
  type PixelModelFile,
} from '../io/model-file.js';
import type { Kernels } from '../kernels/types.js';
import type { ModelKind } from '../models/types.js';
import type { PixelDataset } from '../systems/pixel-pendulum/dataset.js';
import type { TrainProgress } from '../train/train.js';
import { defaultSteps, isPixelTask, taskByName, type AnyTaskName, type DataSource, type TaskName } from './registry.js';
import { pixelTaskDataset, runPixelTask, runTask } from './run.js';

/** One piece of work: a model of a task trained with a seed. */
export interface ReproduceUnit {
  readonly task: AnyTaskName;
  readonly kind: ModelKind;
  readonly seed: number;
  /** Training steps for this unit (the task's default times the steps scale). */
  readonly steps: number;
}

/** What `reproduce` reports while it works. */
export type ReproduceEvent =
  | { readonly type: 'start'; readonly unit: ReproduceUnit; readonly index: number; readonly total: number }
  | { readonly type: 'progress'; readonly unit: ReproduceUnit; readonly progress: TrainProgress }
  | { readonly type: 'done'; readonly unit: ReproduceUnit; readonly entry: Table1Entry; readonly resumed: boolean };

/** Settings of a Table 1 reproduction. */
export interface ReproduceOptions {
  readonly tasks: readonly AnyTaskName[];
  readonly seeds: readonly number[];
  /** Multiplies every task's default number of steps. */
  readonly stepsScale: number;
  /** Directory for the models (`models/`), reused by a later run to resume. */
  readonly outDir: string;
  /** Measurement files for measured tasks. */
  readonly source: DataSource;
  /** Makes the kernels for each model. */
  readonly kernels: () => Kernels<Float32Array>;
  /** Energy-metric protocol of the state-vector tasks (default `clean`). */
  readonly protocol?: ProtocolName;
  /** Where the pixel task's generated data is cached (default `<outDir>/.cache`). */
  readonly cacheDir?: string;
  readonly onEvent?: (e: ReproduceEvent) => void;
}

/** The work list: for each task and seed, the baseline then the HNN. */
export function reproduceUnits(options: Pick<ReproduceOptions, 'tasks' | 'seeds' | 'stepsScale'>): ReproduceUnit[] {
  return options.tasks.flatMap((task) => {
    const steps = Math.max(1, Math.round(defaultSteps(task) * options.stepsScale));
    return options.seeds.flatMap((seed) => (['baseline', 'hnn'] as const).map((kind) => ({ task, kind, seed, steps })));
  });
}

/** Where a unit's model is saved. */
export function unitModelPath(outDir: string, unit: ReproduceUnit): string {
  return join(outDir, 'models', `${unit.task}-${unit.kind}-seed${unit.seed}.json`);
}

/**
 * Trains and measures (losses, energy MSE) every unit, saving each model as soon as it is done; units
 * whose model file already exists with the same settings are not trained again, so an interrupted run resumes.
 */
export function reproduce(options: ReproduceOptions): Table1Entry[] {
  const units = reproduceUnits(options);
  const entries: Table1Entry[] = [];
  const datasets = new Map<string, Dataset | PixelDataset>();
  const data = <D extends Dataset | PixelDataset>(unit: ReproduceUnit, make: () => D): D => {
    const key = `${unit.task}/${unit.seed}`;
    if (!datasets.has(key)) datasets.set(key, make());
    return datasets.get(key) as D;
  };
  units.forEach((unit, index) => {
    options.onEvent?.({ type: 'start', unit, index, total: units.length });
    const path = unitModelPath(options.outDir, unit);
    const previous = finishedModel(path, unit);
    const onProgress = (progress: TrainProgress): void => options.onEvent?.({ type: 'progress', unit, progress });
    let file: AnyModelFile;
    if (isPixelTask(unit.task)) {
      const dataset = (): PixelDataset => data(unit, () => pixelTaskDataset(options.cacheDir ?? join(options.outDir, '.cache'), unit.seed));
      const run = previous ? null : runPixelTask(options.kernels(), { kind: unit.kind, seed: unit.seed, steps: unit.steps, dataset: dataset(), onProgress });
      file = withEnergy(path, (run?.file ?? previous) as PixelModelFile, PIXEL_ENERGY_PROTOCOL, (f) =>
        measurePixelEnergyMse(run?.model ?? pixelModelFromFile(f, options.kernels()), dataset()),
      );
    } else {
      const task = taskByName(unit.task);
      const dataset = (): Dataset => data(unit, () => task.makeDataset(unit.seed, options.source));
      const run = previous ? null : runTask(task, options.kernels(), { kind: unit.kind, seed: unit.seed, steps: unit.steps, dataset: dataset(), onProgress });
      const protocol = options.protocol ?? 'clean';
      file = withEnergy(path, (run?.file ?? previous) as ModelFile, protocol, (f) =>
        measureEnergyMse(unit.task as TaskName, run?.model ?? modelFromFile(f, options.kernels()), { seed: unit.seed, dataset: dataset(), protocol }),
      );
    }
    const entry = entryOf(unit, file);
    entries.push(entry);
    options.onEvent?.({ type: 'done', unit, entry, resumed: previous !== null });
  });
  return entries;
}

/**
 * The model file with its energy MSE under `protocol`: as saved when it already has it, else measured
 * and saved to `path` (a newly trained model is saved in any case).
 */
function withEnergy<F extends AnyModelFile>(path: string, file: F, protocol: string, measure: (file: F) => MeanWithError): F {
  if (file.metrics.energyMse !== undefined && file.training?.['energyProtocol'] === protocol) return file;
  saveModelFile(path, file);
  const { mean, stderr } = measure(file);
  const measured = { ...file, metrics: { ...file.metrics, energyMse: { mean, stderr } }, training: { ...file.training, energyProtocol: protocol } };
  saveModelFile(path, measured);
  return measured;
}

/** The saved model of a unit if it exists, is valid and was trained with the unit's settings. */
function finishedModel(path: string, unit: ReproduceUnit): AnyModelFile | null {
  if (!existsSync(path)) return null;
  try {
    const file = loadAnyModelFile(path);
    const t = file.training ?? {};
    const same = file.task === unit.task && isPixelModelFile(file) === isPixelTask(unit.task) && modelKindOf(file) === unit.kind && t['seed'] === unit.seed && t['steps'] === unit.steps;
    return same && file.metrics.trainLoss && file.metrics.testLoss ? file : null;
  } catch {
    return null;
  }
}

/** The Table 1 measurements recorded in a unit's model file. */
function entryOf(unit: ReproduceUnit, file: AnyModelFile): Table1Entry {
  const seconds = typeof file.training?.['seconds'] === 'number' ? (file.training['seconds'] as number) : 0;
  const { trainLoss, testLoss, energyMse } = file.metrics;
  return { task: unit.task, kind: unit.kind, seed: unit.seed, trainLoss: trainLoss!, testLoss: testLoss!, energyMse: energyMse!, seconds };
}
