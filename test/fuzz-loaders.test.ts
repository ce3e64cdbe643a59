import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { InputError } from '../src/core/errors.js';
import { Random } from '../src/core/random.js';
import { parseDatasetJson } from '../src/data/dataset-json.js';
import { readCsvTrajectories } from '../src/data/csv-trajectories.js';
import { parseRealPendulum } from '../src/data/real-pendulum-file.js';
import { splitStderr } from '../src/eval/split-error.js';
import { isPixelModelFile, modelFromFile, modelToFile, parseModelFile, parseModelFileText, recordedTask, storedPixelDatasetOptions, type ModelFile } from '../src/io/model-file.js';
import { parseEnergyProtocol } from '../src/io/protocol-file.js';
import { importTorchStateDict } from '../src/io/torch-import.js';
import { JsKernels } from '../src/kernels/js.js';
import { createModel } from '../src/models/factory.js';
import { PIXEL_LOSS_WEIGHTS } from '../src/models/pixel-hnn.js';
import type { LatentKind, ModelKind, ModelSpec } from '../src/models/types.js';
import { mlpParameterShapes } from '../src/nn/mlp.js';
import { taskFromCsv } from '../src/tasks/csv-task.js';
import { dampedSpringTask } from '../src/tasks/damped-spring.js';
import { springTask } from '../src/tasks/spring.js';
import { taskFromExpression } from '../src/tasks/expression-task.js';
import { assertFloat32, fuzz, mutantsOf, namesFieldOrLine, summary, textMutantsOf, type FuzzStats } from './helpers/fuzz.js';

const f32 = new JsKernels<Float32Array>('float32');

/** Prints a run's counts beside the test (they go into the report). */
function report(t: { diagnostic(message: string): void }, stats: FuzzStats): void {
  t.diagnostic(summary(stats));
  assert.ok(stats.cases >= 10_000 || process.env['HNN_FUZZ_RUNS'] !== undefined, `${stats.target}: ${stats.cases} cases`);
  assert.ok(stats.accepted > 0 && stats.cleanErrors > 0, `${stats.target}: both outcomes occur (${stats.accepted} accepted, ${stats.cleanErrors} errors)`);
}

// ---- Small valid files, made here (no ../shared), that the mutations start from. ----

/** A CSV of two short trajectories, and the task made from it (its recipe goes into model files). */
const CSV_TEXT = ['t,q,p,trajectory', ...[0, 1].flatMap((id) => Array.from({ length: 8 }, (_, k) => `${(0.1 * k).toFixed(1)},${Math.cos(0.1 * k + id).toFixed(4)},${(-Math.sin(0.1 * k + id)).toFixed(4)},${id}`))].join('\n') + '\n';
const CSV_TASK = taskFromCsv(CSV_TEXT, 'data.csv', { energy: '(q^2 + p^2)/2' });

/** Recipes of tasks of one's own, as model files record them in training.task. */
const RECIPES: Record<string, unknown>[] = [
  taskFromExpression('p^2/2 + q^4/4', { samples: 3 }).recipe!,
  dampedSpringTask(0.3).recipe!,
  CSV_TASK.recipe!,
  springTask.redraw!({ samples: 3, noiseStd: 0 }).recipe!,
];

/** A model file of states as JSON, with a training record and metrics. */
function stateFile(kind: ModelKind, inputDim: number, hiddenDim: number, hiddenLayers: number, seed: number, task: string | null, recipe?: Record<string, unknown>): unknown {
  const mlp = { inputDim, hiddenDim, hiddenLayers, activation: seed % 2 ? ('tanh' as const) : ('relu' as const) };
  const spec: ModelSpec = kind === 'hnn' ? { kind, field: seed % 3 === 0 ? 'both' : 'solenoidal', mlp: { ...mlp, outputDim: 2 } } : kind === 'dhnn' ? { kind, mlp: { ...mlp, outputDim: 1 } } : { kind, mlp: { ...mlp, outputDim: inputDim } };
  const model = createModel(f32, spec, new Random(seed));
  const training = { seed, steps: 3, lr: 1e-3, ...(recipe && { task: recipe }) };
  return JSON.parse(JSON.stringify(modelToFile(model, { task, training, metrics: { trainLoss: { mean: 0.5, stderr: 0.01 }, testLoss: { mean: 0.6, stderr: 0.02 } } })));
}

