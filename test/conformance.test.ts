import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsKernels } from '../src/kernels/js.js';
import { importTorchStateDict } from '../src/io/torch-import.js';
import { modelFromFile } from '../src/io/model-file.js';
import { readDatasetFile } from '../src/io/dataset-file.js';
import { lossWithError } from '../src/eval/losses.js';
import { HNN } from '../src/models/hnn.js';
import { missing, readJson, sharedPath } from './helpers/shared.js';

const f32 = new JsKernels<Float32Array>('float32');

/** The authors' numbers (../shared/reference/README.md) for each reference model. */
const REFERENCE_LOSSES = {
  'spring-baseline': { train: [3.71e-2, 1.91e-3], test: [3.6587e-2, 1.86e-3] },
  'spring-hnn': { train: [3.6934e-2, 1.91e-3], test: [3.5941e-2, 1.83e-3] },
  'pend-baseline': { train: [3.2607e-2, 1.74e-3], test: [3.5274e-2, 1.8e-3] },
  'pend-hnn': { train: [3.2787e-2, 1.76e-3], test: [3.5587e-2, 1.82e-3] },
  'real-baseline': { train: [1.9442e-3, 1.6e-4], test: [1.3918e-3, 2.02e-4] },
  'real-hnn': { train: [9.1532e-3, 4.92e-4], test: [5.8037e-3, 6.04e-4] },
} as const;

/** Agreement to `digits` significant digits. */
function sameDigits(a: number, b: number, digits: number): boolean {
  return Math.abs(a - b) <= 0.5 * Math.pow(10, Math.floor(Math.log10(Math.abs(b))) - digits + 1);
}

for (const name of ['spring-hnn', 'spring-baseline', 'pend-hnn', 'pend-baseline', 'real-hnn', 'real-baseline', '2body-hnn', '2body-baseline']) {
  const path = sharedPath('reference', 'models', `${name}.json`);
  const [task, kind] = name.split('-') as [string, 'hnn' | 'baseline'];
  test(`import-torch ${name}: time_derivative and H reproduce the authors' outputs`, { skip: missing(path) }, () => {
    const ref = readJson(path);
    const model = modelFromFile(importTorchStateDict(path, task, kind), f32);
    const x = Float64Array.from(ref.inputs.flat());
    const want: number[] = ref.time_derivative.flat();
    const got = model.timeDerivative(x);
    // Normwise relative error: the reference outputs are float32, rounded at ~1e-7 of their scale.
    const scale = Math.max(...want.map(Math.abs));
    let worst = 0;
    want.forEach((w, i) => (worst = Math.max(worst, Math.abs(got[i]! - w) / scale)));
    assert.ok(worst <= 1e-5, `relative error ${worst}`);
    if (model instanceof HNN) {
      const h = model.hamiltonian(x);
      ref.F2.forEach((w: number, i: number) => assert.ok(Math.abs(h[i]! - w) <= 1e-5 * (Math.abs(w) + 1), `H[${i}] ${h[i]} vs ${w}`));
    }
  });
}

for (const [name, want] of Object.entries(REFERENCE_LOSSES)) {
  const [task, kind] = name.split('-') as [string, 'hnn' | 'baseline'];
  const modelPath = sharedPath('reference', 'models', `${name}.json`);
  const dataPath = sharedPath('reference', 'datasets', `${task}.json`);
  test(`authors' ${name} on their dataset: train and test loss ± to 4 significant digits`, { skip: missing(modelPath) ?? missing(dataPath) }, () => {
    const model = modelFromFile(importTorchStateDict(modelPath, task, kind), f32);
    const data = readDatasetFile(dataPath);
    const train = lossWithError(model, data.x, data.dx);
    const testLoss = lossWithError(model, data.testX, data.testDx);
    for (const [got, [mean, err]] of [[train, want.train], [testLoss, want.test]] as const) {
      assert.ok(sameDigits(got.mean, mean, 4), `mean ${got.mean} vs ${mean}`);
      assert.ok(sameDigits(got.stderr, err, 3), `± ${got.stderr} vs ${err}`);
    }
  });
}
