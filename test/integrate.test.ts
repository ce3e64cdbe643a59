import { test } from 'node:test';
import assert from 'node:assert/strict';
import { solveIvp } from '../src/integrate/dopri5.js';
import { rk4 } from '../src/integrate/rk4.js';
import { linspace } from '../src/integrate/linspace.js';
import type { OdeFunction } from '../src/integrate/types.js';
import { spring } from '../src/systems/spring.js';
import { pendulum } from '../src/systems/pendulum.js';

const decay: OdeFunction = (_t, y, dydt) => {
  for (let i = 0; i < y.length; i++) dydt[i] = -0.5 * y[i]!;
};

/** Exact mass-spring flow for H = q² + p² (angular frequency 2). */
function springExact(q0: number, p0: number, t: number): [number, number] {
  const c = Math.cos(2 * t);
  const s = Math.sin(2 * t);
  return [q0 * c + p0 * s, p0 * c - q0 * s];
}

function maxSpringError(r: { t: Float64Array; y: Float64Array }, q0: number, p0: number): number {
  let worst = 0;
  for (let k = 0; k < r.t.length; k++) {
    const [q, p] = springExact(q0, p0, r.t[k]!);
    worst = Math.max(worst, Math.abs(r.y[2 * k]! - q), Math.abs(r.y[2 * k + 1]! - p));
  }
  return worst;
}

test("DOPRI5 takes scipy's steps: solve_ivp docs example (exponential decay on [0, 10], default tolerances)", () => {
  // scipy.integrate.solve_ivp docstring: sol.t and sol.y printed to 8 decimals.
  const r = solveIvp(decay, [0, 10], [2, 4, 8]);
  const t = [0, 0.11487653, 1.26364188, 3.06061781, 4.81611105, 6.57445806, 8.33328988, 10];
  const y0 = [2, 1.88836035, 1.06327177, 0.43319312, 0.18017253, 0.07483045, 0.03107158, 0.01350781];
  assert.equal(r.t.length, t.length);
  for (let k = 0; k < t.length; k++) {
    assert.ok(Math.abs(r.t[k]! - t[k]!) < 6e-9, `t[${k}] = ${r.t[k]}`);
    assert.ok(Math.abs(r.y[3 * k]! - y0[k]!) < 6e-9, `y[0][${k}] = ${r.y[3 * k]}`);
  }
  // scipy's count: f(t0) + one probe in select_initial_step + 6 per attempted step (FSAL), no rejections.
  assert.equal(r.nfev, 2 + 6 * 7);
  assert.equal(r.status, 0);
});

test('DOPRI5 dense output at tEval: the same problem with t_eval = [0, 1, 2, 4, 10]', () => {
  const r = solveIvp(decay, [0, 10], [2, 4, 8], { tEval: [0, 1, 2, 4, 10] });
  assert.deepEqual(Array.from(r.t), [0, 1, 2, 4, 10]);
  // Printed by scipy 1.17.1 (solve_ivp, RK45). The docstring's t_eval example shows 0.27066736 and
  // 0.01350938 in its last columns, which no current scipy reproduces; the first three columns agree.
  const expected = [
    [2, 4, 8],
    [1.21305369, 2.42610739, 4.85221478],
    [0.73534021, 1.47068043, 2.94136085],
    [0.27069123, 0.54138247, 1.08276494],
    [0.01350781, 0.02701561, 0.05403123],
  ];
  expected.flat().forEach((v, i) => assert.ok(Math.abs(r.y[i]! - v) < 6e-9, `y[${i}] = ${r.y[i]} vs ${v}`));
  assert.equal(r.nfev, 44); // output points do not change the steps
});

test('DOPRI5 matches the exact mass-spring solution to 1e-8 at rtol 1e-10', () => {
  const r = solveIvp(spring.dynamics, [0, 10], [0.3, -0.4], { rtol: 1e-10, atol: 1e-12 });
  assert.ok(maxSpringError(r, 0.3, -0.4) <= 1e-8, `error ${maxSpringError(r, 0.3, -0.4)}`);
  assert.equal(r.t[r.t.length - 1], 10);
  // The authors' setting (rtol 1e-10, default atol) on [0, 3]: scipy 1.17.1 takes 22 steps, 134 evaluations.
  const authors = solveIvp(spring.dynamics, [0, 3], [0.3, -0.4], { rtol: 1e-10 });
  assert.equal(authors.t.length, 23);
  assert.equal(authors.nfev, 134);
});

test('DOPRI5 integrates backwards in time (t1 < t0), with and without tEval', () => {
  const [q3, p3] = springExact(0.3, -0.4, 3);
  const back = solveIvp(spring.dynamics, [3, 0], [q3, p3], { rtol: 1e-10, atol: 1e-12 });
  assert.equal(back.status, 0);
  assert.equal(back.t[0], 3);
  assert.equal(back.t[back.t.length - 1], 0);
  for (let k = 1; k < back.t.length; k++) assert.ok(back.t[k]! < back.t[k - 1]!);
  assert.ok(maxSpringError(back, 0.3, -0.4) <= 1e-8);

  const tEval = [3, 2.5, 1, 0.25, 0];
  const withEval = solveIvp(spring.dynamics, [3, 0], [q3, p3], { rtol: 1e-10, atol: 1e-12, tEval });
  assert.deepEqual(Array.from(withEval.t), tEval);
  assert.ok(maxSpringError(withEval, 0.3, -0.4) <= 1e-8);
  assert.equal(withEval.nfev, back.nfev);
  assert.throws(() => solveIvp(spring.dynamics, [3, 0], [q3, p3], { tEval: [0, 1] }), RangeError); // wrong order
});

