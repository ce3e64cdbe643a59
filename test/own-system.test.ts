import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '../src/core/random.js';
import { solveIvp } from '../src/integrate/dopri5.js';
import { linspace } from '../src/integrate/linspace.js';
import { createKernels } from '../src/node/kernels.js';
import { runTask } from '../src/run/run-task.js';
import { simulateModel } from '../src/eval/simulate.js';
import { dampedSpringTask } from '../src/tasks/damped-spring.js';
import { hnn, type CliRun } from './helpers/cli.js';
import { projectRoot } from './helpers/shared.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'hnn-own-'));

/** Exit code 2 and one line on stderr matching `pattern`. */
function assertUsageError(r: CliRun, pattern: RegExp): void {
  assert.equal(r.status, 2, `exit ${r.status}: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0]!, pattern);
}

/** `count` noisy pendulum trajectories (H = 1 − cos q + p²/2) as CSV: trajectory, t, q, p; t ∈ [0, 60] at 241 points. */
function pendulumCsv(count: number, noise: number): string {
  const rng = new Random(7);
  const f = (_t: number, x: Float64Array, d: Float64Array): void => {
    d[0] = x[1]!;
    d[1] = -Math.sin(x[0]!);
  };
  const lines = ['trajectory,t,q,p'];
  for (let k = 0; k < count; k++) {
    const t = linspace(0, 60, 241);
    const sol = solveIvp(f, [0, 60], [rng.uniform(-1.5, 1.5), rng.uniform(-1, 1)], { rtol: 1e-10, atol: 1e-10, tEval: t });
    for (let i = 0; i < t.length; i++) lines.push(`${k},${t[i]},${sol.y[2 * i]! + noise * rng.normal()},${sol.y[2 * i + 1]! + noise * rng.normal()}`);
  }
  return lines.join('\n') + '\n';
}

test('your own CSV: 30 pendulum trajectories (σ = 0.01); with their energy the HNN keeps it ≥ 10× better than the baseline; without it, no borrowed physics', () => {
  const dir = tmp();
  const csv = join(dir, 'pend.csv');
  writeFileSync(csv, pendulumCsv(30, 0.01));
  const energy = '1 - cos(q) + p^2/2';
  const measured: Record<string, number> = {};
  for (const model of ['hnn', 'baseline']) {
    const out = join(dir, `${model}.json`);
    const trained = hnn(['train', '--data', csv, '--model', model, '--energy', energy, '--steps', '1000', '--batch-size', '500', '--quiet', '--out', out]);
    assert.equal(trained.status, 0, trained.stderr);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(file.task, 'csv');
    assert.equal(file.training.task.file, csv);
    assert.match(file.training.task.sha256, /^[0-9a-f]{64}$/);
    assert.deepEqual(file.training.task.coordinates, ['q', 'p']);
    const r = hnn(['evaluate', out, '--energy', '--json']);
    assert.equal(r.status, 0, r.stderr);
    measured[model] = JSON.parse(r.stdout).energyMse.mean;
  }
  assert.ok(measured['hnn']! * 10 <= measured['baseline']!, `energy MSE: HNN ${measured['hnn']} vs baseline ${measured['baseline']}`);

  // Without a known energy: losses work, the energy metric and energy figures refuse.
  const bare = join(dir, 'bare.json');
  assert.equal(hnn(['train', '--data', csv, '--model', 'baseline', '--steps', '5', '--quiet', '--out', bare]).status, 0);
  assert.equal(hnn(['evaluate', bare]).status, 0);
  assertUsageError(hnn(['evaluate', bare, '--energy']), /no true energy for the data of task csv; pass --energy EXPR/);
  assertUsageError(hnn(['plot', bare, '--kind', 'energy', '--out', join(dir, 'e.svg')]), /no true energy for the data of task csv; pass --energy EXPR/);
  const given = hnn(['evaluate', bare, '--energy', energy, '--json']);
  assert.equal(given.status, 0, given.stderr);
  assert.ok(JSON.parse(given.stdout).energyMse.mean > 0);

  // The model file finds its data again: moved → --data; changed → refused.
  const moved = join(dir, 'moved.csv');
  renameSync(csv, moved);
  assertUsageError(hnn(['evaluate', bare]), /pend\.csv: file not found/);
  assert.equal(hnn(['evaluate', bare, '--data', moved]).status, 0);
  writeFileSync(csv, readFileSync(moved, 'utf8').replace('0,0,', '0,0.0,'));
  assertUsageError(hnn(['evaluate', bare]), /pend\.csv: not the data .*bare\.json was trained on \(its sha256 differs/);
});

test('your own CSV: a bad file or formula is one line naming line and column (or position), exit 2', () => {
  const dir = tmp();
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const train = (csv: string, ...extra: string[]): CliRun => hnn(['train', '--data', csv, '--model', 'hnn', '--steps', '1', '--out', join(dir, 'm.json'), ...extra]);
  const rows = (n: number, from = 0): string => Array.from({ length: n }, (_, i) => `${(from + i) / 10},${Math.cos(i / 10)},${-Math.sin(i / 10)}`).join('\n');
  assertUsageError(train(write('nop.csv', `t,q\n${rows(5).replace(/,[^,\n]*$/gm, '')}\n`)), /nop\.csv: .*p/);
  assertUsageError(train(write('dup.csv', `t,q,p,q\n0,1,0,1\n`)), /dup\.csv: line 1, column 4: duplicate column "q"/);
  assertUsageError(train(write('word.csv', `t,q,p\n${rows(3)}\n0.3,abc,1\n`)), /word\.csv: line 5, column 2 \(q\): "abc" is not a number/);
  assertUsageError(train(write('nan.csv', `t,q,p\n${rows(3)}\n0.3,NaN,1\n`)), /nan\.csv: line 5, column 2 \(q\)/);
  assertUsageError(train(write('short.csv', `trajectory,t,q,p\n${rows(2).replace(/^/gm, 'a,')}\n${rows(8).replace(/^/gm, 'b,')}\n`)), /short\.csv: .*trajectory "a".*2 rows.*at least 3/);
  assertUsageError(train(write('back.csv', `t,q,p\n${rows(4)}\n0.1,1,0\n`)), /back\.csv: line 6, column 1 \(t\): time 0\.1 does not increase/);
  const good = write('good.csv', `t,q,p\n${rows(30)}\n`);
  assertUsageError(train(good, '--energy', 'p^2/2 + theta'), /energy "p\^2\/2 \+ theta": unknown name "theta" at 9; known: q, p/);
  assertUsageError(hnn(['train', '--hamiltonian', 'p^2/2 + q^4/4)', '--model', 'hnn', '--steps', '1']), /hamiltonian "p\^2\/2 \+ q\^4\/4\)": unexpected '\)' at 14/);
  assertUsageError(hnn(['train', '--hamiltonian', 'p^2 + x', '--model', 'hnn', '--steps', '1']), /hamiltonian "p\^2 \+ x": unknown name "x" at 7/);
  assertUsageError(hnn(['train', '--task', 'spring', '--energy', 'q', '--model', 'hnn']), /--energy applies to CSV data/);
  // A task that makes its own data does not silently drop the file given with it.
  assertUsageError(hnn(['train', '--task', 'spring', '--data', good, '--model', 'hnn', '--steps', '1', '--out', join(dir, 'never.json')]), /--data gives your CSV trajectories .*--task spring makes its own data/);
  assert.equal(existsSync(join(dir, 'never.json')), false);
  assertUsageError(hnn(['train', '--model', 'hnn']), /give the task: --task NAME, --data FILE\.csv .* or --hamiltonian EXPR/);
});

test('a Hamiltonian typed as an expression trains, and its model file brings the task back for evaluate, simulate and plot', () => {
  const dir = tmp();
  const out = join(dir, 'quartic.json');
  const trained = hnn(['train', '--hamiltonian', 'p^2/2 + q^4/4', '--model', 'hnn', '--steps', '100', '--quiet', '--out', out]);
  assert.equal(trained.status, 0, trained.stderr);
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).training.task.hamiltonian, 'p^2/2 + q^4/4');
  const ev = hnn(['evaluate', out, '--energy', '--json']);
  assert.equal(ev.status, 0, ev.stderr);
  assert.ok(JSON.parse(ev.stdout).energyMse.mean > 0);
  const sim = hnn(['simulate', out, '--x0', '1,0', '--t-end', '1', '--points', '3']);
  assert.equal(sim.status, 0, sim.stderr);
  const [header, first] = sim.stdout.trim().split('\n');
  assert.equal(header, 't,q,p,energy,H');
  assert.equal(Number(first!.split(',')[3]), 0.25, 'the true energy p²/2 + q⁴/4 at (1, 0)');
  assert.equal(hnn(['plot', out, '--kind', 'hamiltonian', '--out', join(dir, 'h.svg')]).status, 0);
});

test('a task defined in one file (test/fixtures/quartic-task.ts) trains, evaluates, simulates and plots through the CLI', () => {
  const dir = tmp();
  const out = join(dir, 'q.json');
  const module = join(projectRoot, 'dist', 'test', 'fixtures', 'quartic-task.js');
  assertUsageError(hnn(['train', '--task', module, '--data', module, '--model', 'hnn', '--steps', '1', '--out', out]), /--task quartic makes its own data/);
  const trained = hnn(['train', '--task', module, '--model', 'hnn', '--steps', '50', '--quiet', '--out', out]);
  assert.equal(trained.status, 0, trained.stderr);
  const file = JSON.parse(readFileSync(out, 'utf8'));
  assert.equal(file.task, 'quartic');
  assert.deepEqual(file.training.task, { kind: 'module', file: module });
  assert.equal(file.training.steps, 50);
  const ev = hnn(['evaluate', out, '--energy', '--json']);
  assert.equal(ev.status, 0, ev.stderr);
  assert.ok(JSON.parse(ev.stdout).energyMse.perSample.length === 15);
  assert.equal(hnn(['simulate', out, '--x0', '1,0', '--t-end', '1']).status, 0);
  const plot = hnn(['plot', out, '--kind', 'energy', '--out', join(dir, 'energy.svg')]);
  assert.equal(plot.status, 0, plot.stderr);
  assert.match(readFileSync(join(dir, 'energy.svg'), 'utf8'), /Quartic oscillator: total energy/);
});

test('D-HNN on the damped spring: its energy decays as the truth does from (1, 0) to t = 10; an HNN cannot follow; H and D figures', async () => {
  const task = dampedSpringTask();
  const kernels = createKernels();
  const truth = solveIvp(task.system!.dynamics!, [0, 10], [1, 0], { rtol: 1e-10, atol: 1e-12 });
  const end = truth.y.subarray(truth.y.length - 2);
  const trueRatio = task.system!.energy(end) / task.system!.energy(Float64Array.of(1, 0));
  const ratios: Record<string, number> = {};
  for (const kind of ['dhnn', 'hnn'] as const) {
    const run = runTask(task, kernels, { kind, seed: 0 });
    const sim = simulateModel(run.model, { x0: Float64Array.of(1, 0), tEnd: 10, points: 2, integrator: 'dopri5', trueEnergy: task.system!.energy });
    ratios[kind] = sim.trueEnergy![1]! / sim.trueEnergy![0]!;
  }
  assert.ok(Math.abs(ratios['dhnn']! / trueRatio - 1) <= 0.1, `D-HNN E(10)/E(0) = ${ratios['dhnn']} vs the truth's ${trueRatio}`);
  assert.ok(ratios['hnn']! > 1.6 * trueRatio, `an HNN keeps its energy: E(10)/E(0) = ${ratios['hnn']} vs the truth's ${trueRatio}`);

  const dir = tmp();
  const out = join(dir, 'dhnn.json');
  assert.equal(hnn(['train', '--task', 'damped-spring', '--model', 'dhnn', '--steps', '20', '--quiet', '--out', out]).status, 0);
  for (const kind of ['hamiltonian', 'dissipation']) {
    const r = hnn(['plot', out, '--kind', kind, '--out', join(dir, `${kind}.svg`)]);
    assert.equal(r.status, 0, r.stderr);
  }
  assert.match(readFileSync(join(dir, 'dissipation.svg'), 'utf8'), /true and learned dissipation D/);
  const sim = hnn(['simulate', out, '--x0', '1,0', '--t-end', '1', '--points', '2']);
  assert.equal(sim.stdout.split('\n')[0], 't,q,p,energy,H,D');
  const hnnOut = join(dir, 'hnn.json');
  assert.equal(hnn(['train', '--task', 'damped-spring', '--model', 'hnn', '--steps', '2', '--quiet', '--out', hnnOut]).status, 0);
  assertUsageError(hnn(['plot', hnnOut, '--kind', 'dissipation']), /--kind dissipation draws the learned D, which only a dhnn model has/);
  assertUsageError(hnn(['train', '--task', 'pixel-pendulum', '--model', 'dhnn', '--steps', '1']), /latent dynamics are an hnn or a baseline, not a dhnn/);
});
