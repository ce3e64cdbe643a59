import type { Box } from './phase.js';

/** A quantitative position channel on a field, its scale fixed to [lo, hi] (no rounding, no zero), titled with a symbol. */
function fixedAxis(field: string, domain: readonly [number, number], title: string) {
  return { field, type: 'quantitative' as const, title, scale: { domain: [domain[0], domain[1]], nice: false, zero: false } };
}

/** The x (q) and y (p) channels of a phase-plane panel over a box, reading fields `q` and `p` unless told otherwise. */
export function planeAxes(box: Box, fields: { readonly q: string; readonly p: string } = { q: 'q', p: 'p' }) {
  return { x: fixedAxis(fields.q, box.q, 'q'), y: fixedAxis(fields.p, box.p, 'p') };
}
