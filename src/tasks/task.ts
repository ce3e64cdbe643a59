import type { Dataset } from '../core/dataset.js';
import type { OdeFunction } from '../integrate/types.js';
import type { ActivationName } from '../nn/activation.js';
import type { PixelDataset, PixelDatasetOptions } from '../systems/pixel-pendulum/dataset.js';
import type { Draw } from './draw.js';
import type { EnergyProtocol, ProtocolName } from './energy-protocol.js';
import type { PaperRow } from './paper-table.js';

/** The paper's training settings for a task (a pixel model uses hiddenDim for all its layers and activation for its latent dynamics). */
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

/** Where a task's data comes from besides the seed: a measured task reads the text of its file. */
export interface DataSource {
  readonly file?: { readonly name: string; readonly text: string };
}

/** The true physics of a task on its models' coordinates, where known. */
export interface TaskSystem {
  /** The true energy of a state (for measured data: the energy the analysis assumes). */
  energy(x: Float64Array): number;
  /** The true dynamics ẋ = f(x), or null where only the measurements are the truth. */
  readonly dynamics: OdeFunction | null;
  /** The dissipative part of the true dynamics (a Rayleigh function D with ẋ_D = −∇D), where there is one. */
  readonly dissipation?: (x: Float64Array) => number;
}

/** How the paper's energy metric runs on a task (paper.md §4; docs/energy-metric.md). */
export interface TaskEnergyMetric {
  /** Width of the integrated state (the models' d, or the authors' orbit layout for n-body tasks). */
  readonly dim: number;
  /** The energy compared along the paths, on the integrated state. */
  energy(x: Float64Array): number;
  /** The true dynamics on the integrated state, or null when the protocol records the true states. */
  readonly truth: OdeFunction | null;
  /** Turns a model's field on its own coordinates into a field on the integrated state. */
  integratedField(modelField: OdeFunction): OdeFunction;
  /** The built-in protocol `name` for data made with `seed` (measured tasks follow `dataset`'s test trajectories). */
  protocol(name: ProtocolName, seed: number, dataset: Dataset | undefined): EnergyProtocol;
}

/** A rectangle of the (q, p) plane. */
export interface PlaneBox {
  readonly q: readonly [number, number];
  readonly p: readonly [number, number];
}

/** Where the figures look: the default rollout, and the phase-plane box (null for n-body tasks). */
export interface FigureView {
  readonly rollout: { readonly x0: readonly number[]; readonly tEnd: number; readonly points: number };
  readonly box: PlaneBox | null;
}

/** What every task has: a name, a title, the paper's training settings, its data for a seed, and the paper's row. */
interface TaskBase<D> {
  readonly name: string;
  /** Human title, e.g. "Ideal mass-spring". */
  readonly title: string;
  readonly defaults: TrainingDefaults;
  /** The task's dataset as the authors make it for a seed (measured tasks read `source.file`). */
  makeDataset(seed: number, source?: DataSource): D;
  /** Whether `makeDataset` reads `source.file` (the CLI's `--data`): the measured tasks; the others make their data. */
  readonly readsDataFile?: boolean;
  /** The task's row of the paper's Table 1, where it has one. */
  readonly paper: PaperRow | null;
}

/** A task on state vectors: models see (q, p) directly. */
export interface StateTask extends TaskBase<Dataset> {
  readonly family: 'state';
  /** State dimension d = 2n. */
  readonly dim: number;
  /** Names of the coordinates, q's then p's. */
  readonly coordinates: readonly string[];
  /** The true energy and dynamics, or null where none is known. */
  readonly system: TaskSystem | null;
  /** The energy metric, or null where there is no true energy to measure. */
  readonly energyMetric: TaskEnergyMetric | null;
  readonly view: FigureView;
  /** How its noisy trajectories are drawn, for the tasks that draw them (spring, pendulum, damped spring, expressions). */
  readonly draw?: Draw;
  /** This task with its trajectories drawn as `draw` says (its recipe records a draw other than the paper's). */
  redraw?(draw: Draw): StateTask;
  /**
   * How to make this task again from a model file (recorded as the file's `training.task`): absent for the
   * built-in tasks, which are found by name.
   */
  readonly recipe?: Readonly<Record<string, unknown>>;
}

/** A task seen through pixels (task 5): models see pairs of rendered frames. */
export interface PixelTask extends TaskBase<PixelDataset> {
  readonly family: 'pixel';
  /** The options of the task's pixel dataset for a seed. */
  datasetOptions(seed: number): Partial<PixelDatasetOptions>;
}

/** Any task; `family` tells what its models see. */
export type Task = StateTask | PixelTask;
