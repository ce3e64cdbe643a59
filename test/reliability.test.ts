// Regression tests of issue 20 ("Why"): every input that reached the CLI's internal-error path, was
// accepted when it should be refused, or hung, now ends in one clear line (exit 2) within 2 s of work.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { spawnSync } from 'node:child_process';
import { hnn, type CliRun } from './helpers/cli.js';
import { projectRoot } from './helpers/shared.js';
import { InputError } from '../src/core/errors.js';
import { Random } from '../src/core/random.js';
import { parseDatasetJson } from '../src/data/dataset-json.js';
import { parseRealPendulum } from '../src/data/real-pendulum-file.js';
import { solveIvp } from '../src/integrate/dopri5.js';
import { integrate } from '../src/integrate/integrate.js';
import { modelToFile, parseModelFile } from '../src/io/model-file.js';
import { parseEnergyProtocol } from '../src/io/protocol-file.js';
import { importTorchStateDict } from '../src/io/torch-import.js';
import { JsKernels } from '../src/kernels/js.js';
import { createModel, modelParameterShapes } from '../src/models/factory.js';
import { PixelHNN, PIXEL_LOSS_WEIGHTS } from '../src/models/pixel-hnn.js';
import { internalErrorReport, splitDebugFlag } from '../src/cli/internal-error.js';
import { splitStderr } from '../src/eval/split-error.js';

const f32 = new JsKernels<Float32Array>('float32');
const dir = mkdtempSync(join(tmpdir(), 'hnn-reliability-'));
const file = (name: string, content: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
};

/** Seconds the CLI takes to start and print its version here (the machine may be loaded): the allowance beside the 2 s of work. */
const startup = (() => {
  const t0 = performance.now();
  hnn(['--version']);
  return (performance.now() - t0) / 1000;
})();

/** Runs `hnn args` and asserts it ends within startup + 2 s (+ 1 s of slack) with exit 2 and one line matching `pattern`. */
function refused(args: string[], pattern: RegExp): CliRun {
  const t0 = performance.now();
  const r = hnn(args);
  const seconds = (performance.now() - t0) / 1000;
  assert.equal(r.status, 2, `exit code of hnn ${args.join(' ')}: ${r.status}; stderr: ${r.stderr}`);
  const lines = r.stderr.trim().split('\n');
  assert.equal(lines.length, 1, `one line from hnn ${args.join(' ')}, got: ${r.stderr}`);
  assert.match(lines[0]!, /^hnn: error: /);
  assert.match(lines[0]!, pattern);
  assert.ok(seconds < startup + 3, `hnn ${args.join(' ')} took ${seconds.toFixed(1)} s (startup ${startup.toFixed(1)} s)`);
  return r;
}

// A small model of states (spring HNN and baseline) written as `hnn train` writes them.
const stateModel = (kind: 'hnn' | 'baseline', edit: (o: any) => void = () => {}): any => {
  const mlp = { inputDim: 2, hiddenDim: 4, hiddenLayers: 2, activation: 'tanh' as const };
  const spec = kind === 'hnn' ? { kind, field: 'solenoidal' as const, mlp: { ...mlp, outputDim: 2 } } : { kind, mlp: { ...mlp, outputDim: 2 } };
  const o = JSON.parse(JSON.stringify(modelToFile(createModel(f32, spec, new Random(1)), { task: 'spring', training: { seed: 0, steps: 1 } })));
  edit(o);
  return o;
};
const HNN = file('hnn.json', stateModel('hnn'));

// A small pixel model (frames of 6 × 6) recording the options of its data.
const pixelModel = (options: Record<string, number>): any => {
  const model = new PixelHNN(f32, { kind: 'pixel', latent: 'hnn', pixel: { inputDim: 72, hiddenDim: 4, autoencoderActivation: 'relu', dynamicsActivation: 'tanh', lossWeights: PIXEL_LOSS_WEIGHTS } }, new Random(2));
  const recorded = { seed: 0, trials: 4, framesPerTrial: 8, side: 6, maxAngle: Math.PI / 6, testFraction: 0.25, ...options };
  return JSON.parse(JSON.stringify(modelToFile(model, { task: 'pixel-pendulum', training: { seed: 0, dataset: { options: recorded } } })));
};

