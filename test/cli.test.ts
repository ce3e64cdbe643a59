import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { hnn } from './helpers/cli.js';
import { missing, projectRoot, sharedPath } from './helpers/shared.js';
import { REFERENCE_LOSSES, sameDigits } from './helpers/reference-numbers.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'hnn-cli-'));

/** Asserts a usage failure: exit code 2, one line on stderr containing `pattern`. */
function assertUsageError(args: string[], pattern: RegExp): void {
  const r = hnn(args);
  assert.equal(r.status, 2, `exit code for ${args.join(' ')}: ${r.status}, stderr ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line expected, got: ${r.stderr}`);
  assert.match(lines[0]!, pattern);
}

test('--help works for the program and every command', () => {
  const top = hnn(['--help']);
  assert.equal(top.status, 0);
  const commands = [...top.stdout.split('Commands:')[1]!.matchAll(/^ {2}([a-z-]+) /gm)].map((m) => m[1]!).filter((c) => c !== 'help');
  assert.deepEqual(commands.sort(), ['evaluate', 'import-torch', 'plot', 'reproduce', 'simulate', 'train']);
  for (const command of commands) {
    const r = hnn([command, '--help']);
    assert.equal(r.status, 0, `${command} --help: ${r.stderr}`);
    assert.match(r.stdout, new RegExp(`Usage: hnn ${command}`));
  }
});

test('bad usage: unknown task, unknown flag, bad number, missing option → exit 2 with one line', () => {
  assertUsageError(['train', '--task', 'spirng', '--model', 'hnn'], /--task.*spirng.*expected one of spring, pendulum/);
  assertUsageError(['train', '--task', 'spring', '--model', 'hnn', '--frobnicate'], /unknown option '--frobnicate'/);
  assertUsageError(['train', '--task', 'spring', '--model', 'hnn', '--steps', '12x'], /--steps.*12x.*integer/);
  assertUsageError(['train', '--task', 'spring', '--model', 'hnn', '--lr', '-1'], /--lr.*positive number/);
  assertUsageError(['train', '--model', 'hnn'], /--task/);
  assertUsageError(['reproduce', '--tasks', 'spring,moon'], /--tasks.*expected a comma-separated list/);
  assertUsageError(['train', '--task', 'spring', '--model', 'hnn', '--threads', '0'], /--threads.*0.*integer from 1 to/);
  assertUsageError(['import-torch', 'w.json', '--task', 'pixel-pendulum', '--model', 'hnn', '--out', 'm.json'], /--task.*pixel-pendulum.*expected one of spring, pendulum, real-pendulum, two-body, three-body, damped-spring\./);
});

test('train --json: the summary names the backend and threads; --backend wasm where WebAssembly cannot run is a usage error, auto says what runs instead', () => {
  const out = join(tmp(), 'm.json');
  const r = hnn(['train', '--task', 'spring', '--model', 'baseline', '--steps', '3', '--threads', '2', '--json', '--out', out]);
  assert.equal(r.status, 0, r.stderr);
  const summary = JSON.parse(r.stdout);
  assert.ok(['native', 'wasm'].includes(summary.backend), summary.backend);
  assert.equal(summary.threads, 2);
  assert.equal(summary.steps, 3);
  assert.equal(summary.model, out);
  assert.ok(summary.testLoss.mean > 0 && summary.trainLoss.stderr > 0);
  // node --jitless has no WebAssembly, and an unknown HNN_NATIVE_ISA keeps the native kernels out: a machine where no fast kernels load.
  const env = { ...process.env, HNN_NATIVE_ISA: 'none' };
  const jitless = (args: string[]) => spawnSync(process.execPath, ['--jitless', join(projectRoot, 'dist', 'src', 'cli', 'main.js'), ...args], { encoding: 'utf8', env });
  const wasm = jitless(['train', '--task', 'spring', '--model', 'hnn', '--steps', '1', '--backend', 'wasm', '--out', out]);
  assert.equal(wasm.status, 2);
  const ours = wasm.stderr.split('\n').filter((l) => l.startsWith('hnn:'));
  assert.equal(ours.length, 1, wasm.stderr);
  assert.match(ours[0]!, /--backend wasm: the WebAssembly kernels cannot run here: .*; use --backend auto/);
  const auto = jitless(['train', '--task', 'spring', '--model', 'hnn', '--steps', '1', '--hidden', '8', '--quiet', '--json', '--out', out]);
  assert.equal(auto.status, 0, auto.stderr);
  assert.match(auto.stderr, /hnn: note: the wasm kernels cannot run here \(.*\); using the js kernels \(much slower\)/);
  assert.equal(JSON.parse(auto.stdout).backend, 'js');
  // Native kernels that cannot load: --backend native is a usage error, auto says it runs WebAssembly instead.
  const plain = (args: string[]) => spawnSync(process.execPath, [join(projectRoot, 'dist', 'src', 'cli', 'main.js'), ...args], { encoding: 'utf8', env });
  const native = plain(['train', '--task', 'spring', '--model', 'hnn', '--steps', '1', '--backend', 'native', '--out', out]);
  assert.equal(native.status, 2);
  assert.match(native.stderr.trim(), /^hnn: error: --backend native: the native kernels are not available: .*HNN_NATIVE_ISA.*; use --backend auto/);
  const fallback = plain(['train', '--task', 'spring', '--model', 'hnn', '--steps', '1', '--quiet', '--json', '--out', out]);
  assert.equal(fallback.status, 0, fallback.stderr);
  assert.match(fallback.stderr.trim(), /^hnn: note: the native kernels cannot run here \(.*\); using the wasm kernels \(slower\)$/);
  assert.equal(JSON.parse(fallback.stdout).backend, 'wasm');
});

