import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { Random } from '../src/core/random.js';
import { JsKernels } from '../src/kernels/js.js';
import { createModel } from '../src/models/factory.js';
import { fileStem } from '../src/node/files.js';
import { modelFromFile, modelToFile, parseModelFile, shortFloat32, type StateModelFile } from '../src/io/model-file.js';
import { loadModelFile, saveModelFile } from '../src/node/model-files.js';
import { LIBRARY_VERSION } from '../src/core/version.js';
import { importTorchStateDict } from '../src/io/torch-import.js';
import { projectRoot } from './helpers/shared.js';

const f32 = new JsKernels<Float32Array>('float32');
const mlp = { inputDim: 2, hiddenDim: 8, hiddenLayers: 2, outputDim: 2, activation: 'tanh' as const };

test('a saved model loads back with identical weights, spec, task, training settings and metrics', () => {
  const model = createModel(f32, { kind: 'hnn', field: 'both', mlp }, new Random(5));
  const path = join(mkdtempSync(join(tmpdir(), 'hnn-model-')), 'm.json');
  saveModelFile(path, modelToFile(model, { task: 'spring', training: { steps: 3 }, metrics: { trainLoss: { mean: 0.5, stderr: 0.1 } } }));
  const file = loadModelFile(path);
  assert.deepEqual(file.spec, model.spec);
  assert.equal(file.task, 'spring');
  assert.deepEqual(file.training, { steps: 3 });
  assert.deepEqual(file.metrics.trainLoss, { mean: 0.5, stderr: 0.1 });
  assert.equal(file.library.version, LIBRARY_VERSION);
  const back = modelFromFile(file as StateModelFile, f32);
  const x = Float64Array.from([0.1, -0.2, 0.7, 0.3]);
  assert.deepEqual(back.timeDerivative(x), model.timeDerivative(x));
});

test('a model saved under a .gz name is gzip-compressed and loads back the same; file stems drop .json and .json.gz', () => {
  const model = createModel(f32, { kind: 'hnn', field: 'solenoidal', mlp }, new Random(7));
  const dir = mkdtempSync(join(tmpdir(), 'hnn-model-gz-'));
  const plain = join(dir, 'm.json');
  const packed = join(dir, 'm.json.gz');
  saveModelFile(plain, modelToFile(model, { task: 'spring' }));
  saveModelFile(packed, modelToFile(model, { task: 'spring' }));
  const bytes = readFileSync(packed);
  assert.deepEqual([bytes[0], bytes[1]], [0x1f, 0x8b], 'gzip magic');
  assert.equal(gunzipSync(bytes).toString('utf8'), readFileSync(plain, 'utf8'));
  assert.deepEqual(loadModelFile(packed), loadModelFile(plain));
  assert.deepEqual(['runs/m.json.gz', 'm.json', 'a/b.c.json', 'model'].map(fileStem), ['m', 'm', 'b.c', 'model']);
});

test('float32 weights are stored as short decimals that read back bit for bit; float64 weights keep every digit', () => {
  const rng = new Random(11);
  for (let i = 0; i < 20000; i++) {
    const x = Math.fround(rng.normal(0, 10 ** rng.uniform(-8, 4)));
    const y = shortFloat32(x);
    assert.equal(Math.fround(y), x, `${x} stored as ${y}`);
    assert.ok(String(y).replace(/^-?0\.0*|[-.]|e.*$/g, '').length <= 9, `${y} has more than 9 significant digits`);
  }
  for (const special of [0, -0, 1, -1, 0.5]) assert.ok(Object.is(shortFloat32(special), special));
  const model = createModel(f32, { kind: 'baseline', mlp }, new Random(6));
  const file = modelToFile(model);
  const stored = file.weights['linear2.weight']!.data;
  assert.deepEqual(Float32Array.from(stored), model.params()[2]!.value);
  assert.ok(JSON.stringify(stored).length < 0.7 * JSON.stringify(Array.from(model.params()[2]!.value)).length, 'shorter than the float64 form');
  const f64 = new JsKernels<Float64Array>('float64');
  const model64 = createModel(f64, { kind: 'baseline', mlp }, new Random(6));
  assert.deepEqual(modelToFile(model64).weights['linear2.weight']!.data, Array.from(model64.params()[2]!.value));
});

test('the library version equals package.json', () => {
  const pkg = JSON.parse(readFileSync(join(projectRoot, 'package.json'), 'utf8'));
  assert.equal(LIBRARY_VERSION, pkg.version);
});

test('validation names the field: wrong weight shape, wrong output width, unsupported version, non-finite weight', () => {
  const good = JSON.parse(JSON.stringify(modelToFile(createModel(f32, { kind: 'baseline', mlp }, new Random(1)))));
  const mutate = (f: (o: any) => void): unknown => {
    const o = JSON.parse(JSON.stringify(good));
    f(o);
    return o;
  };
  assert.throws(() => parseModelFile(mutate((o) => (o.weights['linear2.weight'].shape = [8, 9])), 'm.json'), /m\.json: field "weights\.linear2\.weight\.shape": expected \[8, 8\], got \[8, 9\]/);
  assert.throws(() => parseModelFile(mutate((o) => (o.spec.mlp.outputDim = 3)), 'm.json'), /field "spec\.mlp\.outputDim": expected 2 for a baseline/);
  assert.throws(() => parseModelFile(mutate((o) => (o.version = 2)), 'm.json'), /field "version": expected 1/);
  assert.throws(() => parseModelFile(mutate((o) => (o.weights['linear1.bias'].data[3] = 'NaN')), 'm.json'), /field "weights\.linear1\.bias\.data\[3\]": expected a finite number/);
  assert.throws(() => parseModelFile(mutate((o) => delete o.weights['linear3.weight']), 'm.json'), /field "weights\.linear3\.weight": expected an object, got nothing/);
});

test('importTorchStateDict takes the tasks on states only and names the others', () => {
  const root = { state_dict: { 'differentiable_model.linear1.weight': [[1, 2]] } };
  for (const task of ['moon', 'pixel-pendulum']) assert.throws(() => importTorchStateDict(root, 'w.json', task, 'hnn'), new RegExp(`task "${task}" cannot hold imported weights; expected one of spring, pendulum, real-pendulum, two-body, three-body, damped-spring`));
});
