import { encodeBase64 } from '../core/base64.js';
import { FileFormatError } from '../core/errors.js';
import { JsonReader } from '../core/json-reader.js';
import { LIBRARY_VERSION } from '../core/version.js';
import type { HistoryPoint, TrainerState } from '../train/train.js';

/** Name and version of the checkpoint format. */
export const CHECKPOINT_FORMAT = 'hnn-checkpoint';
export const CHECKPOINT_VERSION = 1;

/** A training run's checkpoint: which run it is, and where it stands. */
export interface Checkpoint {
  /** The run's fingerprint (task, kind, seed, settings, model spec, backend): only that run may continue from it. */
  readonly run: Readonly<Record<string, unknown>>;
  readonly state: TrainerState;
}

/** Little-endian bytes of a typed array as base64. */
function toBase64(a: Float32Array | Float64Array): string {
  return encodeBase64(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
}

/** A checkpoint as JSON text (what `parseCheckpoint` reads back). */
export function serializeCheckpoint(checkpoint: Checkpoint): string {
  const { state } = checkpoint;
  return (
    JSON.stringify({
      format: CHECKPOINT_FORMAT,
      version: CHECKPOINT_VERSION,
      library: LIBRARY_VERSION,
      run: checkpoint.run,
      step: state.step,
      params: state.params.map((p) => ({ dtype: p instanceof Float32Array ? 'float32' : 'float64', data: toBase64(p) })),
      adam: { t: state.adam.t, m: state.adam.m.map(toBase64), v: state.adam.v.map(toBase64) },
      rng: state.rng,
      history: state.history,
      testLoss: state.testLoss,
      seconds: state.seconds,
    }) + '\n'
  );
}

/** A base64 text (field `path` of the file) decoded into finite numbers of the given type, or a FileFormatError naming it. */
function decode(file: string, path: string, text: unknown, type: 'float32' | 'float64'): Float32Array | Float64Array {
  if (typeof text !== 'string') throw new FileFormatError(file, path, 'base64 text', text);
  let bytes: Uint8Array;
  try {
    const raw = atob(text);
    bytes = new Uint8Array(raw.length);
    for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  } catch {
    throw new FileFormatError(file, path, 'base64 bytes', 'text that is not base64');
  }
  const size = type === 'float32' ? 4 : 8;
  if (bytes.length % size !== 0) throw new FileFormatError(file, path, `a whole number of ${type} values`, `${bytes.length} bytes`);
  const values = type === 'float32' ? new Float32Array(bytes.buffer, 0, bytes.length / 4) : new Float64Array(bytes.buffer, 0, bytes.length / 8);
  const bad = values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0) throw new FileFormatError(file, `${path}[${bad}]`, 'a finite number', values[bad]);
  return values;
}

/** Validates parsed JSON as a checkpoint (`name` is used in error messages). */
export function parseCheckpoint(root: unknown, name: string): Checkpoint {
  const r = new JsonReader(name);
  r.object(root, '');
  if (r.at(root, 'format') !== CHECKPOINT_FORMAT) throw new FileFormatError(name, 'format', `"${CHECKPOINT_FORMAT}" (an hnn checkpoint)`, r.at(root, 'format'));
  if (r.at(root, 'version') !== CHECKPOINT_VERSION) throw new FileFormatError(name, 'version', String(CHECKPOINT_VERSION), r.at(root, 'version'));
  const run = r.object(root, 'run');
  const list = (path: string): unknown[] => {
    const v = r.at(root, path);
    if (!Array.isArray(v)) throw new FileFormatError(name, path, 'an array', v);
    return v;
  };
  const params = list('params').map((p, i) => {
    const dtype = (p as { dtype?: unknown } | null)?.dtype;
    if (dtype !== 'float32' && dtype !== 'float64') throw new FileFormatError(name, `params[${i}].dtype`, 'float32 or float64', dtype);
    return decode(name, `params[${i}].data`, (p as { data?: unknown }).data, dtype);
  });
  const moments = (key: 'm' | 'v'): Float64Array[] => list(`adam.${key}`).map((text, i) => decode(name, `adam.${key}[${i}]`, text, 'float64') as Float64Array);
  const words = r.vector(root, 'rng.words', 4);
  const spare = r.at(root, 'rng.spareNormal');
  const history = list('history');
  const testLoss = r.at(root, 'testLoss');
  return {
    run,
    state: {
      step: r.number(root, 'step', { integer: true, min: 0 }),
      params,
      adam: { t: r.number(root, 'adam.t', { integer: true, min: 0 }), m: moments('m'), v: moments('v') },
      rng: { words: Array.from(words), spareNormal: spare === null || spare === undefined ? null : r.number(root, 'rng.spareNormal') },
      history: history.map((point, i): HistoryPoint => {
        const h = new JsonReader(`${name} history[${i}]`);
        return { step: h.number(point, 'step', { integer: true, min: 1 }), trainLoss: h.number(point, 'trainLoss'), testLoss: h.number(point, 'testLoss') };
      }),
      testLoss: testLoss === null || testLoss === undefined ? null : r.number(root, 'testLoss'),
      seconds: r.number(root, 'seconds', { min: 0 }),
    },
  };
}

/** Whether two run fingerprints are the same run (the same JSON). */
export function sameRun(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
