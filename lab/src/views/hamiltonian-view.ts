// The true H and the HNN's learned H over the clickable plane (the phase plane, or the circular-orbit
// starts of the orbit plane): colour maps with contour lines.
import { setText } from '../ui/dom.js';
import { VIRIDIS } from '../palette.js';
import type { LabState } from '../state.js';
import type { GridRequest } from '../workers/protocol.js';
import { Chart } from './chart.js';
import { contourPath, evenLevels } from './contours.js';
import { Inputs, type View } from './view.js';

/** Contour lines per map. */
const LEVELS = 14;

/** The two energy maps. */
export class HamiltonianView implements View {
  private readonly truth: Chart;
  private readonly learned: Chart;
  private readonly inputs = new Inputs();
  private readonly truthInputs = new Inputs();

  /** A view drawing the true H on `truthCanvas` and the learned H on `learnedCanvas`, explained in `note`. */
  constructor(truthCanvas: HTMLCanvasElement, learnedCanvas: HTMLCanvasElement, private readonly note: HTMLElement) {
    const margin = { left: 34, right: 6, top: 6, bottom: 34 };
    this.truth = new Chart(truthCanvas, margin);
    this.learned = new Chart(learnedCanvas, margin);
  }

  update(state: LabState): void {
    const { system, surface } = state;
    const resized = [this.truth.fit(), this.learned.fit()].some(Boolean);
    const grid = JSON.stringify(surface?.grid ?? null);
    // The true map changes with the system and the grid only; the learned one with every new surface.
    const truthChanged = this.truthInputs.changed([system, grid]);
    if (!resized && !this.inputs.changed([system, surface, !!state.runs.hnn])) return;
    this.learned.canvas.dataset['draws'] = String(Number(this.learned.canvas.dataset['draws'] ?? 0) + 1);
    const orbit = system.plane === 'orbit';
    const [u, v] = orbit ? ['x', 'y'] : [system.coordinates[0]!, system.coordinates[system.dim / 2]!];
    const note = orbit ? ORBIT_NOTE : PHASE_NOTE;
    setText(this.note, note);
    const panels: [Chart, Float64Array | null, string][] = [[this.learned, surface?.learned ?? null, state.runs.hnn ? 'Computing…' : 'No HNN trained']];
    if (resized || truthChanged) panels.push([this.truth, surface?.truth ?? null, system.energy ? 'Computing…' : 'Not known for file data']);
    for (const [chart, values, missing] of panels) {
      chart.clear();
      const box = surface?.grid.box ?? system.box ?? { u: [-1, 1] as const, v: [-1, 1] as const };
      chart.domain(box.u, box.v);
      if (values && surface) drawMap(chart, values, surface.grid);
      chart.axes(u, v);
      if (!values) chart.note(missing);
    }
  }

  frame(): void {}
}

const PHASE_NOTE =
  'Contour lines of the true Hamiltonian and of the one the HNN learned, over the same part of the phase plane, coloured from low (dark violet) to high (yellow). The HNN\'s H is only defined up to an added constant, so each map has its own colour range; what should match is the shape of the contours — rollouts follow them. The baseline learns no energy, so it has no map.';
const ORBIT_NOTE =
  'The state has 8 numbers, so the maps show the energy of the state each point of the orbit plane starts: body 1 there, body 2 opposite, both on their circular orbit (blank near the centre, where no start is offered). True H on the left, the HNN\'s on the right, coloured from low (dark violet) to high (yellow), each with its own colour range as the HNN\'s H is only defined up to an added constant. Circular orbits closer in are more tightly bound: the true contours are circles, and so should the learned ones be.';

/** Colour map and contour lines of values on a grid. */
function drawMap(chart: Chart, values: Float64Array, grid: GridRequest): void {
  const { n, box } = grid;
  const levels = evenLevels(values, LEVELS);
  if (levels.length === 0) return;
  const lo = levels[0]! - (levels[1]! - levels[0]!);
  const hi = levels[levels.length - 1]! + (levels[1]! - levels[0]!);
  const image = new ImageData(n, n);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const value = values[j * n + i]!;
      const at = 4 * ((n - 1 - j) * n + i);
      const c = 3 * colourIndex((value - lo) / (hi - lo));
      image.data[at] = VIRIDIS_BYTES[c]!;
      image.data[at + 1] = VIRIDIS_BYTES[c + 1]!;
      image.data[at + 2] = VIRIDIS_BYTES[c + 2]!;
      image.data[at + 3] = Number.isFinite(value) ? 255 : 0;
    }
  }
  if (scratch.width !== n || scratch.height !== n) [scratch.width, scratch.height] = [n, n];
  scratchContext.putImageData(image, 0, 0);
  const { ctx } = chart;
  const du = (box.u[1] - box.u[0]) / (n - 1) / 2;
  const dv = (box.v[1] - box.v[0]) / (n - 1) / 2;
  chart.clip();
  ctx.imageSmoothingEnabled = true;
  ctx.globalAlpha = 0.85;
  ctx.drawImage(scratch, chart.px(box.u[0] - du), chart.py(box.v[1] + dv), chart.px(box.u[1] + du) - chart.px(box.u[0] - du), chart.py(box.v[0] - dv) - chart.py(box.v[1] + dv));
  ctx.globalAlpha = 1;
  const at = (i: number, j: number): [number, number] => [chart.px(box.u[0] + (i / (n - 1)) * (box.u[1] - box.u[0])), chart.py(box.v[0] + (j / (n - 1)) * (box.v[1] - box.v[0]))];
  ctx.strokeStyle = 'rgba(0, 0, 0, 0.55)';
  ctx.lineWidth = 1;
  ctx.setLineDash([]);
  ctx.beginPath();
  for (const level of levels) contourPath(ctx, values, n, level, at);
  ctx.stroke();
  chart.unclip();
}

/** Shades of the colour map, and their RGB bytes. */
const SHADES = 256;
const VIRIDIS_BYTES = Uint8Array.from({ length: 3 * SHADES }, (_, k) => viridis(Math.floor(k / 3) / (SHADES - 1))[k % 3]!);

/** The canvas a map's pixels are put on before they are scaled onto the chart. */
const scratch = document.createElement('canvas');
const scratchContext = scratch.getContext('2d')!;

/** The shade of s ∈ [0, 1] (clamped; not a number: the lowest). */
function colourIndex(s: number): number {
  return Number.isFinite(s) ? Math.round(Math.min(1, Math.max(0, s)) * (SHADES - 1)) : 0;
}

/** The viridis colour at s ∈ [0, 1] (clamped), as RGB bytes. */
function viridis(s: number): [number, number, number] {
  const x = Math.min(1, Math.max(0, s)) * (VIRIDIS.length - 1);
  const i = Math.min(VIRIDIS.length - 2, Math.floor(x));
  const w = x - i;
  const a = hex(VIRIDIS[i]!), b = hex(VIRIDIS[i + 1]!);
  return [0, 1, 2].map((c) => Math.round(a[c]! * (1 - w) + b[c]! * w)) as [number, number, number];
}

/** The bytes of a #rrggbb colour. */
function hex(color: string): number[] {
  return [1, 3, 5].map((k) => parseInt(color.slice(k, k + 2), 16));
}
