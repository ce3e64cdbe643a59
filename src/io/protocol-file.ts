import { linspace } from '../integrate/linspace.js';
import { checkTEval } from '../integrate/t-eval.js';
import { FileFormatError, InputError } from '../core/errors.js';
import { JsonReader } from '../core/json-reader.js';
import { MAX_TIME_POINTS } from '../core/limits.js';
import type { ModelKind } from '../models/types.js';
import type { EnergyProtocol, EnergySample, IntegrationSpec } from '../tasks/energy-protocol.js';

/** Longest integration span a protocol file may ask for (the authors' are 20–25 time units). */
export const MAX_PROTOCOL_SPAN = 1_000_000;

/** Smallest tolerance that counts: rtol or atol must reach it (a float32 model cannot be followed more closely). */
export const MIN_PROTOCOL_TOLERANCE = 1e-12;

/** Task names used in the reference protocol files, and the library's names for them. */
const FILE_TASKS: Record<string, string> = { spring: 'spring', pend: 'pendulum', real: 'real-pendulum', '2body': 'two-body' };

/**
 * An energy protocol recorded as the authors ran it (parsed JSON of the reference `energy_inputs_<task>.json`; `path` names it),
 * keeping the integrations of the `kind` model. Two layouts: `samples` (or `trials`), each with `true`, `baseline`
 * and `hnn` solve_ivp settings (t_span, y0, t_eval, rtol, atol, method RK45); or one path with
 * top-level `baseline` / `hnn` settings and the measured states `true_x`. When the file names its
 * task, it must be `task`. Every field is checked (FileFormatError naming it): starts and true states
 * finite as float32 (the models compute in float32), spans finite and at most MAX_PROTOCOL_SPAN long,
 * at most MAX_TIME_POINTS output times inside the span in order, tolerances in [0, 1] with rtol or
 * atol ≥ MIN_PROTOCOL_TOLERANCE. Any number of samples (the "±" splits them as numpy's array_split).
 */
export function parseEnergyProtocol(root: unknown, path: string, kind: ModelKind, task: string, dim: number): EnergyProtocol {
  const r = new JsonReader(path);
  r.object(root, '');
  const declared = r.at(root, 'task');
  if (typeof declared === 'string' && (FILE_TASKS[declared] ?? declared) !== task) {
    throw new InputError(`${path} records the energy protocol of task "${declared}", but the model is for "${task}"`);
  }
  const samples = r.at(root, 'samples') ?? r.at(root, 'trials');
  if (Array.isArray(samples)) {
    if (samples.length === 0) throw new FileFormatError(path, 'samples', 'a non-empty array', samples);
    const parsed = samples.map((s: unknown, i): EnergySample => {
      const sr = new JsonReader(`${path} samples[${i}]`);
      sr.object(s, '');
      const truth = readSpec(sr, s, 'true', dim);
      const model = readSpec(sr, s, kind, dim);
      if (truth.tEval.length !== model.tEval.length) throw new FileFormatError(sr.file, `${kind}.t_eval`, `${truth.tEval.length} times like true.t_eval`, `${model.tEval.length}`);
      return { truth, model };
    });
    return { name: path, samples: parsed, errorOver: 'samples' };
  }
  if (r.at(root, 'true_x') === undefined) throw new FileFormatError(path, 'samples', 'an array of samples (or a single path with true_x)', samples);
  const model = readSpec(r, root, kind, dim);
  const states = r.matrix(root, 'true_x', dim, { float32: true });
  if (states.rows !== model.tEval.length) throw new FileFormatError(path, 'true_x', `${model.tEval.length} rows, one per ${kind}.t_eval time`, `${states.rows} rows`);
  return { name: path, samples: [{ truth: states.data, model }], errorOver: 'points' };
}

/** Output times written as numbers. */
function timesArray(r: JsonReader, obj: unknown, key: string, times: unknown): Float64Array {
  if (!Array.isArray(times) || times.length === 0) throw new FileFormatError(r.file, `${key}.t_eval`, "a non-empty array of times or 'linspace(a,b,n)'", times);
  if (times.length > MAX_TIME_POINTS) throw new FileFormatError(r.file, `${key}.t_eval`, `at most ${MAX_TIME_POINTS} times`, times);
  return r.vector(obj, [key, 't_eval'], times.length);
}

/** Output times written as numpy's `linspace(a,b,n)` (the two-body file's notation). */
function linspaceExpression(file: string, field: string, text: string): Float64Array {
  const m = /^\s*linspace\(\s*([^,]+),\s*([^,]+),\s*(\d+)\s*\)\s*$/.exec(text);
  const decimal = (v: string | undefined): number => (v !== undefined && /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/.test(v) ? Number(v) : NaN);
  const a = decimal(m?.[1]);
  const b = decimal(m?.[2]);
  const n = Number(m?.[3]);
  if (!m || !Number.isFinite(a) || !Number.isFinite(b) || !(n >= 1)) throw new FileFormatError(file, field, "an array of times or 'linspace(a,b,n)' with decimal a, b", text);
  if (n > MAX_TIME_POINTS) throw new FileFormatError(file, field, `linspace(a,b,n) with n ≤ ${MAX_TIME_POINTS}`, text);
  return linspace(a, b, n);
}

/** The solve_ivp settings stored under `key` of `obj`. */
function readSpec(r: JsonReader, obj: unknown, key: string, dim: number): IntegrationSpec {
  r.object(obj, key);
  const method = r.at(obj, `${key}.method`);
  if (method !== undefined && method !== 'RK45') throw new FileFormatError(r.file, `${key}.method`, '"RK45" (the only method replayed)', method);
  const tSpan = r.vector(obj, [key, 't_span'], 2);
  if (!(Math.abs(tSpan[1]! - tSpan[0]!) <= MAX_PROTOCOL_SPAN)) throw new FileFormatError(r.file, `${key}.t_span`, `a span of at most ${MAX_PROTOCOL_SPAN} time units`, Array.from(tSpan));
  const y0 = r.vector(obj, [key, 'y0'], dim, { float32: true });
  const times = r.at(obj, `${key}.t_eval`);
  const tEval = typeof times === 'string' ? linspaceExpression(r.file, `${key}.t_eval`, times) : timesArray(r, obj, key, times);
  try {
    checkTEval([tSpan[0]!, tSpan[1]!], tEval);
  } catch (e) {
    throw new FileFormatError(r.file, `${key}.t_eval`, `times inside t_span, in order (${(e as Error).message})`, times);
  }
  const tolerance = (name: string, fallback: number): number => (r.at(obj, `${key}.${name}`) === undefined ? fallback : r.number(obj, `${key}.${name}`, { min: 0, max: 1 }));
  const rtol = tolerance('rtol', 1e-3);
  const atol = tolerance('atol', 1e-6);
  if (Math.max(rtol, atol) < MIN_PROTOCOL_TOLERANCE) throw new FileFormatError(r.file, `${key}.rtol`, `rtol or atol ≥ ${MIN_PROTOCOL_TOLERANCE} (the models compute in float32)`, rtol);
  return { tSpan: [tSpan[0]!, tSpan[1]!], y0, tEval, rtol, atol };
}
