import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../core/dataset.js';
import { energyProtocolName, measureTaskEnergy } from '../eval/energy-metric.js';
import type { MeanWithError } from '../eval/losses.js';
import type { ProtocolName } from '../tasks/energy-protocol.js';
import type { Table1Entry } from '../eval/table1.js';
import { modelFromFile, modelKindOf, type ModelFile } from '../io/model-file.js';
import type { Kernels } from '../kernels/types.js';
import type { Model } from '../models/factory.js';
import type { ModelKind } from '../models/types.js';
import { prepareTaskRun, type PreparedRun } from '../run/run-task.js';
import type { PixelDataset } from '../systems/pixel-pendulum/dataset.js';
import type { Task } from '../tasks/registry.js';
import type { TrainProgress } from '../train/train.js';
import { loadModelFile, saveModelFile } from './model-files.js';
import { loadTaskDataset, type TaskDataOptions } from './readers.js';

/** One piece of work: a model of a task trained with a seed. */
export interface ReproduceUnit {
  readonly task: Task;
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
  readonly tasks: readonly Task[];
  readonly seeds: readonly number[];
  /** Multiplies every task's default number of steps. */
  readonly stepsScale: number;
  /** Directory for the models (`models/`), reused by a later run to resume. */
  readonly outDir: string;
  /** The measured task's file and the pixel frame cache (default `<outDir>/.cache`). */
  readonly data: Partial<TaskDataOptions>;
  /** Makes the kernels for each model. */
  readonly kernels: () => Kernels<Float32Array>;
  /** Energy-metric protocol of the tasks on states (default `clean`). */
  readonly protocol?: ProtocolName;
  readonly onEvent?: (e: ReproduceEvent) => void;
  /** Trains a unit's prepared run to its end (default: step by step at once); e.g. with checkpoints beside its model file. */
  readonly train?: (run: PreparedRun<unknown, unknown, unknown>, unit: ReproduceUnit, modelPath: string) => Promise<void>;
}

/** The work list: for each task and seed, the baseline then the HNN. */
export function reproduceUnits(options: Pick<ReproduceOptions, 'tasks' | 'seeds' | 'stepsScale'>): ReproduceUnit[] {
  return options.tasks.flatMap((task) => {
    const steps = Math.max(1, Math.round(task.defaults.steps * options.stepsScale));
    return options.seeds.flatMap((seed) => (['baseline', 'hnn'] as const).map((kind) => ({ task, kind, seed, steps })));
  });
}

/** Where a unit's model is saved. */
export function unitModelPath(outDir: string, unit: Pick<ReproduceUnit, 'task' | 'kind' | 'seed'>): string {
  return join(outDir, 'models', `${unit.task.name}-${unit.kind}-seed${unit.seed}.json`);
}

/** The settings `reproduceUnit` uses. */
export type UnitOptions = Pick<ReproduceOptions, 'outDir' | 'kernels' | 'protocol' | 'train'>;

/** What a unit came to: its Table 1 measurements, and whether its saved model was reused. */
export interface UnitOutcome {
  readonly entry: Table1Entry;
  readonly resumed: boolean;
}

/** Loads a task's dataset once per task and seed, for the units that share it. */
export class UnitData {
  private readonly datasets = new Map<string, Dataset | PixelDataset>();
  private readonly options: TaskDataOptions;

  /** Datasets of the run writing to `outDir` (the pixel frame cache in `<outDir>/.cache` unless `data` says otherwise). */
  constructor(outDir: string, data: Partial<TaskDataOptions>) {
    this.options = { cacheDir: join(outDir, '.cache'), ...data };
  }

  /** The dataset of a unit's task and seed. */
  of(unit: ReproduceUnit): Dataset | PixelDataset {
    const key = `${unit.task.name}/${unit.seed}`;
    if (!this.datasets.has(key)) this.datasets.set(key, loadTaskDataset(unit.task, unit.seed, this.options));
    return this.datasets.get(key)!;
  }
}

