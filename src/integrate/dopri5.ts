import { DEFAULT_MAX_STEPS } from '../core/limits.js';
import { allFinite, checkMaxSteps, checkProblem, checkTEval } from './t-eval.js';
import type { AdaptiveOptions, OdeFunction, OdeResult } from './types.js';

// Dormand–Prince 5(4) tableau, error weights and Shampine's quartic dense-output matrix, as in
// scipy's RK45 (coefficients from Dormand & Prince 1980 and Shampine 1986).
const C = [0, 1 / 5, 3 / 10, 4 / 5, 8 / 9, 1];
const A = [
  [],
  [1 / 5],
  [3 / 40, 9 / 40],
  [44 / 45, -56 / 15, 32 / 9],
  [19372 / 6561, -25360 / 2187, 64448 / 6561, -212 / 729],
  [9017 / 3168, -355 / 33, 46732 / 5247, 49 / 176, -5103 / 18656],
];
const B = [35 / 384, 0, 500 / 1113, 125 / 192, -2187 / 6784, 11 / 84];
const E = [-71 / 57600, 0, 71 / 16695, -71 / 1920, 17253 / 339200, -22 / 525, 1 / 40];
const P = [
  [1, -8048581381 / 2820520608, 8663915743 / 2820520608, -12715105075 / 11282082432],
  [0, 0, 0, 0],
  [0, 131558114200 / 32700410799, -68118460800 / 10900136933, 87487479700 / 32700410799],
  [0, -1754552775 / 470086768, 14199869525 / 1410260304, -10690763975 / 1880347072],
  [0, 127303824393 / 49829197408, -318862633887 / 49829197408, 701980252875 / 199316789632],
  [0, -282668133 / 205662961, 2019193451 / 616988883, -1453857185 / 822651844],
  [0, 40617522 / 29380423, -110615467 / 29380423, 69997945 / 29380423],
];
const STAGES = 6;
const ERROR_EXPONENT = -1 / 5; // −1 / (error-estimator order 4 + 1)
const SAFETY = 0.9;
const MIN_FACTOR = 0.2;
const MAX_FACTOR = 10;
const EPS = 2.220446049250313e-16;

const MESSAGE_DONE = 'The solver successfully reached the end of the integration interval.';
const MESSAGE_TOO_SMALL = 'Required step size is less than spacing between numbers.';

/**
 * Solves ẏ = f(t, y), y(t0) = y0 on tSpan = [t0, t1] (t1 < t0 integrates backwards) with the
 * adaptive Dormand–Prince 5(4) method, step for step as scipy's `solve_ivp(method='RK45')`. Beyond
 * scipy, it stops (status −1, saying why) when the field is not finite at the start, when the step
 * size or an accepted state becomes non-finite, and after `maxSteps` step attempts (default 10⁶).
 */
