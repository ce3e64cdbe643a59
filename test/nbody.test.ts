import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NumpyRandom } from '../src/core/numpy-random.js';
import { solveIvp } from '../src/integrate/dopri5.js';
import { linspace } from '../src/integrate/linspace.js';
import {
  canonicalColumns,
  canonicalToOrbit,
  gravityField,
  nbodyEnergy,
  nbodySystem,
  orbitDynamics,
  orbitEnergy,
  orbitToCanonical,
  totalMomentum,
} from '../src/systems/nbody.js';
import { generateThreeBodyDataset, sampleThreeBodyState } from '../src/systems/three-body.js';
import { generateTwoBodyDataset, sampleTwoBodyState, twoBodyEnergyStarts } from '../src/systems/two-body.js';
import { missing, readJson, sharedPath } from './helpers/shared.js';

const TWO_BODY_REF = sharedPath('reference', 'datasets', '2body.json.gz');
const ENERGY_INPUTS = sharedPath('reference', 'datasets', 'energy_inputs_2body.json');

/** Largest |a − b| over two equal-length arrays. */
function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  assert.equal(a.length, b.length);
  let worst = 0;
  for (let i = 0; i < a.length; i++) worst = Math.max(worst, Math.abs(a[i]! - b[i]!));
  return worst;
}

const systems: [string, number[], Float64Array][] = [
  ['two bodies (the paper\'s start, seed 0)', [1, 1], orbitToCanonical(sampleTwoBodyState(new NumpyRandom(0)))],
  ['three bodies (the paper\'s start, seed 0)', [1, 1, 1], orbitToCanonical(sampleThreeBodyState(new NumpyRandom(0)))],
  ['three unequal masses', [1, 0.5, 2], Float64Array.of(1, -0.5, 0.1, 0, 0.9, -0.4, 0.1, -0.6, 0.3, -0.4, 0.2, 0.1)],
];

for (const [label, masses, x0] of systems) {
  test(`n-body, ${label}: the true flow conserves energy (relative) and total momentum to 1e-9 under DOPRI5 at rtol = atol = 1e-12`, () => {
    const system = nbodySystem(masses);
    const r = solveIvp(system.dynamics, [0, 10], x0, { rtol: 1e-12, atol: 1e-12, tEval: linspace(0, 10, 101) });
    assert.equal(r.status, 0);
    const e0 = system.hamiltonian(x0);
    const [px0, py0] = totalMomentum(x0);
    const d = system.dim;
    for (let k = 0; k < r.t.length; k++) {
      const x = r.y.subarray(k * d, (k + 1) * d);
      assert.ok(Math.abs((system.hamiltonian(x) - e0) / e0) <= 1e-9, `t = ${r.t[k]}: energy drift ${(system.hamiltonian(x) - e0) / e0}`);
      const [px, py] = totalMomentum(x);
      assert.ok(Math.abs(px - px0) <= 1e-9 && Math.abs(py - py0) <= 1e-9, `t = ${r.t[k]}: momentum drift`);
    }
  });

  test(`n-body, ${label}: dynamics equal J∇H (central finite differences of the energy)`, () => {
    const system = nbodySystem(masses);
    const d = system.dim;
    const eps = 1e-6;
    const dxdt = new Float64Array(d);
    system.dynamics(0, x0, dxdt);
    for (let c = 0; c < d; c++) {
      const plus = Float64Array.from(x0);
      const minus = Float64Array.from(x0);
      plus[c] = plus[c]! + eps;
      minus[c] = minus[c]! - eps;
      const grad = (system.hamiltonian(plus) - system.hamiltonian(minus)) / (2 * eps);
      // ∂H/∂q = −ṗ, ∂H/∂p = q̇
      const expected = c < d / 2 ? -dxdt[c + d / 2]! : dxdt[c - d / 2]!;
      assert.ok(Math.abs(grad - expected) < 1e-7, `component ${c}: ∂H = ${grad}, from the dynamics ${expected}`);
    }
  });
}

