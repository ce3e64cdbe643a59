// The page's side of the explorer worker: asks for fields, energy surfaces and rollouts of the
// latest weights, one request at a time (a request made while one runs waits and merges), so the
// explorer never falls behind the trainer. While training, fields and maps are asked of the trainer,
// which computes them between its steps: on a machine whose cores training fills, a third busy
// thread preempts a training thread, and the other waits for it at the next join (docs/lab.md).
import type { LabKind } from './workers/protocol.js';
import type { LabState } from './state.js';
import { planeBox } from './state.js';
import type { SystemSource } from './systems/system.js';
import type { ExplorerReply, ExplorerRequest, FieldResult, GridRequest, ModelWeights, RolloutRequest, SurfaceResult } from './workers/protocol.js';

/** Arrows per side of the vector-field grid, and points per side of the energy surface. */
const FIELD_GRID = 15;
const SURFACE_GRID = 32;
/** DOPRI5 tolerance of the rollouts. */
const ROLLOUT_RTOL = 1e-6;
/** While training, rollouts are recomputed at most this often (ms), and take at most a tenth of the explorer's time. */
const LIVE_ROLLOUT_MS = 1500;
/**
 * While training, the explorer works at most this share of the time (over the last DUTY_WINDOW_MS):
 * on a machine with few cores it competes with the training threads and the page for them.
 */
const LIVE_DUTY = 0.3;
const DUTY_WINDOW_MS = 2000;
/** How soon to look again when the explorer has worked its share (ms). */
const DUTY_RETRY_MS = 40;
/** While training, fields and maps are recomputed this often (ms): about as often as the page draws while training fills every core (main.ts), a little more than the ten times a second the views promise. */
const LIVE_VIEW_MS = 80;

/** What a frame should recompute. */
export interface FrameParts {
  field?: boolean;
  surface?: boolean;
  rollout?: boolean;
}

/** Output points of a rollout of duration tEnd: 20 per time unit, 100 to 2000. */
export function rolloutPoints(tEnd: number): number {
  return Math.min(2000, Math.max(100, Math.round(20 * tEnd)));
}

/** Sends frame requests to the explorer and hands its replies to `onReply`. */
export class ExplorerClient {
  private busy = false;
  private readonly wanted: Required<FrameParts> = { field: false, surface: false, rollout: false };
  private sent: Partial<Record<LabKind, ModelWeights>> = {};
  private nextId = 0;
  private sentAt = 0;
  private rolloutSince = 0;
  private nextLiveRollout = 0;
  /** The explorer's recent work: [start, end] times (ms). */
  private work: [number, number][] = [];
  private training = false;
  /** A request the user asked for waits for no rest. */
  private urgent = false;
  private restTimer: ReturnType<typeof setTimeout> | null = null;

  /** A client of `worker` reading the page's state through `state`; `askTrainer` sends the trainer a 'views' request. */
  constructor(
    private readonly worker: Worker,
    private readonly state: () => LabState,
    private readonly onReply: (reply: ExplorerReply) => void,
    private readonly askTrainer: (field: GridRequest | null, surface: GridRequest | null) => void,
  ) {
    worker.onmessage = (event: MessageEvent<ExplorerReply>) => {
      this.busy = false;
      this.work.push([this.sentAt, performance.now()]);
      if (event.data.type === 'frame' && event.data.rollout) {
        const took = performance.now() - this.rolloutSince;
        this.nextLiveRollout = performance.now() + Math.max(LIVE_ROLLOUT_MS, 10 * took);
      }
      onReply(event.data);
      this.pump();
    };
    worker.onerror = (event) => {
      this.busy = false;
      onReply({ type: 'error', message: event.message });
    };
  }

  /** The trainer's answer to a 'views' request. */
  trainerReplied(field: FieldResult | null, surface: SurfaceResult | null): void {
    this.busy = false;
    this.onReply({ type: 'frame', id: this.nextId, field, surface, rollout: null });
    this.pump();
  }

  /** Tells the explorer the system changed (it forgets its models). */
  setSystem(source: SystemSource): void {
    this.post({ type: 'system', source });
    this.sent = {};
  }

