// The true energy along each rollout against time (and the HNN's own H along its path), with the
// largest relative change of each written out.
import { COLORS, SERIES_LABEL } from '../palette.js';
import type { LabState } from '../state.js';
import type { Path } from '../workers/protocol.js';
import { Chart } from './chart.js';
import type { RolloutClock } from './clock.js';
import { polyline, seriesStroke } from './draw.js';
import { setLegend, type LegendItem } from './legend.js';
import { Inputs, type View } from './view.js';

/** The energy view. */
export class EnergyView implements View {
  private readonly chart: Chart;
  private readonly inputs = new Inputs();

  /** A view in `plot` (its canvas and overlay), its legend in `legend` and the numbers in `summary`. */
  constructor(
    plot: HTMLElement,
    private readonly legend: HTMLElement,
    private readonly summary: HTMLElement,
  ) {
    const [canvas, overlay] = plot.querySelectorAll('canvas');
    this.chart = new Chart(canvas!, { left: 72, right: 12, top: 10, bottom: 36 }, overlay!);
  }

  update(state: LabState): void {
    const { chart } = this;
    if (!chart.fit() && !this.inputs.changed([state.rollout, state.system, state.settings.rollout.tEnd])) return;
    chart.clear();
    const r = state.rollout;
    const known = state.system.energy !== null;
    const tEnd = r?.request.tEnd ?? state.settings.rollout.tEnd;
    // Drawn in this order: the models, then the truth on top, then the HNN's own H.
    const curves = r ? [...r.paths].reverse().flatMap((p) => energyCurves(p)).sort((a, b) => Number(a.own) - Number(b.own)) : [];
    let lo = Infinity, hi = -Infinity;
    for (const c of curves) for (const v of c.values) if (Number.isFinite(v)) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    const yTitle = known ? 'true energy' : "HNN's H";
    if (!(hi >= lo)) {
      chart.domain([0, tEnd], [0, 1]);
      chart.axes('time', yTitle);
      chart.note('Click in the phase plane to start rollouts');
      setLegend(this.legend, []);
      this.summary.replaceChildren();
      return;
    }
    // A flat line stays flat: the range is at least a thousandth of the energy's size.
    const pad = Math.max((hi - lo) * 0.08, 1e-3 * Math.max(Math.abs(hi), Math.abs(lo), 1e-12));
    chart.domain([0, tEnd], [lo - pad, hi + pad]);
    chart.axes('time', yTitle);
    chart.clip();
    for (const c of curves) {
      seriesStroke(chart.ctx, c.path.series, COLORS[c.path.series], c.own ? 1.6 : 2);
      if (c.own) chart.ctx.setLineDash([2, 3]);
      polyline(chart, c.values.length, (k) => c.path.t[k]!, (k) => c.values[k]!);
    }
    chart.unclip();
    const order = (c: EnergyCurve): number => (c.own ? 3 : ['truth', 'baseline', 'hnn'].indexOf(c.path.series));
    setLegend(this.legend, [...curves].sort((a, b) => order(a) - order(b)).map((c): LegendItem => ({ label: c.label, color: COLORS[c.path.series], style: c.own ? 'dotted' : c.path.series === 'baseline' ? 'dashed' : 'solid' })));
    this.writeSummary(r!.paths, r!.start, tEnd, known);
  }

  frame(_state: LabState, clock: RolloutClock | null): void {
    const { chart } = this;
    chart.clearTop();
    if (!clock) return;
    const ctx = chart.top;
    const x = chart.px(clock.t);
    ctx.strokeStyle = '#e69f00';
    ctx.lineWidth = 1.5;
    ctx.setLineDash([]);
    ctx.beginPath();
    ctx.moveTo(x, chart.margin.top);
    ctx.lineTo(x, chart.height - chart.margin.bottom);
    ctx.stroke();
  }

  /** One line per path: its largest relative change of the true energy (data attributes hold the exact numbers). */
  private writeSummary(paths: readonly Path[], start: Float64Array, tEnd: number, known: boolean): void {
    if (!known) {
      this.summary.textContent = 'The true energy of data from a file is not known: the line is the HNN\'s own H along its path.';
      return;
    }
    const head = document.createElement('span');
    head.textContent = `Largest change of the true energy from its start over t ∈ [0, ${tEnd}]: `;
    const parts = paths.map((p, i) => {
      const span = document.createElement('span');
      const change = maxRelativeChange(p.energy!);
      span.dataset['series'] = p.series;
      span.dataset['maxRelChange'] = String(change);
      span.textContent = `${SERIES_LABEL[p.series]} ${formatPercent(change)}${p.failure ? ' (stopped early)' : ''}${i < paths.length - 1 ? ', ' : '.'}`;
      return span;
    });
    this.summary.replaceChildren(head, ...parts);
    this.summary.dataset['start'] = JSON.stringify(Array.from(start));
  }
}

/** A line of the energy plot. */
interface EnergyCurve {
  readonly path: Path;
  readonly values: Float64Array;
  readonly label: string;
  /** Whether this is the HNN's own H rather than the true energy. */
  readonly own: boolean;
}

/** The true energy along a path, and for the HNN its own H shifted to start at the true energy. */
function energyCurves(path: Path): EnergyCurve[] {
  const curves: EnergyCurve[] = [];
  if (path.energy) curves.push({ path, values: path.energy, label: SERIES_LABEL[path.series], own: false });
  if (path.learnedH) {
    const h = path.learnedH;
    const shift = path.energy ? path.energy[0]! - h[0]! : 0;
    curves.push({ path, values: h.map((v) => v + shift), label: path.energy ? "HNN's own H (shifted to the true start)" : "HNN's own H", own: true });
  }
  return curves;
}

/** max over t of |E(t) − E(0)| / |E(0)|. */
export function maxRelativeChange(e: Float64Array): number {
  let worst = 0;
  for (const v of e) worst = Math.max(worst, Math.abs(v - e[0]!));
  return worst / Math.abs(e[0]!);
}

/** A ratio as a percentage with three significant digits. */
function formatPercent(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toPrecision(3)}%` : 'unbounded';
}
