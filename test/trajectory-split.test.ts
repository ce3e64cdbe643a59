import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { DifferentiatedTrajectory } from '../src/core/trajectory.js';
import { InputError } from '../src/core/errors.js';
import { splitTrajectories } from '../src/data/trajectory-split.js';

/** Trajectory `k` of `rows` rows in 2 dimensions; every state holds (k, row) and every derivative (−k, −row), to trace rows. */
function traced(k: number, rows: number): DifferentiatedTrajectory {
  const t = Float64Array.from({ length: rows }, (_, i) => 0.1 * i);
  const x = Float64Array.from({ length: 2 * rows }, (_, j) => (j % 2 ? j >> 1 : k));
  return { id: `traj-${k}`, t, x, dx: x.map((v) => -v) };
}

/** The (trajectory, row) pairs of a row-major 2-column array. */
const pairs = (a: Float64Array): string[] => Array.from({ length: a.length / 2 }, (_, i) => `${a[2 * i]}:${a[2 * i + 1]}`);

test('several trajectories: round(0.2·N) whole trajectories are the test set, drawn by seed, both parts in input order', () => {
  const trs = Array.from({ length: 10 }, (_, k) => traced(k, 3 + k));
  const ds = splitTrajectories(trs);
  const testIds = ds.meta!.testTrajectories as string[];
  const trainIds = ds.meta!.trainTrajectories as string[];
  assert.equal(testIds.length, 2);
  assert.deepEqual([...testIds, ...trainIds].sort(), trs.map((tr) => tr.id).sort());
  const expect = (ids: string[]): string[] => trs.filter((tr) => ids.includes(tr.id)).flatMap((tr) => pairs(tr.x));
  assert.deepEqual(pairs(ds.test.x), expect(testIds), 'test rows: whole test trajectories, in order');
  assert.deepEqual(pairs(ds.train.x), expect(trainIds), 'training rows: the others, in order');
  assert.deepEqual([...ds.train.dx], [...ds.train.x].map((v) => -v));
  assert.deepEqual([...ds.test.dx], [...ds.test.x].map((v) => -v));
  assert.equal(ds.dim, 2);
  const lengths = trs.filter((tr) => testIds.includes(tr.id)).map((tr) => tr.t.length);
  assert.deepEqual([...ds.test.segments!], [0, lengths[0], lengths[0]! + lengths[1]!], 'test trajectories start where the segments say');
  assert.equal(ds.test.t!.length, lengths[0]! + lengths[1]!);
  assert.deepEqual(splitTrajectories(trs).meta, ds.meta, 'the same seed, the same split');
  const draws = new Set(Array.from({ length: 8 }, (_, seed) => JSON.stringify(splitTrajectories(trs, { seed }).meta!.testTrajectories)));
  assert.ok(draws.size >= 4, `seeds give different test sets: ${[...draws].join(' ')}`);
});

test('the test set has at least one trajectory and leaves at least one for training', () => {
  const count = (n: number, testFraction: number): number => (splitTrajectories(Array.from({ length: n }, (_, k) => traced(k, 4)), { testFraction }).meta!.testTrajectories as string[]).length;
  assert.equal(count(2, 0.2), 1);
  assert.equal(count(3, 0.9), 2);
  assert.equal(count(5, 0.5), 3);
  assert.equal(count(100, 0.25), 25);
});

test('one trajectory: the authors\' test block, 110 rows from row 444 of 555 as in their real-pendulum data, the last row back in training', () => {
  const tr = traced(0, 555);
  const ds = splitTrajectories([tr]);
  const rowsOf = (a: Float64Array): number[] => Array.from({ length: a.length / 2 }, (_, i) => a[2 * i + 1]!);
  const test = rowsOf(ds.test.x);
  assert.equal(test.length, 110);
  assert.deepEqual(test, Array.from({ length: 110 }, (_, i) => 444 + i));
  assert.deepEqual(rowsOf(ds.train.x), [...Array.from({ length: 444 }, (_, i) => i), 554]);
  assert.deepEqual([...ds.test.t!], [...tr.t.subarray(444, 554)]);
  assert.deepEqual(ds.meta!.testRows, [444, 553]);
  const even = splitTrajectories([traced(0, 100)], { testFraction: 0.25 });
  assert.deepEqual(rowsOf(even.test.x), Array.from({ length: 25 }, (_, i) => 75 + i));
});

test('split errors: a fraction outside (0, 1), a single trajectory too short for a test block', () => {
  for (const f of [0, 1, -0.1, 1.5, NaN]) {
    assert.throws(() => splitTrajectories([traced(0, 10)], { testFraction: f }), (e: unknown) => e instanceof InputError && e.message === `test fraction ${f}: expected a number between 0 and 1 (exclusive)`);
  }
  // 5 rows: ⌊0.8·5⌋ = 4 training rows and ⌊5·(1 − 0.8)⌋ = ⌊0.99…⌋ = 0 test rows; 6 rows give one.
  assert.throws(
    () => splitTrajectories([traced(0, 5)]),
    (e: unknown) => e instanceof InputError && e.message === 'trajectory "traj-0" has 5 rows, too few for a training set and a test block of fraction 0.2; expected at least 6 rows or more trajectories',
  );
  assert.equal(splitTrajectories([traced(0, 6)]).test.x.length, 2);
});
