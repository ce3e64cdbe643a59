import { planeAxes } from './axes.js';
import { checkSeries } from './check.js';
import { boxAround, type FieldSample } from './phase.js';
import { quiverLayers } from './quiver.js';
import type { Figure, Layer, Panel } from './render.js';
import { PALETTE, PANEL } from './style.js';

/** One model's latent space: the codes of inputs, rollouts from some of them, and optionally its latent field. */
export interface LatentPanel {
  readonly title: string;
  /** Colour of the rollouts. */
  readonly color: string;
  /** Latent codes of inputs, rows × 2. */
  readonly codes: Float64Array;
  /** Rollouts, paths × points × 2, path-major. */
  readonly rollouts: Float64Array;
  readonly points: number;
  /** The latent vector field on a grid over the codes' box, drawn as grey arrows. */
  readonly field?: FieldSample;
}

/**
 * The paper's Figure 4 latent panel, one per model, axes q = z_q and p = z_p: encoded inputs as grey dots, the latent field
 * as arrows, and rollouts of the latent dynamics as lines (framed on the codes, so a diverging
 * rollout leaves the panel instead of squashing it).
 */
export function latentPhaseFigure(panels: readonly LatentPanel[], title = 'Latent space'): Figure {
  if (panels.length === 0) throw new RangeError(`figure "${title}": no panels`);
  const hconcat = panels.map((panel): Panel => {
    checkSeries(title, `${panel.title} codes`, panel.codes);
    checkSeries(title, `${panel.title} rollouts`, panel.rollouts);
    const box = panel.field?.box ?? boxAround([panel.codes]);
    const axes = planeAxes(box);
    const dots: Layer = {
      data: { values: Array.from({ length: panel.codes.length / 2 }, (_, i) => ({ q: panel.codes[2 * i]!, p: panel.codes[2 * i + 1]! })) },
      mark: { type: 'circle', size: 6, color: PALETTE.data, opacity: 0.35, clip: true },
      encoding: axes,
    };
    const paths = panel.rollouts.length / (2 * panel.points);
    const lines: Layer = {
      data: {
        values: Array.from({ length: paths * panel.points }, (_, i) => ({ path: Math.floor(i / panel.points), k: i % panel.points, q: panel.rollouts[2 * i]!, p: panel.rollouts[2 * i + 1]! })),
      },
      mark: { type: 'line', strokeWidth: 2, color: panel.color, clip: true },
      encoding: { ...axes, detail: { field: 'path', type: 'nominal' }, order: { field: 'k', type: 'quantitative' } },
    };
    return { title: panel.title, ...PANEL, layer: [...(panel.field ? quiverLayers(panel.field, PALETTE.arrow) : []), dots, lines] };
  });
  return { title, hconcat };
}
