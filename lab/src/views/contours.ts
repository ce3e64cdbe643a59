// Contour lines of a grid of values by marching squares, drawn straight onto a canvas path.

/** Adds to the current path the contour segments of `values` (n × n, row-major, x fastest) at `level`; `at(i, j)` maps grid indices (fractional) to pixels. */
export function contourPath(ctx: CanvasRenderingContext2D, values: ArrayLike<number>, n: number, level: number, at: (i: number, j: number) => [number, number]): void {
  const v = (i: number, j: number): number => values[j * n + i]! - level;
  // Where the level crosses the edge between two corners, by linear interpolation.
  const cross = (i0: number, j0: number, i1: number, j1: number): [number, number] => {
    const a = v(i0, j0), b = v(i1, j1);
    const s = a / (a - b);
    return at(i0 + s * (i1 - i0), j0 + s * (j1 - j0));
  };
  for (let j = 0; j < n - 1; j++) {
    for (let i = 0; i < n - 1; i++) {
      // Corners counter-clockwise from (i, j); edges 0: bottom, 1: right, 2: top, 3: left.
      const c = [v(i, j), v(i + 1, j), v(i + 1, j + 1), v(i, j + 1)];
      if (c.some((x) => !Number.isFinite(x))) continue;
      const edges: [number, number][] = [];
      const corner = [[i, j], [i + 1, j], [i + 1, j + 1], [i, j + 1]] as const;
      for (let e = 0; e < 4; e++) {
        const a = c[e]!, b = c[(e + 1) % 4]!;
        if ((a < 0) !== (b < 0)) edges.push(cross(corner[e]![0], corner[e]![1], corner[(e + 1) % 4]![0], corner[(e + 1) % 4]![1]));
      }
      // Two crossings: one segment; four (a saddle): pair them by the sign of the cell's mean.
      if (edges.length === 2) segment(ctx, edges[0]!, edges[1]!);
      else if (edges.length === 4) {
        const mean = (c[0]! + c[1]! + c[2]! + c[3]!) / 4;
        const together = (mean < 0) === (c[0]! < 0);
        if (together) {
          segment(ctx, edges[0]!, edges[1]!);
          segment(ctx, edges[2]!, edges[3]!);
        } else {
          segment(ctx, edges[0]!, edges[3]!);
          segment(ctx, edges[1]!, edges[2]!);
        }
      }
    }
  }
}

/** Adds one segment to the current path. */
function segment(ctx: CanvasRenderingContext2D, a: [number, number], b: [number, number]): void {
  ctx.moveTo(a[0], a[1]);
  ctx.lineTo(b[0], b[1]);
}

/** `count` levels evenly spaced strictly inside the finite range of the values. */
export function evenLevels(values: ArrayLike<number>, count: number): number[] {
  let lo = Infinity, hi = -Infinity;
  for (let k = 0; k < values.length; k++) {
    const x = values[k]!;
    if (Number.isFinite(x)) { lo = Math.min(lo, x); hi = Math.max(hi, x); }
  }
  if (!(hi > lo)) return [];
  return Array.from({ length: count }, (_, k) => lo + ((hi - lo) * (k + 1)) / (count + 1));
}
