import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Dataset } from '../core/dataset.js';
import type { Table1Entry } from '../eval/table1.js';
import { measureEnergyMse } from '../eval/energy-metric.js';
import type { ProtocolName } from '../eval/protocol.js';
import { loadModelFile, modelFromFile, saveModelFile, type ModelFile } from '../io/model-file.js';
import type { Kernels } from '../kernels/types.js';
import type { ModelKind } from '../models/types.js';
import type { TrainProgress } from '../train/train.js';
import { taskByName, type DataSource, type TaskName } from './registry.js';
import { runTask } from './run.js';

/** One piece of work: a model of a task trained with a seed. */
export interface ReproduceUnit {
  readonly task: TaskName;
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
  readonly tasks: readonly TaskName[];
  readonly seeds: readonly number[];
  /** Multiplies every task's default number of steps. */
  readonly stepsScale: number;
  /** Directory for the models (`models/`), reused by a later run to resume. */
  readonly outDir: string;
  /** Measurement files for measured tasks. */
  readonly source: DataSource;
  /** Makes the kernels for each model. */
  readonly kernels: () => Kernels<Float32Array>;
  /** Energy-metric protocol (default `clean`). */
  readonly protocol?: ProtocolName;
  readonly onEvent?: (e: ReproduceEvent) => void;
}

/** The work list: for each task and seed, the baseline then the HNN. */
export function reproduceUnits(options: Pick<ReproduceOptions, 'tasks' | 'seeds' | 'stepsScale'>): ReproduceUnit[] {
  return options.tasks.flatMap((task) => {
    const steps = Math.max(1, Math.round(taskByName(task).defaults.steps * options.stepsScale));
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
  const datasets = new Map<string, Dataset>();
  const protocol = options.protocol ?? 'clean';
  units.forEach((unit, index) => {
    options.onEvent?.({ type: 'start', unit, index, total: units.length });
    const path = unitModelPath(options.outDir, unit);
    const previous = finishedModel(path, unit);
    const task = taskByName(unit.task);
    const key = `${unit.task}/${unit.seed}`;
    const dataset = (): Dataset => {
      if (!datasets.has(key)) datasets.set(key, task.makeDataset(unit.seed, options.source));
      return datasets.get(key)!;
    };
    let file: ModelFile;
    let model;
    if (previous) {
      file = previous;
    } else {
      const run = runTask(task, options.kernels(), {
        kind: unit.kind,
        seed: unit.seed,
        steps: unit.steps,
        dataset: dataset(),
        onProgress: (progress) => options.onEvent?.({ type: 'progress', unit, progress }),
      });
      file = run.file;
      model = run.model;
      saveModelFile(path, file);
    }
    if (!hasEnergy(file, protocol)) {
      const energy = measureEnergyMse(unit.task, model ?? modelFromFile(file, options.kernels()), { seed: unit.seed, dataset: dataset(), protocol });
      file = { ...file, metrics: { ...file.metrics, energyMse: { mean: energy.mean, stderr: energy.stderr } }, training: { ...file.training, energyProtocol: protocol } };
      saveModelFile(path, file);
    }
    const entry = entryOf(unit, file);
    entries.push(entry);
    options.onEvent?.({ type: 'done', unit, entry, resumed: previous !== null });
  });
  return entries;
}

/** The saved model of a unit if it exists, is valid and was trained with the unit's settings. */
function finishedModel(path: string, unit: ReproduceUnit): ModelFile | null {
  if (!existsSync(path)) return null;
  try {
    const file = loadModelFile(path);
    const t = file.training ?? {};
    const same = file.task === unit.task && file.spec.kind === unit.kind && t['seed'] === unit.seed && t['steps'] === unit.steps;
    return same && file.metrics.trainLoss && file.metrics.testLoss ? file : null;
  } catch {
    return null;
  }
}

/** Whether a model file already holds the energy MSE measured under `protocol`. */
function hasEnergy(file: ModelFile, protocol: ProtocolName): boolean {
  return file.metrics.energyMse !== undefined && file.training?.['energyProtocol'] === protocol;
}

/** The Table 1 measurements recorded in a unit's model file. */
function entryOf(unit: ReproduceUnit, file: ModelFile): Table1Entry {
  const seconds = typeof file.training?.['seconds'] === 'number' ? (file.training['seconds'] as number) : 0;
  const { trainLoss, testLoss, energyMse } = file.metrics;
  return { task: unit.task, kind: unit.kind, seed: unit.seed, trainLoss: trainLoss!, testLoss: testLoss!, energyMse: energyMse!, seconds };
}
