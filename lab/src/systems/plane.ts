// The clickable plane: which point of it a state is drawn at, and which state a point starts.
import { circularOrbit } from './builtin.js';
import type { Box, LabSystem } from './system.js';

/** Smallest distance from the centre at which a two-body start may put body 1 (closer, the orbit is too fast to draw). */
export const MIN_ORBIT_RADIUS = 0.2;

/**
 * The points a state is drawn at: [(q₁, p₁)] in the phase plane (the other coordinates are a slice
 * through the start), the bodies' positions [(x₁, y₁), (x₂, y₂)] in the orbit plane.
 */
export function planePoints(system: LabSystem, x: ArrayLike<number>): [number, number][] {
  const n = system.dim / 2;
  if (system.plane === 'orbit') return [[x[0]!, x[2]!], [x[1]!, x[3]!]];
  return [[x[0]!, x[n]!]];
}

/**
 * The state a point of the plane starts: (q₁, p₁) = (u, v) with the other coordinates taken from
 * `base` in the phase plane; body 1 at (u, v) on its circular orbit in the orbit plane. Null when
 * the point cannot start a path (a body at the centre).
 */
export function stateAt(system: LabSystem, u: number, v: number, base: readonly number[]): number[] | null {
  if (system.plane === 'orbit') return Math.hypot(u, v) < MIN_ORBIT_RADIUS ? null : circularOrbit(u, v);
  const n = system.dim / 2;
  const x = base.length === system.dim ? [...base] : new Array<number>(system.dim).fill(0);
  x[0] = u;
  x[n] = v;
  return x;
}

/**
 * States of an n × n grid over the box of the plane, u varying fastest: in the phase plane
 * (q₁, p₁) = (u, v) with the other coordinates from `base`; in the orbit plane the state each point
 * starts (NaN where none).
 */
export function gridStates(system: LabSystem, box: Box, n: number, base: readonly number[]): Float64Array {
  const d = system.dim;
  const out = new Float64Array(n * n * d);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i < n; i++) {
      const u = box.u[0] + ((box.u[1] - box.u[0]) * i) / (n - 1);
      const v = box.v[0] + ((box.v[1] - box.v[0]) * j) / (n - 1);
      const x = stateAt(system, u, v, base);
      out.fill(NaN, (j * n + i) * d, (j * n + i + 1) * d);
      if (x) out.set(x, (j * n + i) * d);
    }
  }
  return out;
}
