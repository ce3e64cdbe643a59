import { FileFormatError } from './errors.js';

/** A field path: dotted ("spec.mlp.hiddenDim") or a list of keys. */
export type Path = string | readonly string[];

/** A path as shown in messages. */
function show(path: Path): string {
  return typeof path === 'string' ? path : path.join('.');
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

  /** A finite number, optionally an integer ≥ `min`. */
  number(root: unknown, path: string, opts: { integer?: boolean; min?: number } = {}): number {
    const v = this.at(root, path);
    const ok = typeof v === 'number' && Number.isFinite(v) && (!opts.integer || Number.isInteger(v)) && (opts.min === undefined || v >= opts.min);
    if (!ok) {
      const kind = opts.integer ? 'an integer' : 'a finite number';
      throw new FileFormatError(this.file, path, opts.min === undefined ? kind : `${kind} ≥ ${opts.min}`, v);
    }
    return v as number;
  }

  /** A row-major matrix from nested arrays (rows of `cols` finite numbers; any width when cols is omitted). */
  matrix(root: unknown, path: Path, cols?: number): { data: Float64Array; rows: number; cols: number } {
    const v = this.at(root, path);
    if (!Array.isArray(v) || v.length === 0) throw new FileFormatError(this.file, show(path), 'a non-empty array of rows', v);
    const width = cols ?? (Array.isArray(v[0]) ? v[0].length : -1);
    const data = new Float64Array(v.length * width);
    v.forEach((row: unknown, r) => {
      if (!Array.isArray(row) || row.length !== width) throw new FileFormatError(this.file, `${show(path)}[${r}]`, `a row of ${width} numbers`, row);
      row.forEach((x: unknown, c) => {
        if (typeof x !== 'number' || !Number.isFinite(x)) throw new FileFormatError(this.file, `${show(path)}[${r}][${c}]`, 'a finite number', x);
        data[r * width + c] = x;
      });
    });
    return { data, rows: v.length, cols: width };
  }

  /** A flat array of finite numbers of the given length. */
  vector(root: unknown, path: Path, length: number): Float64Array {
    const v = this.at(root, path);
    if (!Array.isArray(v) || v.length !== length) throw new FileFormatError(this.file, show(path), `an array of ${length} numbers`, v);
    return Float64Array.from(v, (x: unknown, i) => {
      if (typeof x !== 'number' || !Number.isFinite(x)) throw new FileFormatError(this.file, `${show(path)}[${i}]`, 'a finite number', x);
      return x;
    });
  }
}