/** A pixel model file as JSON for frames of `side` pixels, recording the dataset options it was trained on. */
function pixelFile(latent: LatentKind, side: number, hiddenDim: number, seed: number): unknown {
  const spec: ModelSpec = { kind: 'pixel', latent, pixel: { inputDim: 2 * side * side, hiddenDim, autoencoderActivation: 'relu', dynamicsActivation: 'tanh', lossWeights: PIXEL_LOSS_WEIGHTS } };
  const model = createModel(f32, spec, new Random(seed));
  const options = { seed, trials: 4, framesPerTrial: 7, side, maxAngle: Math.PI / 6, testFraction: 0.25 };
  return JSON.parse(JSON.stringify(modelToFile(model, { task: 'pixel-pendulum', training: { seed, steps: 2, dataset: { options, hash: 'abc' } } })));
}

const STATE_FILES = [
  stateFile('hnn', 2, 3, 2, 1, 'spring'),
  stateFile('baseline', 2, 2, 1, 2, 'pendulum'),
  stateFile('dhnn', 2, 2, 2, 3, 'damped-spring'),
  stateFile('baseline', 4, 2, 3, 4, null),
  stateFile('hnn', 8, 2, 1, 6, 'two-body'),
];
const ANY_FILES = [
  ...STATE_FILES,
  stateFile('hnn', 2, 2, 2, 7, 'expression', RECIPES[0]),
  stateFile('dhnn', 2, 2, 1, 8, 'damped-spring', RECIPES[1]),
  stateFile('baseline', 2, 2, 1, 9, 'csv', RECIPES[2]),
  stateFile('hnn', 2, 2, 1, 10, 'spring', RECIPES[3]),
  pixelFile('hnn', 2, 3, 1),
  pixelFile('baseline', 3, 2, 2),
];

/** A loaded model file is usable: its model builds, every weight is finite as a float32, and what it records is readable. */
function validModelFile(value: unknown): void {
  const file = value as ModelFile;
  const model = modelFromFile(file, f32);
  for (const p of model.params()) assertFloat32(p.value, 'a weight');
  if (isPixelModelFile(file)) assert.equal(file.spec.pixel.inputDim % 2, 0);
}

/** What commands do with a model file after reading it: its pixel data options, the task it records. */
function loadAnyModel(root: unknown): unknown {
  const file = parseModelFile(root, 'm.json');
  if (isPixelModelFile(file)) {
    const o = storedPixelDatasetOptions(file, 'm.json');
    assert.equal(2 * o.side * o.side, file.spec.pixel.inputDim);
  }
  const readText = (name: string): string => {
    if (name === 'data.csv') return CSV_TEXT;
    throw new InputError(`${name}: file not found`);
  };
  recordedTask(file, 'm.json', readText);
  return file;
}

test('fuzz: model files of states (structure-aware mutations, and truncated JSON text)', (t) => {
  const arbitrary = fc.oneof(
    { weight: 9, arbitrary: mutantsOf(STATE_FILES).map((root) => ({ root })) },
    { weight: 1, arbitrary: fc.tuple(fc.nat(STATE_FILES.length - 1), fc.nat()).map(([i, cut]) => ({ text: JSON.stringify(STATE_FILES[i]).slice(0, cut % 2000) })) },
  );
  const stats = fuzz('model file', arbitrary, (input) => ('text' in input ? parseModelFileText(input.text, 'm.json') : parseModelFile(input.root, 'm.json')), {
    valid: validModelFile,
    check: namesFieldOrLine('m.json'),
  });
  report(t, stats);
});

test('fuzz: any model file, pixel models and recorded tasks included, as the commands read them', (t) => {
  const stats = fuzz('any model', mutantsOf(ANY_FILES), loadAnyModel, { valid: validModelFile, check: namesFieldOrLine('m.json') });
  report(t, stats);
});

/** A dataset JSON of `dim`-wide rows. */
function datasetJson(dim: number, rows: number, withT: boolean): unknown {
  const rng = new Random(dim * 10 + rows);
  const block = (n: number): number[][] => Array.from({ length: n }, () => Array.from({ length: dim }, () => Math.round(rng.normal(0, 1) * 1e4) / 1e4));
  return { x: block(rows), dx: block(rows), test_x: block(rows - 1), test_dx: block(rows - 1), ...(withT && { test_t: Array.from({ length: rows - 1 }, (_, i) => 0.1 * i) }), meta: { task: 'spring' } };
}

test('fuzz: dataset JSON', (t) => {
  const bases = [datasetJson(2, 4, false), datasetJson(2, 3, true), datasetJson(4, 3, false), datasetJson(1, 2, true)];
  const arbitrary = fc.tuple(mutantsOf(bases), fc.option(fc.constantFrom(1, 2, 4), { nil: undefined }));
  const stats = fuzz('dataset JSON', arbitrary, ([root, dim]) => parseDatasetJson(root, 'd.json', dim === undefined ? undefined : { dim, of: 'task spring' }), {
    valid: (value, [, dim]) => {
      const d = value as ReturnType<typeof parseDatasetJson>;
      assert.ok(Number.isInteger(d.dim) && d.dim >= 1);
      if (dim !== undefined) assert.equal(d.dim, dim);
      for (const [name, a] of [['x', d.train.x], ['dx', d.train.dx], ['test_x', d.test.x], ['test_dx', d.test.dx]] as const) {
        assert.ok(a.length > 0 && a.length % d.dim === 0, name);
        assertFloat32(a, name);
      }
      assert.equal(d.train.x.length, d.train.dx.length);
      assert.equal(d.test.x.length, d.test.dx.length);
      if (d.test.t) for (let i = 1; i < d.test.t.length; i++) assert.ok(d.test.t[i]! > d.test.t[i - 1]!);
    },
    check: namesFieldOrLine('d.json'),
  });
  report(t, stats);
});