test('simulate: the hangs of the probe now end at once with one line naming the flag (--rtol 1e-300, --x0 1e308,1e308, --dt 1e-12, --add-energy 1e300, --points 1e8 and 2^53)', () => {
  const sim = ['simulate', HNN, '--t-end', '10'];
  refused([...sim, '--x0', '1,0', '--rtol', '1e-300'], /--rtol.*1e-300.*expected a number ≥ 1e-12 and ≤ 1/);
  refused([...sim, '--x0', '1e308,1e308'], /--x0.*1e308,1e308.*float32 range/);
  for (const integrator of ['rk4', 'leapfrog', 'implicit-midpoint']) {
    refused([...sim, '--x0', '1,0', '--integrator', integrator, '--dt', '1e-12'], new RegExp(`--dt 1e-12: ${integrator} over --t-end 10 takes 1\\.0e\\+13 steps, more than --max-steps 1000000; expected --dt ≥ 0\\.00001`));
  }
  refused([...sim, '--x0', '1,0', '--add-energy', '1e300'], /--add-energy.*1e300.*expected a positive number ≤ 1000000/);
  refused([...sim, '--x0', '1,0', '--points', '1e8'], /--points.*1e8.*expected an integer from 2 to 1000000, written in decimal digits/);
  refused([...sim, '--x0', '1,0', '--points', String(2 ** 53)], /--points.*9007199254740992.*expected an integer from 2 to 1000000/);
  refused([...sim, '--x0', '1,0', '--points', '2^53'], /--points.*2\^53/);
  // --max-steps is settable, and a fixed-step integration over it is refused before it starts.
  refused([...sim, '--x0', '1,0', '--integrator', 'rk4', '--dt', '0.01', '--max-steps', '999'], /--dt 0\.01: rk4 over --t-end 10 takes 1000 steps, more than --max-steps 999/);
  const ok = hnn([...sim, '--x0', '1,0', '--integrator', 'rk4', '--dt', '0.01', '--max-steps', '1000', '--points', '3']);
  assert.equal(ok.status, 0, ok.stderr);
});

test('plot: --t-end 1e300 and --points 2^53 are refused at once', () => {
  refused(['plot', HNN, '--kind', 'phase', '--t-end', '1e300', '--out', join(dir, 'p.svg')], /--t-end.*1e300.*expected a positive number ≤ 1000000/);
  refused(['plot', HNN, '--kind', 'energy', '--points', String(2 ** 53), '--out', join(dir, 'p.svg')], /--points.*expected an integer from 2 to 1000000/);
});

test('plot --kind rollout --state on a pixel model recording framesPerTrial 10⁷ is refused as the file is read', () => {
  const path = file('pixel-frames.json', pixelModel({ framesPerTrial: 1e7 }));
  refused(['plot', path, '--kind', 'rollout', '--state', '0.1,0', '--out', join(dir, 'r.gif')], /pixel-frames\.json: field "training\.dataset\.options\.framesPerTrial": expected an integer from 4 to 10000, got 10000000/);
});

