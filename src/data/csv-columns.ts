import { checkCoordinateNames, type CoordinateNames } from './coordinate-names.js';
import { InputError } from '../core/errors.js';

/** Where each quantity of a trajectory file is: 0-based cell indices into a row. */
export interface ColumnPlan {
  /** All column names, in file order. */
  readonly names: readonly string[];
  readonly time: number;
  /** The trajectory id column, or -1 when the file has none (then it holds one trajectory). */
  readonly trajectory: number;
  /** The state columns, q's then p's. */
  readonly state: readonly number[];
  /** The derivative columns d<name> of the state columns, or null when the file has none. */
  readonly derivative: readonly number[] | null;
}

/** The columns a plan reads, named by a layout and the caller. */
export interface ColumnRoles {
  readonly time: string;
  readonly trajectory: string;
  /** The coordinate columns; null: find q, p or q1..qn, p1..pn in the header. */
  readonly coords: CoordinateNames | null;
}

/** Header names as messages quote them. */
const list = (names: readonly string[]): string => names.join(', ');

/** "1 q column", "2 q columns". */
const count = (n: number, role: string): string => `${n} ${role} column${n === 1 ? '' : 's'}`;

/** The standard coordinate columns of a header: q, p or q1..qn, p1..pn; `where` opens messages. */
function standardCoordinates(names: readonly string[], where: string): CoordinateNames {
  const numbered = (role: string): string[] => names.filter((n) => new RegExp(`^${role}\\d+$`).test(n));
  const [q, p] = [numbered('q'), numbered('p')];
  const plain = names.includes('q') || names.includes('p');
  if (plain && q.length + p.length > 0) throw new InputError(`${where}: both q/p and numbered columns (${list([...q, ...p])}); expected one of the two, or name the coordinates with coords`);
  if (plain) return { q: ['q'], p: ['p'] };
  if (q.length + p.length === 0) {
    throw new InputError(`${where}: no coordinate columns among ${list(names)}; expected q and p, or q1..qn and p1..pn, or coords naming yours (e.g. --coords q:theta,p:omega)`);
  }
  if (q.length !== p.length) throw new InputError(`${where}: ${count(q.length, 'q')} (${list(q)}) but ${count(p.length, 'p')} (${list(p)}); expected as many p's as q's`);
  for (const [role, cols] of [['q', q], ['p', p]] as const) {
    const expected = cols.map((_, i) => `${role}${i + 1}`);
    if (expected.some((n) => !cols.includes(n))) throw new InputError(`${where}: ${role} columns ${list(cols)}; expected them numbered ${list(expected)}`);
  }
  const ordered = (role: string): string[] => q.map((_, i) => `${role}${i + 1}`);
  return { q: ordered('q'), p: ordered('p') };
}

/**
 * Resolves the columns of a trajectory file from its column names. `where` names the header for
 * messages (e.g. "data.csv: line 1"). Throws InputError for empty or duplicate names, a missing time or
 * coordinate column, unequal q/p counts, or derivative columns given for only some coordinates.
 */
export function planColumns(names: readonly string[], roles: ColumnRoles, where: string): ColumnPlan {
  names.forEach((name, i) => {
    if (name === '') throw new InputError(`${where}, column ${i + 1}: empty column name; expected a name such as t, q or p`);
    const first = names.indexOf(name);
    if (first !== i) throw new InputError(`${where}, column ${i + 1}: duplicate column "${name}" (also column ${first + 1}); expected distinct names`);
  });
  const time = names.indexOf(roles.time);
  if (time < 0) throw new InputError(`${where}: no column "${roles.time}" among ${list(names)}; expected a time column named ${roles.time}`);
  if (roles.coords) checkCoordinateNames(roles.coords, 'coords');
  const coords = roles.coords ?? standardCoordinates(names, where);
  const stateNames = [...coords.q, ...coords.p];
  const state = stateNames.map((name) => {
    const i = names.indexOf(name);
    if (i < 0) throw new InputError(`${where}: no column "${name}" (a coordinate named by coords) among ${list(names)}; expected every named coordinate in the header`);
    if (name === roles.time || name === roles.trajectory) throw new InputError(`${where}: coords name the ${name === roles.time ? 'time' : 'trajectory'} column "${name}" as a coordinate; expected other columns`);
    return i;
  });
  const derivative = stateNames.map((name) => names.indexOf(`d${name}`));
  const present = derivative.filter((i) => i >= 0);
  if (present.length > 0 && present.length < derivative.length) {
    const missing = stateNames.filter((_, k) => derivative[k]! < 0).map((n) => `d${n}`);
    throw new InputError(`${where}: derivative columns ${list(missing)} missing while ${list(present.map((i) => names[i]!))} present; expected d<name> for every coordinate or for none`);
  }
  return { names, time, trajectory: names.indexOf(roles.trajectory), state, derivative: present.length ? derivative : null };
}