test('--threads: the same model from 1 and 2 threads, and the count is recorded', () => {
  const dir = tmp();
  const weights = [1, 2].map((threads) => {
    const out = join(dir, `t${threads}.json`);
    const r = hnn(['train', '--task', 'spring', '--model', 'hnn', '--steps', '20', '--threads', String(threads), '--quiet', '--out', out]);
    assert.equal(r.status, 0, r.stderr);
    const file = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(file.training.threads, threads);
    return file.weights;
  });
  assert.deepEqual(weights[1], weights[0]);
});

test('bad files: missing, corrupt JSON, wrong format, bad field → exit 2 naming file and field; nothing written', () => {
  const dir = tmp();
  assertUsageError(['evaluate', join(dir, 'nope.json')], /nope\.json: file not found/);
  const corrupt = join(dir, 'corrupt.json');
  writeFileSync(corrupt, '{"format": "hnn-model", "version": 1, "spec": ');
  assertUsageError(['evaluate', corrupt], /corrupt\.json: content: expected valid JSON/);
  const foreign = join(dir, 'foreign.json');
  writeFileSync(foreign, JSON.stringify({ format: 'something-else' }));
  assertUsageError(['evaluate', foreign], /foreign\.json: field "format": expected "hnn-model"/);
  const badHidden = join(dir, 'bad-hidden.json');
  writeFileSync(badHidden, JSON.stringify({ format: 'hnn-model', version: 1, spec: { kind: 'hnn', field: 'solenoidal', mlp: { inputDim: 2, hiddenDim: 'wide', outputDim: 2, hiddenLayers: 2, activation: 'tanh' } } }));
  assertUsageError(['evaluate', badHidden], /bad-hidden\.json: field "spec\.mlp\.hiddenDim": expected an integer from 1 to 67108864, got "wide"/);
  const badData = join(dir, 'data.json');
  writeFileSync(badData, JSON.stringify({ x: [[0, 1]], dx: [[0, 1]], test_x: [[0, 'a']], test_dx: [[0, 1]] }));
  const out = join(dir, 'model.json');
  assertUsageError(['train', '--task', 'spring', '--model', 'hnn', '--dataset', badData, '--out', out], /data\.json: field "test_x\[0\]\[1\]": expected a finite number within float32 range \(\|x\| ≤ 3\.4028235e38\), got "a"/);
  assert.ok(!existsSync(out));
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), []);
});

for (const [ref, task] of [['spring', 'spring'], ['pend', 'pendulum']] as const) {
  for (const kind of ['hnn', 'baseline'] as const) {
    const weights = sharedPath('reference', 'models', `${ref}-${kind}.json`);
    const data = sharedPath('reference', 'datasets', `${ref}.json`);
    test(`hnn import-torch + evaluate --json on the authors' ${ref}-${kind} gives their losses`, { skip: missing(weights) ?? missing(data) }, () => {
      const dir = tmp();
      const model = join(dir, 'm.json');
      const imp = hnn(['import-torch', weights, '--task', task, '--model', kind, '--out', model]);
      assert.equal(imp.status, 0, imp.stderr);
      const r = hnn(['evaluate', model, '--dataset', data, '--json']);
      assert.equal(r.status, 0, r.stderr);
      const got = JSON.parse(r.stdout);
      const want = REFERENCE_LOSSES[`${ref}-${kind}`]!;
      for (const [key, [mean, err]] of [['trainLoss', want.train], ['testLoss', want.test]] as const) {
        assert.ok(sameDigits(got[key].mean, mean, 4), `${key}.mean ${got[key].mean} vs ${mean}`);
        assert.ok(sameDigits(got[key].stderr, err, 3), `${key}.stderr ${got[key].stderr} vs ${err}`);
      }
    });
  }
}

test('hnn train writes a model that hnn evaluate reads back with the same losses', () => {
  const dir = tmp();
  const out = join(dir, 'spring-baseline.json');
  const r = hnn(['train', '--task', 'spring', '--model', 'baseline', '--steps', '20', '--hidden', '32', '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /train loss .* ± .*\ntest loss .* ± /);
  const saved = JSON.parse(readFileSync(out, 'utf8'));
  const ev = hnn(['evaluate', out, '--json']);
  assert.equal(ev.status, 0, ev.stderr);
  const got = JSON.parse(ev.stdout);
  assert.deepEqual(got.trainLoss, saved.metrics.trainLoss);
  assert.deepEqual(got.testLoss, saved.metrics.testLoss);
  assert.equal(saved.training.steps, 20);
  assert.equal(saved.spec.mlp.hiddenDim, 32);
});

test('a model saved as .json.gz: compressed, read back by evaluate, plotted beside itself without the .json.gz', () => {
  const dir = tmp();
  const out = join(dir, 'spring-hnn.json.gz');
  const r = hnn(['train', '--task', 'spring', '--model', 'hnn', '--steps', '5', '--hidden', '16', '--out', out, '--quiet']);
  assert.equal(r.status, 0, r.stderr);
  assert.deepEqual([...readFileSync(out).subarray(0, 2)], [0x1f, 0x8b], 'gzip magic');
  const ev = hnn(['evaluate', out, '--json']);
  assert.equal(ev.status, 0, ev.stderr);
  assert.ok(JSON.parse(ev.stdout).testLoss.mean > 0);
  const plot = hnn(['plot', out, '--kind', 'phase']);
  assert.equal(plot.status, 0, plot.stderr);
  assert.ok(existsSync(join(dir, 'spring-hnn-phase.svg')), readdirSync(dir).join(', '));
});
