import type { FloatArray } from '../kernels/types.js';

/**
 * Inputs of a pixel model without copies: every input is two consecutive frames, and its successor
 * (the input one time step later) is the same pair shifted by one frame. Row i's input is
 * frame f ‖ frame f+1 and its successor frame f+1 ‖ frame f+2, with f = first[i]; frames of one
 * trajectory are stored one after another, so both are contiguous slices of `frames`.
 */
export interface PixelPairs {
  /** Pixels per frame; an input has 2·framePixels numbers. */
  readonly framePixels: number;
  /** All frames, framePixels values each, in [0, 1]. */
  readonly frames: Float32Array;
  /** Index of the first frame of each input row. */
  readonly first: Int32Array;
}

/** Number of input rows. */
export function pairCount(data: PixelPairs): number {
  return data.first.length;
}

/**
 * Copies the inputs (or, with `next`, their successors) of rows `index[start…start+count)` (or rows
 * start… when `index` is null) into consecutive rows of `out`.
 */
export function gatherPairs(data: PixelPairs, index: Int32Array | null, start: number, count: number, next: boolean, out: FloatArray): void {
  const width = 2 * data.framePixels;
  for (let r = 0; r < count; r++) {
    const row = index ? index[start + r]! : start + r;
    const from = (data.first[row]! + (next ? 1 : 0)) * data.framePixels;
    out.set(data.frames.subarray(from, from + width), r * width);
  }
}

/** The inputs of the listed rows as a float64 matrix (rows × 2·framePixels), e.g. to encode them. */
export function pixelInputs(data: PixelPairs, rows: Int32Array, next = false): Float64Array {
  const out = new Float64Array(rows.length * 2 * data.framePixels);
  gatherPairs(data, rows, 0, rows.length, next, out);
  return out;
}