export function solveIvp(
  f: OdeFunction,
  tSpan: readonly [number, number],
  y0: ArrayLike<number>,
  options: AdaptiveOptions = {},
): OdeResult {
  checkProblem(tSpan, y0);
  const [t0, t1] = tSpan;
  const rtol = Math.max(options.rtol ?? 1e-3, 100 * EPS);
  const atol = options.atol ?? 1e-6;
  const maxStep = options.maxStep ?? Infinity;
  const maxSteps = checkMaxSteps(options.maxSteps ?? DEFAULT_MAX_STEPS);
  if (!(atol >= 0)) throw new RangeError(`atol must be non-negative, got ${atol}`);
  if (!(maxStep > 0)) throw new RangeError(`maxStep must be positive, got ${maxStep}`);
  const tEval = options.tEval === undefined ? undefined : checkTEval(tSpan, options.tEval);

  const n = y0.length;
  const direction = t1 !== t0 ? Math.sign(t1 - t0) : 1;
  let nfev = 0;
  const fun: OdeFunction = (t, y, dydt) => {
    nfev++;
    f(t, y, dydt);
  };

  const K = Array.from({ length: STAGES + 1 }, () => new Float64Array(n));
  let y = Float64Array.from(y0);
  let yNew = new Float64Array(n); // trial state; after an accepted step it holds the previous state
  const yStage = new Float64Array(n);
  const q = new Float64Array(n * 4); // dense-output coefficients Kᵀ·P of the last step
  const out = new Rows(n, tEval?.length);

  fun(t0, y, K[0]!);
  let failure = '';
  let attempts = 0;
  if (!allFinite(K[0]!)) failure = `DOPRI5: the field is not finite at the start (t = ${t0}); cannot integrate from there`;
  let hAbs: number;
  if (failure) {
    hAbs = 0;
  } else if (options.firstStep !== undefined) {
    if (!(options.firstStep > 0)) throw new RangeError(`firstStep must be positive, got ${options.firstStep}`);
    if (options.firstStep > Math.abs(t1 - t0)) throw new RangeError('firstStep exceeds the integration interval');
    hAbs = options.firstStep;
  } else {
    hAbs = initialStep(fun, t0, y, t1, maxStep, K[0]!, direction, rtol, atol, yStage, K[1]!);
  }

  let t = t0;
  let tOld = t0;
  let nextEval = 0;
  let status: 0 | -1 | undefined = failure ? -1 : undefined;
  if (tEval === undefined) out.push(t0, y);

  while (status === undefined) {
    if (t === t1) {
      // Nothing left to integrate (t0 = t1): the solution stays at y.
      tOld = t;
      status = 0;
    } else {
      const minStep = 10 * Math.abs(nextAfter(t, direction) - t);
      if (hAbs > maxStep) hAbs = maxStep;
      else if (hAbs < minStep) hAbs = minStep;
      let accepted = false;
      let rejected = false;
      let tNew = t;
      while (!accepted) {
        if (!Number.isFinite(hAbs)) {
          failure = `DOPRI5: the step size became ${hAbs} at t = ${t}; the field is not finite near there`;
          break;
        }
        if (++attempts > maxSteps) {
          failure = `DOPRI5: stopped at t = ${t} of ${t1} after ${maxSteps} steps (the limit, maxSteps; the last step was ${hAbs.toPrecision(3)}); the tolerance is too tight for this field, or the solution blows up`;
          break;
        }
        if (hAbs < minStep) break;
        tNew = t + hAbs * direction;
        if (direction * (tNew - t1) > 0) tNew = t1;
        const h = tNew - t;
        hAbs = Math.abs(h);
        rkStep(fun, t, y, h, K, yNew, yStage);
        const errorNorm = scaledErrorNorm(K, h, y, yNew, rtol, atol);
        if (errorNorm < 1) {
          let factor = errorNorm === 0 ? MAX_FACTOR : Math.min(MAX_FACTOR, SAFETY * errorNorm ** ERROR_EXPONENT);
          if (rejected && factor > 1) factor = 1;
          hAbs *= factor;
          accepted = true;
        } else {
          // A NaN error (the solution overflowed) shrinks the step by MIN_FACTOR, as Python's max() does.
          const factor = SAFETY * errorNorm ** ERROR_EXPONENT;
          hAbs *= factor > MIN_FACTOR ? factor : MIN_FACTOR;
          rejected = true;
        }
      }
      if (accepted && !allFinite(yNew)) {
        accepted = false;
        failure = `DOPRI5: the state became non-finite in the step from t = ${t} to ${tNew}; the solution blows up there`;
      }
      if (!accepted) {
        status = -1;
        break;
      }
      tOld = t;
      t = tNew;
      const previous = y;
      y = yNew;
      yNew = previous;
      if (direction * (t - t1) >= 0) status = 0;
    }

    if (tEval === undefined) {
      out.push(t, y);
    } else if (nextEval < tEval.length && direction * (tEval[nextEval]! - t) <= 0) {
      if (t !== tOld) denseCoefficients(K, q);
      for (; nextEval < tEval.length && direction * (tEval[nextEval]! - t) <= 0; nextEval++) {
        const te = tEval[nextEval]!;
        if (t === tOld) out.push(te, y);
        else out.push(te, denseValue(q, tOld, t, yNew, te, yStage));
      }
    }
    // First same as last: the derivative at the new state starts the next step.
    if (t !== tOld) {
      const fOld = K[0]!;
      K[0] = K[STAGES]!;
      K[STAGES] = fOld;
    }
  }

  return {
    t: out.times(),
    y: out.values(),
    nfev,
    status,
    message: status === 0 ? MESSAGE_DONE : failure || MESSAGE_TOO_SMALL,
  };
}

/** One Dormand–Prince step of size h from (t, y) with K[0] = f(t, y): fills K[1..6] and yNew. */
function rkStep(
  fun: OdeFunction,
  t: number,
  y: Float64Array,
  h: number,
  K: Float64Array[],
  yNew: Float64Array,
  yStage: Float64Array,
): void {
  const n = y.length;
  for (let s = 1; s < STAGES; s++) {
    const a = A[s]!;
    for (let i = 0; i < n; i++) {
      let dot = K[0]![i]! * a[0]!;
      for (let j = 1; j < s; j++) dot += K[j]![i]! * a[j]!;
      yStage[i] = y[i]! + dot * h;
    }
    fun(t + C[s]! * h, yStage, K[s]!);
  }
  for (let i = 0; i < n; i++) {
    let dot = K[0]![i]! * B[0]!;
    for (let j = 1; j < STAGES; j++) dot += K[j]![i]! * B[j]!;
    yNew[i] = y[i]! + h * dot;
  }
  fun(t + h, yNew, K[STAGES]!);
}

