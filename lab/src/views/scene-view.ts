// The rollouts drawn as the physical system, one lane or panel per series: a mass on a spring, a
// swinging pendulum, two orbiting bodies, or a bead moving along q.
import { COLORS, SERIES_LABEL } from '../palette.js';
import { planeBox, type LabState } from '../state.js';
import type { Box } from '../systems/system.js';
import type { Path } from '../workers/protocol.js';
import { Chart } from './chart.js';
import { stateOnPath, type RolloutClock } from './clock.js';
import { dot } from './draw.js';
import type { View } from './view.js';

/** Where one series is drawn, in CSS pixels. */
interface Slot {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/** The scene view. */
export class SceneView implements View {
  private readonly chart: Chart;

  /** A view on `canvas`. */
  constructor(canvas: HTMLCanvasElement) {
    this.chart = new Chart(canvas, { left: 0, right: 0, top: 0, bottom: 0 });
  }

  update(state: LabState): void {
    this.chart.fit();
    if (!state.rollout) {
      this.chart.clear();
      this.chart.note('Click in the phase plane to start rollouts');
    }
  }

  frame(state: LabState, clock: RolloutClock | null): void {
    const r = state.rollout;
    if (!r || !clock) return;
    const { chart } = this;
    chart.clear();
    const { ctx } = chart;
    const paths = r.paths;
    const kind = state.system.scene;
    const side = kind === 'pendulum' || kind === 'orbit';
    paths.forEach((path, i) => {
      const n = paths.length;
      const slot: Slot = side
        ? { x: (chart.width * i) / n, y: 0, w: chart.width / n, h: chart.height }
        : { x: 0, y: (chart.height * i) / n, w: chart.width, h: chart.height / n };
      const x = stateOnPath(path, clock, state.system.dim);
      ctx.save();
      ctx.font = '12px system-ui, sans-serif';
      ctx.fillStyle = COLORS[path.series];
      ctx.textBaseline = 'top';
      ctx.textAlign = 'left';
      ctx.fillText(SERIES_LABEL[path.series] + (x ? '' : ' (stopped)'), slot.x + 8, slot.y + 6);
      if (x) {
        if (kind === 'spring') spring(ctx, slot, x[0]!, planeBox(state), COLORS[path.series]);
        else if (kind === 'pendulum') pendulum(ctx, slot, x[0]!, COLORS[path.series]);
        else if (kind === 'orbit') orbit(ctx, slot, path, clock, planeBox(state), COLORS[path.series]);
        else bead(ctx, slot, x[0]!, planeBox(state), COLORS[path.series]);
      }
      ctx.restore();
    });
  }
}

/** A block on a spring fixed to a wall at the left; q is the stretch. */
function spring(ctx: CanvasRenderingContext2D, s: Slot, q: number, box: Box, color: string): void {
  const mid = s.y + s.h / 2 + 6;
  const wall = s.x + 14;
  const rest = s.x + s.w / 2;
  const scale = (s.w / 2 - 50) / Math.max(Math.abs(box.u[0]), Math.abs(box.u[1]));
  const block = rest + q * scale;
  ctx.strokeStyle = '#444';
  ctx.lineWidth = 3;
  ctx.beginPath();
  ctx.moveTo(wall, mid - 18);
  ctx.lineTo(wall, mid + 18);
  ctx.stroke();
  ctx.lineWidth = 1.5;
  ctx.strokeStyle = color;
  ctx.beginPath();
  ctx.moveTo(wall, mid);
  const coils = 12;
  for (let k = 1; k < 2 * coils; k++) ctx.lineTo(wall + ((block - 14 - wall) * k) / (2 * coils), mid + (k % 2 ? -7 : 7));
  ctx.lineTo(block - 14, mid);
  ctx.stroke();
  ctx.fillStyle = color;
  ctx.fillRect(block - 14, mid - 12, 28, 24);
  ctx.setLineDash([3, 3]);
  ctx.strokeStyle = '#aaa';
  ctx.beginPath();
  ctx.moveTo(rest, mid - 16);
  ctx.lineTo(rest, mid + 16);
  ctx.stroke();
}

/** A pendulum hanging from the top of the slot, at angle q from the vertical. */
function pendulum(ctx: CanvasRenderingContext2D, s: Slot, q: number, color: string): void {
  const cx = s.x + s.w / 2;
  const cy = s.y + s.h / 2;
  const len = Math.min(s.w / 2 - 16, s.h / 2 - 28);
  const bx = cx + len * Math.sin(q);
  const by = cy + len * Math.cos(q);
  ctx.strokeStyle = '#ccc';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.arc(cx, cy, len, 0, 2 * Math.PI);
  ctx.stroke();
  ctx.strokeStyle = '#444';
  ctx.lineWidth = 2;
  ctx.beginPath();
  ctx.moveTo(cx, cy);
  ctx.lineTo(bx, by);
  ctx.stroke();
  dot(ctx, cx, cy, 3, '#444');
  dot(ctx, bx, by, 11, color);
}

/** Both bodies with the trail of their last quarter orbit. */
function orbit(ctx: CanvasRenderingContext2D, s: Slot, path: Path, clock: RolloutClock, box: Box, color: string): void {
  const d = 8;
  const scale = Math.min(s.w, s.h - 24) / 2 / Math.max(...box.u.map(Math.abs), ...box.v.map(Math.abs));
  const cx = s.x + s.w / 2, cy = s.y + 12 + (s.h - 12) / 2;
  const rows = path.y.length / d;
  const now = Math.min(rows - 1, Math.floor(clock.k));
  const from = Math.max(0, now - Math.round(rows / 8));
  ctx.strokeStyle = color;
  ctx.lineWidth = 1.5;
  ctx.globalAlpha = 0.45;
  for (const body of [0, 1]) {
    ctx.beginPath();
    for (let k = from; k <= now; k++) {
      const x = cx + path.y[k * d + body]! * scale, y = cy - path.y[k * d + 2 + body]! * scale;
      if (k === from) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    ctx.stroke();
  }
  ctx.globalAlpha = 1;
  const state = stateOnPath(path, clock, d);
  if (!state) return;
  dot(ctx, cx + state[0]! * scale, cy - state[2]! * scale, 8, color);
  dot(ctx, cx + state[1]! * scale, cy - state[3]! * scale, 8, color);
  dot(ctx, cx, cy, 2, '#999');
}

/** A bead on the q axis. */
function bead(ctx: CanvasRenderingContext2D, s: Slot, q: number, box: Box, color: string): void {
  const mid = s.y + s.h / 2 + 6;
  const x0 = s.x + 20, x1 = s.x + s.w - 20;
  const px = x0 + ((q - box.u[0]) / (box.u[1] - box.u[0])) * (x1 - x0);
  ctx.strokeStyle = '#888';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(x0, mid);
  ctx.lineTo(x1, mid);
  const zero = x0 + ((0 - box.u[0]) / (box.u[1] - box.u[0])) * (x1 - x0);
  ctx.moveTo(zero, mid - 8);
  ctx.lineTo(zero, mid + 8);
  ctx.stroke();
  dot(ctx, px, mid, 10, color);
}
