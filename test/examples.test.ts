import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from './helpers/shared.js';

/** Runs a built example with a short training (`steps`) and returns its output lines. */
function runExample(name: string, steps: number): string[] {
  const r = spawnSync(process.execPath, [join(projectRoot, 'dist', 'examples', `${name}.js`), String(steps)], { cwd: projectRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  return r.stdout.trim().split('\n');
}

test('examples/quickstart: trains the spring HNN, measures its energy MSE, and prints a path along which the learned H stays put', () => {
  const lines = runExample('quickstart', 100);
  assert.match(lines[0]!, /^spring HNN, 100 steps in [\d.]+ s: train loss \d\.\d{3}e-\d, test loss \d\.\d{3}e-\d$/);
  assert.match(lines[1]!, /^energy MSE \d\.\d{3}e[-+]\d+ ± /);
  const rows = lines.slice(3).map((line) => line.trim().split(/\s+/).map(Number));
  assert.deepEqual(rows.map((r) => r[0]), [0, 5, 10, 15, 20]);
  assert.deepEqual(rows[0]!.slice(1, 3), [0.5, 0]);
  for (const r of rows) assert.ok(Math.abs(r[4]! - rows[0]![4]!) <= 2e-6, `learned H ${r[4]} vs ${rows[0]![4]}`);
});

test('examples/custom-system: a user-defined Hamiltonian (quartic oscillator) trains both models; the HNN keeps its learned H', () => {
  const lines = runExample('custom-system', 200);
  assert.match(lines[0]!, /^quartic oscillator, 200 full-batch steps/);
  const [baseline, hnn] = lines.slice(2).map((line) => line.split(/\s+/));
  assert.equal(baseline![0], 'baseline');
  assert.equal(baseline![3], '—', 'a baseline has no learned H');
  assert.equal(hnn![0], 'hnn');
  for (const row of [baseline!, hnn!]) assert.ok(Number(row[1]) > 0 && Number.isFinite(parseFloat(row[2]!)), row.join(' '));
  assert.ok(Number(hnn![3]) <= 1e-5, `learned H drift ${hnn![3]}`);
});
