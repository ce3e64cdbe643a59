import type { DifferentiatedTrajectory, Trajectory } from '../core/trajectory.js';
import { InputError } from '../core/errors.js';
import { isFiniteFloat32 } from '../core/limits.js';

/**
 * How ẋ is estimated from the states of a trajectory:
 * - `local-polynomial`: the derivative of the least-squares polynomial of `degree` over `window`
 *   consecutive points around each point (Savitzky–Golay on uneven times; the window shifts inward
 *   at the ends);
 * - `central`: the derivative of the quadratic through each point and its two neighbours
 *   (second-order central differences on uneven times, one-sided second-order at the ends);
 * - `forward`: (x[i+1] − x[i]) / (t[i+1] − t[i]), first-order, dropping each trajectory's last row
 *   (the authors' real-pendulum estimate).
 */
export type DerivativeMethod = 'local-polynomial' | 'central' | 'forward';

/** Every method, as a command-line flag lists them. */
export const DERIVATIVE_METHODS: readonly DerivativeMethod[] = ['local-polynomial', 'central', 'forward'];

/** A method and, for `local-polynomial`, its window (odd, > degree) and degree (2, 3 or 4). */
export interface DerivativeOptions {
  readonly method: DerivativeMethod;
  readonly window?: number;
  readonly degree?: number;
}

/**
 * The default: a quartic over 9 points. Measured at dt = 0.1 on the spring and the pendulum
 * (docs/own-data.md, bench/derivative-estimation.ts) it is never more than 5% worse than central
 * differences without noise, and 1.7–1.9× better under noise σ = 0.01 and 1.9× under σ = 0.1.
 */
export const DEFAULT_DERIVATIVE_OPTIONS: DerivativeOptions = { method: 'local-polynomial', window: 9, degree: 4 };

/** Scratch space of `slopeWeights` for one degree (reused across rows). */
interface SlopeScratch {
  readonly moments: Float64Array;
  /** The augmented normal equations, m rows of m + 1. */
  readonly a: Float64Array;
  readonly z: Float64Array;
}

/** Scratch for polynomials of `degree`. */
function slopeScratch(degree: number): SlopeScratch {
  const m = degree + 1;
  return { moments: new Float64Array(2 * m - 1), a: new Float64Array(m * (m + 1)), z: new Float64Array(m) };
}

/**
 * Writes into w[j − lo] the weights of x[lo..lo+w.length) that give the derivative at t[i] of the
 * least-squares polynomial of `degree` through those points (times scaled to the window's span).
 */
function slopeWeights(t: Float64Array, i: number, lo: number, w: Float64Array, degree: number, s: SlopeScratch): void {
  const m = degree + 1;
  const { moments, a, z } = s;
  const scale = t[lo + w.length - 1]! - t[lo]!;
  moments.fill(0);
  for (let j = 0; j < w.length; j++) {
    const tau = (t[lo + j]! - t[i]!) / scale;
    for (let k = 0, p = 1; k < moments.length; k++, p *= tau) moments[k] = moments[k]! + p;
  }
  // The slope is c₁ of the normal equations M·c = Σ φ(τ)x, φ = (1, τ, …, τ^degree), M[a][b] = Σ τ^(a+b);
  // with M symmetric, c₁ = z·Σ φ x where M·z = e₁. Row r of the augmented matrix starts at r·(m + 1).
  const cols = m + 1;
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) a[r * cols + c] = moments[r + c]!;
    a[r * cols + m] = r === 1 ? 1 : 0;
  }
  for (let c = 0; c < m; c++) {
    let pivot = c;
    for (let r = c + 1; r < m; r++) if (Math.abs(a[r * cols + c]!) > Math.abs(a[pivot * cols + c]!)) pivot = r;
    if (pivot !== c) {
      for (let k = 0; k < cols; k++) {
        const v = a[c * cols + k]!;
        a[c * cols + k] = a[pivot * cols + k]!;
        a[pivot * cols + k] = v;
      }
    }
    for (let r = c + 1; r < m; r++) {
      const f = a[r * cols + c]! / a[c * cols + c]!;
      for (let k = c; k <= m; k++) a[r * cols + k] = a[r * cols + k]! - f * a[c * cols + k]!;
    }
  }
  for (let r = m - 1; r >= 0; r--) {
    let v = a[r * cols + m]!;
    for (let k = r + 1; k < m; k++) v -= a[r * cols + k]! * z[k]!;
    z[r] = v / a[r * cols + r]!;
  }
  for (let j = 0; j < w.length; j++) {
    const tau = (t[lo + j]! - t[i]!) / scale;
    let v = 0;
    for (let k = m - 1; k >= 0; k--) v = v * tau + z[k]!;
    w[j] = v / scale;
  }
}

