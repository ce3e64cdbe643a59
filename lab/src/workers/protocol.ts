// Messages between the page and its two workers: the trainer (data, models, training loop, model
// files) and the explorer (vector fields, energy surfaces and rollouts of the latest weights).
import type { Draw, IntegratorName, MeanWithError, StateModelFile, StateModelSpec, TrainingDefaults } from 'hnn';
import type { Box, SystemSource } from '../systems/system.js';

/** The models the lab trains and explores side by side. */
export type LabKind = 'hnn' | 'baseline';

/** What a started worker is: the first message it receives says. */
export type WorkerRole = 'trainer' | 'explorer';

/** Page → trainer. */
export type TrainerRequest =
  | { readonly type: 'init'; readonly threads: 'auto' | 1 }
  /** Data and fresh models: the system's data drawn as `draw` says (null: as the system draws them, or not drawn). */
  | { readonly type: 'setup'; readonly id: number; readonly source: SystemSource; readonly draw: Draw | null; readonly training: TrainSettings; readonly seed: number; readonly kinds: readonly LabKind[] }
  | { readonly type: 'start' }
  | { readonly type: 'pause' }
  | { readonly type: 'export'; readonly kind: LabKind }
  | { readonly type: 'import'; readonly file: StateModelFile; readonly name: string }
  /** The fields and energy maps of the models as they are now (asked for while training: computed between steps). */
  | { readonly type: 'views'; readonly field: GridRequest | null; readonly surface: GridRequest | null };

/** Trainer → page. */
export type TrainerReply =
  | { readonly type: 'kernels'; readonly name: string; readonly threads: number; readonly isolated: boolean }
  | { readonly type: 'ready'; readonly id: number; readonly data: DataSummary; readonly runs: readonly RunSnapshot[] }
  | { readonly type: 'progress'; readonly running: boolean; readonly runs: readonly RunSnapshot[]; readonly helperPauses: number }
  | { readonly type: 'exported'; readonly kind: LabKind; readonly text: string }
  /** The answer to 'views' (nulls when there are no models). */
  | { readonly type: 'views'; readonly field: FieldResult | null; readonly surface: SurfaceResult | null }
  /** A request failed; `id` names the setup that did (the previous one stays). */
  | { readonly type: 'error'; readonly message: string; readonly id?: number };

/** The training settings the page sets (the others are the task's defaults). */
export type TrainSettings = Pick<TrainingDefaults, 'steps' | 'batchSize' | 'lr' | 'hiddenDim'>;

/** What the page shows of a dataset: its size, extent and a sample of its training states. */
export interface DataSummary {
  readonly dim: number;
  readonly trainRows: number;
  readonly testRows: number;
  /** The box around the training states in the plane. */
  readonly box: Box;
  /** Up to 1500 training states (rows × dim) to draw. */
  readonly sample: Float64Array;
}

/** One model's training as of now. */
export interface RunSnapshot {
  readonly kind: LabKind;
  readonly step: number;
  readonly steps: number;
  /** The loss of the latest training batch (before its update), or the final train loss. */
  readonly trainLoss: number | null;
  /** The latest test loss measured (the whole test split, or a fixed sample of it for large ones), or the final one. */
  readonly testLoss: number | null;
  /** The CLI's metrics (whole splits, with ±) once training has ended. */
  readonly final: { readonly trainLoss: MeanWithError; readonly testLoss: MeanWithError } | null;
  /** New points of the loss curves since the previous snapshot: [step, loss] pairs. */
  readonly trainCurve: Float64Array;
  readonly testCurve: Float64Array;
  /** Median wall time of the recent steps (ms), or null before any. */
  readonly msPerStep: number | null;
  /** The file the model was imported from, if it was. */
  readonly importedFrom: string | null;
  readonly weights: ModelWeights;
}

/** A model's spec and its parameters' values, in `params()` order. */
export interface ModelWeights {
  readonly spec: StateModelSpec;
  readonly values: readonly Float32Array[];
}

/** Page → explorer. */
export type ExplorerRequest =
  | { readonly type: 'system'; readonly source: SystemSource }
  | { readonly type: 'frame'; readonly id: number; readonly models: Partial<Record<LabKind, ModelWeights | null>>; readonly field: GridRequest | null; readonly surface: GridRequest | null; readonly rollout: RolloutRequest | null };

/** An n × n grid over a box of the phase plane, the other coordinates from `base`. */
export interface GridRequest {
  readonly box: Box;
  readonly n: number;
  readonly base: readonly number[];
}

/** Rollouts from one start: duration, output points, integrator and its step, time reversal, added energy. */
export interface RolloutRequest {
  readonly x0: readonly number[];
  readonly tEnd: number;
  readonly points: number;
  readonly integrator: IntegratorName;
  /** Step of the fixed-step integrators. */
  readonly dt: number;
  /** DOPRI5 tolerance (relative and absolute). */
  readonly rtol: number;
  readonly reverse: boolean;
  /** Time to follow the HNN's ∇H before the rollouts start (0: none). */
  readonly addEnergy: number;
}

/** Who a curve belongs to. */
export type Series = 'truth' | LabKind;

/** Explorer → page. */
export type ExplorerReply =
  | { readonly type: 'frame'; readonly id: number; readonly field: FieldResult | null; readonly surface: SurfaceResult | null; readonly rollout: RolloutResult | null }
  | { readonly type: 'error'; readonly message: string };

/** Vector fields on a grid: 2 numbers (du, dv) per point, per series present. */
export interface FieldResult {
  readonly grid: GridRequest;
  readonly fields: Partial<Record<Series, Float64Array>>;
}

/** The true energy and the learned H on a grid, one number per point. */
export interface SurfaceResult {
  readonly grid: GridRequest;
  readonly truth: Float64Array | null;
  readonly learned: Float64Array | null;
}

/** The rollouts of one request. */
export interface RolloutResult {
  readonly request: RolloutRequest;
  /** Where the rollouts start (x0, or x0 after following ∇H). */
  readonly start: Float64Array;
  /** The states along ∇H from x0 to `start`, when energy was added. */
  readonly push: Float64Array | null;
  readonly paths: readonly Path[];
}

/** One series' rollout: output times, states, the true energy and the learned H along it, and its way back. */
export interface Path {
  readonly series: Series;
  readonly t: Float64Array;
  /** States, t.length × d. */
  readonly y: Float64Array;
  readonly energy: Float64Array | null;
  readonly learnedH: Float64Array | null;
  /** States integrated back from the end, at the same times in reverse order, when asked for. */
  readonly back: Float64Array | null;
  readonly returnError: number | null;
  /** Why the path stops early, if it does. */
  readonly failure: string | null;
}
