// The clickable plane: the true and learned vector fields over the data (phase plane), or the
// bodies' positions (orbit plane), with the rollouts drawn moving. A click (or the arrow keys and
// Enter) starts rollouts there.
import { setText } from '../ui/dom.js';
import { COLORS, SERIES_LABEL } from '../palette.js';
import { planeBox, type LabState } from '../state.js';
import { planePoints, stateAt } from '../systems/plane.js';
import type { LabSystem } from '../systems/system.js';
import type { FieldResult, GridRequest, Series } from '../workers/protocol.js';
import { Chart, niceStep } from './chart.js';
import { stateOnPath, type RolloutClock } from './clock.js';
import { arrow, dot, polyline, seriesStroke } from './draw.js';
import { setLegend } from './legend.js';
import { Inputs, type View } from './view.js';

/** The checkboxes that show or hide each vector field. */
export type FieldToggles = Record<Series, HTMLInputElement>;

/** The plane view. */
export class PhaseView implements View {
  private readonly chart: Chart;
  private readonly inputs = new Inputs();
  private cursor: [number, number] | null = null;
  /** The axes and data dots as last drawn, and what they were drawn for. */
  private readonly backdrop = document.createElement('canvas');
  private readonly backdropInputs = new Inputs();
  /** The rollouts' paths and starts as last drawn (transparent around them), and what they were drawn for. */
  private readonly paths = document.createElement('canvas');
  private readonly pathInputs = new Inputs();
  private state: LabState | null = null;

  /** A view in `plot` (its canvas and overlay); `onStart` receives the state a click or Enter starts from, or a message why it cannot. */
  constructor(
    private readonly plot: HTMLElement,
    private readonly legend: HTMLElement,
    private readonly toggles: FieldToggles,
    private readonly texts: { readonly title: HTMLElement; readonly note: HTMLElement },
    private readonly onStart: (x: number[] | string) => void,
  ) {
    const [canvas, overlay] = plot.querySelectorAll('canvas');
    this.chart = new Chart(canvas!, { left: 46, right: 10, top: 10, bottom: 38 }, overlay!);
    plot.addEventListener('click', (e) => {
      const rect = plot.getBoundingClientRect();
      this.startAt(...this.snap(...this.chart.invert(e.clientX - rect.left, e.clientY - rect.top)));
    });
    plot.addEventListener('keydown', (e) => this.key(e));
    plot.addEventListener('blur', () => (this.cursor = null));
    for (const t of Object.values(toggles)) t.addEventListener('change', () => this.state && this.update(this.state));
  }

  update(state: LabState): void {
    this.state = state;
    const { chart } = this;
    const { system } = state;
    const shown = Object.values(this.toggles).map((t) => t.checked);
    if (!chart.fit() && !this.inputs.changed([system, state.data, state.field, state.rollout, state.start, ...shown, !!state.runs.hnn, !!state.runs.baseline])) return;
    // How many times the plane was drawn, for the bench's update rate.
    this.plot.dataset['draws'] = String(Number(this.plot.dataset['draws'] ?? 0) + 1);
    const box = planeBox(state);
    chart.domain(box.u, box.v);
    // The plane's geometry, for tests that click at a given point.
    this.plot.dataset['plane'] = JSON.stringify({ u: box.u, v: box.v, margin: chart.margin });
    const scale = system.plane === 'phase' ? this.arrowScale(state) : null;
    this.drawPaths(state);
    this.drawBackdrop(state, scale);
    chart.clip();
    if (scale) for (const s of ['baseline', 'hnn'] as const) this.drawField(state.field!, s, scale);
    chart.unclip();
    this.copy(this.paths);
    setLegend(this.legend, legendItems(state));
    this.describe(state.system);
    this.offerToggles(state);
  }

