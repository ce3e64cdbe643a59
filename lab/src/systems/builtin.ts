// The paper's tasks the lab offers, and the two-body starts a click in the orbit plane makes.
import { systemFromSource } from './sources.js';
import type { BuiltinName, LabSystem } from './system.js';

/** The names of the built-in systems, in menu order. */
export const BUILTIN_NAMES: readonly BuiltinName[] = ['spring', 'pendulum', 'two-body'];

/** The built-in systems by name. */
export const BUILTIN_SYSTEMS = Object.fromEntries(BUILTIN_NAMES.map((name) => [name, systemFromSource({ kind: 'task', name })])) as Readonly<Record<BuiltinName, LabSystem>>;

/**
 * The two-body state with body 1 at (x, y), body 2 opposite, both unit masses on the circular orbit
 * the data generator perturbs (velocity (−y, x)/(2 r^1.5)), in canonical coordinates [qx, qy, px, py].
 */
export function circularOrbit(x: number, y: number): number[] {
  const r = Math.hypot(x, y);
  const den = 2 * Math.pow(r, 1.5);
  const vx = -y / den;
  const vy = x / den;
  return [x, -x, y, -y, vx, -vx, vy, -vy];
}
