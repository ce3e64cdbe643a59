import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { generatePixelPendulumDataset, pendulumFramesThrough, pixelDatasetHash, pixelInputOfState, PIXEL_DATASET_DEFAULTS, type PixelDataset } from '../src/systems/pixel-pendulum/dataset.js';
import { GYM_PENDULUM, gymPendulumStep, gymPendulumStepBack, pixelPendulumEnergy } from '../src/systems/pixel-pendulum/dynamics.js';
import { PIXEL_PENDULUM_VIEW, renderPendulum } from '../src/systems/pixel-pendulum/renderer.js';

const view = PIXEL_PENDULUM_VIEW;
const side = view.side;
const pixel = view.viewWidth / side;

/** A rendered frame. */
function frame(theta: number): Float64Array {
  const f = new Float64Array(side * side);
  renderPendulum(theta, f);
  return f;
}

/** World coordinates (x right, y up, pivot at 0) of the centre of pixel (r, c). */
function centre(r: number, c: number): [number, number] {
  return [(c + 0.5 - side / 2) * pixel, view.pivotDepth - (r + 0.5) * pixel];
}

/** Distance from a point to the rod's axis at angle θ. */
function distanceToRod(x: number, y: number, theta: number): number {
  const ax = view.rodLength * Math.sin(theta);
  const ay = -view.rodLength * Math.cos(theta);
  const t = Math.min(1, Math.max(0, (x * ax + y * ay) / (ax * ax + ay * ay)));
  return Math.hypot(x - t * ax, y - t * ay);
}

const ANGLES = [-0.6, -0.25, 0, 0.1, 0.35, 0.6];

test('renderer: the intensity-weighted centroid sits at the rod middle, ½(sin θ, −cos θ) from the pivot', () => {
  const capsuleArea = view.rodLength * view.rodWidth + Math.PI * (view.rodWidth / 2) ** 2;
  for (const theta of ANGLES) {
    const f = frame(theta);
    let mass = 0;
    let cx = 0;
    let cy = 0;
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        const [x, y] = centre(r, c);
        mass += f[r * side + c]!;
        cx += f[r * side + c]! * x;
        cy += f[r * side + c]! * y;
      }
    }
    cx /= mass;
    cy /= mass;
    const ex = 0.5 * view.rodLength * Math.sin(theta);
    const ey = -0.5 * view.rodLength * Math.cos(theta);
    assert.ok(Math.hypot(cx - ex, cy - ey) < 0.05 * pixel, `θ = ${theta}: centroid (${cx}, ${cy}) vs (${ex}, ${ey})`);
    // The lit area is the capsule's (anti-aliasing conserves coverage to within 1%).
    assert.ok(Math.abs((mass * pixel * pixel) / capsuleArea - 1) < 0.01, `θ = ${theta}: lit area ${mass * pixel * pixel} vs ${capsuleArea}`);
  }
});

test('renderer: values in [0, 1]; 1 on the rod, 0 a pixel away from it; the pivot pixels are lit', () => {
  const pivotRow = Math.floor(view.pivotDepth / pixel);
  for (const theta of ANGLES) {
    const f = frame(theta);
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        const v = f[r * side + c]!;
        const d = distanceToRod(...centre(r, c), theta);
        assert.ok(v >= 0 && v <= 1);
        if (d >= view.rodWidth / 2 + pixel / 2) assert.equal(v, 0, `θ = ${theta}, pixel (${r}, ${c}) at distance ${d} is lit`);
        if (d <= view.rodWidth / 2 - pixel / 2) assert.equal(v, 1, `θ = ${theta}, pixel (${r}, ${c}) on the rod is not fully lit`);
      }
    }
    assert.equal(f[pivotRow * side + side / 2 - 1], 1);
    assert.equal(f[pivotRow * side + side / 2], 1);
  }
});

test('renderer: θ > 0 swings the free end to the right, and θ ↔ −θ mirrors the image exactly', () => {
  const right = frame(0.5);
  const bottomRow = (f: Float64Array): number => {
    let sum = 0;
    for (let c = 0; c < side; c++) sum += (c - side / 2 + 0.5) * f[(side - 6) * side + c]!;
    return sum;
  };
  assert.ok(bottomRow(right) > 0);
  for (const theta of ANGLES) {
    const a = frame(theta);
    const b = frame(-theta);
    for (let r = 0; r < side; r++) for (let c = 0; c < side; c++) assert.equal(a[r * side + c], b[r * side + side - 1 - c]);
  }
});

test('renderer: rejects an output of the wrong size', () => {
  assert.throws(() => renderPendulum(0, new Float64Array(10)), /28×28/);
});

