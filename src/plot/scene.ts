import type { Dataset } from '../core/dataset.js';
import { completed } from '../eval/integration-failure.js';
import { modelField } from '../eval/model-field.js';
import { integrate } from '../integrate/integrate.js';
import { linspace } from '../integrate/linspace.js';
import type { OdeFunction } from '../integrate/types.js';
import { InputError } from '../core/errors.js';
import type { DynamicsModel, ModelKind } from '../models/types.js';
import type { FigureSystem } from './system.js';

/** Tolerance of every rollout (used as rtol and atol of DOPRI5). */
const ROLLOUT_TOL = 1e-9;

/** The models a figure compares, by kind. */
export type ModelSet = Partial<Record<ModelKind, DynamicsModel>>;

/** Rollouts from one start: the truth (solved or recorded) and each model, at common output times. */
export interface Scene {
  readonly system: FigureSystem;
  readonly t: Float64Array;
  readonly x0: Float64Array;
  /** True states (t.length × d), or null when the task has no true dynamics and no recording was given. */
  readonly truth: Float64Array | null;
  /** Each model's states (t.length × d). */
  readonly paths: Partial<Record<ModelKind, Float64Array>>;
  /** How the truth was obtained, for captions. */
  readonly truthSource: 'solved' | 'recorded' | 'none';
}

/** Where a scene starts and how long it runs; unset fields take the task's defaults. */
export interface SceneOptions {
  readonly x0?: readonly number[];
  readonly tEnd?: number;
  readonly points?: number;
  /** A measured task's data: with test time stamps and no explicit x0, the scene replays its test block as the truth. */
  readonly dataset?: Dataset;
}

/** States of one DOPRI5 solve at the given output times (throws IntegrationFailure if it stops early). */
function solve(f: OdeFunction, x0: Float64Array, t: Float64Array, what: string): Float64Array {
  return completed(integrate('dopri5', f, [0, t[t.length - 1]!], x0, { rtol: ROLLOUT_TOL, atol: ROLLOUT_TOL, tEval: t }), what).y;
}

/**
 * Rolls out the truth and every model from one start. A measured task with a dataset that has test
 * time stamps (and no x0 given) starts from the first test state and compares with the recorded test
 * states over their (shifted) time stamps, as the energy metric does.
 */
export function makeScene(system: FigureSystem, models: ModelSet, options: SceneOptions = {}): Scene {
  const { dim } = system;
  const recorded = !system.truth && !options.x0 && options.dataset?.test.t ? options.dataset : undefined;
  let t: Float64Array;
  let x0: Float64Array;
  if (recorded) {
    const end = recorded.test.segments?.[1] ?? recorded.test.t!.length;
    const times = recorded.test.t!.subarray(0, end);
    t = times.map((s) => s - times[0]!);
    x0 = recorded.test.x.slice(0, dim);
  } else {
    x0 = Float64Array.from(options.x0 ?? system.rollout.x0);
    t = linspace(0, options.tEnd ?? system.rollout.tEnd, options.points ?? system.rollout.points);
  }
  if (x0.length !== dim) throw new InputError(`the start state has ${x0.length} numbers but task ${system.task} has state dimension ${dim}`);
  const paths: Partial<Record<ModelKind, Float64Array>> = {};
  for (const [kind, model] of Object.entries(models) as [ModelKind, DynamicsModel][]) {
    if (model.dim !== dim) throw new InputError(`the ${kind} model has state dimension ${model.dim} but task ${system.task} has ${dim}`);
    paths[kind] = solve(modelField(model), x0, t, `the ${kind} rollout`);
  }
  const truth = recorded ? recorded.test.x.subarray(0, t.length * dim) : system.truth ? solve(system.truth, x0, t, 'the true rollout') : null;
  return { system, t, x0, truth, paths, truthSource: recorded ? 'recorded' : system.truth ? 'solved' : 'none' };
}
