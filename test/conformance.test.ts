import { test } from 'node:test';
import assert from 'node:assert/strict';
import { JsKernels } from '../src/kernels/js.js';
import type { Kernels } from '../src/kernels/types.js';
import { createWasmKernelsSync } from '../src/kernels/wasm.js';
import { importTorchStateDict } from '../src/io/torch-import.js';
import { modelFromFile } from '../src/io/model-file.js';
import { readDatasetFile } from '../src/io/dataset-file.js';
import { lossWithError } from '../src/eval/losses.js';
import { HNN } from '../src/models/hnn.js';
import { missing, readJson, sharedPath } from './helpers/shared.js';
import { REFERENCE_LOSSES, sameDigits } from './helpers/reference-numbers.js';

/** Both float32 backends run every conformance check. */
const BACKENDS: [string, Kernels<Float32Array>][] = [
  ['js', new JsKernels<Float32Array>('float32')],
  ['wasm', createWasmKernelsSync()],
];

for (const [backend, f32] of BACKENDS) {
  for (const name of ['spring-hnn', 'spring-baseline', 'pend-hnn', 'pend-baseline', 'real-hnn', 'real-baseline', '2body-hnn', '2body-baseline']) {
    const path = sharedPath('reference', 'models', `${name}.json`);
    const [task, kind] = name.split('-') as [string, 'hnn' | 'baseline'];
    test(`import-torch ${name} (${backend}): time_derivative and H reproduce the authors' outputs`, { skip: missing(path) }, () => {
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
    test(`authors' ${name} on their dataset (${backend}): train and test loss ± to 4 significant digits`, { skip: missing(modelPath) ?? missing(dataPath) }, () => {
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
}