test('Gym step: our θ = θ_gym + π reproduces Pendulum-v0 (semi-implicit Euler, θ̇ clipped after the θ update)', () => {
  const { g, l, dt, maxSpeed } = GYM_PENDULUM;
  for (const [theta, thetaDot] of [[0.3, -0.5], [-0.45, 0.9], [-Math.PI / 2, 7.9], [Math.PI / 2, -7.95]] as const) {
    // Gym's own update, in Gym's convention (0 = upright).
    const thGym = theta - Math.PI;
    const newThDot = thetaDot + ((-3 * g) / (2 * l)) * Math.sin(thGym + Math.PI) * dt;
    const newThGym = thGym + newThDot * dt;
    const state = Float64Array.of(theta, thetaDot);
    gymPendulumStep(state);
    assert.ok(Math.abs(state[0]! - (newThGym + Math.PI)) < 1e-12);
    assert.ok(Math.abs(state[1]! - Math.min(maxSpeed, Math.max(-maxSpeed, newThDot))) < 1e-12);
    if (Math.abs(newThDot) > maxSpeed) assert.equal(Math.abs(state[1]!), maxSpeed);
  }
  // Gravity pulls a displaced pendulum back towards hanging.
  const s = Float64Array.of(0.4, 0);
  gymPendulumStep(s);
  assert.ok(s[1]! < 0 && s[0]! < 0.4);
});

test('Gym step back: undoes a step that did not clip θ̇', () => {
  for (const [theta, thetaDot] of [[0.3, -0.5], [-0.45, 0.9], [-Math.PI / 2, 6.5], [2.5, -3]] as const) {
    const state = Float64Array.of(theta, thetaDot);
    gymPendulumStep(state);
    const moved = Math.abs(state[0]! - theta);
    gymPendulumStepBack(state);
    assert.ok(moved > 1e-3, 'the step moves the pendulum');
    assert.ok(Math.abs(state[0]! - theta) < 1e-14 && Math.abs(state[1]! - thetaDot) < 1e-13, `(${theta}, ${thetaDot}) → back to (${state[0]}, ${state[1]})`);
  }
});

test('pendulumFramesThrough / pixelInputOfState: the frames a generated trial shows from any of its rows on; p beyond Gym\'s clip refused', () => {
  const small = generatePixelPendulumDataset({ seed: 3, trials: 2, framesPerTrial: 12, side: 20 });
  const framePixels = 400;
  for (const split of [small.test, small.train]) {
    for (let i = 0; i < split.first.length; i++) {
      const [q, p] = [split.coords[2 * i]!, split.coords[2 * i + 1]!];
      // From row i's first frame to the end of its trial.
      const count = 12 - (split.first[i]! % 12);
      const frames = pendulumFramesThrough(q, p, count, 20);
      const truth = split.frames.subarray(split.first[i]! * framePixels, (split.first[i]! + count) * framePixels);
      let worst = 0;
      for (let k = 0; k < truth.length; k++) worst = Math.max(worst, Math.abs(truth[k]! - frames[k]!));
      // Stepping back and forth again reproduces the generator's angles up to rounding.
      assert.ok(worst <= 1e-6, `row ${i}: largest pixel difference ${worst} over ${count} frames`);
      assert.deepEqual(pixelInputOfState(q, p, 20), Float64Array.from(frames.subarray(0, 2 * framePixels)));
    }
  }
  assert.throws(() => pixelInputOfState(0.1, 2.5), /\|p\| ≤ 2 \(Gym clips \|θ̇\| at 8\)/);
  assert.throws(() => pixelInputOfState(Number.NaN, 0), /q must be finite/);
  assert.throws(() => pendulumFramesThrough(0.1, 0, 1), /count must be an integer ≥ 2/);
});

/** sha256 of a dataset's frames, row indices and coordinates. */
function bytesHash(d: PixelDataset): string {
  const h = createHash('sha256');
  for (const a of [d.train.frames, d.test.first, d.test.coords, d.train.first, d.train.coords]) h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return h.digest('hex');
}

const paper = generatePixelPendulumDataset({ seed: 0 });

test('pixel dataset: the paper\'s shapes (200 trials × 103 frames → 100 rows each, test = first 20%)', () => {
  assert.equal(paper.side, 28);
  assert.equal(paper.inputDim, 1568);
  assert.equal(paper.inputsPerTrial, 100);
  assert.equal(paper.test.first.length, 4000);
  assert.equal(paper.train.first.length, 16000);
  assert.equal(paper.train.frames.length, 200 * 103 * 784);
  assert.equal(paper.train.frames, paper.test.frames);
  assert.equal(paper.test.coords.length, 8000);
  assert.equal(paper.train.coords.length, 32000);
  // Test rows are the first trials in order; every input and its successor stay inside one trial.
  for (const [split, offset] of [[paper.test, 0], [paper.train, 4000]] as const) {
    for (let i = 0; i < split.first.length; i++) {
      const row = offset + i;
      const trial = Math.floor(row / 100);
      assert.equal(split.first[i], trial * 103 + 1 + (row % 100));
    }
  }
});

