import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Random } from '../src/core/random.js';
import { parseCheckpoint, serializeCheckpoint } from '../src/io/checkpoint.js';
import { JsKernels } from '../src/kernels/js.js';
import { createModel } from '../src/models/factory.js';
import { nativeSupportedIsas } from '../src/node/native-kernels.js';
import { generateSpringDataset } from '../src/systems/trajectory-dataset.js';
import { train, Trainer, type TrainOptions } from '../src/train/train.js';
import { hnn } from './helpers/cli.js';
import { projectRoot } from './helpers/shared.js';

const tmp = (): string => mkdtempSync(join(tmpdir(), 'hnn-checkpoints-'));
const main = join(projectRoot, 'dist', 'src', 'cli', 'main.js');

/** A model file without its wall time (the one field that differs between runs of the same bits). */
function withoutTime(path: string): unknown {
  const file = JSON.parse(readFileSync(path, 'utf8'));
  delete file.training.seconds;
  return file;
}

/**
 * Runs the CLI and sends `signal` once its progress lines (printed every 10% of the steps when stderr
 * is not a terminal) report a step ≥ `atStep`; resolves with the exit code and stderr.
 */
function interrupt(args: string[], atStep: number, signal: NodeJS.Signals, env: NodeJS.ProcessEnv = process.env): Promise<{ code: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [main, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env });
    let stderr = '';
    let sent = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      stderr += chunk;
      const steps = [...stderr.matchAll(/step (\d+)\//g)].map((m) => Number(m[1]));
      if (!sent && steps.some((s) => s >= atStep)) {
        sent = true;
        child.kill(signal);
      }
    });
    child.on('exit', (code) => resolve({ code, stderr }));
  });
}

test('a trainer continued from a snapshot (through the checkpoint format) gives the bits of one never stopped', () => {
  const data = generateSpringDataset({ seed: 0, samples: 8 });
  const spec = { kind: 'hnn', field: 'solenoidal', mlp: { inputDim: 2, hiddenDim: 16, hiddenLayers: 2, outputDim: 2, activation: 'tanh' } } as const;
  const options: TrainOptions = { steps: 40, batchSize: 20, lr: 1e-2, weightDecay: 1e-4, seed: 3, logEvery: 7 };
  const kernels = new JsKernels<Float32Array>('float32');
  const straight = createModel(kernels, spec, new Random(1));
  const whole = train(straight, data, options);
  const first = new Trainer(createModel(kernels, spec, new Random(1)), data, options);
  while (first.step < 17) first.next();
  const saved = parseCheckpoint(JSON.parse(serializeCheckpoint({ run: { any: 'run' }, state: first.snapshot() })), 'c.json');
  const resumed = createModel(kernels, spec, new Random(99));
  const second = new Trainer(resumed, data, options);
  second.restore(saved.state);
  while (!second.done) second.next();
  assert.deepEqual(second.result().history, whole.history);
  assert.deepEqual(resumed.params().map((p) => Array.from(p.value)), straight.params().map((p) => Array.from(p.value)));
});

test('hnn train killed (SIGKILL) at random steps and run again finishes with the model of an uninterrupted run', async () => {
  const dir = tmp();
  const args = (out: string): string[] => ['train', '--task', 'spring', '--model', 'hnn', '--hidden', '32', '--steps', '500', '--checkpoint-every', '25', '--backend', 'wasm', '--threads', '1', '--out', out];
  const whole = join(dir, 'whole.json');
  assert.equal(hnn([...args(whole), '--quiet']).status, 0);
  const rng = new Random(11);
  for (let seed = 0; seed < 5; seed++) {
    const out = join(dir, `killed-${seed}.json`);
    const at = 100 + 50 * rng.int(7);
    const killed = await interrupt(args(out), at, 'SIGKILL');
    assert.equal(killed.code, null, 'killed by the signal');
    assert.ok(existsSync(`${out}.checkpoint.json`), `a checkpoint outlives the kill at step ${at}`);
    assert.ok(!existsSync(out), 'no model written by the killed run');
    const again = hnn([...args(out), '--quiet']);
    assert.equal(again.status, 0, again.stderr);
    assert.match(again.stderr, /hnn: spring hnn: resuming from step \d+ of 500 \(.*\.checkpoint\.json\)/);
    assert.deepEqual(withoutTime(out), withoutTime(whole), `killed at step ≥ ${at}`);
    assert.ok(!existsSync(`${out}.checkpoint.json`), 'the checkpoint is gone once the model is written');
  }
  assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp') || f.endsWith('.lock')), []);
});

test('Ctrl-C stops hnn train at a step boundary with a checkpoint and exit code 130; a diverging run exits 3 writing no model', async () => {
  const dir = tmp();
  const out = join(dir, 'm.json');
  const stopped = await interrupt(['train', '--task', 'spring', '--model', 'baseline', '--hidden', '32', '--steps', '2000', '--out', out], 200, 'SIGINT');
  assert.equal(stopped.code, 130);
  assert.match(stopped.stderr, /hnn: spring baseline: stopped at step \d+ of 2000; checkpoint saved to .*m\.json\.checkpoint\.json \(run the same command again to continue\)/);
  assert.ok(existsSync(`${out}.checkpoint.json`) && !existsSync(out));
  const diverged = hnn(['train', '--task', 'spring', '--model', 'baseline', '--lr', '1e30', '--steps', '50', '--quiet', '--out', join(dir, 'd.json')]);
  assert.equal(diverged.status, 3);
  assert.match(diverged.stderr.trim(), /^hnn: error: spring baseline: training diverged at step \d+: the (training|test) loss is (NaN|Infinity); no model was written$/);
  assert.ok(!existsSync(join(dir, 'd.json')));
});

