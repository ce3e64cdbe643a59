import type { Dataset } from '../core/dataset.js';
import { Random } from '../core/random.js';
import type { DifferentiatedTrajectory } from '../core/trajectory.js';
import { InputError } from '../core/errors.js';

/** How trajectories are divided into a training and a test set. */
export interface TrajectorySplitOptions {
  /** The share held out for testing, in (0, 1); default DEFAULT_TEST_FRACTION. */
  readonly testFraction?: number;
  /** Seed of the draw of test trajectories (several trajectories only); default 0. */
  readonly seed?: number;
  /** Names the data in errors (a file name). */
  readonly label?: string;
}

/** The paper's share of test data (the authors' `test_split = 0.8` keeps 80% for training). */
export const DEFAULT_TEST_FRACTION = 0.2;

/** The rows of several row-major blocks, concatenated. */
function concat(blocks: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(blocks.reduce((n, b) => n + b.length, 0));
  let at = 0;
  for (const b of blocks) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** The first row of each trajectory in their concatenation, then the row count. */
function segmentsOf(trajectories: readonly DifferentiatedTrajectory[]): Int32Array {
  const out = new Int32Array(trajectories.length + 1);
  trajectories.forEach((tr, i) => (out[i + 1] = out[i]! + tr.t.length));
  return out;
}

/** Start and end (exclusive) of the test block of n rows, as the authors' experiment-real/data.py computes them. */
function authorsBlock(n: number, testFraction: number): [number, number] {
  const train = 1 - testFraction;
  const a = Math.trunc(n * train);
  return [a, a + Math.trunc(n * (1 - train))];
}

/**
 * One trajectory: the test set is the contiguous block of ⌊f·n⌋ rows from row ⌊(1 − f)·n⌋, computed
 * in floating point as the authors' real-pendulum split (so it may end a row early, the leftover row
 * rejoining the training set); the test samples keep the block's time stamps.
 */
function splitOne(tr: DifferentiatedTrajectory, dim: number, testFraction: number, label: string | undefined): Dataset {
  const n = tr.t.length;
  const usable = (rows: number): boolean => {
    const [a, b] = authorsBlock(rows, testFraction);
    return a > 0 && b > a;
  };
  if (!usable(n)) {
    let need = n + 1;
    while (!usable(need)) need++;
    const name = tr.id ? `trajectory "${tr.id}"` : 'the trajectory';
    throw new InputError(`${label ? `${label}: ` : ''}${name} has ${n} rows, too few for a training set and a test block of fraction ${testFraction}; expected at least ${need} rows or more trajectories`);
  }
  const [a, b] = authorsBlock(n, testFraction);
  const rows = (v: Float64Array, from: number, to: number): Float64Array => v.subarray(from * dim, to * dim);
  return {
    dim,
    train: { x: concat([rows(tr.x, 0, a), rows(tr.x, b, n)]), dx: concat([rows(tr.dx, 0, a), rows(tr.dx, b, n)]) },
    test: { x: tr.x.slice(a * dim, b * dim), dx: tr.dx.slice(a * dim, b * dim), t: tr.t.slice(a, b), segments: Int32Array.of(0, b - a) },
    meta: { split: 'test block of one trajectory', testFraction, testRows: [a, b - 1], rows: n },
  };
}

/**
 * A Dataset from trajectories with derivatives, split by whole trajectories: round(f·N) of the N
 * trajectories (at least one, and one fewer than N at most) drawn with `Random(seed)` are the test set,
 * the rest train, both in input order. A single trajectory is split in time instead (see splitOne).
 * Throws InputError for a fraction outside (0, 1) or a trajectory too short to split.
 */
export function splitTrajectories(trajectories: readonly DifferentiatedTrajectory[], options: TrajectorySplitOptions = {}): Dataset {
  const testFraction = options.testFraction ?? DEFAULT_TEST_FRACTION;
  const seed = options.seed ?? 0;
  if (!(testFraction > 0 && testFraction < 1)) throw new InputError(`test fraction ${testFraction}: expected a number between 0 and 1 (exclusive)`);
  const first = trajectories[0];
  if (!first) throw new RangeError('splitTrajectories: no trajectories');
  const dim = first.x.length / first.t.length;
  if (trajectories.length === 1) return splitOne(first, dim, testFraction, options.label);
  const n = trajectories.length;
  const k = Math.min(n - 1, Math.max(1, Math.round(testFraction * n)));
  const inTest = new Set(new Random(seed).permutation(n).subarray(0, k));
  const test = trajectories.filter((_, i) => inTest.has(i));
  const train = trajectories.filter((_, i) => !inTest.has(i));
  return {
    dim,
    train: { x: concat(train.map((tr) => tr.x)), dx: concat(train.map((tr) => tr.dx)) },
    test: { x: concat(test.map((tr) => tr.x)), dx: concat(test.map((tr) => tr.dx)), t: concat(test.map((tr) => tr.t)), segments: segmentsOf(test) },
    meta: { split: 'whole trajectories', testFraction, seed, testTrajectories: test.map((tr) => tr.id), trainTrajectories: train.map((tr) => tr.id) },
  };
}
