import { InputError } from '../core/errors.js';

/** Which columns hold the canonical coordinates: q[i] and p[i] name the i-th pair, in state order [q…, p…]. */
export interface CoordinateNames {
  readonly q: readonly string[];
  readonly p: readonly string[];
}

const ENTRY = /^(q|p):(.+)$/;

/** Throws InputError unless the names are non-empty, distinct, and as many p's as q's; `what` opens the message. */
export function checkCoordinateNames(names: CoordinateNames, what: string): void {
  const all = [...names.q, ...names.p];
  if (names.q.length === 0) throw new InputError(`${what}: no q names; expected at least one q and one p`);
  if (names.q.length !== names.p.length) {
    const count = (n: number, role: string): string => `${n} ${role} name${n === 1 ? '' : 's'}`;
    throw new InputError(`${what}: ${count(names.q.length, 'q')} (${names.q.join(', ')}) but ${count(names.p.length, 'p')} (${names.p.join(', ')}); expected as many p's as q's`);
  }
  all.forEach((name, i) => {
    if (name === '') throw new InputError(`${what}: an empty name; expected column names`);
    if (all.indexOf(name) !== i) throw new InputError(`${what}: "${name}" is named twice; expected distinct columns`);
  });
}

/**
 * Reads the command-line form of CoordinateNames: comma-separated `q:NAME` and `p:NAME` entries, e.g.
 * `q:theta,p:omega`, or `q:x1,q:x2,p:v1,p:v2` for two pairs (repeated roles keep their order).
 */
export function parseCoordinateNames(text: string): CoordinateNames {
  const q: string[] = [];
  const p: string[] = [];
  let pos = 1;
  for (const raw of text.split(',')) {
    const m = ENTRY.exec(raw.trim());
    if (!m) throw new InputError(`coords "${text}": entry "${raw.trim()}" at ${pos + raw.length - raw.trimStart().length} is not q:NAME or p:NAME; expected e.g. q:theta,p:omega`);
    (m[1] === 'q' ? q : p).push(m[2]!.trim());
    pos += raw.length + 1;
  }
  const names = { q, p };
  checkCoordinateNames(names, `coords "${text}"`);
  return names;
}