test('n-body layouts: canonical ↔ orbit round trip; orbit dynamics and energy agree with the canonical system', () => {
  const masses = [1, 0.5, 2];
  const x = systems[2]![2];
  const state = canonicalToOrbit(x, masses);
  assert.deepEqual([...state.subarray(0, 5)], [1, 1, 0, 0.1, -0.4]);
  assert.deepEqual([...state.subarray(5, 10)], [0.5, -0.5, 0.9, -1.2, 0.4]);
  assert.ok(maxAbsDiff(orbitToCanonical(state), x) < 1e-15);
  assert.ok(Math.abs(orbitEnergy(state) - nbodyEnergy(x, masses)) < 1e-15);

  const canonical = new Float64Array(12);
  nbodySystem(masses).dynamics(0, x, canonical);
  const orbit = new Float64Array(15);
  orbitDynamics()(0, state, orbit);
  for (let i = 0; i < 3; i++) {
    const m = masses[i]!;
    const expected = [0, canonical[i]!, canonical[3 + i]!, canonical[6 + i]! / m, canonical[9 + i]! / m];
    assert.ok(maxAbsDiff(orbit.subarray(5 * i, 5 * i + 5), expected) < 1e-15, `body ${i}`);
  }
  assert.deepEqual(canonicalColumns(2), ['qx1', 'qx2', 'qy1', 'qy2', 'px1', 'px2', 'py1', 'py2']);
  assert.throws(() => nbodySystem([1]), /at least 2 bodies/);
  assert.throws(() => nbodySystem([1, -1]), /mass 1 must be positive/);
  assert.throws(() => orbitToCanonical([1, 2, 3]), /5 numbers/);
  assert.throws(() => nbodyEnergy([1, 2, 3], [1, 1]), /8 numbers/);
});

test('two-body data: the generator (seed 0) matches the authors\' 2body.json.gz element by element to 1e-12', { skip: missing(TWO_BODY_REF) }, (t) => {
  const start = performance.now();
  const ds = generateTwoBodyDataset({ seed: 0 });
  const ms = performance.now() - start;
  const ref = readJson(TWO_BODY_REF);
  assert.equal(ds.dim, 8);
  assert.equal(ds.train.x.length / 8, 40000);
  assert.equal(ds.test.x.length / 8, 10000);
  assert.deepEqual(ds.meta?.columns, ref.meta.columns);
  const diffs = {
    x: maxAbsDiff(ds.train.x, ref.x.flat()),
    dx: maxAbsDiff(ds.train.dx, ref.dx.flat()),
    test_x: maxAbsDiff(ds.test.x, ref.test_x.flat()),
    test_dx: maxAbsDiff(ds.test.dx, ref.test_dx.flat()),
  };
  t.diagnostic(`1000 orbits in ${ms.toFixed(0)} ms; max |ours − authors'|: ${JSON.stringify(diffs)}`);
  for (const [k, d] of Object.entries(diffs)) assert.ok(d <= 1e-12, `${k}: ${d}`);
});

test('two-body energy: nbodyEnergy reproduces the authors\' stored energies of their states', { skip: missing(TWO_BODY_REF) }, () => {
  const ref = readJson(TWO_BODY_REF);
  for (const [rows, energies] of [[ref.x, ref.energy], [ref.test_x, ref.test_energy]] as [number[][], number[]][]) {
    let worst = 0;
    rows.forEach((row, i) => (worst = Math.max(worst, Math.abs(nbodyEnergy(row, [1, 1]) - energies[i]!))));
    assert.ok(worst <= 1e-15, `max energy difference ${worst}`);
  }
});

test('two-body energy-metric starts (seeds 0..14) equal the authors\' recorded start states', { skip: missing(ENERGY_INPUTS) }, () => {
  const ref = readJson(ENERGY_INPUTS);
  const starts = twoBodyEnergyStarts(15);
  assert.equal(ref.trials.length, 15);
  ref.trials.forEach((trial: { seed: number; state0: number[] }, i: number) => {
    assert.equal(trial.seed, i);
    assert.ok(maxAbsDiff(starts[i]!, trial.state0) <= 1e-15, `seed ${i}`);
  });
});