  /** Asks for the parts (merged with any already asked for); the user's requests go first, the training's rest in between. */
  want(parts: FrameParts, byUser = true): void {
    this.urgent ||= byUser;
    this.wanted.field ||= !!parts.field;
    this.wanted.surface ||= !!parts.surface;
    this.wanted.rollout ||= !!parts.rollout;
    this.pump();
  }

  /** New weights: fields and surfaces when due (while training) or now (otherwise), rollouts likewise. */
  weightsChanged(training: boolean): void {
    this.training = training;
    this.want({ field: true, surface: true, rollout: !training || performance.now() >= this.nextLiveRollout }, !training);
  }

  /** Sends the wanted frame when the explorer is free (and, while training, has rested). */
  private pump(): void {
    const { wanted } = this;
    if (this.busy || !(wanted.field || wanted.surface || wanted.rollout)) return;
    const rest = this.training && !this.urgent ? Math.max(this.sentAt + LIVE_VIEW_MS - performance.now(), this.busyShare() >= LIVE_DUTY ? DUTY_RETRY_MS : 0) : 0;
    if (rest > 0) {
      this.restTimer ??= setTimeout(() => {
        this.restTimer = null;
        this.pump();
      }, rest);
      return;
    }
    const state = this.state();
    const box = planeBox(state);
    const grid = (n: number) => ({ box, n, base: state.start });
    if (this.training && !this.urgent && !wanted.rollout) {
      // The maps on the field's grid: the trainer takes the HNN's H from the field's pass.
      this.askTrainer(wanted.field ? grid(FIELD_GRID) : null, wanted.surface ? grid(FIELD_GRID) : null);
      this.sentAt = performance.now();
      wanted.field = wanted.surface = false;
      this.busy = true;
      return;
    }
    const request: ExplorerRequest = {
      type: 'frame',
      id: ++this.nextId,
      models: this.weightUpdates(state),
      field: wanted.field ? grid(FIELD_GRID) : null,
      surface: wanted.surface ? grid(SURFACE_GRID) : null,
      rollout: wanted.rollout ? rolloutRequest(state) : null,
    };
    this.sentAt = performance.now();
    if (request.rollout) this.rolloutSince = this.sentAt;
    wanted.field = wanted.surface = wanted.rollout = false;
    this.urgent = false;
    this.busy = true;
    // The page does not read the weights it passes on: they move instead of being copied.
    const moved = Object.values(request.models).flatMap((w) => (w ? w.values.map((v) => v.buffer as ArrayBuffer) : []));
    this.post(request, moved);
  }

  /** The share of the last DUTY_WINDOW_MS the explorer spent working. */
  private busyShare(): number {
    const since = performance.now() - DUTY_WINDOW_MS;
    this.work = this.work.filter(([, end]) => end > since);
    return this.work.reduce((sum, [start, end]) => sum + end - Math.max(start, since), 0) / DUTY_WINDOW_MS;
  }

  /** The weights the explorer has not seen yet (null for a model that is gone). */
  private weightUpdates(state: LabState): Partial<Record<LabKind, ModelWeights | null>> {
    const updates: Partial<Record<LabKind, ModelWeights | null>> = {};
    for (const kind of ['hnn', 'baseline'] as const) {
      const weights = state.runs[kind]?.snapshot.weights;
      if (weights && weights !== this.sent[kind]) {
        updates[kind] = weights;
        this.sent[kind] = weights;
      } else if (!weights && this.sent[kind]) {
        updates[kind] = null;
        delete this.sent[kind];
      }
    }
    return updates;
  }

  private post(request: ExplorerRequest, transfer: Transferable[] = []): void {
    this.worker.postMessage(request, transfer);
  }
}

/** The rollout the settings and the start ask for. */
function rolloutRequest(state: LabState): RolloutRequest {
  const r = state.settings.rollout;
  return { x0: state.start, tEnd: r.tEnd, points: rolloutPoints(r.tEnd), integrator: r.integrator, dt: r.dt, rtol: ROLLOUT_RTOL, reverse: r.reverse, addEnergy: r.addEnergy };
}
