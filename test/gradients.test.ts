import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Random } from '../src/core/random.js';
import { JsKernels } from '../src/kernels/js.js';
import { createModel } from '../src/models/factory.js';
import type { StateModelSpec } from '../src/models/types.js';
import { HNN } from '../src/models/hnn.js';
import { Baseline } from '../src/models/baseline.js';
import { DHNN } from '../src/models/dhnn.js';
import type { DynamicsModel, FieldType } from '../src/models/types.js';
import { Activation, activationByName, type ActivationName } from '../src/nn/activation.js';
import { Linear } from '../src/nn/linear.js';
import { Mlp } from '../src/nn/mlp.js';
import { Residual } from '../src/nn/residual.js';
import { Sequential } from '../src/nn/sequential.js';
import { orthogonalInit, uniformInit } from '../src/nn/init.js';
import type { Layer } from '../src/nn/layer.js';
import { FLOAT32_BACKENDS } from './helpers/backends.js';
import { directionalGradientError } from './helpers/gradient-check.js';

const f64 = new JsKernels<Float64Array>('float64');

/** Random states and targets. */
function batch(rng: Random, rows: number, dim: number): { x: Float64Array; dx: Float64Array } {
  const x = new Float64Array(rows * dim).map(() => rng.normal());
  const dx = new Float64Array(rows * dim).map(() => rng.normal());
  return { x, dx };
}

/** Largest relative error of ⟨∇θL, u⟩ against central differences over a few random directions u. */
function directionalCheck(model: DynamicsModel<Float64Array>, x: Float64Array, dx: Float64Array, rng: Random): number {
  return directionalGradientError(model.params(), () => model.lossAndGrad({ x, dx }, null), () => model.loss({ x, dx }), rng, 4);
}

for (const activation of ['tanh', 'softplus', 'sigmoid'] as ActivationName[]) {
  for (const field of ['solenoidal', 'conservative', 'both'] as FieldType[]) {
    test(`HNN (${field}, ${activation}) loss gradient matches float64 finite differences`, () => {
      const rng = new Random(1);
      const model = new HNN(f64, { inputDim: 4, hiddenDim: 16, hiddenLayers: 2, activation }, field, rng);
      const { x, dx } = batch(rng, 7, 4);
      assert.ok(directionalCheck(model, x, dx, rng) <= 1e-6);
    });
  }
}

// The float32 backends compute the same gradient as the float64 engine checked above, to float32
// rounding: each parameter's gradient within 1e-4 of the float64 one (normwise), on the same weights.
for (const [backend, makeKernels] of FLOAT32_BACKENDS) {
  for (const spec of [
    { kind: 'hnn', field: 'both', mlp: { inputDim: 2, hiddenDim: 40, hiddenLayers: 2, activation: 'tanh', outputDim: 2 } },
    { kind: 'hnn', field: 'solenoidal', mlp: { inputDim: 8, hiddenDim: 40, hiddenLayers: 2, activation: 'softplus', outputDim: 2 } },
    { kind: 'baseline', mlp: { inputDim: 4, hiddenDim: 40, hiddenLayers: 2, activation: 'tanh', outputDim: 4 } },
    { kind: 'dhnn', mlp: { inputDim: 2, hiddenDim: 40, hiddenLayers: 2, activation: 'tanh', outputDim: 1 } },
  ] as StateModelSpec[]) {
    test(`${spec.kind} ${spec.kind === 'hnn' ? spec.field : ''} loss gradient on ${backend} kernels equals the float64 one to float32 precision`, () => {
      const rng = new Random(9);
      const low = createModel(makeKernels(2), spec, rng);
      const exact = createModel(f64, spec);
      exact.params().forEach((p, i) => p.value.set(low.params()[i]!.value));
      const { x, dx } = batch(rng, 300, spec.mlp.inputDim);
      const lossLow = low.lossAndGrad({ x, dx }, null);
      const lossExact = exact.lossAndGrad({ x, dx }, null);
      assert.ok(Math.abs(lossLow - lossExact) <= 1e-5 * lossExact, `loss ${lossLow} vs ${lossExact}`);
      exact.params().forEach((p, i) => {
        const g = low.params()[i]!.grad;
        let diff = 0, norm = 0;
        p.grad.forEach((want, j) => {
          diff += (g[j]! - want) ** 2;
          norm += want ** 2;
        });
        assert.ok(Math.sqrt(diff / norm) <= 1e-4, `parameter ${i}: relative error ${Math.sqrt(diff / norm)}`);
      });
    });
  }
}

