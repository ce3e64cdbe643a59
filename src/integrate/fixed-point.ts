/** How the implicit stages of an integrator are solved. */
export interface ImplicitOptions {
  /**
   * Stop when successive iterates differ by at most tol·(1 + |z|) in every component (default
   * 1e-10), or when that difference stops shrinking while below 10⁴·tol: the iterates then sit at
   * the rounding noise of the field (a float32 model cannot be resolved to 1e-10).
   */
  readonly tol?: number;
  /** Give up (and report non-convergence) after this many iterations (default 50). */
  readonly maxIter?: number;
}

/** Defaults of `ImplicitOptions`. */
export const DEFAULT_IMPLICIT = { tol: 1e-10, maxIter: 50 } as const;

/** Ratio of the noise floor at which a stalled iteration counts as settled to the tolerance. */
const NOISE_FLOOR = 1e4;

/**
 * Solves z = g(z) by fixed-point iteration from the initial guess in `z`, using `next` as scratch.
 * On return `z` holds the last iterate. Returns the number of iterations, or −1 when the iterates
 * did not settle within maxIter (or became non-finite).
 */
export function fixedPoint(
  g: (z: Float64Array, out: Float64Array) => void,
  z: Float64Array,
  next: Float64Array,
  options: ImplicitOptions = {},
): number {
  const tol = options.tol ?? DEFAULT_IMPLICIT.tol;
  const maxIter = options.maxIter ?? DEFAULT_IMPLICIT.maxIter;
  if (!(tol > 0)) throw new RangeError(`tol must be positive, got ${tol}`);
  if (!Number.isInteger(maxIter) || maxIter < 1) throw new RangeError(`maxIter must be an integer ≥ 1, got ${maxIter}`);
  let previous = Infinity;
  for (let iter = 1; iter <= maxIter; iter++) {
    g(z, next);
    let change = 0;
    for (let i = 0; i < z.length; i++) {
      const v = next[i]!;
      if (!Number.isFinite(v)) return -1;
      change = Math.max(change, Math.abs(v - z[i]!) / (1 + Math.abs(v)));
      z[i] = v;
    }
    if (change <= tol || (change >= previous && change <= NOISE_FLOOR * tol)) return iter;
    previous = change;
  }
  return -1;
}