test('DOPRI5 tEval: endpoints included, start reproduced exactly, out-of-span or unsorted rejected', () => {
  const tEval = linspace(0, 3, 30);
  const r = solveIvp(spring.dynamics, [0, 3], [0.3, -0.4], { rtol: 1e-10, tEval });
  assert.deepEqual(Array.from(r.t), Array.from(tEval));
  assert.equal(r.y[0], 0.3);
  assert.equal(r.y[1], -0.4);
  const free = solveIvp(spring.dynamics, [0, 3], [0.3, -0.4], { rtol: 1e-10 });
  const n = free.t.length;
  assert.ok(Math.abs(r.y[58]! - free.y[2 * n - 2]!) < 1e-14 && Math.abs(r.y[59]! - free.y[2 * n - 1]!) < 1e-14);
  const single = solveIvp(spring.dynamics, [0, 3], [0.3, -0.4], { tEval: [3] });
  assert.equal(single.t.length, 1);
  assert.throws(() => solveIvp(spring.dynamics, [0, 3], [1, 0], { tEval: [0, 3.5] }), RangeError);
  assert.throws(() => solveIvp(spring.dynamics, [0, 3], [1, 0], { tEval: [1, 1] }), RangeError);
  // An empty interval returns the start, as scipy does (twice without tEval).
  const empty = solveIvp(spring.dynamics, [1, 1], [0.3, -0.4], { tEval: [1] });
  assert.deepEqual(Array.from(empty.y), [0.3, -0.4]);
  assert.deepEqual(Array.from(solveIvp(spring.dynamics, [1, 1], [0.3, -0.4]).t), [1, 1]);
});

test('DOPRI5 honours maxStep and firstStep', () => {
  const r = solveIvp(pendulum.dynamics, [0, 5], [1.3, 0.4], { maxStep: 0.05 });
  for (let k = 1; k < r.t.length; k++) assert.ok(r.t[k]! - r.t[k - 1]! <= 0.05 + 1e-15);
  const f = solveIvp(pendulum.dynamics, [0, 5], [1.3, 0.4], { firstStep: 1e-3 });
  assert.equal(f.t[1], 1e-3);
  assert.throws(() => solveIvp(pendulum.dynamics, [0, 5], [1.3, 0.4], { firstStep: 6 }), RangeError);
  assert.throws(() => solveIvp(pendulum.dynamics, [0, 5], [1.3, 0.4], { maxStep: 0 }), RangeError);
});

test('DOPRI5 reports a failed step instead of looping when the solution blows up', () => {
  // ẏ = y² from y(0) = 1 explodes at t = 1.
  const r = solveIvp((_t, y, d) => { d[0] = y[0]! * y[0]!; }, [0, 2], [1]);
  assert.equal(r.status, -1);
  assert.match(r.message, /step size/);
  assert.ok(r.t[r.t.length - 1]! < 1 + 1e-6);
});

test('RK4 converges with order 4 on the pendulum (halving the step cuts the error ~16×)', () => {
  const x0 = [1.5, 1.0];
  const ref = solveIvp(pendulum.dynamics, [0, 3], x0, { rtol: 1e-13, atol: 1e-13 });
  const m = ref.y.length;
  const errorAt = (steps: number): number => {
    const r = rk4(pendulum.dynamics, [0, 3], x0, { steps });
    assert.equal(r.t.length, steps + 1);
    assert.equal(r.nfev, 4 * steps);
    return Math.hypot(r.y[r.y.length - 2]! - ref.y[m - 2]!, r.y[r.y.length - 1]! - ref.y[m - 1]!);
  };
  const e1 = errorAt(100);
  const e2 = errorAt(200);
  const e3 = errorAt(400);
  for (const [a, b] of [[e1, e2], [e2, e3]] as const) {
    const order = Math.log2(a / b);
    assert.ok(order > 3.8 && order < 4.2, `observed order ${order}`);
  }
});

test('RK4 with dt and tEval lands exactly on the requested times and agrees with DOPRI5', () => {
  const tEval = [0, 0.7, 1.3, 3];
  const r = rk4(pendulum.dynamics, [0, 3], [1.5, 1.0], { dt: 0.001 }, tEval);
  assert.deepEqual(Array.from(r.t), tEval);
  const ref = solveIvp(pendulum.dynamics, [0, 3], [1.5, 1.0], { rtol: 1e-12, atol: 1e-12, tEval });
  for (let i = 0; i < r.y.length; i++) assert.ok(Math.abs(r.y[i]! - ref.y[i]!) < 1e-10);
  const back = rk4(spring.dynamics, [3, 0], springExact(0.3, -0.4, 3), { steps: 300 });
  assert.ok(maxSpringError(back, 0.3, -0.4) < 1e-8);
  assert.throws(() => rk4(spring.dynamics, [0, 1], [1, 0], { steps: 0 }), RangeError);
  assert.throws(() => rk4(spring.dynamics, [0, 1], [1, 0], { dt: -1 }), RangeError);
});

test('linspace follows numpy: i·step + start with the stop value exact', () => {
  const t = linspace(0, 3, 30);
  assert.equal(t.length, 30);
  assert.equal(t[0], 0);
  assert.equal(t[29], 3);
  assert.equal(t[7], 7 * (3 / 29));
  assert.deepEqual(Array.from(linspace(2, 5, 1)), [2]);
});
