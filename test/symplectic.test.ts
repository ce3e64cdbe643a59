import { test } from 'node:test';
import assert from 'node:assert/strict';
import { integrate, integrateBatch, rowwise, type IntegratorName } from '../src/integrate/integrate.js';
import { implicitMidpoint } from '../src/integrate/implicit-midpoint.js';
import { leapfrog, type SeparableHamiltonian } from '../src/integrate/leapfrog.js';
import type { OdeFunction } from '../src/integrate/types.js';
import { timeReversal } from '../src/eval/time-reversal.js';
import { pendulum } from '../src/systems/pendulum.js';

/** The pendulum H = 3(1 − cos q) + p² given by its partial derivatives, for the explicit leapfrog. */
const pendulumParts: SeparableHamiltonian = {
  dHdq: (q, out) => q.forEach((v, i) => (out[i] = 3 * Math.sin(v))),
  dHdp: (p, out) => p.forEach((v, i) => (out[i] = 2 * v)),
};

const energyAt = (y: Float64Array, k: number): number => pendulum.hamiltonian(y.subarray(2 * k, 2 * k + 2));

/** log₂ of successive error ratios when halving the step: the observed order of convergence. */
function observedOrders(method: IntegratorName): number[] {
  const y0 = [1.0, 0.5];
  const exact = integrate('dopri5', pendulum.dynamics, [0, 5], y0, { rtol: 1e-13, atol: 1e-13, tEval: [5] }).y;
  const errors = [50, 100, 200, 400].map((steps) => {
    const y = integrate(method, pendulum.dynamics, [0, 5], y0, { steps, tEval: [5] }).y;
    return Math.hypot(y[0]! - exact[0]!, y[1]! - exact[1]!);
  });
  return errors.slice(1).map((e, i) => Math.log2(errors[i]! / e));
}

for (const [method, order] of [['rk4', 4], ['leapfrog', 2], ['implicit-midpoint', 2]] as const) {
  test(`${method} converges with order ${order} on the pendulum`, () => {
    const orders = observedOrders(method);
    for (const o of orders) assert.ok(Math.abs(o - order) < 0.2, `observed orders ${orders.map((x) => x.toFixed(3)).join(', ')}`);
  });
}

test('over 10⁴ coarse steps the symplectic schemes keep the pendulum energy error bounded while RK4 drifts', () => {
  const steps = 10_000;
  const h = 0.2;
  const y0 = [2.0, 0];
  const h0 = pendulum.hamiltonian(Float64Array.from(y0));
  /** Largest |H − H₀| over the first and the last tenth of the steps. */
  const spread = (method: IntegratorName): [number, number] => {
    const r = integrate(method, pendulum.dynamics, [0, h * steps], y0, { steps });
    assert.equal(r.status, 0);
    let first = 0;
    let last = 0;
    for (let k = 0; k <= steps; k++) {
      const e = Math.abs(energyAt(r.y, k) - h0);
      if (k <= steps / 10) first = Math.max(first, e);
      if (k >= (9 * steps) / 10) last = Math.max(last, e);
    }
    return [first, last];
  };
  for (const method of ['leapfrog', 'implicit-midpoint'] as const) {
    const [first, last] = spread(method);
    assert.ok(last <= 1.05 * first, `${method}: energy error grew from ${first} to ${last}`);
    assert.ok(last < 0.1 * h0, `${method}: energy error ${last} of H₀ = ${h0}`);
  }
  const [first, last] = spread('rk4');
  assert.ok(last > 3 * first && last > 0.3 * h0, `RK4 energy error ${first} → ${last} should drift`);
});

test('leapfrog from ∂H/∂q and ∂H/∂p equals leapfrog on the vector field, which needs no extra iterations', () => {
  const fromParts = leapfrog(pendulumParts, [0, 5], [1, 0.5], { steps: 100 });
  const fromField = leapfrog(pendulum.dynamics, [0, 5], [1, 0.5], { steps: 100 });
  assert.deepEqual(fromParts.y, fromField.y);
  assert.equal(fromField.nfev, 3 * 100);
  assert.equal(fromField.t.length, 101);
});

