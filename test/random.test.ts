import assert from 'node:assert/strict';
import test from 'node:test';
import { Random } from '../src/core/random.js';

/** The first k swaps of a Fisher–Yates shuffle of a fresh 0..n-1, drawn from `rng`. */
function partialShuffle(rng: Random, n: number, k: number): number[] {
  const a = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = i + rng.int(n - i);
    [a[i], a[j]] = [a[j]!, a[i]!];
  }
  return a.slice(0, k);
}

test('sample draws k distinct indices and leaves no trace between calls (same as a fresh partial shuffle)', () => {
  const rng = new Random(7);
  const reference = new Random(7);
  for (const [n, k] of [[40, 5], [13, 13], [40, 7], [1000, 200], [13, 1], [40, 0]] as const) {
    for (let rep = 0; rep < 20; rep++) {
      const got = Array.from(rng.sample(n, k));
      assert.deepEqual(got, partialShuffle(reference, n, k), `n=${n} k=${k} draw ${rep}`);
      assert.equal(new Set(got).size, k);
      assert.ok(got.every((i) => Number.isInteger(i) && i >= 0 && i < n));
    }
  }
});

test('sample is uniform over indices and positions (chi-square, 0.1% level)', () => {
  const rng = new Random(3);
  const n = 10, k = 4, draws = 20_000;
  const counts = Array.from({ length: k }, () => new Array<number>(n).fill(0));
  for (let d = 0; d < draws; d++) rng.sample(n, k).forEach((idx, pos) => counts[pos]![idx]!++);
  const expected = draws / n;
  for (const row of counts) {
    const chi2 = row.reduce((s, c) => s + (c - expected) ** 2 / expected, 0);
    assert.ok(chi2 < 27.88, `chi-square ${chi2.toFixed(1)} over 9 degrees of freedom`); // 99.9% quantile
  }
});

test('sample rejects impossible requests', () => {
  assert.throws(() => new Random(0).sample(3, 4), /cannot draw 4 distinct items from 3/);
  assert.throws(() => new Random(0).sample(3, -1), /cannot draw -1/);
});
