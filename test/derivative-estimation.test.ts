import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../src/core/random.js';
import type { Trajectory } from '../src/core/trajectory.js';
import { InputError } from '../src/core/errors.js';
import { DEFAULT_DERIVATIVE_OPTIONS, estimateDerivatives, type DerivativeOptions } from '../src/data/derivative-estimation.js';

const OMEGA = 2;

/** Uneven times: i·dt jittered by up to ±0.3·dt, over [0, span]. */
function unevenTimes(dt: number, span: number): Float64Array {
  const n = Math.round(span / dt) + 1;
  return Float64Array.from({ length: n }, (_, i) => (i === 0 || i === n - 1 ? i * dt : (i + 0.3 * Math.sin(7 * i)) * dt));
}

/** The harmonic oscillator q = cos ωt, p = −sin ωt at times t (noise σ on the states), and its exact ẋ. */
function oscillator(t: Float64Array, sigma = 0, rng = new Random(0)): { tr: Trajectory; exact: Float64Array } {
  const x = new Float64Array(2 * t.length);
  const exact = new Float64Array(2 * t.length);
  t.forEach((s, i) => {
    x[2 * i] = Math.cos(OMEGA * s) + rng.normal(0, sigma);
    x[2 * i + 1] = -Math.sin(OMEGA * s) + rng.normal(0, sigma);
    exact[2 * i] = -OMEGA * Math.sin(OMEGA * s);
    exact[2 * i + 1] = -OMEGA * Math.cos(OMEGA * s);
  });
  return { tr: { id: 'osc', t, x, dx: null }, exact };
}

/** RMS and max of estimate − exact over the estimate's rows. */
function errors(est: Float64Array, exact: Float64Array): { rms: number; max: number } {
  let sum = 0;
  let max = 0;
  for (let k = 0; k < est.length; k++) {
    const e = Math.abs(est[k]! - exact[k]!);
    sum += e * e;
    max = Math.max(max, e);
  }
  return { rms: Math.sqrt(sum / est.length), max };
}

test('each method is exact on polynomials of its degree, on uneven times', () => {
  const t = unevenTimes(0.3, 4);
  const poly = (c: number[]) => (s: number) => c.reduce((acc, ck, k) => acc + ck * s ** k, 0);
  const slope = (c: number[]) => (s: number) => c.reduce((acc, ck, k) => acc + (k ? k * ck * s ** (k - 1) : 0), 0);
  const cases: [DerivativeOptions, number[]][] = [
    [{ method: 'forward' }, [0.5, -2]],
    [{ method: 'central' }, [0.5, -2, 1.5]],
    [{ method: 'local-polynomial', degree: 2, window: 7 }, [0.5, -2, 1.5]],
    [{ method: 'local-polynomial', degree: 3, window: 9 }, [0.5, -2, 1.5, -0.4]],
    [DEFAULT_DERIVATIVE_OPTIONS, [0.5, -2, 1.5, -0.4, 0.1]],
  ];
  for (const [options, c] of cases) {
    const f = poly(c);
    const g = slope(c);
    const x = Float64Array.from({ length: 2 * t.length }, (_, k) => (k % 2 ? 3 * f(t[k >> 1]!) : f(t[k >> 1]!)));
    const est = estimateDerivatives({ id: 'p', t, x, dx: null }, options);
    const rows = est.t.length;
    for (let i = 0; i < rows; i++) {
      assert.ok(Math.abs(est.dx[2 * i]! - g(t[i]!)) < 1e-9 * Math.max(1, Math.abs(g(t[i]!))), `${JSON.stringify(options)} row ${i}: ${est.dx[2 * i]} vs ${g(t[i]!)}`);
      assert.ok(Math.abs(est.dx[2 * i + 1]! - 3 * g(t[i]!)) < 3e-9 * Math.max(1, Math.abs(g(t[i]!))));
    }
  }
});