/** RMS norm of the embedded error estimate h·Kᵀ·E, scaled by atol + rtol·max(|y|, |yNew|). */
function scaledErrorNorm(
  K: Float64Array[],
  h: number,
  y: Float64Array,
  yNew: Float64Array,
  rtol: number,
  atol: number,
): number {
  const n = y.length;
  let sumSq = 0;
  for (let i = 0; i < n; i++) {
    let dot = K[0]![i]! * E[0]!;
    for (let j = 1; j <= STAGES; j++) dot += K[j]![i]! * E[j]!;
    const scale = atol + Math.max(Math.abs(y[i]!), Math.abs(yNew[i]!)) * rtol;
    const e = (dot * h) / scale;
    sumSq += e * e;
  }
  return Math.sqrt(sumSq) / Math.sqrt(n);
}

/**
 * scipy's `select_initial_step` (Hairer, Nørsett & Wanner, Sec. II.4) for an error estimator of
 * order 4: one extra evaluation of f at an explicit Euler step. `y1` and `f1` are scratch buffers.
 */
function initialStep(
  fun: OdeFunction,
  t0: number,
  y0: Float64Array,
  tBound: number,
  maxStep: number,
  f0: Float64Array,
  direction: number,
  rtol: number,
  atol: number,
  y1: Float64Array,
  f1: Float64Array,
): number {
  const n = y0.length;
  const interval = Math.abs(tBound - t0);
  if (interval === 0) return 0;
  let s0 = 0;
  let s1 = 0;
  for (let i = 0; i < n; i++) {
    const scale = atol + Math.abs(y0[i]!) * rtol;
    s0 += (y0[i]! / scale) ** 2;
    s1 += (f0[i]! / scale) ** 2;
  }
  const d0 = Math.sqrt(s0) / Math.sqrt(n);
  const d1 = Math.sqrt(s1) / Math.sqrt(n);
  let h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : (0.01 * d0) / d1;
  h0 = Math.min(h0, interval);
  const hSigned = h0 * direction;
  for (let i = 0; i < n; i++) y1[i] = y0[i]! + hSigned * f0[i]!;
  fun(t0 + hSigned, y1, f1);
  let s2 = 0;
  for (let i = 0; i < n; i++) s2 += ((f1[i]! - f0[i]!) / (atol + Math.abs(y0[i]!) * rtol)) ** 2;
  const d2 = Math.sqrt(s2) / Math.sqrt(n) / h0;
  const h1 = d1 <= 1e-15 && d2 <= 1e-15 ? Math.max(1e-6, h0 * 1e-3) : (0.01 / Math.max(d1, d2)) ** (1 / 5);
  return Math.min(100 * h0, h1, interval, maxStep);
}

/** Q = Kᵀ·P (n × 4, row-major): the quartic interpolant's coefficients over the last step. */
function denseCoefficients(K: Float64Array[], q: Float64Array): void {
  const n = K[0]!.length;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < 4; c++) {
      let dot = K[0]![i]! * P[0]![c]!;
      for (let j = 1; j <= STAGES; j++) dot += K[j]![i]! * P[j]![c]!;
      q[i * 4 + c] = dot;
    }
  }
}

/** The dense-output value at time te inside the step [tOld, t] that started from yOld. */
function denseValue(
  q: Float64Array,
  tOld: number,
  t: number,
  yOld: Float64Array,
  te: number,
  out: Float64Array,
): Float64Array {
  const h = t - tOld;
  const x = (te - tOld) / h;
  const x2 = x * x;
  const x3 = x2 * x;
  const x4 = x3 * x;
  for (let i = 0; i < yOld.length; i++) {
    const dot = q[i * 4]! * x + q[i * 4 + 1]! * x2 + q[i * 4 + 2]! * x3 + q[i * 4 + 3]! * x4;
    out[i] = h * dot + yOld[i]!;
  }
  return out;
}

const bits = new Float64Array(1);
const bitsInt = new BigInt64Array(bits.buffer);

/** The next representable double after x in the given direction (numpy's `nextafter(x, ±inf)`). */
function nextAfter(x: number, direction: number): number {
  if (x === 0) return direction > 0 ? Number.MIN_VALUE : -Number.MIN_VALUE;
  bits[0] = x;
  bitsInt[0] = bitsInt[0]! + ((x > 0) === (direction > 0) ? 1n : -1n);
  return bits[0];
}

/** Output rows (time + state) collected in growable typed arrays. */
class Rows {
  private t: Float64Array;
  private y: Float64Array;
  private count = 0;

  constructor(
    private readonly dim: number,
    capacity = 64,
  ) {
    this.t = new Float64Array(capacity);
    this.y = new Float64Array(capacity * dim);
  }

  push(time: number, state: Float64Array): void {
    if (this.count === this.t.length) {
      const t = new Float64Array(Math.max(16, 2 * this.count));
      t.set(this.t);
      const y = new Float64Array(t.length * this.dim);
      y.set(this.y);
      this.t = t;
      this.y = y;
    }
    this.t[this.count] = time;
    this.y.set(state, this.count * this.dim);
    this.count++;
  }

  times(): Float64Array {
    return this.t.slice(0, this.count);
  }

  values(): Float64Array {
    return this.y.slice(0, this.count * this.dim);
  }
}
