import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FLOAT32_BACKENDS } from './helpers/backends.js';
import { readTorchStateDict } from '../src/node/readers.js';
import { modelFromFile } from '../src/io/model-file.js';
import { readDatasetFile } from '../src/node/readers.js';
import { lossWithError } from '../src/eval/losses.js';
import { HNN } from '../src/models/hnn.js';
import { missing, readJson, sharedPath } from './helpers/shared.js';
import { REFERENCE_LOSSES, sameDigits } from './helpers/reference-numbers.js';

/** The library's task names for the reference files' prefixes. */
const TASK_OF_FILE: Record<string, string> = { spring: 'spring', pend: 'pendulum', real: 'real-pendulum', '2body': 'two-body' };

// Every float32 backend this machine has runs every conformance check.
for (const [backend, make] of FLOAT32_BACKENDS) {
  const f32 = make(2);
  for (const name of ['spring-hnn', 'spring-baseline', 'pend-hnn', 'pend-baseline', 'real-hnn', 'real-baseline', '2body-hnn', '2body-baseline']) {
    const path = sharedPath('reference', 'models', `${name}.json`);
    const [file, kind] = name.split('-') as [string, 'hnn' | 'baseline'];
    const task = TASK_OF_FILE[file]!;
    test(`import-torch ${name} (${backend}): time_derivative and H reproduce the authors' outputs`, { skip: missing(path) }, () => {
      const ref = readJson(path);
      const model = modelFromFile(readTorchStateDict(path, task, kind), f32);
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
    const [file, kind] = name.split('-') as [string, 'hnn' | 'baseline'];
    const task = TASK_OF_FILE[file]!;
    const modelPath = sharedPath('reference', 'models', `${name}.json`);
    const dataPath = sharedPath('reference', 'datasets', `${file}.json`);
    test(`authors' ${name} on their dataset (${backend}): train and test loss ± to 4 significant digits`, { skip: missing(modelPath) ?? missing(dataPath) }, () => {
      const model = modelFromFile(readTorchStateDict(modelPath, task, kind), f32);
      const data = readDatasetFile(dataPath);
      const train = lossWithError(model, data.train);
      const testLoss = lossWithError(model, data.test);
      for (const [got, [mean, err]] of [[train, want.train], [testLoss, want.test]] as const) {
        assert.ok(sameDigits(got.mean, mean, 4), `mean ${got.mean} vs ${mean}`);
        assert.ok(sameDigits(got.stderr, err, 3), `± ${got.stderr} vs ${err}`);
      }
    });
  }
}
