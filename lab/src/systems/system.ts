// The "system" the lab trains on and explores: one of the paper's tasks, a Hamiltonian typed as a
// formula, or trajectories from a CSV file — each a task value of the library — with how the lab
// shows it. Every view and both workers see only this interface.
import type { OdeFunction, StateTask } from 'hnn';

/** Where a system comes from, in a form that can be posted to a worker and written into a URL. */
export type SystemSource =
  | { readonly kind: 'task'; readonly name: BuiltinName }
  | { readonly kind: 'expression'; readonly text: string }
  | { readonly kind: 'csv'; readonly name: string; readonly text: string }
  /** A task a model file records (`training.task`): a formula with the options it was trained with. */
  | { readonly kind: 'recipe'; readonly recipe: unknown; readonly label: string };

/** The paper's tasks the lab offers. */
export type BuiltinName = 'spring' | 'pendulum' | 'two-body';

/** A rectangle of the plane the lab draws: horizontal range u, vertical range v. */
export interface Box {
  readonly u: readonly [number, number];
  readonly v: readonly [number, number];
}

/** How states are drawn in the clickable plane: the (q₁, p₁) phase plane, or the bodies' positions. */
export type PlaneKind = 'phase' | 'orbit';

/** What moves in the scene view. */
export type SceneKind = 'spring' | 'pendulum' | 'orbit' | 'bead';

/** A system: its task (data, training defaults, true physics where known) and how the lab shows it. */
export interface LabSystem {
  readonly source: SystemSource;
  readonly task: StateTask;
  /** Human title, e.g. "Ideal mass-spring". */
  readonly title: string;
  /** State dimension d = 2n. */
  readonly dim: number;
  /** Names of the coordinates, q's then p's. */
  readonly coordinates: readonly string[];
  /** The true energy of a state, or null when only data is known. */
  readonly energy: ((x: Float64Array) => number) | null;
  /** The true dynamics, or null when only data is known. */
  readonly truth: OdeFunction | null;
  readonly plane: PlaneKind;
  readonly scene: SceneKind;
  /** The plane's extent, or null to take it from the data. */
  readonly box: Box | null;
  /** The default start of the rollouts. */
  readonly start: readonly number[];
  /** The default duration of the rollouts. */
  readonly tEnd: number;
}
