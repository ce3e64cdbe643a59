import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../src/core/random.js';
import { JsKernels } from '../src/kernels/js.js';
import { isPixelModelFile, modelKindOf, parseModelFile, modelFromFile, modelToFile, storedPixelDatasetOptions, type PixelModelFile } from '../src/io/model-file.js';
import { PixelHNN, PIXEL_LOSS_WEIGHTS } from '../src/models/pixel-hnn.js';
import type { LatentKind } from '../src/models/types.js';
import { generatePixelPendulumDataset, PIXEL_DATASET_DEFAULTS } from '../src/systems/pixel-pendulum/dataset.js';

const data = generatePixelPendulumDataset({ seed: 2, trials: 3, framesPerTrial: 8, side: 6 });
const f32 = new JsKernels<Float32Array>('float32');

/** A small pixel model's file as it would be written to disk and read back as JSON. */
function savedFile(kind: LatentKind): { model: PixelHNN<Float32Array>; json: any } {
  const model = new PixelHNN(f32, { kind: 'pixel', latent: kind, pixel: { inputDim: 72, hiddenDim: 6, autoencoderActivation: 'relu', dynamicsActivation: 'tanh', lossWeights: { ...PIXEL_LOSS_WEIGHTS, dynamics: 0.25 } } }, new Random(9));
  const file = modelToFile(model, { task: 'pixel-pendulum', training: { seed: 4, dataset: { options: { ...data.options } } }, metrics: { testLoss: { mean: 0.1, stderr: 0.01 } } });
  return { model, json: JSON.parse(JSON.stringify(file)) };
}

for (const kind of ['hnn', 'baseline'] as LatentKind[]) {
  test(`pixel model file (${kind}): the spec, weights under the authors' names and metrics survive a round trip`, () => {
    const { model, json } = savedFile(kind);
    assert.deepEqual(json.spec, { kind: 'pixel', latent: kind, pixel: { inputDim: 72, hiddenDim: 6, autoencoderActivation: 'relu', dynamicsActivation: 'tanh', lossWeights: { autoencoder: 1, canonical: 1, dynamics: 0.25 } } });
    assert.ok('autoencoder.linear8.bias' in json.weights && 'hnn.differentiable_model.linear3.weight' in json.weights);
    const file = parseModelFile(json, 'm.json');
    assert.ok(isPixelModelFile(file));
    assert.equal(modelKindOf(file), kind);
    assert.deepEqual(file.metrics.testLoss, { mean: 0.1, stderr: 0.01 });
    const loaded = modelFromFile(file as PixelModelFile, f32);
    assert.deepEqual(loaded.params().map((p) => Array.from(p.value)), model.params().map((p) => Array.from(p.value)));
    assert.deepEqual(loaded.rowLosses(data.test), model.rowLosses(data.test));
    assert.deepEqual(storedPixelDatasetOptions(file as PixelModelFile, 'm.json'), data.options);
  });
}

test('pixel model file: every field is checked, errors name it', () => {
  const { json } = savedFile('hnn');
  const mutate = (edit: (o: any) => void): unknown => {
    const copy = structuredClone(json);
    edit(copy);
    return copy;
  };
  const cases: [(o: any) => void, RegExp][] = [
    [(o) => (o.spec.latent = 'lstm'), /field "spec\.latent": expected one of hnn, baseline, got "lstm"/],
    [(o) => delete o.spec.pixel.hiddenDim, /field "spec\.pixel\.hiddenDim": expected an integer from 1 to 67108864, got nothing/],
    [(o) => (o.spec.pixel.inputDim = 71), /field "spec\.pixel\.inputDim": expected an even number/],
    [(o) => (o.spec.pixel.autoencoderActivation = 'gelu'), /field "spec\.pixel\.autoencoderActivation"/],
    [(o) => (o.spec.pixel.lossWeights.canonical = -1), /field "spec\.pixel\.lossWeights\.canonical": expected a finite number ≥ 0/],
    [(o) => (o.weights['autoencoder.linear1.weight'].shape = [6, 71]), /field "weights\.autoencoder\.linear1\.weight\.shape": expected \[6, 72\]/],
    [(o) => delete o.weights['hnn.differentiable_model.linear2.bias'], /field "weights\.hnn\.differentiable_model\.linear2\.bias": expected an object/],
    [(o) => (o.weights['autoencoder.linear4.bias'].data[1] = 'x'), /field "weights\.autoencoder\.linear4\.bias\.data\[1\]": expected a finite number/],
  ];
  for (const [edit, message] of cases) assert.throws(() => parseModelFile(mutate(edit), 'm.json'), message);
  // The recorded dataset options are checked as the file is read (and again when they are used).
  assert.throws(() => parseModelFile(mutate((o) => (o.training.dataset.options.side = 'big')), 'm.json'), /field "training\.dataset\.options\.side"/);
  const good = parseModelFile(json, 'm.json') as PixelModelFile;
  const bad = { ...good, training: { dataset: { options: { side: 'big' } } } } as PixelModelFile;
  assert.throws(() => storedPixelDatasetOptions(bad, 'm.json'), /field "training\.dataset\.options\.side"/);
  // Options not recorded take the paper's values, which must fit the model's input (two 28 × 28 frames).
  const bare = parseModelFile(mutate((o) => (o.training = null)), 'm.json') as PixelModelFile;
  assert.throws(() => storedPixelDatasetOptions(bare, 'm.json'), /field "training\.dataset\.options\.side": expected the side of the frames the model reads \(its input is 72 values: two frames of side² pixels\), got "nothing \(the paper's 28 applies\)"/);
  const paperSized = { ...bare, spec: { ...bare.spec, pixel: { ...bare.spec.pixel, inputDim: 2 * 28 * 28 } } } as PixelModelFile;
  assert.deepEqual(storedPixelDatasetOptions(paperSized, 'm.json'), PIXEL_DATASET_DEFAULTS);
});
