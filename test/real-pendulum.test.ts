import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InputError } from '../src/core/errors.js';
import { loadRealPendulum } from '../src/node/readers.js';
import { parseRealPendulum } from '../src/data/real-pendulum-file.js';
import { realPendulum } from '../src/systems/real-pendulum.js';
import { missing, readJson, sharedPath } from './helpers/shared.js';

const DATA = sharedPath('data', 'real_pend_h_1.txt');
const REF = sharedPath('reference', 'datasets', 'real.json');

/** Largest |ours − theirs| between a flat array and the reference's rows (or flat list). */
function maxAbsDiff(ours: Float64Array | undefined, theirs: number[] | number[][]): number {
  assert.ok(ours);
  const flat = theirs.flat();
  assert.equal(ours.length, flat.length);
  let worst = 0;
  for (let i = 0; i < flat.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - flat[i]!));
  return worst;
}

test('real pendulum: the loaded file equals the authors\' dataset (real.json) to 1e-12', { skip: missing(DATA) ?? missing(REF) }, (t) => {
  const ds = loadRealPendulum(DATA);
  const ref = readJson(REF);
  assert.equal(ds.dim, 2);
  assert.equal(ds.train.x.length / 2, 445);
  assert.equal(ds.test.x.length / 2, 110);
  const diffs = {
    x: maxAbsDiff(ds.train.x, ref.x),
    dx: maxAbsDiff(ds.train.dx, ref.dx),
    test_x: maxAbsDiff(ds.test.x, ref.test_x),
    test_dx: maxAbsDiff(ds.test.dx, ref.test_dx),
    test_t: maxAbsDiff(ds.test.t, ref.test_t),
  };
  t.diagnostic(`max |ours − authors'|: ${JSON.stringify(diffs)}`);
  for (const [k, d] of Object.entries(diffs)) assert.ok(d <= 1e-12, `${k}: ${d}`);
  assert.deepEqual(ds.meta?.testRows, [444, 553]);
});

test('real pendulum: forward differences within a trial and the authors\' split, on a small file', () => {
  // 11 rows of one trial → 10 points; test block = ⌊0.2·10⌋ = 1 row starting at ⌊0.8·10⌋ = 8.
  const rows = Array.from({ length: 11 }, (_, i) => `0 ${i * 0.5} ${i * i} ${-i}`);
  const ds = parseRealPendulum(['%o v', ...rows].join('\n') + '\n', 'small.txt');
  assert.deepEqual([...ds.test.x], [64, -8]);
  assert.deepEqual([...ds.test.dx], [(81 - 64) / 0.5, -1 / 0.5]);
  assert.deepEqual([...(ds.test.t ?? [])], [4]);
  assert.equal(ds.train.x.length / 2, 9);
  assert.deepEqual([...ds.train.x.subarray(16)], [81, -9], 'the row after the test block closes the training set');
});

test('real pendulum: no difference is taken across a trial boundary', () => {
  const trial = (id: number, n: number) => Array.from({ length: n }, (_, i) => `${id} ${i} ${id * 10 + i} 0`);
  const ds = parseRealPendulum([...trial(0, 5), ...trial(1, 6)].join('\n'), 'two-trials.txt');
  // 4 + 5 = 9 points; every angle rate is exactly 1 (no jump from 4 to 10 between trials).
  assert.equal((ds.train.x.length + ds.test.x.length) / 2, 9);
  for (const dx of [ds.train.dx, ds.test.dx]) for (let i = 0; i < dx.length; i += 2) assert.equal(dx[i], 1);
});

test('real pendulum: malformed files are rejected with the file name and line number', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hnn-real-'));
  const good = Array.from({ length: 8 }, (_, i) => `0 ${i / 6} 0.1 0.2`);
  const cases: [string, string[], RegExp][] = [
    ['columns.txt', ['%o v', ...good.slice(0, 3), '0 0.5 0.1', ...good.slice(4)], /line 5, column 4: missing cell \(p\); expected 4 cells \(trial, t, q, p\), got 3/],
    ['nan.txt', ['%o v', ...good.slice(0, 2), '0 0.3333 abc 0.2', ...good.slice(3)], /line 4, column 3 \(q\): "abc" is not a number/],
    ['hex.txt', ['%o v', '0x1 0 0 0', ...good.slice(1)], /line 2, column 1 \(trial\): trajectory "0x1" has 1 row/],
    ['short.txt', ['%o v', ...good.slice(0, 4)], /trajectory "0" has 3 rows, too few for a training set and a test block/],
    ['time.txt', ['%o v', ...good.slice(0, 5), '0 0.5 0.1 0.2', ...good.slice(6)], /line 7, column 2 \(t\): time 0\.5 does not increase within trajectory "0"; line 6 has/],
  ];
  try {
    for (const [name, lines, message] of cases) {
      const path = join(dir, name);
      writeFileSync(path, lines.join('\n') + '\n');
      assert.throws(() => loadRealPendulum(path), (e: unknown) => {
        assert.ok(e instanceof InputError, `${name}: ${String(e)}`);
        assert.ok(e.message.startsWith(`${path}: `), e.message);
        assert.match(e.message, message);
        return true;
      });
    }
    assert.throws(() => loadRealPendulum(join(dir, 'absent.txt')), /absent\.txt: file not found/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('real pendulum analysis model: H = 2.4(1 − cos q) + p², dynamics = J∇H, energy = H', () => {
  const eps = 1e-6;
  const dxdt = new Float64Array(2);
  for (const [q, p] of [[0.3, -0.7], [-1.2, 0.4], [2.5, 1.1]] as const) {
    const at = (dq: number, dp: number) => realPendulum.hamiltonian(Float64Array.of(q + dq, p + dp));
    realPendulum.dynamics(0, Float64Array.of(q, p), dxdt);
    assert.ok(Math.abs(dxdt[0]! - (at(0, eps) - at(0, -eps)) / (2 * eps)) < 1e-8);
    assert.ok(Math.abs(dxdt[1]! + (at(eps, 0) - at(-eps, 0)) / (2 * eps)) < 1e-8);
    assert.equal(realPendulum.energy(Float64Array.of(q, p)), at(0, 0));
  }
  assert.ok(Math.abs(realPendulum.energy(Float64Array.of(Math.PI, 0)) - 4.8) < 1e-15);
});
