import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
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

test('examples/custom-system: a Hamiltonian typed as an expression trains both models; the library measures their energy; the HNN keeps its learned H', () => {
  const lines = runExample('custom-system', 200);
  assert.match(lines[0]!, /^H = p\^2\/2 \+ q\^4\/4: 200 full-batch steps/);
  const [baseline, hnn] = lines.slice(2).map((line) => line.trim().split(/\s+/));
  assert.equal(baseline![0], 'baseline');
  assert.equal(baseline![4], '—', 'a baseline has no learned H');
  assert.equal(hnn![0], 'hnn');
  for (const row of [baseline!, hnn!]) assert.ok(Number(row[1]) > 0 && Number(row[2]) > 0 && Number.isFinite(parseFloat(row[3]!)), row.join(' '));
  assert.ok(Number(hnn![4]) <= 1e-5, `learned H drift ${hnn![4]}`);
});

test("the README's five-minute example runs as written and prints what its comments say", () => {
  const readme = readFileSync(join(projectRoot, 'README.md'), 'utf8');
  const snippet = /## The library in five minutes\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  assert.ok(snippet, 'the README has the five-minute snippet');
  // The snippet is plain JavaScript; it imports the package by name, which resolves inside the package.
  const path = join(projectRoot, 'dist', 'readme-snippet.mjs');
  writeFileSync(path, snippet);
  const r = spawnSync(process.execPath, [path], { cwd: projectRoot, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const [loss, energy, returnError] = r.stdout.trim().split('\n');
  assert.match(loss!, /mean: 0\.0358\d+.*stderr: 0\.0018\d+/);
  assert.ok(Math.abs(Number(energy) - 4e-4) < 1e-4, `energy MSE ${energy}`);
  assert.ok(Number(returnError) < 1e-6, `return error ${returnError}`);
});