/** Schmidt & Lipson's layout: `%` header lines, rows of trial, t, angle, angular velocity. */
function realPendulumText(trials: number, rows: number, dt: number): string {
  const lines = ['% trial t q p', '% measured'];
  for (let trial = 1; trial <= trials; trial++) {
    for (let k = 0; k < rows; k++) lines.push(`${trial} ${(k * dt).toFixed(4)} ${(0.5 * Math.cos(k * dt + trial)).toFixed(5)} ${(-0.5 * Math.sin(k * dt + trial)).toFixed(5)}`);
  }
  return lines.join('\n') + '\n';
}

const NUMBER_TOKENS = ['NaN', 'nan', 'inf', '-Infinity', '1e-310', '1e39', '-3.5e38', '1e308', '1e400', '0', '-0', '-1', '1,5', '0x10', '1_000', 'x', '', '1e', '.', '+', '2^53', '9007199254740993'];

test('fuzz: real-pendulum text', (t) => {
  const texts = [realPendulumText(1, 12, 1 / 6), realPendulumText(2, 8, 1 / 6), realPendulumText(3, 5, 0.1), realPendulumText(1, 7, 1e-300)];
  const stats = fuzz('real pendulum', textMutantsOf(texts, NUMBER_TOKENS), (text) => parseRealPendulum(text, 'real.txt'), {
    valid: (value) => {
      const d = value as ReturnType<typeof parseRealPendulum>;
      assert.equal(d.dim, 2);
      for (const a of [d.train.x, d.train.dx, d.test.x, d.test.dx]) assertFloat32(a, 'a value');
      assert.ok(d.test.x.length > 0 && d.train.x.length > 0);
      splitStderr(d.test.x); // the "±" of a block of any length (numpy's array_split)
    },
    check: namesFieldOrLine('real.txt'),
  });
  report(t, stats);
});

test('fuzz: CSV trajectories, read and made into a task and its dataset', (t) => {
  const texts = [
    CSV_TEXT,
    't,q,p\n0,1,0\n0.1,0.995,-0.0998\n0.2,0.98,-0.199\n0.3,0.955,-0.296\n0.4,0.921,-0.389\n',
    't;q1;q2;p1;p2;trajectory\n0;1;0;0;1;a\n0.5;0.9;0.1;-0.1;0.9;a\n1;0.8;0.2;-0.2;0.8;a\n0;0;1;1;0;b\n0.5;0.1;0.9;0.9;-0.1;b\n1;0.2;0.8;0.8;-0.2;b\n1.5;0.3;0.7;0.7;-0.3;b\n',
    '# my data\nt,q,p,dq,dp\n0,1,0,0,-1\n1,0.5,-0.8,-0.8,-0.5\n2,-0.4,-0.9,-0.9,0.4\n3,-1,-0.1,-0.1,1\n4,-0.6,0.7,0.7,0.6\n',
  ];
  const arbitrary = fc.tuple(textMutantsOf(texts, [...NUMBER_TOKENS, 't', 'q', 'p', 'trajectory', 'dq', 'q1', 'p2']), fc.constantFrom(undefined, 0.2, 0.5), fc.boolean());
  const stats = fuzz(
    'CSV',
    arbitrary,
    ([text, testFraction, withEnergy]) => {
      readCsvTrajectories(text, 'data.csv');
      const task = taskFromCsv(text, 'data.csv', { ...(testFraction !== undefined && { testFraction }), ...(withEnergy && { energy: 'q^2/2 + p^2/2' }) });
      return task.makeDataset(0);
    },
    {
      valid: (value) => {
        const d = value as ReturnType<typeof parseRealPendulum>;
        for (const a of [d.train.x, d.train.dx, d.test.x, d.test.dx]) assertFloat32(a, 'a value');
        assert.ok(d.train.x.length > 0 && d.test.x.length > 0 && d.train.x.length % d.dim === 0);
      },
      check: (e) => {
        if (/^energy /.test(e.message)) return; // the energy expression (a flag), which names its position
        namesFieldOrLine('data.csv')(e);
      },
    },
  );
  report(t, stats);
});

