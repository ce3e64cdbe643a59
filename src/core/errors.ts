/** A problem with an input file or value supplied by the user (missing, unreadable, malformed). */
export class InputError extends Error {
  override name = 'InputError';
}

/** An input file that does not have the expected content; the message names file, field and expectation. */
export class FileFormatError extends InputError {
  /** `field` is a dotted path such as `spec.mlp.hiddenDim`; empty for the whole file. */
  constructor(
    readonly file: string,
    readonly field: string,
    readonly expected: string,
    got: unknown,
  ) {
    super(`${file}: ${field ? `field "${field}"` : 'content'}: expected ${expected}, got ${describe(got)}`);
    this.name = 'FileFormatError';
  }
}

/** A short human description of a JSON value for error messages. */
export function describe(v: unknown): string {
  if (v === undefined) return 'nothing (missing)';
  if (v === null) return 'null';
  if (Array.isArray(v)) return v.length <= 8 && v.every((x) => typeof x !== 'object') ? `[${v.join(', ')}]` : `an array of length ${v.length}`;
  if (typeof v === 'object') return 'an object';
  if (typeof v === 'string') return JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v);
  return String(v);
}

/** A request larger than a kernel set can hold (an array it cannot allocate, e.g. past the WebAssembly memory's maximum); the message says what to change. */
export class CapacityError extends InputError {
  override name = 'CapacityError';
  /** `problem` names the backend and what it could not hold; the advice is added. */
  constructor(problem: string) {
    super(`${problem}: train on fewer rows at a time (a smaller batch size) or a smaller network`);
  }
}

/** Training stopped at a non-finite loss or weight: it diverged (the CLI exits with code 3). */
export class TrainingDiverged extends Error {
  override name = 'TrainingDiverged';
  /** `step` is the 1-based step whose `which` loss (or, after it, a weight) was `value`. */
  constructor(
    readonly step: number,
    readonly which: 'training' | 'test' | 'weights',
    value: number,
  ) {
    super(which === 'weights' ? `training diverged at step ${step}: a weight became ${value}` : `training diverged at step ${step}: the ${which} loss is ${value}`);
  }
}
