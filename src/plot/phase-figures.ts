import { planeAxes } from './axes.js';
import { checkPath, checkSeries, type Path } from './check.js';
import type { Box, FieldSample } from './phase.js';
import { quiverLayers } from './quiver.js';
import type { Figure, Layer } from './render.js';
import { PALETTE, PANEL, TIME_SCHEME } from './style.js';

/** Rows {q, p} of a (rows × 2) state array. */
function planeRows(states: ArrayLike<number>): { q: number; p: number }[] {
  return Array.from({ length: states.length / 2 }, (_, i) => ({ q: states[2 * i]!, p: states[2 * i + 1]! }));
}

/** The paper's data panel: the observed (q, p) states as dots over the quiver of the true field (when known). */
export function dataFigure(title: string, states: Float64Array, box: Box, trueField: FieldSample | null): Figure {
  checkSeries(title, 'the data', states);
  if (states.length % 2 !== 0) throw new RangeError(`figure "${title}": the data must be (q, p) rows, got ${states.length} numbers`);
  const dots: Layer = {
    data: { values: planeRows(states) },
    mark: { type: 'circle', size: 14, color: PALETTE.data, opacity: 0.7, clip: true },
    encoding: planeAxes(box),
  };
  return { title, ...PANEL, layer: [...(trueField ? quiverLayers(trueField, PALETTE.arrow) : []), dots] };
}

/** A model's vector field (arrows in the model's colour) with a rollout drawn as segments coloured by time. */
export function fieldFigure(title: string, field: FieldSample, path: Path, color: string): Figure {
  checkPath(title, 'the rollout', path, 2);
  checkSeries(title, 'the vector field', field.vectors);
  const { t, y } = path;
  const segments = Array.from({ length: t.length - 1 }, (_, k) => ({ q: y[2 * k]!, p: y[2 * k + 1]!, q2: y[2 * k + 2]!, p2: y[2 * k + 3]!, t: t[k]! }));
  const rollout: Layer = {
    data: { values: segments },
    mark: { type: 'rule', strokeWidth: 2.5, strokeCap: 'round', clip: true },
    encoding: {
      ...planeAxes(field.box),
      x2: { field: 'q2' },
      y2: { field: 'p2' },
      color: { field: 't', type: 'quantitative', title: 't', scale: { scheme: TIME_SCHEME }, legend: { gradientLength: 200 } },
    },
  };
  return { title, ...PANEL, layer: [...quiverLayers(field, color), rollout] };
}
