import { FileFormatError } from './errors.js';
import { FLOAT32_EXPECTED, isFiniteFloat32 } from './limits.js';

/** A field path: dotted ("spec.mlp.hiddenDim") or a list of keys. */
export type Path = string | readonly string[];

/** A path as shown in messages. */
function show(path: Path): string {
  return typeof path === 'string' ? path : path.join('.');
}

/** How the numbers of a field are checked. */
export interface NumberRule {
  /** Whole numbers only. */
  readonly integer?: boolean;
  /** Smallest value allowed. */
  readonly min?: number;
  /** Largest value allowed. */
  readonly max?: number;
  /** The value feeds float32 arithmetic: it must stay finite as a float32. */
  readonly float32?: boolean;
}

/** What a number rule accepts, as messages say it ("an integer from 1 to 1000", "a finite number ≥ 0"). */
export function expectedNumber(rule: NumberRule): string {
  const kind = rule.integer ? 'an integer' : 'a finite number';
  let range = '';
  if (rule.min !== undefined && rule.max !== undefined) range = ` from ${rule.min} to ${rule.max}`;
  else if (rule.min !== undefined) range = ` ≥ ${rule.min}`;
  else if (rule.max !== undefined) range = ` ≤ ${rule.max}`;
  if (!rule.float32 || rule.integer) return kind + range;
  return range ? `${kind}${range} (within float32 range, |x| ≤ 3.4028235e38)` : FLOAT32_EXPECTED;
}

/** Whether `v` is a number that the rule accepts. */
export function numberFits(v: unknown, rule: NumberRule): v is number {
  return (
    typeof v === 'number' &&
    Number.isFinite(v) &&
    (!rule.float32 || isFiniteFloat32(v)) &&
    (!rule.integer || Number.isInteger(v)) &&
    (rule.min === undefined || v >= rule.min) &&
    (rule.max === undefined || v <= rule.max)
  );
}

/** Reads typed fields out of parsed JSON, throwing FileFormatError with the field's path. */
export class JsonReader {
  /** Reads values of `file` (used in messages only). */
  constructor(readonly file: string) {}

  /** The value at `path` inside `root` ("a.b.c", or a list of keys that may contain dots), possibly undefined. */
  at(root: unknown, path: Path): unknown {
    let v: unknown = root;
    for (const key of typeof path === 'string' ? path.split('.') : path) {
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return undefined;
      if (!Object.prototype.hasOwnProperty.call(v, key)) return undefined;
      v = (v as Record<string, unknown>)[key];
    }
    return v;
  }

  /** An object (not array). */
  object(root: unknown, path: Path): Record<string, unknown> {
    const v = path.length ? this.at(root, path) : root;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) throw new FileFormatError(this.file, show(path), 'an object', v);
    return v as Record<string, unknown>;
  }

  /** A string, optionally one of `allowed`. */
  string<T extends string>(root: unknown, path: string, allowed?: readonly T[]): T {
    const v = this.at(root, path);
    if (typeof v !== 'string') throw new FileFormatError(this.file, path, allowed ? `one of ${allowed.join(', ')}` : 'a string', v);
    if (allowed && !allowed.includes(v as T)) throw new FileFormatError(this.file, path, `one of ${allowed.join(', ')}`, v);
    return v as T;
  }

  /** A finite number, checked by `rule` (an integer, a range, float32). */
  number(root: unknown, path: Path, rule: NumberRule = {}): number {
    const v = this.at(root, path);
    if (!numberFits(v, rule)) throw new FileFormatError(this.file, show(path), expectedNumber(rule), v);
    return v;
  }

  /**
   * A row-major matrix from nested arrays: rows of `cols` finite numbers (any width ≥ 1 when cols is
   * omitted: the first row decides), each value checked by `rule` (float32: finite as a float32).
   */
  matrix(root: unknown, path: Path, cols?: number, rule: NumberRule = {}): { data: Float64Array; rows: number; cols: number } {
    const v = this.at(root, path);
    if (!Array.isArray(v) || v.length === 0) throw new FileFormatError(this.file, show(path), 'a non-empty array of rows', v);
    const first: unknown = v[0];
    if (cols === undefined && (!Array.isArray(first) || first.length === 0)) throw new FileFormatError(this.file, `${show(path)}[0]`, 'a non-empty row of numbers', first);
    const width = cols ?? (first as unknown[]).length;
    const data = new Float64Array(v.length * width);
    const expected = rule.float32 || rule.integer || rule.min !== undefined || rule.max !== undefined ? expectedNumber(rule) : 'a finite number';
    v.forEach((row: unknown, r) => {
      if (!Array.isArray(row) || row.length !== width) throw new FileFormatError(this.file, `${show(path)}[${r}]`, `a row of ${width} numbers`, row);
      row.forEach((x: unknown, c) => {
        if (!numberFits(x, rule)) throw new FileFormatError(this.file, `${show(path)}[${r}][${c}]`, expected, x);
        data[r * width + c] = x;
      });
    });
    return { data, rows: v.length, cols: width };
  }

  /** A flat array of `length` finite numbers, each checked by `rule`. */
  vector(root: unknown, path: Path, length: number, rule: NumberRule = {}): Float64Array {
    const v = this.at(root, path);
    if (!Array.isArray(v) || v.length !== length) throw new FileFormatError(this.file, show(path), `an array of ${length} numbers`, v);
    return Float64Array.from(v, (x: unknown, i) => {
      if (!numberFits(x, rule)) throw new FileFormatError(this.file, `${show(path)}[${i}]`, expectedNumber(rule), x);
      return x;
    });
  }
}
