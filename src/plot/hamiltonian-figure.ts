import { planeAxes } from './axes.js';
import { checkSeries } from './check.js';
import { contourSegments, evenLevels } from './contour.js';
import type { Box } from './phase.js';
import type { Figure, Panel } from './render.js';
import { PANEL } from './style.js';

/** Contour lines per panel. */
const LEVELS = 10;

/** How far (in cells) each heat-map cell reaches past its centre towards the next. */
const OVERLAP = 0.6;

/** A scalar function sampled on the n × n grid of a box (row-major, q fastest, as `gridStates`). */
export interface ScalarGrid {
  readonly box: Box;
  readonly n: number;
  readonly values: Float64Array;
}

/** One heat map with contour lines of a scalar grid, in its own colour scale. */
function scalarPanel(title: string, grid: ScalarGrid, legendTitle: string): Panel {
  const { box, n, values } = grid;
  checkSeries(title, 'the grid values', values, n * n);
  const dq = (box.q[1] - box.q[0]) / (n - 1);
  const dp = (box.p[1] - box.p[0]) / (n - 1);
  const cells = Array.from(values, (v, k) => {
    const q = box.q[0] + (k % n) * dq;
    const p = box.p[0] + Math.floor(k / n) * dp;
    // Cells overlap their neighbours slightly so anti-aliasing leaves no seams between them.
    return { q: q - dq / 2, q2: q + OVERLAP * dq, p: p - dp / 2, p2: p + OVERLAP * dp, v };
  });
  const axes = planeAxes(box);
  return {
    title,
    ...PANEL,
    layer: [
      {
        data: { values: cells },
        mark: { type: 'rect', clip: true },
        encoding: { ...axes, x2: { field: 'q2' }, y2: { field: 'p2' }, color: { field: 'v', type: 'quantitative', title: legendTitle, scale: { scheme: 'viridis' }, legend: { gradientLength: 200 } } },
      },
      {
        data: { values: contourSegments(values, box, n, evenLevels(values, LEVELS)) },
        mark: { type: 'rule', color: 'white', strokeWidth: 1.2, clip: true },
        encoding: { ...axes, x2: { field: 'q2' }, y2: { field: 'p2' } },
      },
    ],
  };
}

/**
 * The paper's learned phase space: the true H beside the learned H over the same box, each with contours
 * (`name` D draws a dissipation function the same way).
 */
export function hamiltonianFigure(truth: ScalarGrid, learned: ScalarGrid, title = 'True and learned Hamiltonian', name = 'H', model = 'Hamiltonian NN'): Figure {
  return {
    title,
    hconcat: [scalarPanel(`True ${name}`, truth, name), scalarPanel(`Learned ${name} (${model})`, learned, `learned ${name}`)],
    resolve: { scale: { color: 'independent' } },
  };
}
