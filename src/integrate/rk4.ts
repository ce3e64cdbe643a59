import { checkProblem, checkTEval } from './t-eval.js';
import type { FixedStepOptions, OdeFunction, OdeResult } from './types.js';

/**
 * Solves ẏ = f(t, y), y(t0) = y0 on tSpan with the classic fixed-step fourth-order Runge–Kutta
 * method. The step is |t1 − t0| / steps, or the largest step ≤ dt that divides tSpan evenly. Without
 * tEval the result holds every grid point; with tEval the solution is stepped exactly onto each
 * requested time (each gap split into equal steps no longer than the grid step).
 */
export function rk4(
  f: OdeFunction,
  tSpan: readonly [number, number],
  y0: ArrayLike<number>,
  options: FixedStepOptions,
  tEval?: ArrayLike<number>,
): OdeResult {
  checkProblem(tSpan, y0);
  const [t0, t1] = tSpan;
  const length = Math.abs(t1 - t0);
  const valid = 'steps' in options ? Number.isInteger(options.steps) && options.steps >= 1 : options.dt > 0;
  if (!valid) throw new RangeError(`rk4: need an integer steps ≥ 1 or a positive dt, got ${JSON.stringify(options)}`);
  const steps = 'steps' in options ? options.steps : Math.max(1, Math.ceil(length / options.dt - 1e-9));
  const maxStep = length / steps;
  const times = tEval === undefined ? grid(t0, t1, steps) : checkTEval(tSpan, tEval);

  const n = y0.length;
  const y = Float64Array.from(y0);
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const tmp = new Float64Array(n);
  const out = new Float64Array(times.length * n);
  let nfev = 0;

  let t = t0;
  for (let r = 0; r < times.length; r++) {
    const target = times[r]!;
    const gap = target - t;
    const count = gap === 0 ? 0 : Math.max(1, Math.ceil(Math.abs(gap) / maxStep - 1e-9));
    for (let s = 0; s < count; s++) {
      const ta = t + (gap * s) / count;
      const h = t + (gap * (s + 1)) / count - ta;
      f(ta, y, k1);
      for (let i = 0; i < n; i++) tmp[i] = y[i]! + 0.5 * h * k1[i]!;
      f(ta + 0.5 * h, tmp, k2);
      for (let i = 0; i < n; i++) tmp[i] = y[i]! + 0.5 * h * k2[i]!;
      f(ta + 0.5 * h, tmp, k3);
      for (let i = 0; i < n; i++) tmp[i] = y[i]! + h * k3[i]!;
      f(ta + h, tmp, k4);
      for (let i = 0; i < n; i++) y[i] = y[i]! + (h / 6) * (k1[i]! + 2 * k2[i]! + 2 * k3[i]! + k4[i]!);
      nfev += 4;
    }
    t = target;
    out.set(y, r * n);
  }

  return {
    t: times,
    y: out,
    nfev,
    status: 0,
    message: 'Fixed-step RK4 reached the end of the requested times.',
  };
}

/** The steps + 1 evenly spaced grid times from t0 to t1. */
function grid(t0: number, t1: number, steps: number): Float64Array {
  const out = new Float64Array(steps + 1);
  for (let k = 0; k <= steps; k++) out[k] = t0 + ((t1 - t0) * k) / steps;
  out[steps] = t1;
  return out;
}
