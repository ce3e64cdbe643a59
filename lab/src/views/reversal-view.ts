// Time reversal and added energy in numbers: each rollout's return error, its energy change, and
// how much energy following the HNN's ∇H added to the start.
import { COLORS, SERIES_LABEL } from '../palette.js';
import type { LabState } from '../state.js';
import { Inputs, type View } from './view.js';

/** The reversal table. */
export class ReversalView implements View {
  private readonly inputs = new Inputs();
  /** A view filling the table body `body` and the line `hint`. */
  constructor(
    private readonly body: HTMLElement,
    private readonly hint: HTMLElement,
  ) {}

  update(state: LabState): void {
    const r = state.rollout;
    if (!this.inputs.changed([r, state.system, !!state.runs.hnn])) return;
    const rows = (r?.paths ?? []).map((p) => {
      const tr = document.createElement('tr');
      tr.dataset['series'] = p.series;
      const name = document.createElement('th');
      name.scope = 'row';
      name.style.color = COLORS[p.series];
      name.textContent = SERIES_LABEL[p.series];
      const back = document.createElement('td');
      back.textContent = p.returnError !== null ? p.returnError.toExponential(2) : p.failure ? 'failed' : '—';
      if (p.returnError !== null) back.dataset['returnError'] = String(p.returnError);
      const energy = document.createElement('td');
      const e = p.energy;
      energy.textContent = e && e.length > 1 ? `${signed(e[e.length - 1]! - e[0]!)} (${signed((100 * (e[e.length - 1]! - e[0]!)) / Math.abs(e[0]!), 3)}%)` : '—';
      tr.append(name, back, energy);
      return tr;
    });
    this.body.replaceChildren(...rows);
    this.hint.textContent = hintFor(state);
  }

  frame(): void {}
}

/** What the line under the table says. */
function hintFor(state: LabState): string {
  const r = state.rollout;
  if (!r) return 'Click in the phase plane to start rollouts.';
  const parts: string[] = [];
  if (!r.request.reverse) parts.push('Turn on "Run back in time" (Rollouts) to measure how far each rollout lands from its start.');
  const energy = state.system.energy;
  if (r.push && energy) {
    parts.push(`Following the HNN's ∇H for ${r.request.addEnergy} raised the true energy of the start from ${energy(Float64Array.from(r.request.x0)).toPrecision(4)} to ${energy(r.start).toPrecision(4)}.`);
  } else if (r.request.addEnergy > 0 && !state.runs.hnn) parts.push('Adding energy follows the HNN\'s ∇H: train or import an HNN.');
  parts.push('Energy change: true energy at the end minus at the start.');
  return parts.join(' ');
}

/** A number with its sign and `digits` significant digits. */
function signed(x: number, digits = 3): string {
  return Number.isFinite(x) ? (x >= 0 ? '+' : '') + x.toPrecision(digits) : 'unbounded';
}
