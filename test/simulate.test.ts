import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '../src/core/random.js';
import { JsKernels } from '../src/kernels/js.js';
import { createModel } from '../src/models/factory.js';
import type { StateModelSpec } from '../src/models/types.js';
import { modelToFile } from '../src/io/model-file.js';
import { saveModelFile } from '../src/node/model-files.js';
import { hnn } from './helpers/cli.js';
import { missing, sharedPath } from './helpers/shared.js';

const dir = mkdtempSync(join(tmpdir(), 'hnn-simulate-'));

/** Saves a small randomly initialised model for `task` and returns its path. */
function smallModel(kind: 'hnn' | 'baseline', task: string | null): string {
  // Two outputs either way: (F₁, F₂) for the HNN, ẋ for the baseline.
  const mlp = { inputDim: 2, hiddenDim: 16, hiddenLayers: 2, outputDim: 2, activation: 'tanh' as const };
  const spec: StateModelSpec = kind === 'hnn' ? { kind, field: 'solenoidal', mlp } : { kind, mlp };
  const path = join(dir, `${kind}-${task ?? 'none'}.json`);
  saveModelFile(path, modelToFile(createModel(new JsKernels<Float32Array>('float32'), spec, new Random(7)), { task }));
  return path;
}

const hnnModel = smallModel('hnn', 'spring');
const baselineModel = smallModel('baseline', 'pendulum');

/** Parses CSV output into its header and numeric rows (skipping `#` lines). */
function csv(text: string): { header: string[]; rows: number[][]; comments: string[] } {
  const lines = text.trim().split('\n');
  return {
    header: lines[0]!.split(','),
    rows: lines.slice(1).filter((l) => !l.startsWith('#')).map((l) => l.split(',').map(Number)),
    comments: lines.filter((l) => l.startsWith('#')),
  };
}

/** Runs `hnn simulate` and returns stdout, failing on a non-zero exit. */
function simulate(args: string[]): string {
  const r = hnn(['simulate', ...args]);
  assert.equal(r.status, 0, r.stderr);
  return r.stdout;
}

test('simulate prints t, the state, the true energy and the learned H as CSV; H is conserved along the HNN path', () => {
  const { header, rows } = csv(simulate([hnnModel, '--x0', '0.5,-0.3', '--t-end', '5', '--points', '11']));
  assert.deepEqual(header, ['t', 'q', 'p', 'energy', 'H']);
  assert.equal(rows.length, 11);
  assert.deepEqual(rows.map((r) => r[0]), [0, 0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 4.5, 5]);
  assert.deepEqual(rows[0]!.slice(1, 4), [0.5, -0.3, 0.5 * 0.5 + 0.3 * 0.3]);
  const h0 = rows[0]![4]!;
  for (const r of rows) assert.ok(Math.abs(r[4]! - h0) <= 1e-5 * Math.max(1, Math.abs(h0)), `H ${r[4]} vs ${h0}`);
});

test('simulate --format json; a baseline has no learned H', () => {
  const out = JSON.parse(simulate([baselineModel, '--x0', '1,0', '--t-end', '1', '--points', '3', '--format', 'json']));
  assert.equal(out.task, 'pendulum');
  assert.equal(out.integrator, 'dopri5');
  assert.deepEqual(out.t, [0, 0.5, 1]);
  assert.deepEqual(out.states[0], [1, 0]);
  assert.equal(out.trueEnergy[0], 3 * (1 - Math.cos(1)));
  assert.equal(out.learnedH, null);
  assert.equal(out.returnError, undefined);
  const { header } = csv(simulate([baselineModel, '--x0', '1,0', '--t-end', '1']));
  assert.deepEqual(header, ['t', 'q', 'p', 'energy']);
  const untasked = csv(simulate([smallModel('hnn', null), '--x0', '1,0', '--t-end', '1']));
  assert.deepEqual(untasked.header, ['t', 'q', 'p', 'H']);
});

