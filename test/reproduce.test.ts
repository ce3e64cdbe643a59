import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { table1Markdown } from '../src/eval/table1.js';
import { hnn } from './helpers/cli.js';

test('hnn reproduce writes Table 1 and models, resumes finished units, and retrains a damaged model', () => {
  const out = mkdtempSync(join(tmpdir(), 'hnn-reproduce-'));
  const args = ['reproduce', '--tasks', 'spring', '--seeds', '0,1', '--steps-scale', '0.005', '--jobs', '2', '--out', out, '--quiet'];
  const first = hnn(args);
  assert.equal(first.status, 0, first.stderr);
  const table = readFileSync(join(out, 'table1.md'), 'utf8');
  assert.match(table, /\| spring \(×10³\) \| ours \(seeds 0,1\) \|( [^|]+ ±[^|]+\|){6}/);
  assert.match(table, /\| spring \(×10³\) \| paper \| 37 ± 2 \| 37 ± 2 \| 37 ± 2 \| 36 ± 2 \| 170 ± 20 \| 0\.38 ± 0\.1 \|/);
  const json = JSON.parse(readFileSync(join(out, 'table1.json'), 'utf8'));
  assert.equal(json.entries.length, 4);
  for (const e of json.entries) for (const m of ['trainLoss', 'testLoss', 'energyMse']) assert.ok(Number.isFinite(e[m].mean) && e[m].stderr >= 0);

  // A half-written (here: corrupt) model is trained again; the others are reused.
  writeFileSync(join(out, 'models', 'spring-hnn-seed1.json'), '{"format": "hnn-model", ');
  const second = hnn(args);
  assert.equal(second.status, 0, second.stderr);
  const log = readFileSync(join(out, 'reproduce.log'), 'utf8').trim().split('\n');
  const lastStart = log.map((l) => l.includes(' start: ')).lastIndexOf(true);
  const secondRun = log.slice(lastStart);
  assert.equal(secondRun.filter((l) => l.includes('reused saved model')).length, 3);
  assert.equal(secondRun.filter((l) => l.includes('spring hnn seed 1: trained')).length, 1);
  const metrics = (entries: any[]): unknown => entries.map(({ seconds: _, ...rest }) => rest);
  assert.deepEqual(metrics(JSON.parse(readFileSync(join(out, 'table1.json'), 'utf8')).entries), metrics(json.entries), 'same seeds → same numbers');

  const alone = mkdtempSync(join(tmpdir(), 'hnn-reproduce-'));
  const oneJob = hnn(['reproduce', '--tasks', 'spring', '--seeds', '0,1', '--steps-scale', '0.005', '--jobs', '1', '--no-figures', '--out', alone, '--quiet']);
  assert.equal(oneJob.status, 0, oneJob.stderr);
  assert.deepEqual(metrics(JSON.parse(readFileSync(join(alone, 'table1.json'), 'utf8')).entries), metrics(json.entries), 'one unit at a time → the numbers of two at a time');
});

test('a unit that fails stops hnn reproduce --jobs 2: its error is the one reported, and the unit beside it keeps a checkpoint', () => {
  const out = mkdtempSync(join(tmpdir(), 'hnn-reproduce-'));
  const bad = join(out, 'bad.txt');
  writeFileSync(bad, 'not a measurement\n');
  const run = hnn(['reproduce', '--tasks', 'spring,real-pendulum', '--data-real', bad, '--jobs', '2', '--no-figures', '--out', out, '--quiet']);
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, new RegExp(`^hnn: error: ${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: `, 'm'));
  assert.match(run.stderr, /^hnn: spring hnn seed 0: stopped at step \d+ of 2000; checkpoint saved to .*spring-hnn-seed0\.json\.checkpoint\.json/m);
  assert.ok(existsSync(join(out, 'models', 'spring-hnn-seed0.json.checkpoint.json')));
  assert.ok(!existsSync(join(out, 'table1.json')));
});

test('hnn reproduce with the real pendulum and no --data-real stops before training, naming the option', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'hnn-reproduce-')), 'out');
  const run = hnn(['reproduce', '--tasks', 'spring,real-pendulum', '--no-figures', '--out', out, '--quiet']);
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /^hnn: error: task real-pendulum needs the measured data: pass --data-real FILE/m);
  assert.ok(!existsSync(out), 'nothing trained, nothing written');
});

test('Table 1 rows name their own seeds and scale', () => {
  const m = (mean: number) => ({ mean, stderr: mean / 10 });
  const entry = (task: string, kind: 'baseline' | 'hnn', seed: number, v: number) => ({ task, kind, seed, trainLoss: m(v), testLoss: m(v), energyMse: m(v), seconds: 1 });
  const table = table1Markdown([entry('spring', 'baseline', 0, 0.037), entry('spring', 'hnn', 0, 0.036), entry('two-body', 'baseline', 1, 3e-5), entry('two-body', 'hnn', 1, 3e-6), entry('two-body', 'baseline', 2, 3e-5), entry('two-body', 'hnn', 2, 3e-6)]);
  assert.match(table, /^\| spring \(×10³\) \| ours \(seed 0\) \| 37\.0 ± 3\.7 \| 36\.0 ± 3\.6 /m);
  assert.match(table, /^\| two-body \(×10⁶\) \| ours \(seeds 1,2\) \| 30\.0 ± 0\.0 \| 3\.0 ± 0\.0 /m);
  assert.doesNotMatch(table, /40 test trajectories|All values ×10³/);
});