/**
 * Trains and measures (losses, energy MSE) one unit in this thread, saving its model as soon as it is
 * done; a unit whose model file already exists with the same settings is not trained again.
 */
export async function reproduceUnit(unit: ReproduceUnit, options: UnitOptions, data: UnitData, onProgress?: (progress: TrainProgress) => void): Promise<UnitOutcome> {
  const path = unitModelPath(options.outDir, unit);
  const previous = finishedModel(path, unit);
  let run = null;
  if (!previous) {
    const prepared = prepareTaskRun(unit.task, options.kernels(), { kind: unit.kind, seed: unit.seed, steps: unit.steps, dataset: data.of(unit), ...(onProgress && { onProgress }) });
    await (options.train ?? trainToEnd)(prepared, unit, path);
    run = prepared.finish();
  }
  const protocol = options.protocol ?? 'clean';
  const file = withEnergy(path, run?.file ?? previous!, energyProtocolName(unit.task, protocol), (f) => {
    const model: Model<Float32Array> = run?.model ?? modelFromFile(f, options.kernels());
    return measureTaskEnergy(unit.task, model, data.of(unit), { seed: unit.seed, protocol });
  });
  return { entry: entryOf(unit, file), resumed: previous !== null };
}

/**
 * Trains and measures every unit in turn (see `reproduceUnit`), so an interrupted run resumes; the
 * entries are in the units' order.
 */
export async function reproduce(options: ReproduceOptions): Promise<Table1Entry[]> {
  const units = reproduceUnits(options);
  const entries: Table1Entry[] = [];
  const data = new UnitData(options.outDir, options.data);
  for (const [index, unit] of units.entries()) {
    options.onEvent?.({ type: 'start', unit, index, total: units.length });
    const onProgress = (progress: TrainProgress): void => options.onEvent?.({ type: 'progress', unit, progress });
    const { entry, resumed } = await reproduceUnit(unit, options, data, onProgress);
    entries.push(entry);
    options.onEvent?.({ type: 'done', unit, entry, resumed });
  }
  return entries;
}

/** Trains a prepared run to its end, step by step. */
async function trainToEnd(run: PreparedRun<unknown, unknown, unknown>): Promise<void> {
  while (!run.trainer.done) run.trainer.next();
}

/**
 * The model file with its energy MSE under `protocol`: as saved when it already has it, else
 * measured and saved to `path` (a newly trained model is saved in any case).
 */
function withEnergy(path: string, file: ModelFile, protocol: string, measure: (file: ModelFile) => MeanWithError): ModelFile {
  if (file.metrics.energyMse !== undefined && file.training?.['energyProtocol'] === protocol) return file;
  saveModelFile(path, file);
  const { mean, stderr } = measure(file);
  const measured = { ...file, metrics: { ...file.metrics, energyMse: { mean, stderr } }, training: { ...file.training, energyProtocol: protocol } } as ModelFile;
  saveModelFile(path, measured);
  return measured;
}

/** The saved model of a unit if it exists, is valid and was trained with the unit's settings. */
function finishedModel(path: string, unit: ReproduceUnit): ModelFile | null {
  if (!existsSync(path)) return null;
  try {
    const file = loadModelFile(path);
    const t = file.training ?? {};
    const same = file.task === unit.task.name && modelKindOf(file) === unit.kind && t['seed'] === unit.seed && t['steps'] === unit.steps;
    return same && file.metrics.trainLoss && file.metrics.testLoss ? file : null;
  } catch {
    return null;
  }
}

/** The Table 1 measurements recorded in a unit's model file. */
function entryOf(unit: ReproduceUnit, file: ModelFile): Table1Entry {
  const seconds = typeof file.training?.['seconds'] === 'number' ? (file.training['seconds'] as number) : 0;
  const { trainLoss, testLoss, energyMse } = file.metrics;
  return { task: unit.task.name, kind: unit.kind, seed: unit.seed, trainLoss: trainLoss!, testLoss: testLoss!, energyMse: energyMse!, seconds };
}