test('Baseline loss gradient matches float64 finite differences (mini-batch rows too)', () => {
  const rng = new Random(2);
  const model = new Baseline(f64, { inputDim: 2, hiddenDim: 20, hiddenLayers: 2, activation: 'tanh' }, rng);
  const { x, dx } = batch(rng, 9, 2);
  assert.ok(directionalCheck(model, x, dx, rng) <= 1e-6);
  // Row selection: the loss on rows [3, 1] equals the loss on those rows copied out.
  const rows = Int32Array.from([3, 1]);
  const sub = (a: Float64Array): Float64Array => Float64Array.from([...a.subarray(6, 8), ...a.subarray(2, 4)]);
  const picked = model.lossAndGrad({ x, dx }, rows);
  assert.ok(Math.abs(picked - model.loss({ x: sub(x), dx: sub(dx) })) < 1e-14);
});

test('HNN field is J∇H: the time derivative equals (∂H/∂p, −∂H/∂q) by finite differences of H', () => {
  const rng = new Random(3);
  const model = new HNN(f64, { inputDim: 2, hiddenDim: 12, hiddenLayers: 2, activation: 'tanh' }, 'solenoidal', rng);
  const x = Float64Array.from([0.3, -0.7]);
  const f = model.timeDerivative(x);
  const h = 1e-6;
  const H = (q: number, p: number): number => model.hamiltonian(Float64Array.from([q, p]))[0]!;
  const dHdq = (H(0.3 + h, -0.7) - H(0.3 - h, -0.7)) / (2 * h);
  const dHdp = (H(0.3, -0.7 + h) - H(0.3, -0.7 - h)) / (2 * h);
  assert.ok(Math.abs(f[0]! - dHdp) < 1e-8 && Math.abs(f[1]! + dHdq) < 1e-8);
});

/** A residual stack: Linear → σ → [Linear → σ → Linear]⁺ → σ → Linear, randomly initialised. */
function residualStack(rng: Random, width: number, act: ActivationName): Layer<Float64Array> {
  const fn = activationByName(act);
  const lin = (i: number, o: number, bias = true): Linear<Float64Array> => {
    const l = new Linear(f64, i, o, bias);
    orthogonalInit(l.weight.value, o, i, rng);
    if (l.bias) uniformInit(l.bias.value, 0.5, rng);
    return l;
  };
  const inner = new Sequential([lin(width, width), new Activation(f64, fn, width), lin(width, width)]);
  return new Sequential([lin(3, width), new Activation(f64, fn, width), new Residual(f64, inner), new Activation(f64, fn, width), lin(width, 2, false)]);
}

