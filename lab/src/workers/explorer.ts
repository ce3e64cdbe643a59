// The explorer (a role of the lab's worker, worker.ts): keeps copies of the latest weights and computes what the views draw — the
// true and learned vector fields, the true energy and the learned H on a grid, and rollouts — off
// the page's thread, on single-threaded kernels of its own.
import { createKernels } from 'hnn';
import type { Kernels } from 'hnn';
import { systemFromSource } from '../systems/sources.js';
import type { LabSystem } from '../systems/system.js';
import { gridViews } from './grid-views.js';
import { ModelCopies } from './model-copies.js';
import type { ExplorerReply, ExplorerRequest } from './protocol.js';
import { rollouts } from './rollouts.js';

let kernels: Kernels<Float32Array> | null = null;
let system: LabSystem | null = null;
const copies = new ModelCopies(() => (kernels ??= createKernels('auto', { threads: 1 })));
const models = copies.models;

const post = (reply: ExplorerReply, transfer: Transferable[] = []): void => postMessage(reply, { transfer });

/** Handles one request (kernels compile synchronously on first use: a worker may, and needs only one of the two builds). */
function handle(request: ExplorerRequest): void {
  if (request.type === 'system') {
    system = systemFromSource(request.source);
    for (const kind of ['hnn', 'baseline'] as const) copies.load(kind, null);
    return;
  }
  if (!system) throw new Error('frame before system');
  copies.loadAll(request.models);
  const { field, surface } = gridViews(system, models, request.field, request.surface);
  const r = request.rollout ? rollouts(system, models, request.rollout) : null;
  post({ type: 'frame', id: request.id, field, surface, rollout: r });
}

/** Handles the page's requests, in order. */
export function explorerOnMessage(event: MessageEvent<ExplorerRequest>): void {
  try {
    handle(event.data);
  } catch (e) {
    post({ type: 'error', message: e instanceof Error ? e.message : String(e) });
  }
}
