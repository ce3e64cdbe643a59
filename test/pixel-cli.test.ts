import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GifReader } from 'omggif';
import { hnn } from './helpers/cli.js';
import { modelFromFile, type PixelModelFile } from '../src/io/model-file.js';
import { loadModelFile } from '../src/node/model-files.js';
import { JsKernels } from '../src/kernels/js.js';
import { pixelInputOfState } from '../src/systems/pixel-pendulum/dataset.js';

test('hnn train --task pixel-pendulum, then hnn evaluate --energy --json, hnn plot and hnn simulate on the saved model (data from the content-hashed cache)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hnn-pixel-cli-'));
  try {
    const out = join(dir, 'pixel.json');
    const cache = join(dir, 'cache');
    const train = hnn(['train', '--task', 'pixel-pendulum', '--model', 'hnn', '--steps', '3', '--seed', '1', '--out', out, '--cache-dir', cache, '--quiet']);
    assert.equal(train.status, 0, train.stderr);
    assert.match(train.stdout, /train loss .* ± .*\ntest loss .* ± /);
    assert.equal(readdirSync(cache).filter((f) => /^pixel-pendulum-[0-9a-f]{64}\.bin$/.test(f)).length, 1);
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(saved.spec.kind, 'pixel');
    assert.equal(saved.training.steps, 3);
    assert.equal(saved.training.batchSize, 200);
    assert.equal(saved.training.dataset.options.seed, 1);

    const evaluate = hnn(['evaluate', out, '--energy', '--json', '--cache-dir', cache]);
    assert.equal(evaluate.status, 0, evaluate.stderr);
    const result = JSON.parse(evaluate.stdout);
    assert.equal(result.task, 'pixel-pendulum');
    for (const key of ['trainLoss', 'testLoss', 'energyMse']) assert.ok(Number.isFinite(result[key].mean) && result[key].stderr >= 0, key);
    assert.equal(result.energyMse.protocol, 'pixel-latent-rk4');
    assert.equal(result.energyMse.perSample.length, 40, 'the 40 test trajectories');
    // The same losses as recorded at the end of training (same data, same weights).
    assert.ok(Math.abs(result.testLoss.mean - saved.metrics.testLoss.mean) <= 1e-6 * saved.metrics.testLoss.mean);

    // hnn plot on the pixel model: its latent space, the energy along a chosen test trajectory, the rollout GIF.
    const plot = (args: string[]) => hnn(['plot', out, '--cache-dir', cache, ...args]);
    const phase = plot(['--kind', 'phase']);
    assert.equal(phase.status, 0, phase.stderr);
    assert.match(phase.stdout, /wrote .*pixel-phase\.svg \(phase figure of the pixel-pendulum hnn\)/);
    assert.match(readFileSync(join(dir, 'pixel-phase.svg'), 'utf8'), /latent \(z_q, z_p\)/);
    const energy = plot(['--kind', 'energy', '--trajectory', '39', '--out', join(dir, 'energy.png')]);
    assert.equal(energy.status, 0, energy.stderr);
    assert.deepEqual([...readFileSync(join(dir, 'energy.png')).subarray(1, 4)], [0x50, 0x4e, 0x47], 'a PNG');
    const rollout = plot(['--kind', 'rollout']);
    assert.equal(rollout.status, 0, rollout.stderr);
    const gif = new GifReader(readFileSync(join(dir, 'pixel-rollout.gif')));
    assert.equal(gif.numFrames(), 100, 'one frame per row of a test trajectory');

    // hnn simulate runs the latent HNN from a latent start: its learned H is conserved along the path.
    const sim = hnn(['simulate', out, '--x0', '0.1,-0.05', '--t-end', '30', '--points', '31', '--rtol', '1e-10', '--reverse']);
    assert.equal(sim.status, 0, sim.stderr);
    const lines = sim.stdout.trim().split('\n');
    assert.equal(lines[0], 't,z_q,z_p,H');
    const rows = lines.slice(1, 32).map((line) => line.split(',').map(Number));
    assert.equal(rows.length, 31);
    assert.deepEqual(rows[0]!.slice(0, 3), [0, 0.1, -0.05]);
    const h = rows.map((row) => row[3]!);
    const moved = Math.hypot(rows[30]![1]! - 0.1, rows[30]![2]! + 0.05);
    assert.ok(moved > 1e-3, `the latent state moves (${moved})`);
    for (const v of h) assert.ok(Math.abs(v - h[0]!) <= 1e-6 * Math.max(1, Math.abs(h[0]!)), `H conserved: ${v} vs ${h[0]}`);
    assert.match(lines[32]!, /^# return error ‖x\(0\) − x_back\(0\)‖ = /);

    // plot --state plays the pendulum through a chosen state beside the model's rollout (no pixel data needed).
    const fromStateGif = plot(['--kind', 'rollout', '--state', '0.3,0', '--out', join(dir, 'state.gif')]);
    assert.equal(fromStateGif.status, 0, fromStateGif.stderr);
    const stateGif = new GifReader(readFileSync(join(dir, 'state.gif')));
    assert.equal(stateGif.numFrames(), 100, 'as long as a trajectory of the model\'s data');
    assert.equal(stateGif.width, gif.width, 'two panels, as the test-trajectory rollout');

    // --state starts from a pendulum state: the latent start is the code of the frame pair that shows it.
    const fromState = hnn(['simulate', out, '--state', '0.2,-0.1', '--t-end', '5', '--points', '6', '--format', 'json', '--backend', 'js']);
    assert.equal(fromState.status, 0, fromState.stderr);
    const path = JSON.parse(fromState.stdout);
    assert.deepEqual(path.fromState, [0.2, -0.1]);
    assert.deepEqual(path.coordinates, ['z_q', 'z_p']);
    const encoder = modelFromFile(loadModelFile(out) as PixelModelFile, new JsKernels('float64'));
    const code = encoder.encode(pixelInputOfState(0.2, -0.1));
    for (let k = 0; k < 2; k++) assert.ok(Math.abs(path.states[0][k] - code[k]!) <= 1e-5 * Math.max(1, Math.abs(code[k]!)), `z${k}: ${path.states[0][k]} vs ${code[k]}`);
    assert.ok(path.learnedH.every((v: number) => Math.abs(v - path.learnedH[0]) <= 1e-6 * Math.max(1, Math.abs(path.learnedH[0]))), 'H conserved');

    for (const [args, message] of [
      [['simulate', out, '--state', '0.2,0', '--x0', '0,0', '--t-end', '1'], /--x0 and --state both give the start; use one/],
      [['simulate', out, '--t-end', '1'], /give the start with --x0 \(latent z_q,z_p\) or --state/],
      [['simulate', out, '--state', '0.2,3', '--t-end', '1'], /--state <q,p>' argument '0\.2,3' is invalid\. p = 3 is beyond ±2/],
      [['simulate', out, '--state', '0.2', '--t-end', '1'], /--state <q,p>' argument '0\.2' is invalid\. expected 2 numbers/],
      [['plot', out, '--kind', 'phase', '--state', '0.2,0'], /--state applies to --kind rollout/],
      [['plot', out, '--kind', 'rollout', '--state', '0.2,0', '--trajectory', '1'], /--state and --trajectory both choose the rollout; use one/],
      [['plot', out, '--kind', 'hamiltonian', '--cache-dir', cache], /--kind hamiltonian compares .* pixel model/],
      [['plot', out, '--kind', 'phase', '--x0', '0.1,0', '--cache-dir', cache], /--x0 applies to models of states/],
      [['plot', out, '--kind', 'rollout', '--out', join(dir, 'x.svg'), '--cache-dir', cache], /--out must end in \.gif/],
      [['plot', out, '--kind', 'energy', '--trajectory', '40', '--cache-dir', cache], /--trajectory 40: .* holds 40 trajectories \(0–39\)/],
      [['train', '--task', 'pixel-pendulum', '--model', 'hnn', '--field', 'both', '--out', join(dir, 'x.json')], /--field applies to the tasks on states, not to pixel-pendulum/],
      [['evaluate', out, '--dataset', out], /--dataset gives the data of a model of states; .* is a pixel model/],
      [['simulate', out, '--x0', '0,0,0', '--t-end', '1'], /--x0 has 3 numbers but the model .* has latent dimension 2/],
    ] as [string[], RegExp][]) {
      const r = hnn(args);
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, message);
    }
    assert.ok(!existsSync(join(dir, 'x.json')) && !existsSync(join(dir, 'x.svg')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('hnn reproduce --tasks pixel-pendulum: its Table 1 row beside the paper\'s, figures, the GIF, and report.html linking them', () => {
  const out = mkdtempSync(join(tmpdir(), 'hnn-pixel-reproduce-'));
  try {
    const r = hnn(['reproduce', '--tasks', 'pixel-pendulum', '--steps-scale', '0.0002', '--out', out, '--quiet']);
    assert.equal(r.status, 0, r.stderr);
    const table = readFileSync(join(out, 'table1.md'), 'utf8');
    assert.match(table, /\| pixel-pendulum \(×10³\) \| ours \(seed 0\) \|( [^|]+ ±[^|]+\|){6}/);
    assert.match(table, /\| pixel-pendulum \(×10³\) \| paper \| 18 ± 0\.2 \| 19 ± 0\.2 \| 17 ± 0\.3 \| 18 ± 0\.3 \| 9\.3 ± 1 \| 0\.15 ± 0\.01 \|/);
    assert.ok(existsSync(join(out, '.cache')), 'the frames are cached under the output directory');
    const gif = new GifReader(readFileSync(join(out, 'figures', 'pixel-pendulum-rollout.gif')));
    assert.equal(gif.numFrames(), 100, 'one frame per row of a test trajectory');
    const report = readFileSync(join(out, 'report.html'), 'utf8');
    for (const name of ['pixel-pendulum-latent.svg', 'pixel-pendulum-energy.svg', 'pixel-pendulum-rollout.gif']) {
      assert.ok(report.includes(`src="figures/${name}"`), name);
      assert.ok(existsSync(join(out, 'figures', name)), name);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});
