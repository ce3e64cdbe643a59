import type { Trajectory } from '../core/trajectory.js';
import type { CoordinateNames } from './coordinate-names.js';
import { planColumns, type ColumnPlan } from './csv-columns.js';
import { InputError } from '../core/errors.js';
import { isFiniteFloat32 } from '../core/limits.js';

/** How a text file of trajectories is laid out. */
export interface TrajectoryLayout {
  /** 'detect': the first line decides (',' if it has one, else ';', else a tab); 'whitespace': runs of blanks. */
  readonly separator: 'detect' | 'whitespace';
  /** From this character to the end of a line is a comment (whole-line comments included). */
  readonly comment: string;
  /** Column names of a file without a header line; null: the first line is the header. */
  readonly columns: readonly string[] | null;
  /** The optional column of trajectory ids. */
  readonly trajectoryColumn: string;
  /** The required column of time stamps. */
  readonly timeColumn: string;
}

/** CSV with a header line: `t`, coordinates, optional `trajectory` and `d<name>` columns; `#` comments. */
export const CSV_LAYOUT: TrajectoryLayout = { separator: 'detect', comment: '#', columns: null, trajectoryColumn: 'trajectory', timeColumn: 't' };

/** Schmidt & Lipson's real-pendulum files: blank-separated trial, t, angle, angular velocity; `%` header lines. */
export const REAL_PENDULUM_LAYOUT: TrajectoryLayout = { separator: 'whitespace', comment: '%', columns: ['trial', 't', 'q', 'p'], trajectoryColumn: 'trial', timeColumn: 't' };

/** How to read a trajectory file. */
export interface CsvTrajectoryOptions {
  /** The coordinate columns; default: q, p or q1..qn, p1..pn (as `--coords q:theta,p:omega`). */
  readonly coords?: CoordinateNames;
  /** Default CSV_LAYOUT. */
  readonly layout?: TrajectoryLayout;
}

/** The trajectories of a file, and which of its columns gave what. */
export interface CsvTrajectories {
  /** State dimension (2 × the number of q columns). */
  readonly dim: number;
  /** Names of the state columns, in state order (q's, then p's). */
  readonly coordinates: readonly string[];
  /** In file order; each trajectory's rows are contiguous in the file. */
  readonly trajectories: readonly Trajectory[];
  /** The column names used: time, trajectory id (or null), derivatives (or null), and those not read. */
  readonly columns: { readonly time: string; readonly trajectory: string | null; readonly derivatives: readonly string[] | null; readonly ignored: readonly string[] };
}

/** The fewest rows a trajectory may have: second-order derivative estimates need three. */
export const MIN_TRAJECTORY_ROWS = 3;

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A non-blank line with its comment removed, trimmed, and its 1-based number. */
interface Line {
  readonly number: number;
  readonly text: string;
}

/** A trajectory being read: its id, rows, and the lines they came from. */
interface Group {
  readonly id: string;
  readonly firstLine: number;
  lastLine: number;
  readonly t: number[];
  readonly x: number[];
  readonly dx: number[];
}

/** The non-blank lines of `text` without comments (a leading byte-order mark dropped). */
function contentLines(text: string, comment: string): Line[] {
  const lines: Line[] = [];
  text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/).forEach((raw, i) => {
    const cut = raw.indexOf(comment);
    const s = (cut >= 0 ? raw.slice(0, cut) : raw).trim();
    if (s !== '') lines.push({ number: i + 1, text: s });
  });
  return lines;
}

/** A function that splits a line into trimmed cells, chosen by the layout and the first line. */
function splitter(layout: TrajectoryLayout, first: string): (s: string) => string[] {
  if (layout.separator === 'whitespace') return (s) => s.split(/\s+/);
  const sep = first.includes(',') ? ',' : first.includes(';') ? ';' : first.includes('\t') ? '\t' : ',';
  return (s) => s.split(sep).map((c) => c.trim());
}

/**
 * Reads trajectories from the text of a file (`label` names it in messages): a header line (or the
 * layout's fixed columns), then rows of numbers. Rows of one trajectory must be contiguous, in
 * strictly increasing time, at least MIN_TRAJECTORY_ROWS of them; without an id column the whole
 * file is one trajectory. Times are finite numbers; states and derivatives finite as float32. Columns not needed are ignored (and listed). Throws InputError naming the
 * file, line and column of the first problem.
 */
