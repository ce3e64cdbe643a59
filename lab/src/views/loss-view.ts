// The loss curves: each model's training-batch loss every step and its test loss as measured, on a
// log scale.
import { COLORS, SERIES_LABEL } from '../palette.js';
import type { LabState } from '../state.js';
import { Chart } from './chart.js';
import { setLegend, type LegendItem } from './legend.js';
import { Inputs, type View } from './view.js';

/** The loss view. */
export class LossView implements View {
  private readonly chart: Chart;
  private readonly inputs = new Inputs();

  /** A view drawing on `canvas` with its legend in `legend`. */
  constructor(
    canvas: HTMLCanvasElement,
    private readonly legend: HTMLElement,
  ) {
    this.chart = new Chart(canvas, { left: 56, right: 12, top: 10, bottom: 36 });
  }

  update(state: LabState): void {
    const { chart } = this;
    if (!chart.fit() && !this.inputs.changed([state.runs])) return;
    chart.canvas.dataset['draws'] = String(Number(chart.canvas.dataset['draws'] ?? 0) + 1);
    chart.clear();
    const runs = (['hnn', 'baseline'] as const).flatMap((kind) => (state.runs[kind] ? [[kind, state.runs[kind]!] as const] : []));
    let lo = Infinity;
    let hi = -Infinity;
    let steps = 1;
    for (const [, run] of runs) {
      steps = Math.max(steps, run.snapshot.steps, run.snapshot.step);
      for (const curve of [run.train, run.test]) {
        for (let i = 1; i < curve.length; i += 2) {
          const v = curve[i]!;
          if (v > 0 && Number.isFinite(v)) {
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
          }
        }
      }
    }
    const items: LegendItem[] = runs.flatMap(([kind]) => [
      { label: `${SERIES_LABEL[kind]}, training batch`, color: COLORS[kind] },
      { label: `${SERIES_LABEL[kind]}, test`, color: COLORS[kind], style: 'dashed' as const },
    ]);
    setLegend(this.legend, items);
    if (!(hi >= lo)) {
      chart.domain([0, steps], [1e-3, 1], true);
      chart.axes('step', 'loss (MSE of q̇, ṗ)');
      chart.note(runs.length ? 'Press Start to train' : 'No model yet');
      return;
    }
    chart.domain([0, steps], [lo / 1.5, hi * 1.5], true);
    chart.axes('step', 'loss (MSE of q̇, ṗ)');
    chart.clip();
    for (const [kind, run] of runs) {
      drawCurve(chart, run.train, COLORS[kind], 1, [], 0.55);
      drawCurve(chart, run.test, COLORS[kind], 2.5, [7, 4], 1);
    }
    chart.unclip();
  }

  frame(): void {}
}

/** Draws [step, loss] pairs as a line. */
function drawCurve(chart: Chart, curve: readonly number[], color: string, width: number, dash: number[], alpha: number): void {
  const { ctx } = chart;
  if (curve.length < 2) return;
  ctx.save();
  ctx.strokeStyle = color;
  ctx.globalAlpha = alpha;
  ctx.lineWidth = width;
  ctx.setLineDash(dash);
  ctx.beginPath();
  // Many more points than pixels: keep one per pixel column (its last), which the eye cannot tell apart.
  let lastX = -Infinity;
  for (let i = 0; i < curve.length; i += 2) {
    const x = chart.px(curve[i]!);
    const y = chart.py(Math.max(curve[i + 1]!, 1e-30));
    if (i === 0) ctx.moveTo(x, y);
    else if (x - lastX >= 0.5 || i === curve.length - 2) ctx.lineTo(x, y);
    else continue;
    lastX = x;
  }
  ctx.stroke();
  ctx.restore();
}
