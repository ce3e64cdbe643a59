import { fixedGrid, fixedGridResult, nonFiniteFailure, stepLimitFailure, walkFixedGrid } from './fixed-grid.js';
import { allFinite } from './t-eval.js';
import { DEFAULT_IMPLICIT, fixedPoint, type ImplicitOptions } from './fixed-point.js';
import type { FixedStepOptions, OdeFunction, OdeResult } from './types.js';

/** A separable Hamiltonian H = T(p) + V(q), given by its two partial derivatives on rows of n values. */
export interface SeparableHamiltonian {
  /** Writes ∂H/∂q at each row of positions `q` (rows × n) into `out`. */
  readonly dHdq: (q: Float64Array, out: Float64Array) => void;
  /** Writes ∂H/∂p at each row of momenta `p` (rows × n) into `out`. */
  readonly dHdp: (p: Float64Array, out: Float64Array) => void;
}

/** Options of the Störmer–Verlet (leapfrog) integrator. */
export type LeapfrogOptions = FixedStepOptions &
  ImplicitOptions & {
    readonly tEval?: ArrayLike<number>;
    /** Length d = 2n of one state [q₁..qₙ, p₁..pₙ]; y0 may hold several states end to end (default y0.length). */
    readonly dim?: number;
  };

/**
 * Solves q̇ = f_q(q, p), ṗ = f_p(q, p) with the Störmer–Verlet method (leapfrog: half kick, drift,
 * half kick), symplectic and second order. The general (generalized Störmer–Verlet) scheme has two
 * implicit stages, solved by fixed-point iteration (status −1 when they do not converge). Their
 * first guesses are the explicit leapfrog's, which is already the solution for a separable field
 * (a `SeparableHamiltonian`, or q̇ depending on p only and ṗ on q only): then each step costs three
 * evaluations, one of them only confirming convergence.
 */
export function leapfrog(
  field: OdeFunction | SeparableHamiltonian,
  tSpan: readonly [number, number],
  y0: ArrayLike<number>,
  options: LeapfrogOptions,
): OdeResult {
  const dim = options.dim ?? y0.length;
  if (!Number.isInteger(dim) || dim < 2 || dim % 2 !== 0 || y0.length % dim !== 0) {
    throw new RangeError(`leapfrog: the state dimension must be even and divide y0.length = ${y0.length}, got ${dim}`);
  }
  const f = typeof field === 'function' ? field : separableField(field, dim);
  const grid = fixedGrid(tSpan, y0, options, options.tEval);
  const len = y0.length;
  const half = dim / 2;
  const isQ = (i: number): boolean => i % dim < half;
  const y = Float64Array.from(y0);
  const z = new Float64Array(len); // stage state (q, p½), then (q₁, p½)
  const next = new Float64Array(len);
  const k = new Float64Array(len);
  const a = new Float64Array(len); // f_q(q, p½), from the kick's last evaluation
  const out = new Float64Array(grid.times.length * len);
  let nfev = 0;
  let failure = stepLimitFailure(grid, 'leapfrog');
  if (failure) return fixedGridResult(grid, out, 0, 0, failure, 'Leapfrog');
  const evaluate = (t: number, state: Float64Array): void => {
    f(t, state, k);
    nfev++;
  };
  const solve = (stage: string, t: number, g: (w: Float64Array, res: Float64Array) => void): boolean => {
    if (fixedPoint(g, z, next, options) >= 0) return true;
    if (!allFinite(z) || !allFinite(next)) {
      failure = `leapfrog: the ${stage} stage became non-finite at t = ${t}; the field blows up there`;
      return false;
    }
    const maxIter = options.maxIter ?? DEFAULT_IMPLICIT.maxIter;
    failure = `leapfrog: the ${stage} stage did not converge within ${maxIter} fixed-point iterations at t = ${t}; use a smaller step or a looser tol`;
    return false;
  };

  const step = (t: number, h: number): boolean => {
    // Half kick: p½ = p + h/2·f_p(q, p½); first guess p½ = p.
    z.set(y);
    const kicked = solve('first kick', t, (w, res) => {
      evaluate(t, w);
      for (let i = 0; i < len; i++) res[i] = isQ(i) ? y[i]! : y[i]! + 0.5 * h * k[i]!;
    });
    if (!kicked) return false;
    a.set(k);
    // Drift: q₁ = q + h/2·(f_q(q, p½) + f_q(q₁, p½)); first guess q₁ = q + h·f_q(q, p½).
    for (let i = 0; i < len; i++) if (isQ(i)) z[i] = y[i]! + h * a[i]!;
    const drifted = solve('drift', t, (w, res) => {
      evaluate(t + h, w);
      for (let i = 0; i < len; i++) res[i] = isQ(i) ? y[i]! + 0.5 * h * (a[i]! + k[i]!) : w[i]!;
    });
    if (!drifted) return false;
    // Half kick: p₁ = p½ + h/2·f_p(q₁, p½), with f from the drift's last evaluation.
    for (let i = 0; i < len; i++) y[i] = isQ(i) ? z[i]! : z[i]! + 0.5 * h * k[i]!;
    if (allFinite(y)) return true;
    failure = nonFiniteFailure('leapfrog', t, h);
    return false;
  };
  const reached = walkFixedGrid(tSpan[0], grid, step, (r) => out.set(y, r * len));
  return fixedGridResult(grid, out, reached, nfev, failure, 'Leapfrog');
}

/** The Hamiltonian vector field (∂H/∂p, −∂H/∂q) of a separable H on rows of states of length dim. */
export function separableField(hamiltonian: SeparableHamiltonian, dim: number): OdeFunction {
  const n = dim / 2;
  let q = new Float64Array(0);
  let p = new Float64Array(0);
  let g = new Float64Array(0);
  return (_t, y, dydt) => {
    const rows = y.length / dim;
    if (q.length !== rows * n) {
      q = new Float64Array(rows * n);
      p = new Float64Array(rows * n);
      g = new Float64Array(rows * n);
    }
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < n; c++) {
        q[r * n + c] = y[r * dim + c]!;
        p[r * n + c] = y[r * dim + n + c]!;
      }
    }
    hamiltonian.dHdq(q, g);
    for (let r = 0; r < rows; r++) for (let c = 0; c < n; c++) dydt[r * dim + n + c] = -g[r * n + c]!;
    hamiltonian.dHdp(p, g);
    for (let r = 0; r < rows; r++) for (let c = 0; c < n; c++) dydt[r * dim + c] = g[r * n + c]!;
  };
}
