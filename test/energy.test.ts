import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { solveIvp } from '../src/integrate/dopri5.js';
import { createKernels } from '../src/node/kernels.js';
import { readTorchStateDict } from '../src/node/readers.js';
import { modelFromFile } from '../src/io/model-file.js';
import { authorsEnergyStarts } from '../src/tasks/energy-starts.js';
import { measuredPathProtocol, type IntegrationSpec } from '../src/tasks/energy-protocol.js';
import { stateTaskByName } from '../src/tasks/registry.js';
import { measureEnergyMse } from '../src/eval/energy-metric.js';
import { readEnergyProtocolFile } from '../src/node/readers.js';
import { splitStderr } from '../src/eval/split-error.js';
import { spring } from '../src/systems/spring.js';
import { pendulum } from '../src/systems/pendulum.js';
import { hnn } from './helpers/cli.js';
import { missing, readJson, sharedPath } from './helpers/shared.js';

/** The authors' energy MSE with ± on their own models (../shared/reference/README.md). */
const REFERENCE_ENERGY: Record<string, [number, number]> = {
  'spring-baseline': [1.6796e-1, 2.05e-2],
  'spring-hnn': [4.4452e-4, 8.38e-5],
  'pend-baseline': [4.1502e-2, 9.6e-3],
  'pend-hnn': [2.485e-2, 5.42e-3],
  'real-baseline': [3.7138e-1, 7.43e-2],
  'real-hnn': [1.1893e-2, 4.06e-3],
};

/** Reference file name → the library's task name. */
const TASKS = { spring: 'spring', pend: 'pendulum', real: 'real-pendulum' } as const;

const protocolPath = (ref: string): string => sharedPath('reference', 'datasets', `energy_inputs_${ref}.json`);
const relErr = (got: number, want: number): number => Math.abs(got - want) / Math.abs(want);
const tmp = (): string => mkdtempSync(join(tmpdir(), 'hnn-energy-'));

/** A recorded solve_ivp setting in the library's form. */
function recorded(spec: { t_span: number[]; y0: number[]; t_eval: number[]; rtol: number; atol: number }): IntegrationSpec {
  return { tSpan: [spec.t_span[0]!, spec.t_span[1]!], y0: Float64Array.from(spec.y0), tEval: Float64Array.from(spec.t_eval), rtol: spec.rtol, atol: spec.atol };
}

for (const ref of ['spring', 'pend'] as const) {
  const task = TASKS[ref];
  test(`${task}: the starts are drawn as the authors' notebook draws them (seed 0), bit for bit`, { skip: missing(protocolPath(ref)) }, () => {
    const file = readJson(protocolPath(ref));
    const starts = authorsEnergyStarts(task, 0);
    assert.deepEqual(Array.from(starts), file.samples.flatMap((s: { x0: number[] }) => s.x0));
  });

  test(`${task}: the built-in paper protocol rebuilds every recorded integration exactly`, { skip: missing(protocolPath(ref)) }, () => {
    const file = readJson(protocolPath(ref));
    const protocol = stateTaskByName(task).energyMetric!.protocol('paper', 0, undefined);
    assert.equal(protocol.samples.length, 15);
    protocol.samples.forEach((sample, i: number) => {
      assert.deepEqual(sample.truth, recorded(file.samples[i].true), `true integration of sample ${i}`);
      for (const kind of ['baseline', 'hnn']) assert.deepEqual(sample.model, recorded(file.samples[i][kind]), `${kind} integration of sample ${i}`);
    });
  });

  // The recorded settings keep scipy's default atol = 1e-6, so the true paths are only good to ~1e-4 by t = 80.
  test(`${task}: DOPRI5 on the recorded true settings follows the exact paths and conserves the true energy to their accuracy`, { skip: missing(protocolPath(ref)) }, () => {
    const file = readJson(protocolPath(ref));
    const system = ref === 'spring' ? spring : pendulum;
    for (const sample of file.samples) {
      const spec = recorded(sample.true);
      const r = solveIvp(system.dynamics, spec.tSpan, spec.y0, spec);
      assert.equal(r.status, 0);
      assert.deepEqual(r.t, spec.tEval);
      const h0 = system.hamiltonian(spec.y0);
      for (let k = 0; k < r.t.length; k++) {
        const x = r.y.subarray(2 * k, 2 * k + 2);
        assert.ok(Math.abs(system.hamiltonian(x) - h0) <= 5e-4 * h0, `H drifts at t = ${r.t[k]}`);
        if (ref === 'spring') {
          // Exact flow of H = q² + p²: rotation at angular frequency 2.
          const [q0, p0] = spec.y0;
          const c = Math.cos(2 * r.t[k]!);
          const s = Math.sin(2 * r.t[k]!);
          assert.ok(Math.hypot(x[0]! - (q0! * c + p0! * s), x[1]! - (p0! * c - q0! * s)) < 2e-4, `spring path at t = ${r.t[k]}`);
        }
      }
    }
  });
}

