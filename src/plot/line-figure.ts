import { checkSeries } from './check.js';
import type { Figure } from './render.js';
import { lineColors, PANEL } from './style.js';

/** One line of a time-series figure: its legend label, colour, times and values. */
export interface Series {
  readonly label: string;
  readonly color: string;
  readonly t: ArrayLike<number>;
  readonly values: ArrayLike<number>;
  /** Dash pattern (e.g. [6, 3]); solid when absent. */
  readonly dash?: readonly number[];
}

/** What a time-series figure shows. */
export interface LineFigureOptions {
  readonly title: string;
  /** Title of the y axis, with its symbol, e.g. "H(q, p)". */
  readonly yTitle: string;
  readonly series: readonly Series[];
  /** Title of the x axis (default "t"). */
  readonly xTitle?: string;
  /** Smallest extent of the y axis, centred on the values (so a nearly constant line looks flat, not like noise). */
  readonly minSpan?: number;
}

/** A y domain around the values at least `minSpan` wide, or undefined to let Vega choose. */
function yDomain(series: readonly Series[], minSpan: number | undefined): [number, number] | undefined {
  if (minSpan === undefined) return undefined;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) for (let i = 0; i < s.values.length; i++) [lo, hi] = [Math.min(lo, s.values[i]!), Math.max(hi, s.values[i]!)];
  if (hi - lo >= minSpan) return undefined;
  const mid = (lo + hi) / 2;
  return [mid - minSpan / 2, mid + minSpan / 2];
}

/** Lines of values over time, one per series, with a legend in series order (the paper's MSE, energy and H panels). */
export function lineFigure(options: LineFigureOptions): Figure {
  const { title, yTitle, series } = options;
  if (series.length === 0) throw new RangeError(`figure "${title}": no series to plot`);
  const values = series.flatMap((s) => {
    checkSeries(title, `${s.label} (times)`, s.t);
    checkSeries(title, s.label, s.values, s.t.length);
    return Array.from(s.values, (v, k) => ({ t: s.t[k]!, v, s: s.label }));
  });
  const labels = series.map((s) => s.label);
  const domain = yDomain(series, options.minSpan);
  return {
    title,
    ...PANEL,
    data: { values },
    mark: { type: 'line', strokeWidth: 2, clip: true },
    encoding: {
      x: { field: 't', type: 'quantitative', title: options.xTitle ?? 't', scale: { nice: false } },
      y: { field: 'v', type: 'quantitative', title: yTitle, scale: { zero: false, ...(domain && { domain }) } },
      color: lineColors('s', labels, series.map((s) => s.color)),
      strokeDash: { field: 's', type: 'nominal', title: null, sort: labels, scale: { domain: labels, range: series.map((s) => [...(s.dash ?? [1, 0])]) } },
    },
  };
}
