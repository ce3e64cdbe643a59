import { fixedGrid, fixedGridResult, nonFiniteFailure, stepLimitFailure, walkFixedGrid } from './fixed-grid.js';
import { allFinite } from './t-eval.js';
import type { FixedStepOptions, OdeFunction, OdeResult } from './types.js';

/**
 * Solves ẏ = f(t, y), y(t0) = y0 on tSpan with the classic fixed-step fourth-order Runge–Kutta
 * method. The step is |t1 − t0| / steps, or the largest step ≤ dt that divides tSpan evenly. Without
 * tEval the result holds every grid point; with tEval the solution is stepped exactly onto each
 * requested time (each gap split into equal steps no longer than the grid step). Fails (status −1)
 * without starting when the solve needs more than `maxSteps` steps, and stops where the state
 * becomes non-finite.
 */
export function rk4(
  f: OdeFunction,
  tSpan: readonly [number, number],
  y0: ArrayLike<number>,
  options: FixedStepOptions,
  tEval?: ArrayLike<number>,
): OdeResult {
  const grid = fixedGrid(tSpan, y0, options, tEval);
  const n = y0.length;
  const y = Float64Array.from(y0);
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const tmp = new Float64Array(n);
  const out = new Float64Array(grid.times.length * n);
  let nfev = 0;
  let failure = stepLimitFailure(grid, 'RK4');
  if (failure) return fixedGridResult(grid, out, 0, 0, failure, 'Fixed-step RK4');
  const step = (t: number, h: number): boolean => {
    f(t, y, k1);
    for (let i = 0; i < n; i++) tmp[i] = y[i]! + 0.5 * h * k1[i]!;
    f(t + 0.5 * h, tmp, k2);
    for (let i = 0; i < n; i++) tmp[i] = y[i]! + 0.5 * h * k2[i]!;
    f(t + 0.5 * h, tmp, k3);
    for (let i = 0; i < n; i++) tmp[i] = y[i]! + h * k3[i]!;
    f(t + h, tmp, k4);
    for (let i = 0; i < n; i++) y[i] = y[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
    nfev += 4;
    if (allFinite(y)) return true;
    failure = nonFiniteFailure('RK4', t, h);
    return false;
  };
  const reached = walkFixedGrid(tSpan[0], grid, step, (r) => out.set(y, r * n));
  return fixedGridResult(grid, out, reached, nfev, failure, 'Fixed-step RK4');
}
