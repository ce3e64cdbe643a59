import { InvalidArgumentError } from 'commander';
import { FLOAT32_MAX, MAX_HIDDEN_WIDTH, MAX_POINTS, MAX_SEED } from '../core/limits.js';
import { MAX_DAMPING } from '../tasks/damped-spring.js';
import { MAX_DRAWN_ROWS } from '../tasks/draw.js';

/**
 * How the command line reads numbers, strictly and in one place. An integer is written in decimal
 * digits only (`2000`; no sign, exponent, hex, `_` or `,`); a number in decimal notation (`0.5`,
 * `-1.5e-3`, `.5`; no hex, `Infinity`, `NaN` or separators). Every flag has its range; a value outside
 * it is refused in one line naming the flag, what was given and what is accepted (Commander prints
 * "option '--steps <n>' argument '0x10' is invalid. expected …"; exit code 2).
 */

/** Digits only. */
const INTEGER = /^\d+$/;

/** Decimal notation: digits with an optional point and exponent, optionally signed. */
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** How integers must be written, for messages. */
const INTEGER_NOTATION = 'written in decimal digits';

/** How numbers must be written, for messages. */
const DECIMAL_NOTATION = 'in decimal notation such as 0.5 or 1e-3';

/** A limit as messages show it (10⁶ as 1000000, not 1e+6). */
function show(n: number): string {
  return Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toFixed(0) : String(n);
}

/** The integer `value` spells (digits only) within [min, max], or an InvalidArgumentError saying what is accepted. */
export function parseInteger(value: string, min: number, max: number): number {
  const n = Number(value);
  if (!INTEGER.test(value) || !Number.isSafeInteger(n) || n < min || n > max) {
    throw new InvalidArgumentError(`expected an integer from ${show(min)} to ${show(max)}, ${INTEGER_NOTATION}.`);
  }
  return n;
}

/** Bounds of a number flag; `above`/`below` exclude the bound. */
export interface NumberRange {
  readonly min?: number;
  readonly max?: number;
  /** The value must be greater than `min`. */
  readonly above?: boolean;
  /** Why the range is what it is, added to the message. */
  readonly why?: string;
}

/** The range as messages say it: "a positive number ≤ 1000000", "a number ≥ 1e-12 and ≤ 1". */
function rangeText(range: NumberRange): string {
  const hi = range.max === undefined ? '' : ` ≤ ${show(range.max)}`;
  if (range.min === 0) return `a ${range.above ? 'positive' : 'non-negative'} number${hi}`;
  const lo = range.min === undefined ? '' : ` ${range.above ? '>' : '≥'} ${show(range.min)}`;
  return `a number${lo}${lo && hi ? ' and' : ''}${hi}`;
}

/** The number `value` spells in decimal notation within `range`, or an InvalidArgumentError saying what is accepted. */
export function parseNumber(value: string, range: NumberRange = {}): number {
  const n = Number(value);
  const ok =
    DECIMAL.test(value) &&
    Number.isFinite(n) &&
    (range.min === undefined || (range.above ? n > range.min : n >= range.min)) &&
    (range.max === undefined || n <= range.max);
  if (!ok) throw new InvalidArgumentError(`expected ${rangeText(range)}, ${DECIMAL_NOTATION}${range.why ? ` (${range.why})` : ''}.`);
  return n === 0 ? 0 : n;
}

/**
 * Commander parser for an integer ≥ `min` and ≤ `max`, written in decimal digits. The default
 * `max`, 2^32 − 1, is the largest seed and more than any count the commands take.
 */
export function integerAtLeast(min: number, max: number = MAX_SEED): (value: string) => number {
  return (value) => parseInteger(value, min, max);
}

/** Commander parser for a number in `range`, in decimal notation. */
export function numberIn(range: NumberRange): (value: string) => number {
  return (value) => parseNumber(value, range);
}

/** Commander parser for a number strictly between 0 and 1, in decimal notation. */
export function fraction(value: string): number {
  const n = DECIMAL.test(value) ? Number(value) : NaN;
  if (!(n > 0 && n < 1)) throw new InvalidArgumentError(`expected a number between 0 and 1 (exclusive), ${DECIMAL_NOTATION}.`);
  return n;
}

// The ranges of the command line's number flags, each as one parser (the commands share them).