/** ẋ at every row by the least-squares polynomial of `degree` over `window` points around it (fewer when the trajectory is shorter). */
function localPolynomial(tr: Trajectory, dim: number, window: number, degree: number): Float64Array {
  const { t, x } = tr;
  const n = t.length;
  const width = Math.min(window, n);
  const half = (width - 1) >> 1;
  const fit = Math.min(degree, width - 1);
  const scratch = slopeScratch(fit);
  const w = new Float64Array(width);
  const dx = new Float64Array(x.length);
  for (let i = 0; i < n; i++) {
    const lo = Math.min(Math.max(i - half, 0), n - width);
    slopeWeights(t, i, lo, w, fit, scratch);
    for (let j = 0; j < width; j++) {
      const wj = w[j]!;
      for (let c = 0; c < dim; c++) dx[i * dim + c] = dx[i * dim + c]! + wj * x[(lo + j) * dim + c]!;
    }
  }
  return dx;
}

/** The trajectory without its last row, with forward-difference derivatives. */
function forward(tr: Trajectory, dim: number): DifferentiatedTrajectory {
  const { t, x } = tr;
  const rows = t.length - 1;
  const dx = new Float64Array(rows * dim);
  for (let i = 0; i < rows; i++) {
    const dt = t[i + 1]! - t[i]!;
    for (let c = 0; c < dim; c++) dx[i * dim + c] = (x[(i + 1) * dim + c]! - x[i * dim + c]!) / dt;
  }
  return { id: tr.id, t: t.slice(0, rows), x: x.slice(0, rows * dim), dx };
}

/**
 * The trajectory with ẋ estimated from its states (derivatives it had are replaced); `forward`
 * returns one row fewer. Needs at least 3 rows with increasing times. Throws InputError for a
 * `local-polynomial` degree other than 2, 3, 4 or a window that is not odd and larger than the degree,
 * and for an estimate that is not finite as a float32 (time steps too small for the changes in the
 * states, e.g. Δt = 1e-310); `label` (a file name) opens that message.
 */
export function estimateDerivatives(tr: Trajectory, options: DerivativeOptions = DEFAULT_DERIVATIVE_OPTIONS, label?: string): DifferentiatedTrajectory {
  const dim = tr.x.length / tr.t.length;
  if (tr.t.length < 3) throw new RangeError(`estimateDerivatives: trajectory "${tr.id}" has ${tr.t.length} rows; need at least 3`);
  return checkedDerivatives(estimate(tr, dim, options), dim, label);
}

/** The estimate of `options` (unchecked). */
function estimate(tr: Trajectory, dim: number, options: DerivativeOptions): DifferentiatedTrajectory {
  switch (options.method) {
    case 'forward':
      return forward(tr, dim);
    case 'central':
      return { ...tr, dx: localPolynomial(tr, dim, 3, 2) };
    case 'local-polynomial': {
      const degree = options.degree ?? DEFAULT_DERIVATIVE_OPTIONS.degree!;
      const window = options.window ?? DEFAULT_DERIVATIVE_OPTIONS.window!;
      if (![2, 3, 4].includes(degree)) throw new InputError(`derivative degree ${degree}: expected 2, 3 or 4`);
      if (!(Number.isInteger(window) && window > degree && window % 2 === 1)) throw new InputError(`derivative window ${window}: expected an odd number of points > the degree ${degree}`);
      return { ...tr, dx: localPolynomial(tr, dim, window, degree) };
    }
    default:
      throw new InputError(`derivative method ${JSON.stringify((options as { method?: unknown }).method)}: expected one of ${DERIVATIVE_METHODS.join(', ')}`);
  }
}

/** The trajectory when every derivative is finite as a float32; else InputError naming the trajectory, the time and the step there. */
function checkedDerivatives(tr: DifferentiatedTrajectory, dim: number, label: string | undefined): DifferentiatedTrajectory {
  for (let i = 0; i < tr.dx.length; i++) {
    if (isFiniteFloat32(tr.dx[i]!)) continue;
    const row = Math.floor(i / dim);
    const dt = row + 1 < tr.t.length ? tr.t[row + 1]! - tr.t[row]! : tr.t[row]! - tr.t[row - 1]!;
    const name = tr.id ? `trajectory "${tr.id}"` : 'the trajectory';
    throw new InputError(`${label ? `${label}: ` : ''}${name}: the derivative estimated at t = ${tr.t[row]} is ${tr.dx[i]}, not finite in float32; expected time steps large enough for the changes of the states (the step there is ${dt})`);
  }
  return tr;
}