export function readCsvTrajectories(text: string, label: string, options: CsvTrajectoryOptions = {}): CsvTrajectories {
  const layout = options.layout ?? CSV_LAYOUT;
  const lines = contentLines(text, layout.comment);
  if (lines.length === 0) throw new InputError(`${label}: no ${layout.columns ? 'data rows' : 'header line'}; expected ${layout.columns ? `rows of ${layout.columns.join(', ')}` : 'column names such as t,q,p'}`);
  const split = splitter(layout, lines[0]!.text);
  const header = layout.columns ? null : lines.shift()!;
  const names = layout.columns ?? split(header!.text).map((n) => n.replace(/^"(.*)"$/, '$1'));
  const where = header ? `${label}: line ${header.number}` : `${label}: the layout's columns (${names.join(', ')})`;
  const plan = planColumns(names, { time: layout.timeColumn, trajectory: layout.trajectoryColumn, coords: options.coords ?? null }, where);
  if (lines.length === 0) throw new InputError(`${where}: no data rows after the header; expected at least ${MIN_TRAJECTORY_ROWS}`);
  const groups = readGroups(lines, split, plan, layout.trajectoryColumn, label);
  const used = new Set([plan.time, plan.trajectory, ...plan.state, ...(plan.derivative ?? [])]);
  return {
    dim: plan.state.length,
    coordinates: plan.state.map((i) => names[i]!),
    trajectories: groups.map((g) => ({ id: g.id, t: Float64Array.from(g.t), x: Float64Array.from(g.x), dx: plan.derivative ? Float64Array.from(g.dx) : null })),
    columns: {
      time: names[plan.time]!,
      trajectory: plan.trajectory >= 0 ? names[plan.trajectory]! : null,
      derivatives: plan.derivative ? plan.derivative.map((i) => names[i]!) : null,
      ignored: names.filter((_, i) => !used.has(i)),
    },
  };
}

/** The data rows grouped into trajectories (`idName` is the id column's name, for messages), every cell checked. */
function readGroups(lines: readonly Line[], split: (s: string) => string[], plan: ColumnPlan, idName: string, label: string): Group[] {
  const { names } = plan;
  const at = (line: number, col: number): string => `${label}: line ${line}, column ${col + 1} (${names[col]})`;
  const cellNumber = (cells: readonly string[], line: number, col: number, float32 = true): number => {
    const cell = cells[col]!;
    if (DECIMAL.test(cell)) {
      const v = Number(cell);
      if (!Number.isFinite(v)) throw new InputError(`${at(line, col)}: ${cell} is too large; expected a finite number`);
      if (float32 && !isFiniteFloat32(v)) throw new InputError(`${at(line, col)}: ${cell} is too large for float32, which the models compute in; expected |x| ≤ 3.4028235e38`);
      return v;
    }
    if (cell === '') throw new InputError(`${at(line, col)}: empty cell; expected a number`);
    const hint = /^[+-]?\d*,\d+$/.test(cell) ? 'a decimal point, not a comma' : /^[+-]?(nan|inf(inity)?)$/i.test(cell) ? 'a finite number' : 'a decimal number such as -1.5e-3';
    throw new InputError(`${at(line, col)}: "${cell}" is not a number; expected ${hint}`);
  };
  const groups: Group[] = [];
  const seen = new Map<string, Group>();
  for (const { number: line, text } of lines) {
    const cells = split(text);
    if (cells.length !== names.length) {
      const col = Math.min(cells.length, names.length);
      const problem = cells.length < names.length ? `missing cell (${names[col]})` : `extra cell "${cells[col]}"`;
      throw new InputError(`${label}: line ${line}, column ${col + 1}: ${problem}; expected ${names.length} cells (${names.join(', ')}), got ${cells.length}`);
    }
    const id = plan.trajectory >= 0 ? cells[plan.trajectory]! : '';
    if (plan.trajectory >= 0 && id === '') throw new InputError(`${at(line, plan.trajectory)}: empty cell; expected a trajectory id`);
    let group = groups[groups.length - 1];
    if (!group || group.id !== id) {
      const earlier = seen.get(id);
      if (earlier) {
        throw new InputError(`${at(line, plan.trajectory)}: trajectory "${id}" resumes after other rows (its rows end at line ${earlier.lastLine}); expected the rows of each trajectory together`);
      }
      group = { id, firstLine: line, lastLine: line, t: [], x: [], dx: [] };
      groups.push(group);
      seen.set(id, group);
    }
    const t = cellNumber(cells, line, plan.time, false);
    const prev = group.t[group.t.length - 1];
    if (prev !== undefined && !(t > prev)) {
      const whose = plan.trajectory >= 0 ? `trajectory "${id}"` : `the file's one trajectory (add a ${idName} column if it holds several)`;
      throw new InputError(`${at(line, plan.time)}: time ${t} does not increase within ${whose}; line ${group.lastLine} has ${prev}`);
    }
    group.t.push(t);
    group.lastLine = line;
    for (const col of plan.state) group.x.push(cellNumber(cells, line, col));
    for (const col of plan.derivative ?? []) group.dx.push(cellNumber(cells, line, col));
  }
  for (const g of groups) {
    if (g.t.length < MIN_TRAJECTORY_ROWS) {
      const who = plan.trajectory >= 0 ? `${at(g.firstLine, plan.trajectory)}: trajectory "${g.id}"` : `${label}: line ${g.firstLine}: the file`;
      throw new InputError(`${who} has ${g.t.length} row${g.t.length === 1 ? '' : 's'} (lines ${g.firstLine}–${g.lastLine}); expected at least ${MIN_TRAJECTORY_ROWS}`);
    }
  }
  return groups;
}
