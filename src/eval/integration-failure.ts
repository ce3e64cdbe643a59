import type { OdeResult } from '../integrate/types.js';
import { InputError } from '../core/errors.js';

/** A path that could not be integrated to its end (a model that blows up, an implicit stage that does not converge). */
export class IntegrationFailure extends InputError {
  override name = 'IntegrationFailure';
}

/** Returns the result when the solve reached its end, or throws an IntegrationFailure naming `what`. */
export function completed(result: OdeResult, what: string): OdeResult {
  if (result.status !== 0) throw new IntegrationFailure(`${what} could not be integrated to the end (stopped at t = ${result.t[result.t.length - 1] ?? 'start'}): ${result.message}`);
  return result;
}
