import { fixedGrid, fixedGridResult, nonFiniteFailure, stepLimitFailure, walkFixedGrid } from './fixed-grid.js';
import { allFinite } from './t-eval.js';
import { DEFAULT_IMPLICIT, fixedPoint, type ImplicitOptions } from './fixed-point.js';
import type { FixedStepOptions, OdeFunction, OdeResult } from './types.js';

/** Options of the implicit midpoint rule: the step, the output times and the implicit solve. */
export type ImplicitMidpointOptions = FixedStepOptions & ImplicitOptions & { readonly tEval?: ArrayLike<number> };

/**
 * Solves ẏ = f(t, y) with the implicit midpoint rule y₁ = y₀ + h·f(t + h/2, (y₀ + y₁)/2): symplectic
 * and time-symmetric for any Hamiltonian (a learned non-separable one too), second order. Each step
 * solves for the midpoint by fixed-point iteration; if that does not converge the result has
 * status −1 and stops at the last output time reached. `y0` may be a batch of states laid end to end
 * (the method treats every component alike), so `f` sees the whole batch at once.
 */
export function implicitMidpoint(f: OdeFunction, tSpan: readonly [number, number], y0: ArrayLike<number>, options: ImplicitMidpointOptions): OdeResult {
  const grid = fixedGrid(tSpan, y0, options, options.tEval);
  const n = y0.length;
  const y = Float64Array.from(y0);
  const mid = new Float64Array(n);
  const next = new Float64Array(n);
  const k = new Float64Array(n);
  const out = new Float64Array(grid.times.length * n);
  let nfev = 0;
  let failure = stepLimitFailure(grid, 'implicit midpoint');
  if (failure) return fixedGridResult(grid, out, 0, 0, failure, 'Implicit midpoint');

  const step = (t: number, h: number): boolean => {
    mid.set(y);
    const iterations = fixedPoint(
      (z, res) => {
        f(t + h / 2, z, k);
        nfev++;
        for (let i = 0; i < n; i++) res[i] = y[i]! + 0.5 * h * k[i]!;
      },
      mid,
      next,
      options,
    );
    if (iterations < 0 && (!allFinite(mid) || !allFinite(next))) {
      failure = nonFiniteFailure('implicit midpoint', t, h);
      return false;
    }
    if (iterations < 0) {
      const maxIter = options.maxIter ?? DEFAULT_IMPLICIT.maxIter;
      failure = `implicit midpoint: the fixed-point iteration did not converge within ${maxIter} iterations in the step from t = ${t} (h = ${h}); use a smaller step or a looser tol`;
      return false;
    }
    for (let i = 0; i < n; i++) y[i] = 2 * mid[i]! - y[i]!;
    if (allFinite(y)) return true;
    failure = nonFiniteFailure('implicit midpoint', t, h);
    return false;
  };
  const reached = walkFixedGrid(tSpan[0], grid, step, (r) => out.set(y, r * n));
  return fixedGridResult(grid, out, reached, nfev, failure, 'Implicit midpoint');
}
