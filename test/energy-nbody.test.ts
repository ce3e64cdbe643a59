import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createKernels } from '../src/node/kernels.js';
import { readEnergyProtocolFile, readTorchStateDict } from '../src/node/readers.js';
import { modelFromFile } from '../src/io/model-file.js';
import { measureEnergyMse } from '../src/eval/energy-metric.js';
import { stateTaskByName } from '../src/tasks/registry.js';
import { canonicalToOrbit, orbitToCanonical } from '../src/systems/nbody.js';
import { sampleThreeBodyState } from '../src/systems/three-body.js';
import { NumpyRandom } from '../src/core/numpy-random.js';
import { missing, sharedPath } from './helpers/shared.js';

/** The authors' two-body energy MSEs (../shared/reference/README.md). */
const REFERENCE = { baseline: 7.874e-2, hnn: 3.1981e-5 };
const protocolFile = sharedPath('reference', 'datasets', 'energy_inputs_2body.json');

for (const kind of ['baseline', 'hnn'] as const) {
  const weights = sharedPath('reference', 'models', `2body-${kind}.json`);
  test(`two-body ${kind}: the authors' model scores their energy MSE (replayed and built-in protocol) within 2%`, { skip: missing(weights) ?? missing(protocolFile) }, () => {
    const model = modelFromFile(readTorchStateDict(weights, 'two-body', kind), createKernels());
    const task = stateTaskByName('two-body');
    const replayed = measureEnergyMse(task, model, { seed: 0, protocol: readEnergyProtocolFile(protocolFile, kind, task) });
    const builtIn = measureEnergyMse(task, model, { seed: 0 });
    for (const got of [replayed, builtIn]) {
      assert.ok(Math.abs(got.mean / REFERENCE[kind] - 1) <= 0.02, `${got.protocol}: ${got.mean} vs ${REFERENCE[kind]}`);
      assert.equal(got.perSample.length, 15);
    }
  });
}

test('n-body energy tasks: the model adapter maps canonical coordinates to orbit-layout rates; energies agree', () => {
  const task = stateTaskByName('three-body').energyMetric!;
  const y0 = sampleThreeBodyState(new NumpyRandom(3));
  // A "model" that is the identity on canonical coordinates: the adapter must hand it q, p (12 numbers)
  // and put its output into the orbit layout's position and velocity slots, masses unchanged.
  let seen = 0;
  const field = task.integratedField((_t, x, dxdt) => {
    seen = x.length;
    dxdt.set(x);
  });
  const dy = new Float64Array(y0.length);
  field(0, y0, dy);
  assert.equal(seen, 12);
  // Rates in orbit layout: mass rates 0, then the field's q and p rates (velocity rate = ṗ/m, m = 1).
  const expected = canonicalToOrbit(orbitToCanonical(y0), [1, 1, 1]);
  for (let b = 0; b < 3; b++) expected[5 * b] = 0;
  assert.deepEqual(dy, expected);
  assert.ok(Math.abs(task.energy(y0) - stateTaskByName('three-body').system!.energy(orbitToCanonical(y0))) < 1e-12);
});