  /** The view's title, its note and the field toggles, for a phase plane or an orbit plane. */
  private describe(system: LabSystem): void {
    const orbit = system.plane === 'orbit';
    setText(this.texts.title, orbit ? 'Orbit plane' : system.dim > 2 ? `Phase plane (${system.coordinates[0]}, ${system.coordinates[system.dim / 2]}) through the start` : 'Phase plane');
    setText(this.texts.note, orbit ? ORBIT_NOTE : PHASE_NOTE);
    this.toggles.truth.closest<HTMLElement>('[role=group]')!.hidden = orbit;
  }

  /** Shows the toggle of each field there is: the truth where it is known, each model trained. */
  private offerToggles(state: LabState): void {
    const present: Record<Series, boolean> = { truth: state.system.truth !== null, baseline: !!state.runs.baseline, hnn: !!state.runs.hnn };
    for (const [series, toggle] of Object.entries(this.toggles) as [Series, HTMLInputElement][]) toggle.closest('label')!.hidden = !present[series];
  }

  frame(state: LabState, clock: RolloutClock | null): void {
    const { chart } = this;
    chart.clearTop();
    const ctx = chart.top;
    if (clock && state.rollout) {
      for (const path of state.rollout.paths) {
        const x = stateOnPath(path, clock, state.system.dim);
        if (!x) continue;
        for (const [u, v] of planePoints(state.system, x)) dot(ctx, chart.px(u), chart.py(v), 5.5, COLORS[path.series]);
      }
    }
    if (this.cursor) {
      const x = chart.px(this.cursor[0]), y = chart.py(this.cursor[1]);
      ctx.strokeStyle = '#e69f00';
      ctx.lineWidth = 2;
      ctx.setLineDash([]);
      ctx.beginPath();
      ctx.moveTo(x - 10, y); ctx.lineTo(x + 10, y);
      ctx.moveTo(x, y - 10); ctx.lineTo(x, y + 10);
      ctx.stroke();
    }
  }

  /**
   * The axes, the training data's dots and the true field (which training does not change): drawn
   * when they change, else copied from the last drawing.
   */
  private drawBackdrop(state: LabState, scale: number | null): void {
    const { chart } = this;
    const { canvas } = chart;
    const { system } = state;
    const box = planeBox(state);
    const truth = scale && state.field?.fields.truth && this.toggles.truth.checked ? state.field : null;
    if (this.backdropInputs.changed([system, state.data, chart.width, chart.height, canvas.width, canvas.height, ...box.u, ...box.v, truth && JSON.stringify(truth.grid), truth && scale])) {
      chart.clear();
      const n = system.dim / 2;
      chart.axes(...(system.plane === 'orbit' ? (['x', 'y'] as const) : ([system.coordinates[0]!, system.coordinates[n]!] as const)));
      chart.clip();
      this.drawData(state);
      if (truth) this.drawField(truth, 'truth', scale!);
      chart.unclip();
      this.keep(this.backdrop);
      return;
    }
    this.copy(this.backdrop);
  }

  /**
   * The rollouts' paths and starts, which change only with a new rollout or start (not with each new
   * field while training): drawn on the cleared canvas when they change, kept, and laid over the fields.
   */
  private drawPaths(state: LabState): void {
    const { chart } = this;
    const box = planeBox(state);
    if (!this.pathInputs.changed([state.system, state.rollout, state.start, chart.width, chart.height, chart.canvas.width, chart.canvas.height, ...box.u, ...box.v])) return;
    chart.ctx.clearRect(0, 0, chart.width, chart.height);
    chart.clip();
    this.drawRollouts(state);
    chart.unclip();
    this.keep(this.paths);
  }

  /** Keeps a copy of the canvas as drawn so far in `layer`. */
  private keep(layer: HTMLCanvasElement): void {
    const { canvas } = this.chart;
    [layer.width, layer.height] = [canvas.width, canvas.height];
    layer.getContext('2d')!.drawImage(canvas, 0, 0);
  }

  /** Draws a kept layer over the canvas, pixel for pixel. */
  private copy(layer: HTMLCanvasElement): void {
    const { ctx } = this.chart;
    ctx.save();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(layer, 0, 0);
    ctx.restore();
  }

