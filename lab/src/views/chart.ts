// A canvas with data scales, axes and high-DPI backing store: what every view draws on.

/** Space around the plot area (CSS pixels). */
export interface Margin {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

const AXIS_COLOR = '#666';
const GRID_COLOR = '#e6e6e6';
const FONT = '12px system-ui, sans-serif';

/**
 * A canvas with linear (or logarithmic) x and y scales over a plot area inside a margin, and
 * optionally a transparent canvas over it for what moves (redrawn every frame without touching
 * the picture underneath).
 */
export class Chart {
  readonly ctx: CanvasRenderingContext2D;
  /** The overlay's context (the chart's own when there is no overlay). */
  readonly top: CanvasRenderingContext2D;
  /** Size in CSS pixels. */
  width = 0;
  height = 0;
  private x0 = 0;
  private x1 = 1;
  private y0 = 0;
  private y1 = 1;
  private logY = false;

  /** A chart on `canvas` leaving `margin` for the axes, with the moving parts on `overlay` when given. */
  constructor(
    readonly canvas: HTMLCanvasElement,
    readonly margin: Margin = { left: 52, right: 12, top: 10, bottom: 36 },
    private readonly overlay: HTMLCanvasElement | null = null,
  ) {
    this.ctx = canvas.getContext('2d')!;
    this.top = overlay ? overlay.getContext('2d')! : this.ctx;
  }

  /** Matches the backing stores to the canvas's CSS size and the pixel ratio; true when the size changed. */
  fit(): boolean {
    const rect = this.canvas.getBoundingClientRect();
    const ratio = window.devicePixelRatio || 1;
    const w = Math.max(1, Math.round(rect.width));
    const h = Math.max(1, Math.round(rect.height));
    const changed = w !== this.width || h !== this.height || this.canvas.width !== Math.round(w * ratio);
    if (changed) {
      this.width = w;
      this.height = h;
      for (const c of this.overlay ? [this.canvas, this.overlay] : [this.canvas]) {
        c.width = Math.round(w * ratio);
        c.height = Math.round(h * ratio);
      }
    }
    this.ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    this.top.setTransform(ratio, 0, 0, ratio, 0, 0);
    return changed;
  }

  /** Clears the overlay. */
  clearTop(): void {
    this.top.clearRect(0, 0, this.width, this.height);
  }

  /** Sets the data ranges shown (y on a log scale when `logY`). */
  domain(x: readonly [number, number], y: readonly [number, number], logY = false): void {
    [this.x0, this.x1] = x;
    this.logY = logY;
    [this.y0, this.y1] = logY ? [Math.log10(y[0]), Math.log10(y[1])] : y;
  }

  /** Horizontal pixel of x. */
  px(x: number): number {
    const { left, right } = this.margin;
    return left + ((x - this.x0) / (this.x1 - this.x0)) * (this.width - left - right);
  }

  /** Vertical pixel of y. */
  py(y: number): number {
    const { top, bottom } = this.margin;
    const v = this.logY ? Math.log10(y) : y;
    return this.height - bottom - ((v - this.y0) / (this.y1 - this.y0)) * (this.height - top - bottom);
  }

  /** The data point at a pixel. */
  invert(px: number, py: number): [number, number] {
    const { left, right, top, bottom } = this.margin;
    const x = this.x0 + ((px - left) / (this.width - left - right)) * (this.x1 - this.x0);
    const v = this.y0 + ((this.height - bottom - py) / (this.height - top - bottom)) * (this.y1 - this.y0);
    return [x, this.logY ? 10 ** v : v];
  }

  /** Size of one pixel in data units along x. */
  pixelSize(): number {
    return (this.x1 - this.x0) / (this.width - this.margin.left - this.margin.right);
  }

  /** Clears the canvas to white. */
  clear(): void {
    this.ctx.fillStyle = '#fff';
    this.ctx.fillRect(0, 0, this.width, this.height);
  }

  /** Restricts drawing to the plot area until `unclip`. */
  clip(): void {
    const { left, right, top, bottom } = this.margin;
    this.ctx.save();
    this.ctx.beginPath();
    this.ctx.rect(left, top, this.width - left - right, this.height - top - bottom);
    this.ctx.clip();
  }

  /** Ends `clip`. */
  unclip(): void {
    this.ctx.restore();
  }

  /** Grid, ticks, tick labels and axis titles. */
  axes(xTitle: string, yTitle: string): void {
    const { ctx, margin } = this;
    ctx.font = FONT;
    ctx.lineWidth = 1;
    const xTicks = niceTicks(this.x0, this.x1, Math.max(3, Math.floor((this.width - margin.left - margin.right) / 70)));
    const yTicks = this.logY ? decadeTicks(this.y0, this.y1) : niceTicks(this.y0, this.y1, Math.max(2, Math.floor((this.height - margin.top - margin.bottom) / 40)));
    ctx.strokeStyle = GRID_COLOR;
    ctx.beginPath();
    for (const t of xTicks) line(ctx, this.px(t), margin.top, this.px(t), this.height - margin.bottom);
    for (const t of yTicks) line(ctx, margin.left, this.py(t), this.width - margin.right, this.py(t));
    ctx.stroke();
    ctx.strokeStyle = AXIS_COLOR;
    ctx.strokeRect(margin.left, margin.top, this.width - margin.left - margin.right, this.height - margin.top - margin.bottom);
    ctx.fillStyle = '#333';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'top';
    for (const t of xTicks) ctx.fillText(formatTick(t), this.px(t), this.height - margin.bottom + 4);
    ctx.fillText(xTitle, (margin.left + this.width - margin.right) / 2, this.height - 16);
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const t of yTicks) ctx.fillText(this.logY ? `1e${Math.round(Math.log10(t))}` : formatTick(t), margin.left - 4, this.py(t));
    ctx.save();
    ctx.translate(12, (margin.top + this.height - margin.bottom) / 2);
    ctx.rotate(-Math.PI / 2);
    ctx.textAlign = 'center';
    ctx.fillText(yTitle, 0, 0);
    ctx.restore();
  }

  /** A message in the middle of the plot area. */
  note(text: string): void {
    const { ctx, margin } = this;
    ctx.font = FONT;
    ctx.fillStyle = '#555';
    ctx.textAlign = 'center';
    ctx.textBaseline = 'middle';
    ctx.fillText(text, (margin.left + this.width - margin.right) / 2, (margin.top + this.height - margin.bottom) / 2);
  }
}

/** Adds a segment to the current path. */
export function line(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number): void {
  ctx.moveTo(x0, y0);
  ctx.lineTo(x1, y1);
}

/** Round tick values (steps of 1, 2 or 5 × 10ᵏ) inside [a, b], about `count` of them. */
export function niceTicks(a: number, b: number, count: number): number[] {
  const step = niceStep((b - a) / count);
  const ticks: number[] = [];
  for (let t = Math.ceil(a / step) * step; t <= b + step * 1e-9; t += step) ticks.push(Math.abs(t) < step * 1e-9 ? 0 : t);
  return ticks;
}

/** The smallest of 1, 2, 5 × 10ᵏ at least `raw`. */
export function niceStep(raw: number): number {
  const k = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * k).find((s) => s >= raw * (1 - 1e-9))!;
}

/** Powers of ten between two log10 values. */
function decadeTicks(lo: number, hi: number): number[] {
  const ticks: number[] = [];
  for (let e = Math.ceil(lo); e <= Math.floor(hi); e++) ticks.push(10 ** e);
  return ticks;
}

/** A tick label: short, without float noise. */
function formatTick(t: number): string {
  return Number(t.toPrecision(6)).toString();
}