test('Residual stack: all four passes agree with float64 finite differences', () => {
  const rng = new Random(4);
  const net = residualStack(rng, 10, 'tanh');
  const B = 5;
  const input = f64.alloc(2 * B * 3);
  const out = net.bind(B, input);
  const seed = f64.alloc(2 * B * 2);
  const gin = net.bindGrad(seed);
  const x = new Float64Array(B * 3).map(() => rng.normal());
  const v = new Float64Array(B * 3).map(() => rng.normal());
  const w = new Float64Array(B * 2).map(() => rng.normal());
  input.set(x);
  input.set(v, B * 3);
  // Scalar S(x, θ) = ⟨w, J_f(x)·v⟩, whose gradients the dual pass returns.
  const S = (): number => {
    net.forward();
    net.tangent();
    let s = 0;
    for (let i = 0; i < B * 2; i++) s += w[i]! * out[B * 2 + i]!;
    return s;
  };
  S();
  // Tangent vs finite difference of the forward pass.
  const fx = Float64Array.from(out.subarray(0, B * 2));
  const eps = 1e-6;
  for (let i = 0; i < B * 3; i++) input[i] = x[i]! + eps * v[i]!;
  net.forward();
  const fxe = Float64Array.from(out.subarray(0, B * 2));
  input.set(x);
  S();
  for (let i = 0; i < B * 2; i++) assert.ok(Math.abs((fxe[i]! - fx[i]!) / eps - out[B * 2 + i]!) < 1e-5);
  // Dual reverse pass: parameter gradient and input adjoint of S.
  for (const p of net.params()) p.grad.fill(0);
  seed.fill(0);
  seed.set(w, B * 2);
  net.backwardDual(true);
  const params = net.params();
  const dirs = params.map((p) => new Float64Array(p.value.length).map(() => rng.normal()));
  let analytic = 0;
  params.forEach((p, j) => dirs[j]!.forEach((u, i) => (analytic += u * p.grad[i]!)));
  const shift = (h: number): void => params.forEach((p, j) => dirs[j]!.forEach((u, i) => (p.value[i] = p.value[i]! + h * u)));
  const h = 1e-5;
  shift(h);
  const up = S();
  shift(-2 * h);
  const down = S();
  shift(h);
  const numeric = (up - down) / (2 * h);
  assert.ok(Math.abs(analytic - numeric) / Math.abs(numeric) <= 1e-6, `param grad ${analytic} vs ${numeric}`);
  // x̄ of the dual pass is ∇ₓS (the Hessian-vector product); x̄̇ is J_fᵀw.
  S();
  for (const p of net.params()) p.grad.fill(0);
  seed.fill(0);
  seed.set(w, B * 2);
  net.backwardDual(true);
  const hvp = Float64Array.from(gin.subarray(0, B * 3));
  const jtw = Float64Array.from(gin.subarray(B * 3));
  const u = new Float64Array(B * 3).map(() => rng.normal());
  const along = (arr: Float64Array): number => arr.reduce((s, a, i) => s + a * u[i]!, 0);
  input.set(x.map((xi, i) => xi + h * u[i]!));
  const sUp = S();
  input.set(x.map((xi, i) => xi - h * u[i]!));
  const sDown = S();
  assert.ok(Math.abs(along(hvp) - (sUp - sDown) / (2 * h)) / Math.abs(along(hvp)) <= 1e-6);
  // ⟨J_fᵀw, u⟩ = ⟨w, J_f u⟩ = finite difference of ⟨w, f⟩ along u.
  const wf = (): number => {
    net.forward();
    let s = 0;
    for (let i = 0; i < B * 2; i++) s += w[i]! * out[i]!;
    return s;
  };
  input.set(x.map((xi, i) => xi + h * u[i]!));
  const wUp = wf();
  input.set(x.map((xi, i) => xi - h * u[i]!));
  const wDown = wf();
  assert.ok(Math.abs(along(jtw) - (wUp - wDown) / (2 * h)) / Math.abs(along(jtw)) <= 1e-6);
});

test('forward and tangent passes told their output is not needed leave the dual pass\'s gradients unchanged, bit for bit', () => {
  const rng = new Random(6);
  for (const net of [residualStack(rng, 10, 'tanh'), new Mlp(f64, { inputDim: 3, hiddenDim: 12, hiddenLayers: 2, activation: 'softplus', outputDim: 2 }, rng)]) {
    const B = 6;
    const input = f64.alloc(2 * B * 3);
    const out = net.bind(B, input);
    const seed = f64.alloc(2 * B * 2);
    const gin = net.bindGrad(seed);
    input.set(new Float64Array(2 * B * 3).map(() => rng.normal()));
    const run = (outputNeeded: boolean): Float64Array[] => {
      for (const p of net.params()) p.grad.fill(0);
      out.fill(Number.NaN);
      seed.fill(0);
      seed.set(new Float64Array(B * 2).map((_, i) => Math.sin(i + 1)), B * 2);
      net.forward(outputNeeded);
      net.tangent(outputNeeded);
      net.backwardDual(true);
      return [...net.params().map((p) => Float64Array.from(p.grad)), Float64Array.from(gin)];
    };
    assert.deepEqual(run(false), run(true));
    assert.ok(out.every((v) => !Number.isNaN(v)), 'with outputNeeded, the output and its tangent are written');
  }
});