test('real pendulum: the measured-path protocol rebuilds the recorded integration from the test data', { skip: missing(protocolPath('real')) ?? missing(sharedPath('reference', 'datasets', 'real.json')) }, () => {
  const file = readJson(protocolPath('real'));
  const data = readJson(sharedPath('reference', 'datasets', 'real.json'));
  const protocol = measuredPathProtocol('clean', { x: Float64Array.from(data.test_x.flat()), dx: new Float64Array(0), t: Float64Array.from(data.test_t) }, 2);
  assert.deepEqual(protocol.samples[0]!.model, recorded(file.hnn));
  assert.deepEqual(protocol.samples[0]!.truth, Float64Array.from(file.true_x.flat()));
  const task = stateTaskByName('real-pendulum').energyMetric!;
  file.true_x.forEach((x: number[], k: number) => assert.ok(Math.abs(task.energy(Float64Array.from(x)) - file.true_e[k]) < 1e-12));
});

test("the ± (std of 5 split means / √5) reproduces the authors' ± from their per-sample values", { skip: missing(protocolPath('spring')) ?? missing(protocolPath('pend')) ?? missing(protocolPath('real')) }, () => {
  const cases: [number[], number][] = [
    [readJson(protocolPath('spring')).base_energy_per_sample, REFERENCE_ENERGY['spring-baseline']![1]],
    [readJson(protocolPath('spring')).hnn_energy_per_sample, REFERENCE_ENERGY['spring-hnn']![1]],
    [readJson(protocolPath('pend')).base_energy_per_sample, REFERENCE_ENERGY['pend-baseline']![1]],
    [readJson(protocolPath('pend')).hnn_energy_per_sample, REFERENCE_ENERGY['pend-hnn']![1]],
    [readJson(protocolPath('real')).base_distance, REFERENCE_ENERGY['real-baseline']![1]],
    [readJson(protocolPath('real')).hnn_distance, REFERENCE_ENERGY['real-hnn']![1]],
  ];
  for (const [values, want] of cases) assert.ok(relErr(splitStderr(values), want) < 5e-3, `${splitStderr(values)} vs ${want}`);
  // numpy's array_split where the length is not a multiple of 5: [0, 1] [2, 3] [4] [5] [6].
  const means = [0.5, 2.5, 4, 5, 6];
  const m = means.reduce((a, b) => a + b) / 5;
  assert.ok(relErr(splitStderr([0, 1, 2, 3, 4, 5, 6]), Math.sqrt(means.reduce((a, b) => a + (b - m) ** 2, 0) / 5) / Math.sqrt(5)) < 1e-12);
  // Fewer values than splits: one part per value.
  assert.ok(relErr(splitStderr([1, 2, 3]), Math.sqrt(2 / 3) / Math.sqrt(3)) < 1e-12);
  assert.throws(() => splitStderr([]), /no values/);
});

for (const ref of ['spring', 'pend', 'real'] as const) {
  const task = TASKS[ref];
  for (const kind of ['baseline', 'hnn'] as const) {
    const weights = sharedPath('reference', 'models', `${ref}-${kind}.json`);
    const data = sharedPath('reference', 'datasets', `${ref}.json`);
    const skip = missing(weights) ?? missing(data) ?? missing(protocolPath(ref));
    test(`hnn evaluate --energy --protocol-file on the authors' ${ref}-${kind}: their energy MSE, ± and per-sample values within 2%`, { skip }, () => {
      const model = join(tmp(), 'model.json');
      const imported = hnn(['import-torch', weights, '--task', task, '--model', kind, '--out', model]);
      assert.equal(imported.status, 0, imported.stderr);
      const r = hnn(['evaluate', model, '--dataset', data, '--energy', '--protocol-file', protocolPath(ref), '--json']);
      assert.equal(r.status, 0, r.stderr);
      const got = JSON.parse(r.stdout).energyMse;
      const [mean, err] = REFERENCE_ENERGY[`${ref}-${kind}`]!;
      assert.ok(relErr(got.mean, mean) < 0.02, `energy MSE ${got.mean} vs ${mean}`);
      assert.ok(relErr(got.stderr, err) < 0.02, `± ${got.stderr} vs ${err}`);
      if (ref !== 'real') {
        const want: number[] = readJson(protocolPath(ref))[kind === 'hnn' ? 'hnn_energy_per_sample' : 'base_energy_per_sample'];
        want.forEach((w, i) => assert.ok(relErr(got.perSample[i], w) < 0.02, `sample ${i}: ${got.perSample[i]} vs ${w}`));
      }
    });
  }
}

