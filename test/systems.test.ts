import { test } from 'node:test';
import assert from 'node:assert/strict';
import { solveIvp } from '../src/integrate/dopri5.js';
import { linspace } from '../src/integrate/linspace.js';
import { pendulum } from '../src/systems/pendulum.js';
import { spring } from '../src/systems/spring.js';
import { generatePendulumDataset, generateSpringDataset } from '../src/systems/trajectory-dataset.js';
import type { HamiltonianSystem } from '../src/systems/types.js';
import type { Dataset } from '../src/core/dataset.js';
import { missing, readJson, sharedPath } from './helpers/shared.js';

const cases: [HamiltonianSystem, number[]][] = [
  [spring, [0.5, 0.3]],
  [pendulum, [1.5, 1.0]],
];

for (const [system, x0] of cases) {
  test(`${system.name}: the true flow conserves H to 1e-9 (relative) over t ∈ [0, 20] with DOPRI5 at rtol 1e-12`, () => {
    const r = solveIvp(system.dynamics, [0, 20], x0, { rtol: 1e-12, atol: 1e-12, tEval: linspace(0, 20, 201) });
    assert.equal(r.status, 0);
    const h0 = system.hamiltonian(Float64Array.from(x0));
    for (let k = 0; k < r.t.length; k++) {
      const h = system.hamiltonian(r.y.subarray(2 * k, 2 * k + 2));
      assert.ok(Math.abs(h - h0) / h0 <= 1e-9, `t = ${r.t[k]}: H drift ${(h - h0) / h0}`);
    }
  });

  test(`${system.name}: dynamics equal J∇H (central finite differences of the Hamiltonian)`, () => {
    const eps = 1e-6;
    const dxdt = new Float64Array(2);
    for (const [q, p] of [[0.3, -0.7], [-1.2, 0.4], [2.5, 1.1], [0, 0]] as const) {
      const at = (dq: number, dp: number) => system.hamiltonian(Float64Array.of(q + dq, p + dp));
      const dHdq = (at(eps, 0) - at(-eps, 0)) / (2 * eps);
      const dHdp = (at(0, eps) - at(0, -eps)) / (2 * eps);
      system.dynamics(0, Float64Array.of(q, p), dxdt);
      assert.ok(Math.abs(dxdt[0]! - dHdp) < 1e-8, `q̇ at (${q}, ${p})`);
      assert.ok(Math.abs(dxdt[1]! + dHdq) < 1e-8, `ṗ at (${q}, ${p})`);
    }
  });
}

test('energies: spring uses H itself, pendulum uses q² + p² (paper.md §4) while H = 3(1 − cos q) + p²', () => {
  const x = Float64Array.of(0.8, -0.6);
  assert.equal(spring.energy(x), spring.hamiltonian(x));
  assert.ok(Math.abs(pendulum.energy(x) - 1) < 1e-15);
  assert.ok(Math.abs(pendulum.hamiltonian(x) - (3 * (1 - Math.cos(0.8)) + 0.36)) < 1e-15);
});

/** Largest |ours − theirs| between a row-major array and the reference's nested rows. */
function maxAbsDiff(ours: Float64Array, theirs: number[][]): number {
  const flat = theirs.flat();
  assert.equal(ours.length, flat.length);
  let worst = 0;
  for (let i = 0; i < flat.length; i++) worst = Math.max(worst, Math.abs(ours[i]! - flat[i]!));
  return worst;
}

function compareWithAuthors(ds: Dataset, path: string, trainRows: number): void {
  const ref = readJson(path);
  assert.equal(ds.dim, 2);
  assert.equal(ds.train.x.length, trainRows * 2);
  assert.equal(ds.test.x.length, trainRows * 2);
  for (const [ours, key] of [[ds.train.x, 'x'], [ds.train.dx, 'dx'], [ds.test.x, 'test_x'], [ds.test.dx, 'test_dx']] as const) {
    const diff = maxAbsDiff(ours, ref[key]);
    assert.ok(diff <= 1e-6, `${key}: max |diff| ${diff}`);
  }
}

const SPRING = sharedPath('reference', 'datasets', 'spring.json');
const PEND = sharedPath('reference', 'datasets', 'pend.json');

test("spring data (seed 0) equals the authors' experiment-spring dataset to 1e-6", { skip: missing(SPRING) }, () => {
  const ds = generateSpringDataset();
  compareWithAuthors(ds, SPRING, 750);
  assert.equal(ds.meta?.['seed'], 0);
  assert.equal(ds.meta?.['pointsPerTrajectory'], 30);
});

test("pendulum data (seed 0) equals the authors' experiment-pend dataset to 1e-6", { skip: missing(PEND) }, () => {
  const ds = generatePendulumDataset();
  compareWithAuthors(ds, PEND, 1125);
  assert.equal(ds.meta?.['pointsPerTrajectory'], 45);
});

test('dataset options: other seeds, sizes and noise levels', () => {
  const clean = generateSpringDataset({ seed: 3, samples: 4, noiseStd: 0 });
  assert.equal(clean.train.x.length + clean.test.x.length, 4 * 30 * 2);
  const x = Float64Array.of(clean.train.x[0]!, clean.train.x[1]!);
  const d = new Float64Array(2);
  spring.dynamics(0, x, d);
  assert.deepEqual(Array.from(d), [clean.train.dx[0], clean.train.dx[1]]); // without noise, targets are f(x)
  const r = Math.hypot(clean.train.x[0]!, clean.train.x[1]!);
  assert.ok(r >= 0.1 && r <= 1.0);
  assert.notDeepEqual(Array.from(generateSpringDataset({ seed: 4, samples: 4 }).train.x), Array.from(clean.train.x));
});