test('pixel model files whose recorded dataset options are out of range: one line naming the option', () => {
  const cases: [Record<string, number>, RegExp][] = [
    [{ trials: 0 }, /options\.trials": expected an integer from 1 to 100000, got 0/],
    [{ side: 0 }, /options\.side": expected an integer from 1 to 512, got 0/],
    [{ side: 3 }, /options\.side": expected the side of the frames the model reads \(its input is 72 values: two frames of side² pixels\), got 3/],
    [{ framesPerTrial: 1 }, /options\.framesPerTrial": expected an integer from 4 to 10000, got 1/],
    [{ maxAngle: 10 }, /options\.maxAngle": expected an angle in \(0, π\], got 10/],
    [{ testFraction: 1 }, /options\.testFraction": expected a number in \[0, 1\), got 1/],
  ];
  for (const [options, pattern] of cases) {
    const path = file(`pixel-${Object.keys(options)[0]}-${Object.values(options)[0]}.json`, pixelModel(options));
    refused(['evaluate', path, '--cache-dir', join(dir, 'cache')], pattern);
  }
  // In-process as well: the same FileFormatError from the loader.
  assert.throws(() => parseModelFile(pixelModel({ testFraction: 0 }), 'm.json'), /options\.testFraction": expected a fraction that leaves rows for both splits/);
});

test('model files claiming absurd sizes are refused instantly, naming the field and the limit (hiddenLayers 2^53 and 1e308, pixel inputDim/hiddenDim 2^53, hiddenDim 1e8)', () => {
  const cases: [string, (o: any) => void, RegExp][] = [
    ['layers-2p53', (o) => (o.spec.mlp.hiddenLayers = 2 ** 53), /field "spec\.mlp\.hiddenLayers": expected an integer from 1 to 1000, got 9007199254740992/],
    ['layers-1e308', (o) => (o.spec.mlp.hiddenLayers = 1e308), /field "spec\.mlp\.hiddenLayers": expected an integer from 1 to 1000, got 1e\+308/],
    ['hidden-1e8', (o) => (o.spec.mlp.hiddenDim = 1e8), /field "spec\.mlp\.hiddenDim": expected an integer from 1 to 67108864, got 100000000/],
    ['hidden-20000', (o) => (o.spec.mlp.hiddenDim = 20000), /field "spec\.mlp\.hiddenDim": expected a size whose model has at most 2\^26 = 67,108,864 parameters \(1 GiB to train in float32; this one would have 4\.00e\+8\), got 20000$/],
  ];
  for (const [name, edit, pattern] of cases) refused(['evaluate', file(`${name}.json`, stateModel('hnn', edit))], pattern);
  for (const key of ['inputDim', 'hiddenDim']) {
    const o = pixelModel({});
    o.spec.pixel[key] = 2 ** 53;
    const t0 = performance.now();
    assert.throws(() => parseModelFile(o, 'p.json'), new RegExp(`field "spec\\.pixel\\.${key}": expected an integer from \\d+ to 67108864, got 9007199254740992`));
    assert.ok(performance.now() - t0 < 100, 'refused before any allocation');
    refused(['evaluate', file(`pixel-${key}.json`, o)], new RegExp(`spec\\.pixel\\.${key}`));
  }
  // The shapes of a pixel model are listed without building it, exactly as the model names them.
  const spec = { kind: 'pixel' as const, latent: 'baseline' as const, pixel: { inputDim: 8, hiddenDim: 3, autoencoderActivation: 'relu' as const, dynamicsActivation: 'tanh' as const, lossWeights: PIXEL_LOSS_WEIGHTS } };
  assert.deepEqual(modelParameterShapes(spec), new PixelHNN(f32, spec).namedParams().map(([n, p]) => [n, [...p.shape]]));
});

test('weights finite in JSON but infinite as float32 (1e39, 1e308, −3.5e38): model files and PyTorch state dicts are refused', () => {
  for (const v of [1e39, 1e308, -3.5e38]) {
    refused(['evaluate', file(`w${v}.json`, stateModel('hnn', (o) => (o.weights['linear2.weight'].data[3] = v)))], new RegExp(`field "weights\\.linear2\\.weight\\.data\\[3\\]": expected a finite number within float32 range \\(\\|x\\| ≤ 3\\.4028235e38\\), got ${String(v).replace('+', '\\+')}`));
    refused(['simulate', file(`ws${v}.json`, stateModel('hnn', (o) => (o.weights['linear1.bias'].data[0] = v))), '--x0', '1,0', '--t-end', '1'], /linear1\.bias\.data\[0\]": expected a finite number within float32 range/);
    const sd = { state_dict: { 'differentiable_model.linear1.weight': [[0.1, 0.2], [0.3, v]], 'differentiable_model.linear1.bias': [0, 0], 'differentiable_model.linear2.weight': [[1, 1], [1, 1]] } };
    refused(['import-torch', file(`sd${v}.json`, sd), '--task', 'spring', '--model', 'hnn', '--out', join(dir, 'imported.json')], /state_dict\.differentiable_model\.linear1\.weight\[1\]\[1\]": expected a finite number within float32 range/);
  }
  // The largest float32 itself is accepted (3.4028235e38 rounds to FLT_MAX).
  assert.doesNotThrow(() => parseModelFile(stateModel('hnn', (o) => (o.weights['linear2.weight'].data[3] = 3.4028235e38)), 'm.json'));
});

test('a model whose field overflows float32 stops the integration with one line, not a hang', () => {
  // Every weight finite as a float32, but the output layer overflows: the field is ±Infinity/NaN at once.
  const path = file('overflow.json', stateModel('baseline', (o) => (o.weights['linear3.weight'].data = o.weights['linear3.weight'].data.map(() => 3e38))));
  for (const integrator of ['dopri5', 'rk4', 'leapfrog', 'implicit-midpoint']) {
    refused(['simulate', path, '--x0', '1,1', '--t-end', '10', '--integrator', integrator], /the path could not be integrated to the end \(stopped at t = .*\): /);
  }
});

test('train: --steps 0x10, --seed 1e20, --seed 2^64, --hidden 100000 are refused in one line naming the flag', () => {
  const train = ['train', '--task', 'spring', '--model', 'hnn', '--out', join(dir, 'never.json')];
  refused([...train, '--steps', '0x10'], /--steps.*0x10.*expected an integer from 1 to \d+, written in decimal digits/);
  for (const notation of ['1e3', 'Infinity', 'NaN', '1_000', '16.0', '+16', ' 16']) refused([...train, '--steps', notation], /--steps.*written in decimal digits/);
  refused([...train, '--seed', '1e20'], /--seed.*1e20.*expected an integer from 0 to 4294967295/);
  refused([...train, '--seed', '18446744073709551616'], /--seed.*expected an integer from 0 to 4294967295/);
  refused([...train, '--lr', '0x10'], /--lr.*0x10.*decimal notation/);
  refused([...train, '--lr', 'Infinity'], /--lr.*Infinity.*decimal notation/);
  refused([...train, '--steps', '1', '--hidden', '100000'], /(--hidden|hiddenDim).*100000/);
});

test('datasets: a null row, a row of the wrong width, and a dataset of another state dimension are clear errors', () => {
  const row = (n: number, d: number) => Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => Math.sin(i + j)));
  const nullRow = file('null-row.json', { x: [null, [1, 2]], dx: row(2, 2), test_x: row(5, 2), test_dx: row(5, 2) });
  refused(['evaluate', HNN, '--dataset', nullRow], /null-row\.json: field "x\[0\]": expected a non-empty row of numbers, got null/);
  const nullLater = file('null-later.json', { x: [[1, 2], null], dx: row(2, 2), test_x: row(5, 2), test_dx: row(5, 2) });
  refused(['evaluate', HNN, '--dataset', nullLater], /null-later\.json: field "x\[1\]": expected a row of 2 numbers, got null/);
  const wide = file('wide.json', { x: row(10, 4), dx: row(10, 4), test_x: row(5, 4), test_dx: row(5, 4) });
  refused(['evaluate', HNN, '--dataset', wide], /wide\.json: field "x\[0\]": expected rows of 2 numbers \(the state dimension of the model .*hnn\.json\), got "a row of 4"/);
  const huge = file('huge.json', { x: [[1e39, 0]], dx: row(1, 2), test_x: row(1, 2), test_dx: row(1, 2) });
  refused(['evaluate', HNN, '--dataset', huge], /huge\.json: field "x\[0\]\[0\]": expected a finite number within float32 range/);
  assert.throws(() => parseDatasetJson(JSON.parse(readFileSync(wide, 'utf8')), 'wide.json', { dim: 2, of: 'task spring' }), /wide\.json: field "x\[0\]": expected rows of 2 numbers \(the state dimension of task spring\)/);
});

test('train --dataset of another state dimension: one line naming the file and the task', () => {
  const row = (n: number, d: number) => Array.from({ length: n }, (_, i) => Array.from({ length: d }, (_, j) => Math.sin(i + j)));
  const wide = file('wide-train.json', { x: row(10, 4), dx: row(10, 4), test_x: row(5, 4), test_dx: row(5, 4) });
  refused(['train', '--task', 'spring', '--model', 'hnn', '--steps', '1', '--dataset', wide, '--out', join(dir, 'never.json')], /wide-train\.json: field "x\[0\]": expected rows of 2 numbers \(the state dimension of task spring\)/);
});

/** A Schmidt & Lipson file of `rows` rows at time step `dt`. */
const realText = (rows: number, dt: number): string =>
  ['% trial t angle velocity', ...Array.from({ length: rows }, (_, k) => `1 ${k * dt} ${0.4 * Math.cos(k / 6)} ${-0.4 * Math.sin(k / 6)}`)].join('\n') + '\n';

test('real-pendulum files: a time step of 1e-310 gives non-finite derivatives, refused; a small file (test block not a multiple of 5) works', () => {
  assert.throws(() => parseRealPendulum(realText(40, 1e-310), 'tiny.txt'), (e: unknown) => e instanceof InputError && /tiny\.txt: trajectory "1": the derivative estimated at t = 0 is (-?[\d.e+]+|-?Infinity), not finite in float32; expected time steps large enough/.test(e.message));
  refused(['train', '--task', 'real-pendulum', '--data', file('tiny-dt.txt', realText(40, 1e-310)), '--model', 'hnn', '--steps', '1', '--out', join(dir, 'never.json')], /tiny-dt\.txt: trajectory "1": the derivative estimated/);
  // 36 rows: 35 with derivatives, a test block of 6 (⌊35·(1 − 0.8)⌋ in floating point, as the authors') —
  // the "±" splits 6 values as numpy's array_split.
  const small = file('small.txt', realText(36, 1 / 6));
  const data = parseRealPendulum(readFileSync(small, 'utf8'), 'small.txt');
  assert.equal(data.test.x.length / 2, 6);
  const model = join(dir, 'real.json');
  const train = hnn(['train', '--task', 'real-pendulum', '--data', small, '--model', 'hnn', '--steps', '2', '--hidden', '8', '--quiet', '--out', model]);
  assert.equal(train.status, 0, train.stderr);
  const evaluate = hnn(['evaluate', model, '--energy', '--data', small, '--json']);
  assert.equal(evaluate.status, 0, evaluate.stderr);
  const energy = JSON.parse(evaluate.stdout).energyMse;
  assert.ok(Number.isFinite(energy.mean) && Number.isFinite(energy.stderr), JSON.stringify(energy));
});

test('protocol files whose sample count is not a multiple of 5 work: the "±" uses numpy array_split', () => {
  // numpy: np.array_split(np.arange(7.), 5) → [0,1], [2,3], [4], [5], [6]; the std of their means over √5.
  const means = [0.5, 2.5, 4, 5, 6];
  const mean = means.reduce((a, b) => a + b) / 5;
  const expected = Math.sqrt(means.reduce((a, b) => a + (b - mean) ** 2, 0) / 5) / Math.sqrt(5);
  assert.ok(Math.abs(splitStderr([0, 1, 2, 3, 4, 5, 6]) - expected) < 1e-15);
  const spec = (i: number) => ({ t_span: [0, 1], y0: [0.5 + 0.05 * i, 0], t_eval: [0, 0.25, 0.5, 0.75, 1], rtol: 1e-9, atol: 1e-6, method: 'RK45' });
  const protocol = file('protocol7.json', { task: 'spring', samples: Array.from({ length: 7 }, (_, i) => ({ true: spec(i), hnn: spec(i), baseline: spec(i) })) });
  assert.equal(parseEnergyProtocol(JSON.parse(readFileSync(protocol, 'utf8')), 'p.json', 'hnn', 'spring', 2).samples.length, 7);
  const r = hnn(['evaluate', HNN, '--energy', '--protocol-file', protocol, '--json']);
  assert.equal(r.status, 0, r.stderr);
  const energy = JSON.parse(r.stdout).energyMse;
  assert.equal(energy.perSample.length, 7);
  assert.ok(Number.isFinite(energy.stderr) && energy.stderr > 0);
  // Out-of-range settings name their field.
  const bad = (edit: (o: any) => void, pattern: RegExp) => {
    const o = { task: 'spring', samples: [{ true: spec(0), hnn: spec(0) }] };
    edit(o);
    assert.throws(() => parseEnergyProtocol(o, 'p.json', 'hnn', 'spring', 2), pattern);
  };
  bad((o) => (o.samples[0]!.hnn.t_eval = 'linspace(0, 1, 1000000000)' as never), /field "hnn\.t_eval": expected linspace\(a,b,n\) with n ≤ 1000000/);
  bad((o) => (o.samples[0]!.hnn.atol = -1), /field "hnn\.atol": expected a finite number from 0 to 1, got -1/);
  bad((o) => ((o.samples[0]!.hnn.rtol = 1e-300), (o.samples[0]!.hnn.atol = 0)), /field "hnn\.rtol": expected rtol or atol ≥ 1e-12/);
  bad((o) => (o.samples[0]!.hnn.y0 = [1e39, 0]), /field "hnn\.y0\[0\]": expected a finite number within float32 range/);
  bad((o) => (o.samples[0]!.hnn.t_span = [0, 1e300]), /field "hnn\.t_span": expected a span of at most 1000000 time units/);
});

test('PyTorch state dicts: the input width must be the task\'s, one hidden layer at least', () => {
  const w = (rows: number, cols: number) => Array.from({ length: rows }, () => Array.from({ length: cols }, () => 0.1));
  assert.throws(() => importTorchStateDict({ state_dict: { 'differentiable_model.linear1.weight': w(3, 4) } }, 'w.json', 'spring', 'hnn'), /w\.json: field "state_dict\.differentiable_model\.linear1\.weight\[0\]": expected rows of 2 numbers \(the state dimension of task spring\)/);
  assert.throws(() => importTorchStateDict({ state_dict: { 'differentiable_model.linear1.weight': w(2, 2) } }, 'w.json', 'spring', 'hnn'), /w\.json: field "state_dict": expected from 2 to 1001 layers/);
  assert.throws(() => importTorchStateDict({ state_dict: { 'differentiable_model.linear1.weight': [null] } }, 'w.json', 'spring', 'hnn'), /field "state_dict\.differentiable_model\.linear1\.weight\[0\]": expected a non-empty row of numbers, got null/);
});

test('integrators stop with a message when the state or the step size becomes non-finite, or after maxSteps (settable)', () => {
  // ẏ = y² from y(0) = 1 blows up at t = 1.
  const blowUp = (_t: number, y: Float64Array, dydt: Float64Array) => void (dydt[0] = y[0]! * y[0]!);
  const dopri = solveIvp(blowUp, [0, 2], [1], { rtol: 1e-6, atol: 1e-9 });
  assert.equal(dopri.status, -1);
  assert.ok(dopri.t[dopri.t.length - 1]! < 1.0001);
  const nan = solveIvp((_t, _y, dydt) => void (dydt[0] = NaN), [0, 1], [1]);
  assert.equal(nan.status, -1);
  assert.match(nan.message, /the field is not finite at the start/);
  const limited = solveIvp((_t, y, dydt) => void (dydt[0] = -y[0]!), [0, 100], [1], { rtol: 1e-12, atol: 1e-12, maxSteps: 50 });
  assert.equal(limited.status, -1);
  assert.match(limited.message, /after 50 steps \(the limit, maxSteps/);
  for (const method of ['rk4', 'leapfrog', 'implicit-midpoint'] as const) {
    const growing = (_t: number, y: Float64Array, dydt: Float64Array) => {
      for (let i = 0; i < y.length; i++) dydt[i] = 1e200 * y[i]! * y[i]!;
    };
    const r = integrate(method, growing, [0, 1], [1, 1], { dt: 0.01 });
    assert.equal(r.status, -1, method);
    assert.match(r.message, /non-finite/, method);
    const over = integrate(method, (_t, y, dydt) => dydt.set(y), [0, 10], [1, 0], { dt: 1e-12 });
    assert.equal(over.status, -1);
    assert.match(over.message, /needs 10000000000000 steps of at most 1\.00e-12, more than the limit of 1000000 \(maxSteps\); use a step of at least 0\.00001/);
    assert.equal(integrate(method, (_t, y, dydt) => dydt.set(y), [0, 1], [1, 0], { dt: 0.1, maxSteps: 9 }).status, -1);
    assert.equal(integrate(method, (_t, y, dydt) => dydt.set(y), [0, 1], [1, 0], { dt: 0.1, maxSteps: 10 }).status, 0);
  }
});

test('internal errors are bugs: one line saying so and how to see the stack; the stack only with --debug (anywhere on the line)', () => {
  assert.deepEqual(splitDebugFlag(['node', 'hnn', 'simulate', '--debug', 'm.json']), { argv: ['node', 'hnn', 'simulate', 'm.json'], debug: true });
  assert.deepEqual(splitDebugFlag(['node', 'hnn', 'train', '--', '--debug']), { argv: ['node', 'hnn', 'train', '--', '--debug'], debug: false });
  const bug = new TypeError('boom');
  assert.match(internalErrorReport(bug, false), /^hnn: internal error \(a bug in hnn, please report it\): TypeError: boom; run again with --debug for the stack trace\n$/);
  assert.match(internalErrorReport(bug, true), /^hnn: internal error \(a bug in hnn\): TypeError: boom\n\s+at /);
  // Through the CLI: a task module whose data generator throws a plain TypeError (a bug, not an input error).
  const index = pathToFileURL(join(projectRoot, 'dist', 'src', 'index.js')).href;
  const module = file('buggy-task.mjs', `import { defineTask } from '${index}';\nexport default defineTask({ name: 'buggy', title: 'Buggy', dim: 2, system: null, energyMetric: null, view: { rollout: { x0: [1, 0], tEnd: 1, points: 10 }, box: null }, makeDataset: () => { throw new TypeError('boom'); }, defaults: {} });\n`);
  const main = join(projectRoot, 'dist', 'src', 'cli', 'main.js');
  const run = (extra: string[]) => spawnSync(process.execPath, [main, 'train', '--task', module, '--model', 'hnn', '--steps', '1', '--out', join(dir, 'never.json'), ...extra], { encoding: 'utf8' });
  const plain = run([]);
  assert.equal(plain.status, 1, plain.stderr);
  assert.match(plain.stderr, /^hnn: internal error \(a bug in hnn, please report it\): TypeError: boom; run again with --debug for the stack trace\n$/);
  const debug = run(['--debug']);
  assert.equal(debug.status, 1);
  assert.match(debug.stderr, /^hnn: internal error \(a bug in hnn\): TypeError: boom\n\s+at .*buggy-task\.mjs/);
});

test('a diverging run keeps a checkpoint of finite weights; a checkpoint of the same run that does not fit it is refused in one line', () => {
  const out = join(dir, 'diverge.json');
  const train = ['train', '--task', 'spring', '--model', 'baseline', '--steps', '5', '--lr', '1e30', '--checkpoint-every', '1', '--quiet', '--out', out];
  const first = hnn(train);
  assert.equal(first.status, 3, first.stderr);
  assert.match(first.stderr, /training diverged at step \d+: (the training loss is NaN|a weight became -?(NaN|Infinity))/);
  const checkpointPath = `${out}.checkpoint.json`;
  const checkpoint = JSON.parse(readFileSync(checkpointPath, 'utf8'));
  for (const p of checkpoint.params) {
    const bytes = Buffer.from(p.data, 'base64');
    const values = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    assert.ok(values.every(Number.isFinite), 'the checkpoint left holds finite weights');
  }
  checkpoint.step = 999999;
  writeFileSync(checkpointPath, JSON.stringify(checkpoint));
  refused(train, /diverge\.json\.checkpoint\.json: the checkpoint does not fit this run \(the snapshot is at step 999999, outside this run's 0–5\); delete it to start afresh/);
});

test('createModel from a JavaScript caller: a missing or fractional size is named, not built (no NaN-sized model)', () => {
  const mlp = { inputDim: 2, hiddenDim: 20, outputDim: 1, hiddenLayers: 2, activation: 'tanh' as const };
  const build = (change: Record<string, unknown>) => () => createModel(new JsKernels('float64'), { kind: 'hnn', field: 'solenoidal', mlp: { ...mlp, ...change } } as never);
  assert.throws(build({ hiddenLayers: undefined }), (e: Error) => e instanceof InputError && /"mlp\.hiddenLayers": expected a whole number of at least 1, got undefined/.test(e.message));
  assert.throws(build({ hiddenDim: 2.5 }), /"mlp\.hiddenDim": expected a whole number of at least 1, got 2\.5/);
  assert.throws(build({ inputDim: 0 }), /"mlp\.inputDim"/);
  assert.equal(createModel(new JsKernels('float64'), { kind: 'hnn', field: 'solenoidal', mlp }).params().length, 5);
});
