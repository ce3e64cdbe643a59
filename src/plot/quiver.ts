import { planeAxes } from './axes.js';
import type { FieldSample } from './phase.js';
import type { Layer } from './render.js';
import { PANEL } from './style.js';

/** Longest arrow as a fraction of the grid spacing (in pixels). */
const LONGEST = 0.9;

/** One arrow of a quiver plot: tail (q, p), head (q2, p2), and its screen angle (degrees clockwise from up). */
interface Arrow {
  q: number;
  p: number;
  q2: number;
  p2: number;
  angle: number;
}

/**
 * Arrows of a sampled field scaled so the longest spans 0.9 grid cells on a panel of the standard
 * size, with their screen angles (the x and y pixel scales differ, so angles are computed in pixels).
 */
export function quiverArrows(sample: FieldSample, width: number = PANEL.width, height: number = PANEL.height): Arrow[] {
  const { box, n, states, vectors } = sample;
  const kq = width / (box.q[1] - box.q[0]);
  const kp = height / (box.p[1] - box.p[0]);
  let longest = 0;
  for (let i = 0; i < vectors.length; i += 2) longest = Math.max(longest, Math.hypot(vectors[i]! * kq, vectors[i + 1]! * kp));
  const cell = Math.min(width, height) / (n - 1);
  const scale = longest > 0 ? (LONGEST * cell) / longest : 0;
  const arrows: Arrow[] = [];
  for (let i = 0; i < states.length; i += 2) {
    const u = vectors[i]!;
    const v = vectors[i + 1]!;
    const q = states[i]!;
    const p = states[i + 1]!;
    arrows.push({ q, p, q2: q + u * scale, p2: p + v * scale, angle: (Math.atan2(u * kq, v * kp) * 180) / Math.PI });
  }
  return arrows;
}

/** Quiver layers (shafts and heads, in one colour) of a sampled field, on scales fixed to the sample's box. */
export function quiverLayers(sample: FieldSample, color: string): Layer[] {
  const values = quiverArrows(sample);
  const tail = planeAxes(sample.box);
  const head = planeAxes(sample.box, { q: 'q2', p: 'p2' });
  return [
    { data: { values }, mark: { type: 'rule', color, strokeWidth: 1.2, clip: true }, encoding: { ...tail, x2: { field: 'q2' }, y2: { field: 'p2' } } },
    {
      data: { values },
      mark: { type: 'point', shape: 'triangle', filled: true, color, size: 18, opacity: 1, clip: true },
      encoding: { ...head, angle: { field: 'angle', type: 'quantitative', scale: null } },
    },
  ];
}
