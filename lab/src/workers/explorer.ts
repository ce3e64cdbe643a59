// The explorer (a role of the lab's worker, worker.ts): keeps copies of the latest weights and computes what the views draw — the
// true and learned vector fields, the true energy and the learned H on a grid, and rollouts — off
// the page's thread, on single-threaded kernels of its own.
import type { LabKind } from './protocol.js';
import { createKernels, createModel, hasHamiltonian, HNN } from 'hnn';
import type { Kernels } from 'hnn';
import { gridStates } from '../systems/plane.js';
import { systemFromSource } from '../systems/sources.js';
import type { LabSystem } from '../systems/system.js';
import type { ExplorerReply, ExplorerRequest, FieldResult, GridRequest, ModelWeights, SurfaceResult } from './protocol.js';
import { rollouts, type ModelSet } from './rollouts.js';

let kernels: Kernels<Float32Array> | null = null;
let system: LabSystem | null = null;
const models: ModelSet = {};
/** The spec each model was built for (a new spec builds a new model). */
const builtFor: Partial<Record<LabKind, string>> = {};

const post = (reply: ExplorerReply, transfer: Transferable[] = []): void => postMessage(reply, { transfer });

/** Loads weights into the model of `kind`, building it when its spec changed; null removes it. */
function load(kind: LabKind, weights: ModelWeights | null): void {
  if (!weights) {
    delete models[kind];
    delete builtFor[kind];
    return;
  }
  const key = JSON.stringify(weights.spec);
  if (builtFor[kind] !== key) {
    models[kind] = createModel((kernels ??= createKernels('auto', { threads: 1 })), weights.spec);
    builtFor[kind] = key;
  }
  models[kind]!.params().forEach((p, i) => p.value.set(weights.values[i]!));
}

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
function field(s: LabSystem, grid: GridRequest, withH: boolean): { result: FieldResult; learnedH: Float64Array | null } {
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
  if (hnn && withH && hnn instanceof HNN) {
    const both = hnn.fieldAndHamiltonian(x);
    fields.hnn = planeComponents(s, both.field);
    learnedH = both.hamiltonian;
  } else if (hnn) fields.hnn = planeComponents(s, hnn.timeDerivative(x));
  return { result: { grid, fields }, learnedH };
}

/** The true energy and the HNN's H on a grid of the plane (`learned`: H already computed there). */
function surface(s: LabSystem, grid: GridRequest, learned: Float64Array | null): SurfaceResult {
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

/** Handles one request (kernels compile synchronously on first use: a worker may, and needs only one of the two builds). */
function handle(request: ExplorerRequest): void {
  if (request.type === 'system') {
    system = systemFromSource(request.source);
    for (const kind of ['hnn', 'baseline'] as const) load(kind, null);
    return;
  }
  if (!system) throw new Error('frame before system');
  for (const [kind, weights] of Object.entries(request.models) as [LabKind, ModelWeights | null][]) load(kind, weights);
  // Maps on the field's grid take the HNN's H from the field's pass.
  const shared = !!request.field && !!request.surface && sameGrid(request.field, request.surface);
  const f = request.field && system.plane === 'phase' ? field(system, request.field, shared) : null;
  const h = request.surface ? surface(system, request.surface, f?.learnedH ?? null) : null;
  const r = request.rollout ? rollouts(system, models, request.rollout) : null;
  post({ type: 'frame', id: request.id, field: f?.result ?? null, surface: h, rollout: r });
}

/** Handles the page's requests, in order. */
export function explorerOnMessage(event: MessageEvent<ExplorerRequest>): void {
  try {
    handle(event.data);
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}