test('three-body start (seed 0) equals the authors\' random_config as run with numpy (2.4) to 1e-15', () => {
  const expected = [
    1, 0.2391005425951561, 1.0540504188545183, -0.7255601529449894, 0.1567456552744601,
    1, -1.0323847108952189, -0.31995806548121053, 0.22898641032502035, -0.68068458195942,
    1, 0.7932841683000624, -0.7340923533733078, 0.5741945757793613, 0.6359189353295448,
  ];
  assert.ok(maxAbsDiff(sampleThreeBodyState(new NumpyRandom(0)), expected) <= 1e-15);
});

test('three-body data: shapes, starts on an equilateral triangle at radius in [0.9, 1.2], bound, conserved along each orbit', (t) => {
  const start = performance.now();
  const ds = generateThreeBodyDataset({ seed: 0 });
  t.diagnostic(`5000 orbits in ${(performance.now() - start).toFixed(0)} ms`);
  const d = 12;
  assert.equal(ds.dim, d);
  assert.equal(ds.test.x.length / d, 20000);
  assert.equal(ds.train.x.length / d, 80000);
  const x = new Float64Array([...ds.test.x, ...ds.train.x]);
  const dx = new Float64Array([...ds.test.dx, ...ds.train.dx]);
  const masses = [1, 1, 1];
  const row = (k: number) => x.subarray(k * d, (k + 1) * d);
  let worstEnergy = 0;
  let worstMomentum = 0;
  let worstTarget = 0;
  const target = new Float64Array(d);
  for (let o = 0; o < 5000; o++) {
    const s = row(o * 20);
    const radii = [0, 1, 2].map((i) => Math.hypot(s[i]!, s[3 + i]!));
    assert.ok(radii.every((r) => r >= 0.9 && r <= 1.2 && Math.abs(r - radii[0]!) < 1e-12), `orbit ${o}: radii ${radii}`);
    const side = Math.hypot(s[0]! - s[1]!, s[3]! - s[4]!);
    assert.ok(Math.abs(side - Math.sqrt(3) * radii[0]!) < 1e-12, `orbit ${o}: not equilateral`);
    const e0 = nbodyEnergy(s, masses);
    assert.ok(e0 < 0, `orbit ${o}: unbound start, energy ${e0}`);
    // the ±20% perturbation of each velocity component bounds the total momentum of the start
    const [px0, py0] = totalMomentum(s);
    const speeds = [0, 1, 2].reduce((acc, i) => acc + Math.hypot(s[6 + i]!, s[9 + i]!), 0);
    assert.ok(Math.hypot(px0, py0) <= 0.25 * Math.SQRT2 * speeds, `orbit ${o}: momentum ${px0}, ${py0}`);
    for (let k = 0; k < 20; k++) {
      const xk = row(o * 20 + k);
      worstEnergy = Math.max(worstEnergy, Math.abs((nbodyEnergy(xk, masses) - e0) / e0));
      const [px, py] = totalMomentum(xk);
      worstMomentum = Math.max(worstMomentum, Math.abs(px - px0), Math.abs(py - py0));
      gravityField(xk, masses, 1, target);
      worstTarget = Math.max(worstTarget, maxAbsDiff(target, dx.subarray((o * 20 + k) * d, (o * 20 + k + 1) * d)));
    }
  }
  t.diagnostic(`largest relative energy drift ${worstEnergy.toExponential(2)}, momentum drift ${worstMomentum.toExponential(2)}`);
  assert.ok(worstEnergy < 1e-3, `energy drift ${worstEnergy} (rtol 1e-9, atol 1e-6 as the authors)`);
  assert.ok(worstMomentum < 1e-12, `momentum drift ${worstMomentum}`);
  assert.equal(worstTarget, 0, 'targets are the true dynamics at the stored states');
});