test('HNN: H, ∇H, the time derivative and both at once, of more rows than one chunk, equal those of each row alone', () => {
  const model = new HNN(new JsKernels<Float64Array>('float64'), { inputDim: 2, hiddenDim: 8, hiddenLayers: 2, activation: 'tanh' }, 'solenoidal', new Random(3));
  const rng = new Random(4);
  const rows = 5000;
  const x = Float64Array.from({ length: 2 * rows }, () => rng.uniform(-2, 2));
  const [h, g, f] = [model.hamiltonian(x), model.hamiltonianGradient(x), model.timeDerivative(x)];
  const both = model.fieldAndHamiltonian(x);
  assert.deepEqual(Array.from(both.hamiltonian), Array.from(h));
  assert.deepEqual(Array.from(both.field), Array.from(f));
  for (const r of [0, 4095, 4096, 4999]) {
    const one = x.slice(2 * r, 2 * r + 2);
    assert.equal(h[r], model.hamiltonian(one)[0]);
    assert.deepEqual(Array.from(g.subarray(2 * r, 2 * r + 2)), Array.from(model.hamiltonianGradient(one)));
    assert.deepEqual(Array.from(f.subarray(2 * r, 2 * r + 2)), Array.from(model.timeDerivative(one)));
  }
});

for (const activation of ['tanh', 'softplus'] as ActivationName[]) {
  test(`D-HNN (${activation}) loss gradient matches float64 finite differences, on all rows and on listed rows`, () => {
    const rng = new Random(5);
    const model = new DHNN(f64, { inputDim: 4, hiddenDim: 12, hiddenLayers: 2, activation }, rng);
    const { x, dx } = batch(rng, 9, 4);
    assert.ok(directionalCheck(model, x, dx, rng) <= 1e-6);
    const rows = Int32Array.from([4, 1, 7]);
    assert.ok(directionalGradientError(model.params(), () => model.lossAndGrad({ x, dx }, rows), () => model.loss({ x, dx }, rows), rng, 4) <= 1e-6);
  });
}

test('D-HNN field is J∇H − ∇D: the time derivative equals its parts by finite differences of H and D', () => {
  const model = new DHNN(f64, { inputDim: 2, hiddenDim: 10, hiddenLayers: 2, activation: 'tanh' }, new Random(6));
  const x = Float64Array.of(0.3, -0.7, -1.1, 0.4);
  const f = model.timeDerivative(x);
  const h = 1e-6;
  for (let r = 0; r < 2; r++) {
    const partial = (g: (y: Float64Array) => Float64Array, k: number): number => {
      const plus = x.slice(2 * r, 2 * r + 2);
      const minus = plus.slice();
      plus[k] = plus[k]! + h;
      minus[k] = minus[k]! - h;
      return (g(plus)[0]! - g(minus)[0]!) / (2 * h);
    };
    const H = (y: Float64Array) => model.hamiltonian(y);
    const D = (y: Float64Array) => model.dissipation(y);
    assert.ok(Math.abs(f[2 * r]! - (partial(H, 1) - partial(D, 0))) < 1e-7);
    assert.ok(Math.abs(f[2 * r + 1]! - (-partial(H, 0) - partial(D, 1))) < 1e-7);
    const g = model.hamiltonianGradient(x.slice(2 * r, 2 * r + 2));
    assert.ok(Math.abs(g[0]! - partial(H, 0)) < 1e-7 && Math.abs(g[1]! - partial(H, 1)) < 1e-7);
  }
});