  /** Grey dots at a sample of the training states. */
  private drawData(state: LabState): void {
    const sample = state.data?.sample;
    if (!sample) return;
    const { ctx } = this.chart;
    const d = state.system.dim;
    ctx.fillStyle = COLORS.data;
    ctx.globalAlpha = 0.3;
    for (let r = 0; r < sample.length / d; r++) {
      for (const [u, v] of planePoints(state.system, sample.subarray(r * d, (r + 1) * d))) ctx.fillRect(this.chart.px(u) - 1, this.chart.py(v) - 1, 2.2, 2.2);
    }
    ctx.globalAlpha = 1;
  }

  /**
   * Data units of arrow length per unit of velocity, the same for every field so that lengths
   * compare: the longest true arrow spans 0.85 of a grid cell (the longest shown arrow without the
   * truth); null when there is nothing to draw.
   */
  private arrowScale(state: LabState): number | null {
    const field = state.field;
    if (!field) return null;
    const shown = (Object.keys(field.fields) as Series[]).filter((s) => this.toggles[s].checked);
    const reference = shown.includes('truth') ? (['truth'] as const) : shown;
    let max = 0;
    for (const s of reference) for (let i = 0; i < field.fields[s]!.length; i += 2) max = Math.max(max, Math.hypot(field.fields[s]![i]!, field.fields[s]![i + 1]!));
    if (!(max > 0) || !Number.isFinite(max)) return null;
    return (0.85 * cellSize(field.grid)) / max;
  }

  /**
   * One field's arrows, when it is there and shown; an arrow is cut at MAX_ARROW_CELLS cells. Each
   * arrow is filled on its own: one fill of a path of hundreds of small outlines takes the software
   * canvas longer (it scans the whole area they span).
   */
  private drawField(field: FieldResult, s: Series, scale: number): void {
    const f = field.fields[s];
    if (!f || !this.toggles[s].checked) return;
    const { grid } = field;
    const cell = cellSize(grid);
    const longest = MAX_ARROW_CELLS * cell;
    const { ctx } = this.chart;
    const width = s === 'truth' ? 1 : 1.4;
    ctx.fillStyle = COLORS[s];
    ctx.globalAlpha = s === 'truth' ? 0.55 : 0.85;
    for (let j = 0; j < grid.n; j++) {
      for (let i = 0; i < grid.n; i++) {
        const k = 2 * (j * grid.n + i);
        const u = grid.box.u[0] + i * cell;
        const v = grid.box.v[0] + (j * (grid.box.v[1] - grid.box.v[0])) / (grid.n - 1);
        const [du, dv] = [f[k]! * scale, f[k + 1]! * scale];
        const cut = Math.min(1, longest / Math.hypot(du, dv));
        if (!Number.isFinite(du) || !Number.isFinite(dv)) continue;
        ctx.beginPath();
        arrow(this.chart, u, v, du * cut, dv * cut, width);
        ctx.fill();
      }
    }
    ctx.globalAlpha = 1;
  }

  /** The rollouts (the way back dashed and thin), the energy-adding path dotted, and the start. */
  private drawRollouts(state: LabState): void {
    const r = state.rollout;
    const { chart } = this;
    const { ctx } = chart;
    const { system } = state;
    const d = system.dim;
    if (r) {
      // The true path last and thinner, on top of the models' paths it is compared with.
      for (const path of [...r.paths].reverse()) {
        for (let body = 0; body < planePoints(system, path.y.subarray(0, d)).length; body++) {
          seriesStroke(ctx, path.series, COLORS[path.series], path.series === 'truth' ? 1.3 : 2.6);
          ctx.globalAlpha = body === 0 ? 1 : 0.6;
          drawStates(chart, system, path.y, body);
          if (path.back) {
            ctx.setLineDash([2, 4]);
            ctx.lineWidth = 1.2;
            drawStates(chart, system, path.back, body);
          }
        }
      }
      ctx.globalAlpha = 1;
      if (r.push) {
        ctx.setLineDash([1, 3]);
        ctx.strokeStyle = COLORS.hnn;
        ctx.lineWidth = 2;
        drawStates(chart, system, r.push, 0);
      }
    }
    const starts = r && r.push ? [r.request.x0, r.start] : [state.start];
    for (const x of starts) {
      for (const [u, v] of planePoints(system, x)) {
        ctx.setLineDash([]);
        ctx.strokeStyle = '#000';
        ctx.lineWidth = 1.5;
        ctx.beginPath();
        ctx.arc(chart.px(u), chart.py(v), 7, 0, 2 * Math.PI);
        ctx.stroke();
      }
    }
  }

