// What the page knows at any moment: settings, system, data, the models' training, and the latest
// results of the explorer. Views read it; only the Lab controller (lab.ts) writes it.
import type { LabKind } from './workers/protocol.js';
import type { LabSettings } from './settings.js';
import type { Box, LabSystem } from './systems/system.js';
import type { DataSummary, FieldResult, RolloutResult, RunSnapshot, SurfaceResult } from './workers/protocol.js';

/** Where training stands: making data and models, ready to start, training, paused, or finished. */
export type Phase = 'preparing' | 'ready' | 'running' | 'paused' | 'done';

/** A model's latest snapshot and its whole loss curves so far ([step, loss] pairs, flattened). */
export interface RunView {
  snapshot: RunSnapshot;
  train: number[];
  test: number[];
}

/** The kernels the trainer runs on. */
export interface KernelInfo {
  readonly name: string;
  readonly threads: number;
  readonly isolated: boolean;
}

/** The page's state. */
export interface LabState {
  settings: LabSettings;
  system: LabSystem;
  data: DataSummary | null;
  kernels: KernelInfo | null;
  /** Times the trainer's kernel threads paused themselves (cores taken by other work) so far. */
  helperPauses: number;
  runs: Partial<Record<LabKind, RunView>>;
  phase: Phase;
  /** Training settings changed since the current models were made (Start then begins anew). */
  dirty: boolean;
  /** Where rollouts start. */
  start: number[];
  field: FieldResult | null;
  surface: SurfaceResult | null;
  rollout: RolloutResult | null;
}

/** The box the plane shows: the system's own, or the data's. */
export function planeBox(state: LabState): Box {
  return state.system.box ?? state.data?.box ?? { u: [-1, 1], v: [-1, 1] };
}

/** The run the status line and the export are about: the focus model's, else any. */
export function focusRun(state: LabState): RunView | null {
  return state.runs[state.settings.focus] ?? state.runs.hnn ?? state.runs.baseline ?? null;
}
