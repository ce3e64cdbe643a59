// Drawing pieces shared by the views: arrows, paths in the plane, markers.
import { DASH } from '../palette.js';
import type { Series } from '../workers/protocol.js';
import type { Chart } from './chart.js';

/**
 * Adds an arrow from (x, y) along (dx, dy) in data units to the current path, as an outline to fill
 * (a shaft `width` pixels wide and a head in proportion): filling is much cheaper than stroking.
 */
export function arrow(chart: Chart, x: number, y: number, dx: number, dy: number, width: number): void {
  const { ctx } = chart;
  const x0 = chart.px(x), y0 = chart.py(y);
  const x1 = chart.px(x + dx), y1 = chart.py(y + dy);
  const len = Math.hypot(x1 - x0, y1 - y0);
  if (len < 0.5) return;
  const head = Math.min(6, 0.35 * len);
  // Unit vectors along the arrow and across it.
  const [ax, ay] = [(x1 - x0) / len, (y1 - y0) / len];
  const [nx, ny] = [-ay, ax];
  const w = width / 2, hw = head * 0.48;
  const [bx, by] = [x1 - ax * head * 0.9, y1 - ay * head * 0.9];
  ctx.moveTo(x0 + nx * w, y0 + ny * w);
  ctx.lineTo(bx + nx * w, by + ny * w);
  ctx.lineTo(bx + nx * hw, by + ny * hw);
  ctx.lineTo(x1, y1);
  ctx.lineTo(bx - nx * hw, by - ny * hw);
  ctx.lineTo(bx - nx * w, by - ny * w);
  ctx.lineTo(x0 - nx * w, y0 - ny * w);
  ctx.closePath();
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