/** Largest `--steps`: ten million optimiser steps (the paper's longest runs take 10,000). */
export const MAX_STEPS = 10_000_000;

/** `--steps`: optimiser steps, 1–10,000,000. */
export const STEPS = integerAtLeast(1, MAX_STEPS);

/** `--checkpoint-every`: steps between checkpoints, 1–10,000,000. */
export const CHECKPOINT_EVERY = integerAtLeast(1, MAX_STEPS);

/** `--batch-size`: rows per step, 1–10,000,000 (a batch larger than the training split trains on all of it). */
export const BATCH_SIZE = integerAtLeast(1, 10_000_000);

/** `--hidden`: hidden width, 1–4096 (a 4096-wide model of states has ~17 M parameters, 270 MB to train in float32). */
export const HIDDEN = integerAtLeast(1, MAX_HIDDEN_WIDTH);

/** `--seed`: 0 to 2^32 − 1 (numpy's legacy generator, whose data the tasks reproduce, takes 32-bit seeds). */
export const SEED = integerAtLeast(0, MAX_SEED);

/** `--lr`: a positive learning rate. */
export const LEARNING_RATE = numberIn({ min: 0, above: true });

/** `--weight-decay`: a non-negative L2 weight decay. */
export const WEIGHT_DECAY = numberIn({ min: 0 });

/** `--damping`: the damped spring's friction, 0–100. */
export const DAMPING = numberIn({ min: 0, max: MAX_DAMPING, why: 'past critical damping, 2, the data are all decay' });

/** `--trajectories`: how many noisy trajectories a task draws. */
export const TRAJECTORIES = integerAtLeast(1, MAX_DRAWN_ROWS);

/** `--noise`: the standard deviation of the noise on drawn states. */
export const NOISE = numberIn({ min: 0 });

/** `--steps-scale`: a positive factor on every task's steps, at most 1000. */
export const STEPS_SCALE = numberIn({ min: 0, above: true, max: 1000 });

/** Longest time span the commands integrate over (`--t-end`, `--add-energy`). */
export const MAX_SPAN = 1_000_000;

/**
 * Smallest `--rtol`: models compute in float32 (relative rounding ~6e-8), so a tighter tolerance only
 * chases the field's rounding noise; each decade below 1e-10 costs about ten times the steps.
 */
export const MIN_RTOL = 1e-12;

/** `--t-end`: a span > 0 and ≤ 10⁶. */
export const T_END = numberIn({ min: 0, above: true, max: MAX_SPAN });

/** `--add-energy`: a span > 0 and ≤ 10⁶. */
export const ADD_ENERGY = numberIn({ min: 0, above: true, max: MAX_SPAN });

/** `--points`: output points, 2–10⁶. */
export const POINTS = integerAtLeast(2, MAX_POINTS);

/** `--rtol`: DOPRI5's tolerance, 1e-12–1. */
export const RTOL = numberIn({ min: MIN_RTOL, max: 1, why: 'models compute in float32: a tighter tolerance only chases their rounding noise' });

/** `--dt`: the largest step of the fixed-step integrators, > 0 and ≤ 10⁶ (the step count is checked against --max-steps). */
export const DT = numberIn({ min: 0, above: true, max: MAX_SPAN });

/** `--max-steps`: most steps of one integration, 1–10⁹. */
export const MAX_STEPS_FLAG = integerAtLeast(1, 1_000_000_000);

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

/** Commander parser for a comma-separated list of seeds: integers from 0 to 2^32 − 1, in decimal digits. */
export function integerList(value: string): number[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => !INTEGER.test(s) || !(Number(s) <= MAX_SEED))) {
    throw new InvalidArgumentError(`expected a comma-separated list of integers from 0 to ${MAX_SEED}, ${INTEGER_NOTATION}.`);
  }
  return items.map(Number);
}

/** Commander parser for a comma-separated list of numbers in decimal notation within float32 range (a state: the models compute in float32). */
export function numberList(value: string): number[] {
  const items = value.split(',').map((s) => s.trim());
  if (items.some((s) => !DECIMAL.test(s) || !(Math.abs(Number(s)) <= FLOAT32_MAX))) {
    throw new InvalidArgumentError(`expected comma-separated numbers ${DECIMAL_NOTATION}, each within float32 range (|x| ≤ 3.4e38).`);
  }
  return items.map((s) => Number(s) || 0);
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
