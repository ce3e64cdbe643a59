import { DEFAULT_MAX_STEPS } from '../core/limits.js';
import { checkMaxSteps, checkProblem, checkTEval } from './t-eval.js';
import type { FixedStepOptions, OdeResult } from './types.js';

/** Output times and largest step of a fixed-step solve. */
export interface FixedGrid {
  /** Times at which the solution is reported. */
  readonly times: Float64Array;
  /** Largest step: |t1 − t0| / steps. */
  readonly maxStep: number;
  /** Steps the solve takes to reach every output time. */
  readonly steps: number;
  /** Most steps allowed (the solve fails before starting when `steps` exceeds it). */
  readonly maxSteps: number;
}

/**
 * The grid of a fixed-step solve on tSpan: steps = the given count, or the fewest steps no longer
 * than dt. Reports every grid point, or exactly the requested tEval times.
 */
export function fixedGrid(tSpan: readonly [number, number], y0: ArrayLike<number>, options: FixedStepOptions, tEval?: ArrayLike<number>): FixedGrid {
  checkProblem(tSpan, y0);
  const maxSteps = checkMaxSteps(options.maxSteps ?? DEFAULT_MAX_STEPS);
  const [t0, t1] = tSpan;
  const length = Math.abs(t1 - t0);
  const valid = 'steps' in options ? Number.isInteger(options.steps) && options.steps >= 1 : options.dt > 0 && Number.isFinite(options.dt);
  if (!valid) throw new RangeError(`fixed-step solver: need an integer steps ≥ 1 or a positive dt, got ${JSON.stringify(options)}`);
  const steps = 'steps' in options ? options.steps : Math.max(1, Math.ceil(length / options.dt - 1e-9));
  const maxStep = length / steps;
  if (tEval !== undefined) {
    const times = checkTEval(tSpan, tEval);
    // The steps walkFixedGrid takes: each gap between output times split into equal steps ≤ maxStep.
    let walked = 0;
    for (let k = 0, t = t0; k < times.length && walked <= maxSteps; t = times[k]!, k++) walked += times[k] === t ? 0 : Math.max(1, Math.ceil(Math.abs(times[k]! - t) / maxStep - 1e-9));
    return { times, maxStep, steps: walked, maxSteps };
  }
  if (steps > maxSteps) return { times: Float64Array.of(t0, t1), maxStep, steps, maxSteps };
  const times = new Float64Array(steps + 1);
  for (let k = 0; k <= steps; k++) times[k] = t0 + ((t1 - t0) * k) / steps;
  times[steps] = t1;
  return { times, maxStep, steps, maxSteps };
}

/** Why a fixed-step solve on `grid` cannot start (more steps than allowed), or '' when it can. */
export function stepLimitFailure(grid: FixedGrid, name: string): string {
  if (grid.steps <= grid.maxSteps) return '';
  const span = Math.abs(grid.times[grid.times.length - 1]! - grid.times[0]!);
  return `${name}: the solve needs ${grid.steps > 1e15 ? grid.steps.toExponential(2) : grid.steps} steps of at most ${grid.maxStep.toPrecision(3)}, more than the limit of ${grid.maxSteps} (maxSteps); use a step of at least ${(span / grid.maxSteps).toPrecision(3)}`;
}

/** The failure message of a fixed-step solve whose state stopped being finite in the step from t. */
export function nonFiniteFailure(name: string, t: number, h: number): string {
  return `${name}: the state became non-finite in the step from t = ${t} (h = ${h}); the field blows up there`;
}

/**
 * Drives a one-step method from t0 through `times`: each gap is split into equal steps no longer
 * than maxStep, `step(t, h)` advances the state (returning false on failure), and `record(k)` is
 * called on reaching times[k]. Returns how many output times were reached.
 */
export function walkFixedGrid(
  t0: number,
  grid: FixedGrid,
  step: (t: number, h: number) => boolean,
  record: (k: number) => void,
): number {
  let t = t0;
  for (let k = 0; k < grid.times.length; k++) {
    const target = grid.times[k]!;
    const gap = target - t;
    const count = gap === 0 ? 0 : Math.max(1, Math.ceil(Math.abs(gap) / grid.maxStep - 1e-9));
    for (let s = 0; s < count; s++) {
      const ta = t + (gap * s) / count;
      if (!step(ta, t + (gap * (s + 1)) / count - ta)) return k;
    }
    t = target;
    record(k);
  }
  return grid.times.length;
}

/** The result of a fixed-step solve that reached `reached` of the grid's output times (`out` holds one state per time). */
export function fixedGridResult(grid: FixedGrid, out: Float64Array, reached: number, nfev: number, failure: string, name: string): OdeResult {
  const n = grid.times.length === 0 ? 0 : out.length / grid.times.length;
  return {
    t: grid.times.slice(0, reached),
    y: out.slice(0, reached * n),
    nfev,
    status: failure ? -1 : 0,
    message: failure || `${name} reached the end of the requested times.`,
  };
}