test('every integrator runs; --reverse prints the return error ‖x(0) − x_back(0)‖', () => {
  for (const integrator of ['dopri5', 'rk4', 'leapfrog', 'implicit-midpoint']) {
    const { rows, comments } = csv(simulate([hnnModel, '--x0', '0.5,-0.3', '--t-end', '3', '--points', '4', '--integrator', integrator, '--dt', '0.02', '--rtol', '1e-10', '--reverse']));
    assert.equal(rows.length, 4);
    assert.equal(comments.length, 1);
    const match = /^# return error ‖x\(0\) − x_back\(0\)‖ = (\S+)$/.exec(comments[0]!);
    assert.ok(match, comments[0]);
    assert.ok(Number(match[1]) < 1e-5, `${integrator}: return error ${match[1]}`);
  }
  const out = JSON.parse(simulate([hnnModel, '--x0', '0.5,-0.3', '--t-end', '3', '--reverse', '--format', 'json']));
  assert.ok(out.returnError >= 0 && out.returnError < 1e-5);
});

test('simulate --add-energy follows ∇H first: the learned H rises, then stays', () => {
  const before = csv(simulate([hnnModel, '--x0', '0.5,-0.3', '--t-end', '1', '--points', '2'])).rows[0]![4]!;
  const out = JSON.parse(simulate([hnnModel, '--x0', '0.5,-0.3', '--t-end', '1', '--points', '2', '--add-energy', '0.5', '--format', 'json']));
  assert.deepEqual(out.addEnergy.from, [0.5, -0.3]);
  assert.deepEqual(out.addEnergy.to, out.states[0]);
  assert.ok(out.learnedH[0] > before, `H ${out.learnedH[0]} after adding energy, ${before} before`);
  assert.ok(Math.abs(out.learnedH[1] - out.learnedH[0]) < 1e-5 * Math.max(1, Math.abs(out.learnedH[0])));
});

test('simulate: bad usage is one line on stderr with exit code 2', () => {
  const cases: [string[], RegExp][] = [
    [[hnnModel, '--x0', '1,0,2', '--t-end', '1'], /--x0 has 3 numbers but the model .* has state dimension 2/],
    [[baselineModel, '--x0', '1,0', '--t-end', '1', '--add-energy', '1'], /--add-energy follows ∇H, which only an HNN or a D-HNN has/],
    [[hnnModel, '--x0', '1,0', '--t-end', '1', '--integrator', 'euler'], /--integrator.*expected one of dopri5, rk4, leapfrog, implicit-midpoint/],
    [[hnnModel, '--x0', '1,zero', '--t-end', '1'], /--x0.*expected comma-separated numbers/],
    [[hnnModel, '--x0', '1,0'], /--t-end/],
    [[hnnModel, '--x0', '1,0', '--t-end', '1', '--format', 'xml'], /--format.*expected one of csv, json/],
    [[hnnModel, '--t-end', '1'], /give the start with --x0$/],
    [[hnnModel, '--state', '0.1,0', '--t-end', '1'], /--state renders a pendulum state into frames, for pixel models; .* is a model of states \(give its start with --x0\)/],
  ];
  for (const [args, pattern] of cases) {
    const r = hnn(['simulate', ...args]);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    const lines = r.stderr.trim().split('\n');
    assert.equal(lines.length, 1, r.stderr);
    assert.match(lines[0]!, pattern);
  }
});

test("the authors' spring HNN: its learned H and the true energy stay put over 20 time units; adding energy raises both", { skip: missing(sharedPath('reference', 'models', 'spring-hnn.json')) }, () => {
  const model = join(dir, 'spring-hnn.json');
  assert.equal(hnn(['import-torch', sharedPath('reference', 'models', 'spring-hnn.json'), '--task', 'spring', '--model', 'hnn', '--out', model]).status, 0);
  const plain = JSON.parse(simulate([model, '--x0', '1,0', '--t-end', '20', '--format', 'json', '--integrator', 'implicit-midpoint']));
  const energy: number[] = plain.trueEnergy;
  assert.ok(Math.max(...energy) - Math.min(...energy) < 0.05, `true energy range ${Math.min(...energy)}…${Math.max(...energy)}`);
  const pushed = JSON.parse(simulate([model, '--x0', '1,0', '--t-end', '1', '--add-energy', '0.5', '--format', 'json']));
  assert.ok(pushed.trueEnergy[0] > 1.2 && pushed.learnedH[0] > plain.learnedH[0]);
});
