import { integrate, type IntegrateOptions, type IntegratorName } from '../integrate/integrate.js';
import type { OdeFunction, OdeResult } from '../integrate/types.js';
import { completed } from './integration-failure.js';

/** A path integrated forward and then back from its end point. */
export interface TimeReversal {
  readonly forward: OdeResult;
  /** From x(tEnd) back to t = 0, reported at the forward output times in reverse order. */
  readonly backward: OdeResult;
  /** ‖x(0) − x_back(0)‖₂: how far the backward path lands from the start. */
  readonly returnError: number;
}

/**
 * Integrates ẋ = f(x) from y0 over [0, tEnd], then backwards from x(tEnd) to 0, and measures the
 * return error. A given `tEval` must start at 0 and end at tEnd.
 */
export function timeReversal(method: IntegratorName, f: OdeFunction, y0: ArrayLike<number>, tEnd: number, options: IntegrateOptions = {}): TimeReversal {
  const d = y0.length;
  const { tEval } = options;
  if (tEval && (tEval[0] !== 0 || tEval[tEval.length - 1] !== tEnd)) throw new RangeError(`time reversal: tEval must run from 0 to ${tEnd}`);
  const forward = completed(integrate(method, f, [0, tEnd], y0, options), 'the forward path');
  const end = forward.y.slice(forward.y.length - d);
  const backward = completed(integrate(method, f, [tEnd, 0], end, { ...options, tEval: forward.t.slice().reverse() }), 'the backward path');
  const back = backward.y.subarray(backward.y.length - d);
  let sumSq = 0;
  for (let i = 0; i < d; i++) sumSq += (y0[i]! - back[i]!) ** 2;
  return { forward, backward, returnError: Math.sqrt(sumSq) };
}