test('a checkpoint of another run is refused, and a second writer of the same output waits its turn', () => {
  const dir = tmp();
  const out = join(dir, 'm.json');
  const base = ['train', '--task', 'spring', '--model', 'hnn', '--steps', '5', '--quiet', '--out', out];
  writeFileSync(`${out}.checkpoint.json`, readFileSync(join(projectRoot, 'package.json')));
  const foreign = hnn(base);
  assert.equal(foreign.status, 2);
  assert.match(foreign.stderr, /m\.json\.checkpoint\.json: field "format": expected "hnn-checkpoint"/);
  writeFileSync(`${out}.lock`, `${process.pid}\n`);
  const locked = hnn(base);
  assert.equal(locked.status, 2);
  assert.match(locked.stderr, new RegExp(`m\\.json is being written by process ${process.pid}`));
});

test('a run on the AMX path records its arithmetic in its checkpoint and model file, and the default path does not resume it', { skip: !nativeSupportedIsas().includes('amx') && 'no AMX here (CPU, compiler or OS permission)' }, async () => {
  const dir = tmp();
  const out = join(dir, 'a.json');
  const amx = { ...process.env, HNN_NATIVE_ISA: 'amx' };
  const args = (steps: number, file = out): string[] => ['train', '--task', 'spring', '--model', 'hnn', '--steps', String(steps), '--checkpoint-every', '20', '--out', file];
  const stopped = await interrupt(args(100000), 30, 'SIGINT', amx);
  assert.equal(stopped.code, 130, stopped.stderr);
  const elsewhere = hnn(args(100000));
  assert.equal(elsewhere.status, 2);
  assert.match(elsewhere.stderr.trim(), /^hnn: error: .*a\.json\.checkpoint\.json is the checkpoint of another run \(it differs in arithmetic\)/);
  const finished = spawnSync(process.execPath, [main, ...args(60, join(dir, 'b.json')), '--quiet'], { encoding: 'utf8', env: amx });
  assert.equal(finished.status, 0, finished.stderr);
  const training = JSON.parse(readFileSync(join(dir, 'b.json'), 'utf8')).training;
  assert.deepEqual([training.backend, training.arithmetic], ['native', 'amx']);
});

test('Ctrl-C stops hnn reproduce --jobs 2 with a checkpoint in each unit in progress; the rerun finishes with the table of a run on one job', async () => {
  const dir = tmp();
  const args = (out: string, jobs: string): string[] => ['reproduce', '--tasks', 'spring', '--steps-scale', '0.5', '--checkpoint-every', '50', '--jobs', jobs, '--no-figures', '--out', out];
  const whole = join(dir, 'whole');
  assert.equal(hnn([...args(whole, '1'), '--quiet']).status, 0);
  const part = join(dir, 'part');
  const stopped = await interrupt(args(part, '2'), 100, 'SIGINT');
  assert.equal(stopped.code, 130, stopped.stderr);
  for (const kind of ['baseline', 'hnn']) {
    assert.match(stopped.stderr, new RegExp(`^hnn: spring ${kind} seed 0: stopped at step \\d+ of 1000; checkpoint saved to `, 'm'));
    assert.ok(existsSync(join(part, 'models', `spring-${kind}-seed0.json.checkpoint.json`)));
  }
  const again = hnn([...args(part, '2'), '--quiet']);
  assert.equal(again.status, 0, again.stderr);
  assert.equal([...again.stderr.matchAll(/resuming from step \d+ of 1000/g)].length, 2, again.stderr);
  const entries = (out: string): unknown => JSON.parse(readFileSync(join(out, 'table1.json'), 'utf8')).entries.map(({ seconds: _, ...rest }: { seconds: number }) => rest);
  assert.deepEqual(entries(part), entries(whole));
  assert.deepEqual(readdirSync(join(part, 'models')).filter((f) => !f.endsWith('-seed0.json')), [], 'no checkpoint, temporary or lock left');
});

test('hnn reproduce killed inside a model and run again finishes with the table of an uninterrupted run', async () => {
  const dir = tmp();
  const args = (out: string): string[] => ['reproduce', '--tasks', 'spring', '--steps-scale', '0.2', '--checkpoint-every', '20', '--backend', 'wasm', '--no-figures', '--out', out];
  const whole = join(dir, 'whole');
  assert.equal(hnn([...args(whole), '--quiet']).status, 0);
  const part = join(dir, 'part');
  const killed = await interrupt(args(part), 200, 'SIGKILL');
  assert.equal(killed.code, null);
  assert.ok(readdirSync(join(part, 'models')).some((f) => f.endsWith('.checkpoint.json')), 'a model in training left its checkpoint');
  const again = hnn([...args(part), '--quiet']);
  assert.equal(again.status, 0, again.stderr);
  assert.match(again.stderr, /resuming from step \d+ of 400/);
  const entries = (out: string): unknown => JSON.parse(readFileSync(join(out, 'table1.json'), 'utf8')).entries.map(({ seconds: _, ...rest }: { seconds: number }) => rest);
  assert.deepEqual(entries(part), entries(whole));
  for (const kind of ['baseline', 'hnn']) assert.deepEqual(withoutTime(join(part, 'models', `spring-${kind}-seed0.json`)), withoutTime(join(whole, 'models', `spring-${kind}-seed0.json`)));
});