test('fixed-step methods step a batch together: one call of the batched field per stage, same result as row by row', () => {
  const starts = [1, 0.5, -0.3, 1.2, 2.5, 0];
  for (const method of ['rk4', 'leapfrog', 'implicit-midpoint'] as const) {
    let calls = 0;
    const batched: OdeFunction = (t, y, dydt) => {
      calls++;
      assert.equal(y.length, starts.length);
      rowwise(pendulum.dynamics, 2)(t, y, dydt);
    };
    const results = integrateBatch(method, batched, [0, 3], starts, 2, { dt: 0.05, tEval: [0, 1, 3] });
    assert.equal(results.length, 3);
    assert.equal(calls, results[0]!.nfev);
    results.forEach((r, i) => {
      const alone = integrate(method, pendulum.dynamics, [0, 3], starts.slice(2 * i, 2 * i + 2), { dt: 0.05, tEval: [0, 1, 3] });
      assert.deepEqual(Array.from(r.t), [0, 1, 3]);
      // RK4 is the same arithmetic; the implicit stages iterate until every row of the batch has settled.
      const tolerance = method === 'rk4' ? 0 : 1e-9;
      for (let k = 0; k < r.y.length; k++) assert.ok(Math.abs(r.y[k]! - alone.y[k]!) <= tolerance, `${method} row ${i}`);
    });
  }
});

test('DOPRI5 in a batch integrates every start adaptively on its own, as scipy would', () => {
  const starts = [1, 0.5, 2.5, 0];
  const results = integrateBatch('dopri5', pendulum.dynamics, [0, 3], starts, 2, { rtol: 1e-9 });
  const alone = integrate('dopri5', pendulum.dynamics, [0, 3], [2.5, 0], { rtol: 1e-9 });
  assert.deepEqual(results[1]!.t, alone.t);
  assert.deepEqual(results[1]!.y, alone.y);
  assert.notEqual(results[0]!.t.length, results[1]!.t.length);
});

test('implicit midpoint and leapfrog report a fixed-point iteration that does not converge', () => {
  // ẏ = −50y with h = 0.1: the fixed-point map has contraction factor h·50/2 = 2.5 > 1.
  const stiff: OdeFunction = (_t, y, dydt) => {
    for (let i = 0; i < y.length; i++) dydt[i] = -50 * y[i]!;
  };
  const r = implicitMidpoint(stiff, [0, 1], [1], { dt: 0.1 });
  assert.equal(r.status, -1);
  assert.match(r.message, /did not converge within 50 iterations in the step from t = 0 /);
  assert.deepEqual(Array.from(r.t), [0]);
  const stiffPair: OdeFunction = (_t, y, dydt) => {
    dydt[0] = -50 * y[0]! + y[1]!;
    dydt[1] = -50 * y[1]! + y[0]!;
  };
  const l = leapfrog(stiffPair, [0, 1], [1, 1], { dt: 0.1, tEval: [0, 0.5, 1] });
  assert.equal(l.status, -1);
  assert.match(l.message, /leapfrog: the first kick stage did not converge/);
  assert.deepEqual(Array.from(l.t), [0]);
  assert.equal(implicitMidpoint(stiff, [0, 1], [1], { dt: 0.01 }).status, 0);
});

test('integrate: one interface, fixed-step methods need exactly one of steps and dt', () => {
  for (const method of ['rk4', 'leapfrog', 'implicit-midpoint'] as const) {
    assert.throws(() => integrate(method, pendulum.dynamics, [0, 1], [1, 0]), /give exactly one of steps and dt/);
    assert.throws(() => integrate(method, pendulum.dynamics, [0, 1], [1, 0], { steps: 10, dt: 0.1 }), /exactly one/);
    const r = integrate(method, pendulum.dynamics, [0, 1], [1, 0], { steps: 10 });
    assert.equal(r.t.length, 11);
    assert.equal(r.status, 0);
  }
  assert.throws(() => integrateBatch('rk4', pendulum.dynamics, [0, 1], [1, 0, 3], 2, { steps: 1 }), /not whole states/);
  assert.throws(() => leapfrog(pendulum.dynamics, [0, 1], [1, 0, 3], { steps: 1 }), /must be even/);
});

test('time reversal: symmetric methods return to the start up to rounding, RK4 and DOPRI5 to their accuracy', () => {
  const y0 = [2.0, 0.3];
  const returnError = (method: IntegratorName): number =>
    timeReversal(method, pendulum.dynamics, y0, 20, method === 'dopri5' ? { rtol: 1e-10, atol: 1e-10 } : { dt: 0.05, tol: 1e-14 }).returnError;
  for (const method of ['leapfrog', 'implicit-midpoint'] as const) assert.ok(returnError(method) < 1e-9, `${method}: ${returnError(method)}`);
  assert.ok(returnError('rk4') > 1e-5, `rk4: ${returnError('rk4')}`);
  assert.ok(returnError('dopri5') < 1e-6, `dopri5: ${returnError('dopri5')}`);
  const r = timeReversal('leapfrog', pendulum.dynamics, y0, 20, { dt: 0.05, tEval: [0, 10, 20] });
  assert.deepEqual(Array.from(r.backward.t), [20, 10, 0]);
  assert.throws(() => timeReversal('rk4', pendulum.dynamics, y0, 20, { dt: 0.05, tEval: [0, 10] }), /tEval must run from 0 to 20/);
});
