// What the views draw on a grid of the plane — the true and learned vector fields, the true energy and
// the HNN's H — from a set of models: the explorer's, or the trainer's copies of its own models while
// training (the trainer then computes them between steps).
import { hasHamiltonian, HNN } from 'hnn';
import { gridStates } from '../systems/plane.js';
import type { LabSystem } from '../systems/system.js';
import type { FieldResult, GridRequest, SurfaceResult } from './protocol.js';
import type { ModelSet } from './rollouts.js';

/** The (u, v) components of a batched field on the phase plane's grid. */
function planeComponents(s: LabSystem, dx: Float64Array): Float64Array {
  const d = s.dim;
  const out = new Float64Array((dx.length / d) * 2);
  for (let r = 0; r < dx.length / d; r++) {
    out[2 * r] = dx[r * d]!;
    out[2 * r + 1] = dx[r * d + d / 2]!;
  }
  return out;
}

/** The true and learned vector fields on a grid, and the HNN's H there (from the same pass) when `withH`. */
function field(s: LabSystem, models: ModelSet, grid: GridRequest, withH: boolean): { result: FieldResult; learnedH: Float64Array | null } {
  const x = gridStates(s, grid.box, grid.n, grid.base);
  const fields: FieldResult['fields'] = {};
  if (s.truth) {
    const d = s.dim;
    const dx = new Float64Array(x.length);
    for (let r = 0; r < x.length / d; r++) s.truth(0, x.subarray(r * d, (r + 1) * d), dx.subarray(r * d, (r + 1) * d));
    fields.truth = planeComponents(s, dx);
  }
  if (models.baseline) fields.baseline = planeComponents(s, models.baseline.timeDerivative(x));
  let learnedH: Float64Array | null = null;
  const hnn = models.hnn;
  if (hnn instanceof HNN && withH) {
    const both = hnn.fieldAndHamiltonian(x);
    fields.hnn = planeComponents(s, both.field);
    learnedH = both.hamiltonian;
  } else if (hnn) fields.hnn = planeComponents(s, hnn.timeDerivative(x));
  return { result: { grid, fields }, learnedH };
}

/** The true energy and the HNN's H on a grid of the plane (`learned`: H already computed there). */
function surface(s: LabSystem, models: ModelSet, grid: GridRequest, learned: Float64Array | null): SurfaceResult {
  const x = gridStates(s, grid.box, grid.n, grid.base);
  const d = s.dim;
  const energy = s.energy;
  const truth = energy ? Float64Array.from({ length: x.length / d }, (_, r) => energy(x.subarray(r * d, (r + 1) * d))) : null;
  const hnn = models.hnn && hasHamiltonian(models.hnn) ? models.hnn : null;
  return { grid, truth, learned: learned ?? (hnn ? hnn.hamiltonian(x) : null) };
}

/** Whether two grids are the same points. */
function sameGrid(a: GridRequest, b: GridRequest): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** The fields on `fieldGrid` (phase planes only) and the energies on `surfaceGrid`, each when asked for; maps on the field's grid take the HNN's H from the field's pass. */
export function gridViews(s: LabSystem, models: ModelSet, fieldGrid: GridRequest | null, surfaceGrid: GridRequest | null): { field: FieldResult | null; surface: SurfaceResult | null } {
  const shared = !!fieldGrid && !!surfaceGrid && sameGrid(fieldGrid, surfaceGrid);
  const f = fieldGrid && s.plane === 'phase' ? field(s, models, fieldGrid, shared) : null;
  const h = surfaceGrid ? surface(s, models, surfaceGrid, f?.learnedH ?? null) : null;
  return { field: f?.result ?? null, surface: h };
}
