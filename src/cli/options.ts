import { InvalidArgumentError } from 'commander';

/** Commander parser for an integer ≥ `min`. */
export function integerAtLeast(min: number): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isInteger(n) || n < min) throw new InvalidArgumentError(`expected an integer ≥ ${min}.`);
    return n;
  };
}

/** Commander parser for a finite number ≥ 0 (or > 0 when `strict`). */
export function nonNegativeNumber(strict = false): (value: string) => number {
  return (value) => {
    const n = Number(value);
    if (value.trim() === '' || !Number.isFinite(n) || n < 0 || (strict && n === 0)) {
      throw new InvalidArgumentError(`expected a ${strict ? 'positive' : 'non-negative'} number.`);
    }
    return n;
  };
}

/** Commander parser for a number strictly between 0 and 1. */
export function fraction(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !(n > 0 && n < 1)) throw new InvalidArgumentError('expected a number between 0 and 1.');
  return n;
}

/** Commander parser for one of a fixed set of words. */
export function oneOf<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    if (!allowed.includes(value as T)) throw new InvalidArgumentError(`expected one of ${allowed.join(', ')}.`);
    return value as T;
  };
}

/** Commander parser for a comma-separated list of words from a fixed set. */
export function listOf<T extends string>(allowed: readonly T[]): (value: string) => T[] {
  return (value) => {
    const items = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
    const bad = items.find((s) => !allowed.includes(s as T));
    if (items.length === 0 || bad !== undefined) throw new InvalidArgumentError(`expected a comma-separated list of ${allowed.join(', ')}.`);
    return items as T[];
  };
}

/** Commander parser for a comma-separated list of integers ≥ 0. */
export function integerList(value: string): number[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === '' || !Number.isInteger(Number(s)) || Number(s) < 0)) {
    throw new InvalidArgumentError('expected a comma-separated list of integers ≥ 0.');
  }
  return items.map(Number);
}

/** Commander parser for a comma-separated list of finite numbers (e.g. a state). */
export function numberList(value: string): number[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => s === '' || !Number.isFinite(Number(s)))) throw new InvalidArgumentError('expected comma-separated numbers.');
  return items.map(Number);
}

/** An outcome that ends the command with its own exit code and one line on stderr (e.g. 3: training diverged). */
export class CommandExit extends Error {
  override readonly name = 'CommandExit';
  /** `code` is the process's exit code; `message` the line printed (none when empty). */
  constructor(
    message: string,
    readonly code: number,
  ) {
    super(message);
  }
}

/** A mistake in how the command was called: reported in one line, exit code 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}
