// Drawing pieces shared by the views: arrows, paths in the plane, markers.
import { DASH } from '../palette.js';
import type { Series } from '../workers/protocol.js';
import type { Chart } from './chart.js';

/** An arrow from (x, y) along (dx, dy) in data units, with a head in proportion. */
export function arrow(chart: Chart, x: number, y: number, dx: number, dy: number): void {
  const { ctx } = chart;
  const x0 = chart.px(x), y0 = chart.py(y);
  const x1 = chart.px(x + dx), y1 = chart.py(y + dy);
  const len = Math.hypot(x1 - x0, y1 - y0);
  if (len < 0.5) return;
  const head = Math.min(6, 0.35 * len);
  const a = Math.atan2(y1 - y0, x1 - x0);
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
  ctx.moveTo(x1 - head * Math.cos(a - 0.45), y1 - head * Math.sin(a - 0.45));
  ctx.lineTo(x1, y1);
  ctx.lineTo(x1 - head * Math.cos(a + 0.45), y1 - head * Math.sin(a + 0.45));
}

/** Strokes the polyline through the plane points `(u(k), v(k))` for k < count. */
export function polyline(chart: Chart, count: number, u: (k: number) => number, v: (k: number) => number): void {
  const { ctx } = chart;
  ctx.beginPath();
  for (let k = 0; k < count; k++) {
    const x = chart.px(u(k)), y = chart.py(v(k));
    if (!Number.isFinite(x) || !Number.isFinite(y)) break;
    if (k === 0) ctx.moveTo(x, y);
    else ctx.lineTo(x, y);
  }
  ctx.stroke();
}

/** Sets the stroke style of a series' line. */
export function seriesStroke(ctx: CanvasRenderingContext2D, series: Series, color: string, width = 2): void {
  ctx.strokeStyle = color;
  ctx.lineWidth = width;
  ctx.setLineDash(DASH[series]);
}

/** A filled dot with a white rim at pixel (x, y). */
export function dot(ctx: CanvasRenderingContext2D, x: number, y: number, r: number, color: string): void {
  ctx.beginPath();
  ctx.arc(x, y, r, 0, 2 * Math.PI);
  ctx.fillStyle = color;
  ctx.fill();
  ctx.lineWidth = 1.5;
  ctx.setLineDash([]);
  ctx.strokeStyle = '#fff';
  ctx.stroke();
}
