import { checkPath } from './check.js';
import type { NamedPath } from './orbit-figures.js';
import type { Figure } from './render.js';
import { lineColors, PANEL } from './style.js';

/** Every coordinate over time, one row of panels per coordinate (named by `columns`), one line per path. */
export function coordinatesFigure(paths: readonly NamedPath[], columns: readonly string[], title = 'Coordinates over time'): Figure {
  const dim = columns.length;
  const rows = paths.flatMap(({ label, path }) => {
    checkPath(title, label, path, dim);
    return Array.from({ length: path.t.length * dim }, (_, r) => ({ s: label, c: columns[r % dim]!, t: path.t[Math.floor(r / dim)]!, v: path.y[r]! }));
  });
  const labels = paths.map((p) => p.label);
  return {
    title,
    data: { values: rows },
    facet: { row: { field: 'c', type: 'nominal', title: null, sort: [...columns], header: { labelAngle: 0, labelFontStyle: 'italic' } } },
    resolve: { scale: { y: 'independent' } },
    spec: {
      width: PANEL.width,
      height: Math.round(PANEL.height / 2),
      mark: { type: 'line', strokeWidth: 2 },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 't' },
        y: { field: 'v', type: 'quantitative', title: null, scale: { zero: false } },
        color: lineColors('s', labels, paths.map((p) => p.color)),
      },
    },
  };
}