  /** A plane point rounded to the roundest step at least two pixels wide (so (1, 0) can be clicked exactly). */
  private snap(u: number, v: number): [number, number] {
    const step = niceStep(2 * this.chart.pixelSize());
    const round = (x: number): number => Number((Math.round(x / step) * step).toPrecision(12));
    return [round(u), round(v)];
  }

  /** Starts the rollouts at a plane point (or reports why not). */
  private startAt(u: number, v: number): void {
    if (!this.state) return;
    this.cursor = document.activeElement === this.plot ? [u, v] : null;
    const x = stateAt(this.state.system, u, v, this.state.start);
    this.onStart(x ?? `a start at (${u}, ${v}) puts the bodies too close together; pick a point farther from the centre`);
  }

  /** Arrow keys move the cursor (a twentieth of the box; with Shift, one pixel step); Enter or Space starts there. */
  private key(e: KeyboardEvent): void {
    if (!this.state) return;
    const box = planeBox(this.state);
    const base = planePoints(this.state.system, this.state.start)[0]!;
    const [u, v] = this.cursor ?? base;
    const step = e.shiftKey ? niceStep(2 * this.chart.pixelSize()) : niceStep((box.u[1] - box.u[0]) / 20);
    const moves: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, step], ArrowDown: [0, -step] };
    const move = moves[e.key];
    if (move) {
      e.preventDefault();
      this.cursor = this.snap(u + move[0], v + move[1]);
    } else if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.startAt(u, v);
    }
  }
}

/** Longest arrow drawn, in grid cells (a learned field far off the true one's scale stays readable). */
const MAX_ARROW_CELLS = 1.5;

/** Width of a grid cell along u (data units). */
function cellSize(grid: GridRequest): number {
  return (grid.box.u[1] - grid.box.u[0]) / (grid.n - 1);
}

const PHASE_NOTE =
  'Each arrow is the velocity (q̇, ṗ) at that point of the phase plane, all on the scale of the true field: black is the true system, blue what the HNN learned (the symplectic gradient of its H), orange-red what the baseline learned directly. Grey dots are the noisy training data. Click anywhere to start a rollout from there: the true system, the baseline and the HNN are integrated from the same point and drawn moving. The true paths are closed curves; the HNN\'s close on themselves too, the baseline\'s spiral in or out.';
const ORBIT_NOTE =
  'The positions of the two bodies: grey dots are the training data (both bodies), lines the rollouts (body 2 fainter). Click anywhere to put body 1 there, body 2 opposite, both on a circular orbit: the true system, the baseline and the HNN are integrated from that state and drawn moving. The state has 8 numbers, so there is no vector field to draw here.';

/** Strokes a path's states in the plane (body `body` in the orbit plane). */
function drawStates(chart: Chart, system: LabSystem, y: Float64Array, body: number): void {
  const d = system.dim;
  const point = (k: number) => planePoints(system, y.subarray(k * d, (k + 1) * d))[body]!;
  polyline(chart, y.length / d, (k) => point(k)[0], (k) => point(k)[1]);
}

/** The legend of what the plane shows. */
function legendItems(state: LabState) {
  const series: Series[] = [];
  if (state.system.truth) series.push('truth');
  for (const kind of ['baseline', 'hnn'] as const) if (state.runs[kind]) series.push(kind);
  return [
    ...series.map((s) => ({ label: SERIES_LABEL[s], color: COLORS[s], style: s === 'baseline' ? ('dashed' as const) : ('solid' as const) })),
    { label: 'training data', color: COLORS.data, style: 'dotted' as const },
  ];
}