test('clean protocol: pendulum as the authors ran it; spring stretched once instead of compounding', { skip: missing(sharedPath('reference', 'models', 'spring-baseline.json')) ?? missing(sharedPath('reference', 'models', 'pend-hnn.json')) }, () => {
  const measure = (ref: 'spring' | 'pend', kind: 'baseline' | 'hnn', name: 'clean' | 'paper') => {
    const task = TASKS[ref];
    const model = modelFromFile(readTorchStateDict(sharedPath('reference', 'models', `${ref}-${kind}.json`), task, kind), createKernels('auto'));
    const { protocol: _, ...result } = measureEnergyMse(stateTaskByName(task), model, { seed: 0, protocol: name });
    return result;
  };
  assert.deepEqual(measure('pend', 'hnn', 'clean'), measure('pend', 'hnn', 'paper'));
  const clean = stateTaskByName('spring').energyMetric!.protocol('clean', 0, undefined);
  for (const sample of clean.samples) {
    assert.deepEqual((sample.truth as IntegrationSpec).tSpan, [0, 20]);
    assert.deepEqual(sample.model.tSpan, [0, 20 * 1.09]);
    assert.equal(sample.model.tEval[99], 20 * 1.09);
  }
  // The compounding spans (up to 20·1.09¹⁶ ≈ 79) let the baseline drift for longer.
  assert.ok(measure('spring', 'baseline', 'clean').mean < 0.5 * REFERENCE_ENERGY['spring-baseline']![0]);
});

test("real pendulum, clean protocol from the measured data file (hnn evaluate --data): the authors' energy MSE", { skip: missing(sharedPath('data', 'real_pend_h_1.txt')) ?? missing(sharedPath('reference', 'models', 'real-hnn.json')) }, () => {
  const model = join(tmp(), 'model.json');
  assert.equal(hnn(['import-torch', sharedPath('reference', 'models', 'real-hnn.json'), '--task', 'real-pendulum', '--model', 'hnn', '--out', model]).status, 0);
  const r = hnn(['evaluate', model, '--data', sharedPath('data', 'real_pend_h_1.txt'), '--energy', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout).energyMse;
  assert.equal(got.protocol, 'clean');
  assert.ok(relErr(got.mean, REFERENCE_ENERGY['real-hnn']![0]) < 0.02, `energy MSE ${got.mean}`);
  const text = hnn(['evaluate', model, '--data', sharedPath('data', 'real_pend_h_1.txt'), '--energy']);
  assert.match(text.stdout, /^energy MSE \d\.\d{4}e-2 ± \d\.\d{2}e-3 \(protocol: clean\)$/m);
});

test('protocol files: wrong task, unsupported method, bad grid and unknown layout are named errors', () => {
  const dir = tmp();
  const spec = { t_span: [0, 1], y0: [1, 0], t_eval: [0, 0.5, 1], rtol: 1e-6, atol: 1e-6, method: 'RK45' };
  const write = (name: string, content: unknown): string => {
    const path = join(dir, name);
    writeFileSync(path, JSON.stringify(content));
    return path;
  };
  const good = write('good.json', { task: 'pend', samples: [{ x0: [1, 0], true: spec, baseline: spec, hnn: spec }] });
  const protocol = readEnergyProtocolFile(good, 'hnn', stateTaskByName('pendulum'));
  assert.equal(protocol.samples.length, 1);
  assert.equal(protocol.errorOver, 'samples');
  assert.throws(() => readEnergyProtocolFile(good, 'hnn', stateTaskByName('spring')), /records the energy protocol of task "pend", but the model is for "spring"/);
  const lsoda = write('lsoda.json', { samples: [{ true: spec, baseline: spec, hnn: { ...spec, method: 'LSODA' } }] });
  assert.throws(() => readEnergyProtocolFile(lsoda, 'hnn', stateTaskByName('pendulum')), /samples\[0\]: field "hnn\.method": expected "RK45"/);
  const outside = write('outside.json', { samples: [{ true: spec, baseline: { ...spec, t_eval: [0, 2] }, hnn: spec }] });
  assert.throws(() => readEnergyProtocolFile(outside, 'baseline', stateTaskByName('pendulum')), /field "baseline\.t_eval": expected times inside t_span/);
  const other = write('other.json', { paths: [] });
  assert.throws(() => readEnergyProtocolFile(other, 'hnn', stateTaskByName('pendulum')), /field "samples": expected an array of samples \(or a single path with true_x\)/);
});

test('hnn evaluate: energy flags are checked before any work', () => {
  const r = hnn(['evaluate', 'whatever.json', '--protocol', 'paper']);
  assert.equal(r.status, 2);
  assert.match(r.stderr, /--protocol and --protocol-file choose how --energy is measured; add --energy/);
  const both = hnn(['evaluate', 'whatever.json', '--energy', '--protocol', 'paper', '--protocol-file', 'p.json']);
  assert.equal(both.status, 2);
  assert.match(both.stderr, /give either --protocol or --protocol-file, not both/);
  const bad = hnn(['evaluate', 'whatever.json', '--energy', '--protocol', 'sloppy']);
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--protocol.*expected one of clean, paper/);
});
