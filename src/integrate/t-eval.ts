/**
 * Checks requested output times as scipy's `solve_ivp` does: every value inside tSpan and strictly
 * monotone in the direction of integration. Returns them as a Float64Array.
 */
export function checkTEval(tSpan: readonly [number, number], tEval: ArrayLike<number>): Float64Array {
  const [t0, t1] = tSpan;
  const out = Float64Array.from(tEval);
  const lo = Math.min(t0, t1);
  const hi = Math.max(t0, t1);
  for (let i = 0; i < out.length; i++) {
    const t = out[i]!;
    if (!(t >= lo && t <= hi)) throw new RangeError(`tEval[${i}] = ${t} is not within tSpan [${t0}, ${t1}]`);
    if (i > 0) {
      const d = t - out[i - 1]!;
      if ((t1 > t0 && d <= 0) || (t1 < t0 && d >= 0)) {
        throw new RangeError('tEval must be strictly monotone in the direction of integration');
      }
    }
  }
  return out;
}

/** Checks that tSpan holds two finite numbers and y0 is a non-empty finite state. */
export function checkProblem(tSpan: readonly [number, number], y0: ArrayLike<number>): void {
  if (!Number.isFinite(tSpan[0]) || !Number.isFinite(tSpan[1])) {
    throw new RangeError(`tSpan must hold two finite numbers, got [${tSpan[0]}, ${tSpan[1]}]`);
  }
  if (y0.length === 0) throw new RangeError('y0 must not be empty');
  for (let i = 0; i < y0.length; i++) {
    if (!Number.isFinite(y0[i]!)) throw new RangeError(`y0[${i}] = ${y0[i]} is not finite`);
  }
}

/** Checks a step limit (an integer ≥ 1) and returns it. */
export function checkMaxSteps(maxSteps: number): number {
  if (!(Number.isInteger(maxSteps) && maxSteps >= 1)) throw new RangeError(`maxSteps must be an integer ≥ 1, got ${maxSteps}`);
  return maxSteps;
}

/** Whether every value of `y` is finite. */
export function allFinite(y: Float64Array): boolean {
  for (let i = 0; i < y.length; i++) if (!Number.isFinite(y[i]!)) return false;
  return true;
}
