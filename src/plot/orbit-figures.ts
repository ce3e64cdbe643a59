import { nbodyEnergy } from '../systems/nbody.js';
import { checkPath, type Path } from './check.js';
import type { Figure } from './render.js';
import { lineColors, PALETTE, PANEL } from './style.js';

/** One model's (or the truth's) path of an n-body system in canonical coordinates [qx.., qy.., px.., py..]. */
export interface NamedPath {
  /** Panel title, e.g. "Ground truth". */
  readonly label: string;
  readonly color: string;
  readonly path: Path;
}

/** Number of bodies of a canonical n-body state of `dim` numbers. */
function bodies(dim: number): number {
  if (!Number.isInteger(dim / 4) || dim < 8) throw new RangeError(`an n-body state has 4 numbers per body (at least 2 bodies), got dimension ${dim}`);
  return dim / 4;
}

/** x and y domains of equal length around the points (so square panels keep orbits' shapes), with a small margin. */
function squareDomains(points: readonly { x: number; y: number }[]): [[number, number], [number, number]] {
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity];
  for (const { x, y } of points) [x0, x1, y0, y1] = [Math.min(x0, x), Math.max(x1, x), Math.min(y0, y), Math.max(y1, y)];
  const half = 0.55 * Math.max(x1 - x0, y1 - y0, 1e-9);
  const around = (mid: number): [number, number] => [mid - half, mid + half];
  return [around((x0 + x1) / 2), around((y0 + y1) / 2)];
}

/** The paper's Figure 3 orbit panels: each body's trajectory in the plane, one panel per path (truth, baseline, HNN). */
export function orbitFigure(paths: readonly NamedPath[], dim: number, title = 'Orbits'): Figure {
  const n = bodies(dim);
  const size = Math.min(PANEL.width, PANEL.height) - 60;
  const rows = paths.flatMap(({ label, path }) => {
    checkPath(title, label, path, dim);
    return Array.from({ length: path.t.length * n }, (_, r) => {
      const k = Math.floor(r / n);
      const b = r % n;
      return { panel: label, body: `body ${b + 1}`, k, x: path.y[k * dim + b]!, y: path.y[k * dim + n + b]! };
    });
  });
  const labels = paths.map((p) => p.label);
  const [x, y] = squareDomains(rows);
  return {
    title,
    data: { values: rows },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: labels } },
    spec: {
      width: size,
      height: size,
      mark: { type: 'line', strokeWidth: 1.8, clip: true },
      encoding: {
        x: { field: 'x', type: 'quantitative', title: 'x', scale: { domain: x, nice: false } },
        y: { field: 'y', type: 'quantitative', title: 'y', scale: { domain: y, nice: false } },
        order: { field: 'k', type: 'quantitative' },
        color: { field: 'panel', type: 'nominal', sort: labels, scale: { domain: labels, range: paths.map((p) => p.color) }, legend: null },
        strokeDash: { field: 'body', type: 'nominal', title: null, scale: { range: [[1, 0], [5, 3], [2, 2]] }, legend: { orient: 'top', symbolType: 'stroke' } },
      },
    },
  };
}

/** Kinetic Σ|p|²/2 (unit masses), potential and total energy at each state of a canonical n-body path (G = m = 1). */
export function energyTerms(states: ArrayLike<number>, dim: number): { kinetic: Float64Array; potential: Float64Array; total: Float64Array } {
  const n = bodies(dim);
  const masses = new Float64Array(n).fill(1);
  const points = states.length / dim;
  const kinetic = new Float64Array(points);
  const potential = new Float64Array(points);
  const total = new Float64Array(points);
  for (let k = 0; k < points; k++) {
    const x = Array.prototype.slice.call(states, k * dim, (k + 1) * dim) as number[];
    for (let i = 2 * n; i < 4 * n; i++) kinetic[k]! += 0.5 * x[i]! * x[i]!;
    total[k] = nbodyEnergy(x, masses);
    potential[k] = total[k]! - kinetic[k]!;
  }
  return { kinetic, potential, total };
}

/** The paper's Figure 3 energy panels: kinetic, potential and total energy over time, one panel per path. */
export function energyTermsFigure(paths: readonly NamedPath[], dim: number, title = 'Energy terms'): Figure {
  const terms = ['potential', 'kinetic', 'total'] as const;
  const rows = paths.flatMap(({ label, path }) => {
    checkPath(title, label, path, dim);
    const e = energyTerms(path.y, dim);
    return terms.flatMap((term) => Array.from(e[term], (v, k) => ({ panel: label, term, t: path.t[k]!, v })));
  });
  const labels = paths.map((p) => p.label);
  return {
    title,
    data: { values: rows },
    facet: { column: { field: 'panel', type: 'nominal', title: null, sort: labels } },
    spec: {
      width: Math.round(PANEL.width * 0.75),
      height: Math.round(PANEL.height * 0.75),
      mark: { type: 'line', strokeWidth: 2 },
      encoding: {
        x: { field: 't', type: 'quantitative', title: 't' },
        y: { field: 'v', type: 'quantitative', title: 'energy' },
        color: lineColors('term', terms, terms.map((term) => PALETTE[term])),
      },
    },
  };
}