test('central differences converge at second order (ends included), the default quartic at fourth, on uneven times', () => {
  for (const [options, order] of [[{ method: 'central' }, 2], [DEFAULT_DERIVATIVE_OPTIONS, 4]] as const) {
    const err = [0.1, 0.05, 0.025].map((dt) => {
      const { tr, exact } = oscillator(unevenTimes(dt, 5));
      return errors(estimateDerivatives(tr, options).dx, exact).max;
    });
    for (let k = 1; k < err.length; k++) {
      const observed = Math.log2(err[k - 1]! / err[k]!);
      assert.ok(observed > order - 0.3 && observed < order + 0.6, `${options.method}: errors ${err} give order ${observed}, expected ${order}`);
    }
  }
  const { tr, exact } = oscillator(unevenTimes(0.1, 5));
  const central = errors(estimateDerivatives(tr, { method: 'central' }).dx, exact).max;
  // The leading error term: x‴·h₁h₂/6 inside, x‴·h₁(h₁+h₂)/6 at the ends; |x‴| ≤ ω³, h ≤ 1.6·dt.
  assert.ok(central < (OMEGA ** 3 * 0.16 * 0.32) / 6, `central max error ${central}`);
});

test('under noise 0.01 at dt = 0.1 the default local polynomial beats central differences', () => {
  const t = Float64Array.from({ length: 101 }, (_, i) => i * 0.1);
  let central = 0;
  let smooth = 0;
  for (let seed = 0; seed < 10; seed++) {
    const { tr, exact } = oscillator(t, 0.01, new Random(seed));
    central += errors(estimateDerivatives(tr, { method: 'central' }).dx, exact).rms ** 2;
    smooth += errors(estimateDerivatives(tr).dx, exact).rms ** 2;
  }
  [central, smooth] = [Math.sqrt(central / 10), Math.sqrt(smooth / 10)];
  // Central differences pass the noise through as σ/(√2·dt) ≈ 0.071; a 9-point quartic damps it.
  assert.ok(central > 0.06 && central < 0.09, `central ${central}`);
  assert.ok(smooth < central / 1.5, `local polynomial ${smooth} vs central ${central}`);
});

test('forward differences: (x[i+1] − x[i]) / (t[i+1] − t[i]), dropping the last row', () => {
  const t = Float64Array.of(0, 0.5, 1.5, 1.75);
  const x = Float64Array.of(1, 0, 2, 1, 0, 3, 4, 4);
  const est = estimateDerivatives({ id: 'f', t, x, dx: null }, { method: 'forward' });
  assert.deepEqual([...est.t], [0, 0.5, 1.5]);
  assert.deepEqual([...est.x], [1, 0, 2, 1, 0, 3]);
  assert.deepEqual([...est.dx], [(2 - 1) / 0.5, (1 - 0) / 0.5, (0 - 2) / 1, (3 - 1) / 1, (4 - 0) / 0.25, (4 - 3) / 0.25]);
});

test('a trajectory shorter than the window is fitted whole, at a degree below its row count', () => {
  const t = Float64Array.of(0, 0.4, 1);
  const x = Float64Array.from(t, (s) => 1 + s - 2 * s * s);
  const est = estimateDerivatives({ id: 's', t, x, dx: null });
  t.forEach((s, i) => assert.ok(Math.abs(est.dx[i]! - (1 - 4 * s)) < 1e-12));
});

test('bad options are InputErrors naming the value and what is expected', () => {
  const { tr } = oscillator(unevenTimes(0.1, 1));
  assert.throws(() => estimateDerivatives(tr, { method: 'local-polynomial', window: 8 }), (e: unknown) => e instanceof InputError && /^derivative window 8: expected an odd number of points > the degree 4$/.test(e.message));
  assert.throws(() => estimateDerivatives(tr, { method: 'local-polynomial', window: 3 }), /window 3: expected an odd number of points > the degree 4/);
  assert.throws(() => estimateDerivatives(tr, { method: 'local-polynomial', degree: 5 }), (e: unknown) => e instanceof InputError && /^derivative degree 5: expected 2, 3 or 4$/.test(e.message));
});
