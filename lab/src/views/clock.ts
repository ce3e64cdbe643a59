// The animation of the rollouts: time runs over [0, tEnd] (and back to 0 when time reversal is on),
// looping, at a fixed speed; paths are sampled between their output points.
import type { Path, RolloutResult } from '../workers/protocol.js';

/** Time units of the rollouts played per second of wall time. */
const SPEED = 4;
/** Pause at each end of the loop (seconds of wall time). */
const HOLD = 0.6;

/** Where the animation stands: the rollouts' time, whether it runs backwards, and the output index (fractional). */
export interface RolloutClock {
  readonly t: number;
  readonly backward: boolean;
  /** Fractional index into the forward output times. */
  readonly k: number;
}

/** The animation's position at wall time `ms` for a rollout result. */
export function rolloutClock(result: RolloutResult, ms: number): RolloutClock {
  const { tEnd, points, reverse } = result.request;
  const run = tEnd / SPEED;
  const legs = reverse ? 2 : 1;
  const cycle = legs * (run + HOLD);
  let s = (ms / 1000) % cycle;
  let backward = false;
  if (reverse && s >= run + HOLD) {
    s -= run + HOLD;
    backward = true;
  }
  const forwardT = Math.min(run, s) * SPEED;
  const t = backward ? tEnd - forwardT : forwardT;
  return { t, backward, k: (t / tEnd) * (points - 1) };
}

/** A path's state at the clock (the way back when it runs backwards), or null past the end of a path that stopped early. */
export function stateOnPath(path: Path, clock: RolloutClock, d: number): Float64Array | null {
  const rows = path.y.length / d;
  const source = clock.backward && path.back ? path.back : path.y;
  // The way back holds the forward output times in reverse order.
  const k = clock.backward && path.back ? rows - 1 - clock.k : clock.k;
  if (k > rows - 1 + 1e-9 || rows === 0) return null;
  const i = Math.min(rows - 1, Math.floor(k));
  const j = Math.min(rows - 1, i + 1);
  const w = k - i;
  const out = new Float64Array(d);
  for (let c = 0; c < d; c++) out[c] = source[i * d + c]! * (1 - w) + source[j * d + c]! * w;
  return out;
}