test('pixel dataset: angles stay small, coordinates are (θ, 0.25·θ̇) of the second frame, energy stays bounded', () => {
  let maxTheta = 0;
  for (const split of [paper.test, paper.train]) {
    const { coords, first, frames } = split;
    const rows = first.length;
    for (let i = 0; i < rows; i++) maxTheta = Math.max(maxTheta, Math.abs(coords[2 * i]!));
    // The second frame of each input shows θ; successive rows differ by θ̇·dt with θ̇ = 4p.
    for (const i of [0, 17, rows - 1]) {
      const expected = new Float32Array(784);
      renderPendulum(coords[2 * i]!, expected);
      assert.deepEqual(frames.subarray((first[i]! + 1) * 784, (first[i]! + 2) * 784), expected);
    }
    for (let i = 0; i + 1 < rows; i++) {
      if ((i + 1) % 100 === 0) continue;
      const dTheta = coords[2 * (i + 1)]! - coords[2 * i]!;
      assert.ok(Math.abs(dTheta - 4 * coords[2 * (i + 1) + 1]! * GYM_PENDULUM.dt) < 1e-12);
    }
    // Semi-implicit Euler at ω·dt ≈ 0.19 keeps the energy within a band of that relative width.
    for (let t = 0; t < rows / 100; t++) {
      let lo = Infinity;
      let hi = -Infinity;
      for (let i = 100 * t; i < 100 * (t + 1); i++) {
        const e = pixelPendulumEnergy(coords[2 * i]!, coords[2 * i + 1]!);
        lo = Math.min(lo, e);
        hi = Math.max(hi, e);
      }
      assert.ok((hi - lo) / hi < 0.25, `trial ${t}: energy spread ${(hi - lo) / hi}`);
    }
  }
  // |θ₀| < π/6 with |θ̇₀| < 1 bounds the swing below arccos(1 − (½ + 15(1 − cos π/6))/15) ≈ 0.59.
  assert.ok(maxTheta < 0.6 && maxTheta > 0.4, `largest |θ| ${maxTheta}`);
});

test('pixel dataset: same options, same bytes and hash; the hash changes with any option', () => {
  const small = { seed: 3, trials: 5, framesPerTrial: 12, side: 12 };
  const a = generatePixelPendulumDataset(small);
  const b = generatePixelPendulumDataset(small);
  assert.equal(bytesHash(a), bytesHash(b));
  assert.equal(a.hash, b.hash);
  assert.equal(a.hash, pixelDatasetHash(small));
  assert.notEqual(bytesHash(generatePixelPendulumDataset({ ...small, seed: 4 })), bytesHash(a));
  const hashes = new Set([
    a.hash,
    pixelDatasetHash({ ...small, seed: 4 }),
    pixelDatasetHash({ ...small, trials: 6 }),
    pixelDatasetHash({ ...small, framesPerTrial: 13 }),
    pixelDatasetHash({ ...small, side: 14 }),
    pixelDatasetHash({ ...small, maxAngle: 0.5 }),
    pixelDatasetHash({ ...small, testFraction: 0.25 }),
  ]);
  assert.equal(hashes.size, 7);
  assert.equal(pixelDatasetHash(), pixelDatasetHash(PIXEL_DATASET_DEFAULTS));
});

test('pixel dataset: pinned content (a change here needs a PIXEL_DATASET_VERSION bump, then new pins)', () => {
  const d = generatePixelPendulumDataset({ seed: 3, trials: 5, framesPerTrial: 12, side: 12 });
  assert.equal(d.hash, '7499e06140a928d89c8040ec37a57303309828c07c0c90d5d6e8ba4685f9a527');
  assert.equal(bytesHash(d), 'b78f6341a4f07e4655187d01a31ceaaf3a7246e472d6071e0d3811ad3aa55fd0');
});

test('pixel dataset: rejects bad options', () => {
  assert.throws(() => generatePixelPendulumDataset({ framesPerTrial: 3 }), /framesPerTrial/);
  assert.throws(() => generatePixelPendulumDataset({ trials: 0 }), /trials/);
  assert.throws(() => generatePixelPendulumDataset({ testFraction: 1 }), /testFraction/);
  assert.throws(() => generatePixelPendulumDataset({ maxAngle: 0 }), /maxAngle/);
});
