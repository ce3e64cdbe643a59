import { InputError } from '../core/errors.js';

/** Checks that a figure's series has points and only finite values; errors name the figure and the series. */
export function checkSeries(figure: string, series: string, values: ArrayLike<number>, expectedLength?: number): void {
  if (values.length === 0) throw new InputError(`figure "${figure}": ${series} is empty (nothing to plot)`);
  if (expectedLength !== undefined && values.length !== expectedLength) {
    throw new InputError(`figure "${figure}": ${series} has ${values.length} values, expected ${expectedLength}`);
  }
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) throw new InputError(`figure "${figure}": ${series} has a non-finite value (${values[i]}) at index ${i}`);
  }
}

/** A rollout: output times and the states there (t.length × dim, row-major), e.g. an `OdeResult` or a `Simulation`. */
export interface Path {
  readonly t: ArrayLike<number>;
  readonly y: ArrayLike<number>;
}

/** Checks a path of `dim`-dimensional states: at least two times, one state per time, all finite. */
export function checkPath(figure: string, series: string, path: Path, dim: number): void {
  checkSeries(figure, `${series} (times)`, path.t);
  if (path.t.length < 2) throw new InputError(`figure "${figure}": ${series} has a single time point; a rollout needs at least 2`);
  checkSeries(figure, `${series} (states)`, path.y, path.t.length * dim);
}