/** The authors' state dict layout for an MLP of `hiddenLayers` layers of width `hidden` on `dim` inputs. */
function stateDict(kind: 'hnn' | 'baseline', dim: number, hidden: number, hiddenLayers: number, declared: boolean): unknown {
  const rng = new Random(dim + hidden + hiddenLayers);
  const sd: Record<string, unknown> = {};
  for (const [name, shape] of mlpParameterShapes({ inputDim: dim, hiddenDim: hidden, hiddenLayers, outputDim: kind === 'hnn' ? 2 : dim, activation: 'tanh' })) {
    const value = () => Math.round(rng.normal(0, 0.5) * 1e5) / 1e5;
    sd[`differentiable_model.${name}`] = shape.length === 2 ? Array.from({ length: shape[0]! }, () => Array.from({ length: shape[1]! }, value)) : Array.from({ length: shape[0]! }, value);
  }
  return { state_dict: sd, ...(declared && { model: kind, nonlinearity: 'tanh', input_dim: dim, hidden_dim: hidden }) };
}

test('fuzz: PyTorch state dicts (import-torch), whose result must be a valid model file', (t) => {
  const bases: { root: unknown; task: string; kind: 'hnn' | 'baseline' }[] = [
    { root: stateDict('hnn', 2, 3, 2, true), task: 'spring', kind: 'hnn' },
    { root: stateDict('baseline', 2, 2, 1, false), task: 'pendulum', kind: 'baseline' },
    { root: stateDict('hnn', 8, 2, 2, true), task: 'two-body', kind: 'hnn' },
  ];
  const arbitrary = fc.tuple(mutantsOf(bases.map((b) => b.root)), fc.nat(bases.length - 1), fc.constantFrom('hnn', 'baseline'), fc.constantFrom('spring', 'two-body', 'pixel-pendulum'));
  const stats = fuzz('PyTorch state dict', arbitrary, ([root, b, kind, task]) => importTorchStateDict(root, 'w.json', b % 2 ? task : bases[b]!.task, b % 3 ? kind : bases[b]!.kind), {
    valid: (value) => validModelFile(parseModelFile(JSON.parse(JSON.stringify(value)), 'imported.json')),
    check: (e) => {
      if (/cannot hold imported weights/.test(e.message)) return; // the task argument, not the file
      namesFieldOrLine('w.json')(e);
    },
  });
  report(t, stats);
});

/** An energy protocol file in the authors' layout: `samples` of true/baseline/hnn solve_ivp settings, or one path with true_x. */
function protocolJson(samples: number, linspace: boolean): unknown {
  const spec = (i: number) => ({ t_span: [0, 2], y0: [0.5 + 0.01 * i, 0], t_eval: linspace ? 'linspace(0, 2, 5)' : [0, 0.5, 1, 1.5, 2], rtol: 1e-9, atol: 1e-6, method: 'RK45' });
  return { task: 'spring', samples: Array.from({ length: samples }, (_, i) => ({ x0: [0.5, 0], true: spec(i), baseline: spec(i), hnn: spec(i) })) };
}

test('fuzz: energy protocol files (any number of samples: the "±" splits them as numpy array_split)', (t) => {
  const measured = { task: 'real', hnn: { t_span: [0, 1], y0: [0.1, 0.2], t_eval: [0, 0.5, 1] }, baseline: { t_span: [0, 1], y0: [0.1, 0.2], t_eval: [0, 0.5, 1] }, true_x: [[0.1, 0.2], [0.2, 0.1], [0.25, 0]] };
  const bases = [protocolJson(5, false), protocolJson(7, true), protocolJson(3, false), measured];
  const arbitrary = fc.tuple(mutantsOf(bases), fc.constantFrom<ModelKind>('hnn', 'baseline'));
  const stats = fuzz(
    'protocol file',
    arbitrary,
    ([root, kind]) => {
      const declared = (root as { task?: unknown } | null)?.task;
      const protocol = parseEnergyProtocol(root, 'p.json', kind, declared === 'real' ? 'real-pendulum' : 'spring', 2);
      splitStderr(protocol.samples.map((_, i) => i * 0.1));
      return protocol;
    },
    {
      valid: (value) => {
        const p = value as ReturnType<typeof parseEnergyProtocol>;
        assert.ok(p.samples.length >= 1);
        for (const s of p.samples) {
          assertFloat32(s.model.y0, 'y0');
          assert.ok(s.model.tEval.length >= 1 && s.model.rtol >= 0 && s.model.atol >= 0);
        }
      },
      check: (e) => {
        if (/records the energy protocol of task/.test(e.message)) return; // the task the file names
        namesFieldOrLine('p.json')(e);
      },
    },
  );
  report(t, stats);
});
