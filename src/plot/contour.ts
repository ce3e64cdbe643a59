import type { Box } from './phase.js';

/** A straight piece of a contour line, from (q, p) to (q2, p2), at a level. */
export interface ContourSegment {
  readonly q: number;
  readonly p: number;
  readonly q2: number;
  readonly p2: number;
  readonly level: number;
}

/** `count` levels evenly spaced strictly inside the range of the values. */
export function evenLevels(values: ArrayLike<number>, count: number): number[] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    lo = Math.min(lo, values[i]!);
    hi = Math.max(hi, values[i]!);
  }
  return Array.from({ length: count }, (_, k) => lo + ((hi - lo) * (k + 1)) / (count + 1));
}

/**
 * Contour lines of values on the n × n grid of a box (row-major, q fastest, as `gridStates`) by
 * marching squares with linear interpolation along cell edges; saddle cells are split by the cell mean.
 */
export function contourSegments(values: ArrayLike<number>, box: Box, n: number, levels: readonly number[]): ContourSegment[] {
  if (values.length !== n * n) throw new RangeError(`contours: ${values.length} values do not fill a ${n} × ${n} grid`);
  const q = (i: number): number => box.q[0] + ((box.q[1] - box.q[0]) * i) / (n - 1);
  const p = (j: number): number => box.p[0] + ((box.p[1] - box.p[0]) * j) / (n - 1);
  const at = (i: number, j: number): number => values[j * n + i]!;
  const out: ContourSegment[] = [];
  for (const level of levels) {
    for (let j = 0; j + 1 < n; j++) {
      for (let i = 0; i + 1 < n; i++) {
        // Corners counter-clockwise; each edge joins corner c to corner c + 1.
        const corners: [number, number][] = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]];
        const crossings: [number, number][] = [];
        for (let c = 0; c < 4; c++) {
          const [ia, ja] = corners[c]!;
          const [ib, jb] = corners[(c + 1) % 4]!;
          const a = at(ia, ja) - level;
          const b = at(ib, jb) - level;
          if (a < 0 === b < 0) continue;
          const s = a / (a - b);
          crossings.push([q(ia) + (q(ib) - q(ia)) * s, p(ja) + (p(jb) - p(ja)) * s]);
        }
        if (crossings.length === 4) {
          // A saddle: pairing (bottom, right), (top, left) cuts off corners 1 and 3, joining corners 0 and 2
          // through the centre; when the cell mean disagrees with corner 0, pair the other way round.
          const mean = (at(i, j) + at(i + 1, j) + at(i + 1, j + 1) + at(i, j + 1)) / 4 - level;
          if (mean < 0 !== at(i, j) - level < 0) crossings.push(crossings.shift()!);
        }
        for (let c = 0; c + 1 < crossings.length; c += 2) {
          const [q1, p1] = crossings[c]!;
          const [q2, p2] = crossings[c + 1]!;
          out.push({ q: q1, p: p1, q2, p2, level });
        }
      }
    }
  }
  return out;
}
