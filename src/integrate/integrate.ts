import { solveIvp } from './dopri5.js';
import type { ImplicitOptions } from './fixed-point.js';
import { implicitMidpoint } from './implicit-midpoint.js';
import { leapfrog } from './leapfrog.js';
import { rk4 } from './rk4.js';
import type { FixedStepOptions, OdeFunction, OdeResult } from './types.js';

/** The integrators behind one interface. */
export const INTEGRATORS = ['dopri5', 'rk4', 'leapfrog', 'implicit-midpoint'] as const;

/** Name of an integrator: adaptive Dormand–Prince 5(4), classic RK4, Störmer–Verlet, implicit midpoint. */
export type IntegratorName = (typeof INTEGRATORS)[number];

/** Options of every integrator; each reads the ones that concern it. */
export interface IntegrateOptions extends ImplicitOptions {
  /** Times at which to report the solution (default: every step). */
  readonly tEval?: ArrayLike<number>;
  /** dopri5: relative tolerance (default 1e-3, as scipy). */
  readonly rtol?: number;
  /** dopri5: absolute tolerance (default 1e-6, as scipy). */
  readonly atol?: number;
  /** dopri5: largest step. */
  readonly maxStep?: number;
  /** dopri5: first step. */
  readonly firstStep?: number;
  /** Fixed-step methods: the number of steps over tSpan (or give dt). */
  readonly steps?: number;
  /** Fixed-step methods: the largest step (or give steps). */
  readonly dt?: number;
  /**
   * Most steps one solve may take (default 10⁶): a fixed-step method that would need more fails
   * before starting, DOPRI5 stops when it reaches the limit (status −1 either way).
   */
  readonly maxSteps?: number;
}

/** Solves ẏ = f(t, y), y(t0) = y0 on tSpan with the named integrator. */
export function integrate(method: IntegratorName, f: OdeFunction, tSpan: readonly [number, number], y0: ArrayLike<number>, options: IntegrateOptions = {}): OdeResult {
  return integrateBatch(method, f, tSpan, y0, y0.length, options)[0]!;
}

/**
 * Solves from every initial state in `y0s` (rows × dim, row-major) and returns one result per row.
 * The fixed-step methods advance all rows together, so `f` is called on the whole batch
 * (rows × dim) once per stage and a model is evaluated on all rows at once; `nfev` then counts
 * those batched calls. DOPRI5 integrates each row with its own adaptive steps, as scipy would.
 */
export function integrateBatch(
  method: IntegratorName,
  f: OdeFunction,
  tSpan: readonly [number, number],
  y0s: ArrayLike<number>,
  dim: number,
  options: IntegrateOptions = {},
): OdeResult[] {
  if (!Number.isInteger(dim) || dim < 1 || y0s.length === 0 || y0s.length % dim !== 0) {
    throw new RangeError(`integrate: ${y0s.length} initial values are not whole states of dimension ${dim}`);
  }
  const rows = y0s.length / dim;
  const all = Float64Array.from(y0s);
  if (method === 'dopri5') {
    return Array.from({ length: rows }, (_, r) => solveIvp(f, tSpan, all.subarray(r * dim, (r + 1) * dim), options));
  }
  const step = fixedStep(method, options);
  const { tEval, tol, maxIter } = options;
  const whole =
    method === 'rk4'
      ? rk4(f, tSpan, all, step, tEval)
      : method === 'leapfrog'
        ? leapfrog(f, tSpan, all, { ...step, tEval, tol, maxIter, dim })
        : implicitMidpoint(f, tSpan, all, { ...step, tEval, tol, maxIter });
  return splitRows(whole, rows, dim);
}

/** The step choice of a fixed-step method: `steps` or `dt`, exactly one of them. */
function fixedStep(method: IntegratorName, options: IntegrateOptions): FixedStepOptions {
  const limit = options.maxSteps !== undefined ? { maxSteps: options.maxSteps } : {};
  if (options.steps !== undefined && options.dt === undefined) return { steps: options.steps, ...limit };
  if (options.dt !== undefined && options.steps === undefined) return { dt: options.dt, ...limit };
  throw new RangeError(`${method} is a fixed-step method: give exactly one of steps and dt`);
}

/** A field on one state applied row by row to a batch of states (rows × dim): a batched field for `integrateBatch`. */
export function rowwise(f: OdeFunction, dim: number): OdeFunction {
  return (t, y, dydt) => {
    for (let start = 0; start < y.length; start += dim) f(t, y.subarray(start, start + dim), dydt.subarray(start, start + dim));
  };
}

/** Splits the solution of a batch solved as one long state into one result per row. */
function splitRows(whole: OdeResult, rows: number, dim: number): OdeResult[] {
  const times = whole.t.length;
  return Array.from({ length: rows }, (_, r) => {
    const y = new Float64Array(times * dim);
    for (let k = 0; k < times; k++) y.set(whole.y.subarray(k * rows * dim + r * dim, k * rows * dim + (r + 1) * dim), k * dim);
    return { ...whole, t: whole.t.slice(), y };
  });
}
