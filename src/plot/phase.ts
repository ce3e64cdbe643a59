import { InputError } from '../core/errors.js';

/** A rectangle of the (q, p) plane. */
export interface Box {
  readonly q: readonly [number, number];
  readonly p: readonly [number, number];
}

/** A batched vector field on the (q, p) plane: rows × 2 states in, rows × 2 derivatives out. */
export type PlaneField = (states: Float64Array) => Float64Array;

/** A vector field sampled on an n × n grid of a box: states and derivatives, both n² × 2. */
export interface FieldSample {
  readonly box: Box;
  readonly n: number;
  readonly states: Float64Array;
  readonly vectors: Float64Array;
}

/** The smallest box holding every (q, p) row of the given state arrays, widened by `margin` of its size on each side. */
export function boxAround(stateSets: readonly Float64Array[], margin = 0.08): Box {
  const lo = [Infinity, Infinity];
  const hi = [-Infinity, -Infinity];
  for (const states of stateSets) {
    for (let i = 0; i + 1 < states.length; i += 2) {
      for (const c of [0, 1]) {
        const v = states[i + c]!;
        if (!Number.isFinite(v)) continue;
        lo[c] = Math.min(lo[c]!, v);
        hi[c] = Math.max(hi[c]!, v);
      }
    }
  }
  if (!(lo[0]! <= hi[0]! && lo[1]! <= hi[1]!)) throw new InputError('cannot frame the phase plane: no finite (q, p) states given');
  const pad = (c: number): [number, number] => {
    const w = Math.max(hi[c]! - lo[c]!, 1e-3);
    return [lo[c]! - margin * w, hi[c]! + margin * w];
  };
  return { q: pad(0), p: pad(1) };
}

/** The n × n grid nodes of a box (both ends included), row-major with q varying fastest, as rows × 2 states. */
export function gridStates(box: Box, n: number): Float64Array {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`a grid needs n ≥ 2 nodes per side, got ${n}`);
  const states = new Float64Array(n * n * 2);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      states[2 * (j * n + i)] = box.q[0] + ((box.q[1] - box.q[0]) * i) / (n - 1);
      states[2 * (j * n + i) + 1] = box.p[0] + ((box.p[1] - box.p[0]) * j) / (n - 1);
    }
  }
  return states;
}

/** Evaluates a vector field on the n × n grid of a box. */
export function sampleField(field: PlaneField, box: Box, n = 15): FieldSample {
  const states = gridStates(box, n);
  return { box, n, states, vectors: field(states) };
}
