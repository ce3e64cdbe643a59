import { checkSeries } from './check.js';
import type { Figure } from './render.js';

/** Pixel size of a frame's longer side in the strip. */
const FRAME_PIXELS = 96;

/** Grey frames (row-major, values in [0, 1], 0 black) side by side, each titled with its label. */
export function frameStrip(frames: readonly ArrayLike<number>[], width: number, height: number, labels?: readonly string[], title = 'Frames'): Figure {
  if (frames.length === 0) throw new RangeError(`figure "${title}": no frames to show`);
  const names = labels ?? frames.map((_, i) => `frame ${i + 1}`);
  if (names.length !== frames.length) throw new RangeError(`figure "${title}": ${names.length} labels for ${frames.length} frames`);
  const values = frames.flatMap((frame, f) => {
    checkSeries(title, names[f]!, frame, width * height);
    return Array.from(frame, (v, k) => ({ f: names[f]!, i: k % width, j: Math.floor(k / width), v }));
  });
  const scale = FRAME_PIXELS / Math.max(width, height);
  return {
    title,
    data: { values },
    facet: { column: { field: 'f', type: 'nominal', title: null, sort: [...names] } },
    spec: {
      width: Math.round(width * scale),
      height: Math.round(height * scale),
      mark: { type: 'rect' },
      encoding: {
        x: { field: 'i', type: 'ordinal', axis: null, scale: { paddingInner: 0, paddingOuter: 0 } },
        y: { field: 'j', type: 'ordinal', axis: null, scale: { paddingInner: 0, paddingOuter: 0 } },
        color: { field: 'v', type: 'quantitative', scale: { domain: [0, 1], range: ['black', 'white'] }, legend: null },
      },
    },
  };
}
