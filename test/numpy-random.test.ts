import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NumpyRandom } from '../src/core/numpy-random.js';
import { missing, readJson, sharedPath } from './helpers/shared.js';

const SPRING = sharedPath('reference', 'datasets', 'spring.json');
const PEND = sharedPath('reference', 'datasets', 'pend.json');

test('MT19937 core: the 10000th output for seed 5489 is 4123659995 (C++ standard, [rand.predef] mt19937)', () => {
  // numpy's legacy seed(int) uses the same init_genrand recurrence as std::mt19937's default seed.
  const rng = new NumpyRandom(5489);
  let v = 0;
  for (let i = 0; i < 10000; i++) v = rng.nextUint32();
  assert.equal(v, 4123659995);
});

test("rand reproduces numpy's own test suite (test_random.py TestRandomDist.test_rand, seed 1234567890)", () => {
  const rng = new NumpyRandom(1234567890);
  const desired = [
    0.61879477158567997, 0.59162362775974664, 0.88868358904449662, 0.89165480011560816, 0.4575674820298663,
    0.7781880808593471,
  ];
  for (const d of desired) assert.equal(rng.rand(), d); // 17 significant digits: exactly the same double
});

test("randn reproduces numpy's own test suite (TestRandomDist.test_randn, seed 1234567890, decimal=15)", () => {
  const rng = new NumpyRandom(1234567890);
  const desired = [
    1.34016345771863121, 1.73759122771936081, 1.498988344300628, -0.2286433324536169, 2.031033998682787,
    2.17032494605655257,
  ];
  for (const d of desired) assert.ok(Math.abs(rng.randn() - d) < 1.5e-15, `randn ≠ ${d}`);
});

test('seed 0 starts with the well-known legacy stream 0.5488135039273248, 0.7151893663724195, 0.6027633760716439', () => {
  const rng = new NumpyRandom(0);
  assert.deepEqual(Array.from(rng.randArray(3)), [0.5488135039273248, 0.7151893663724195, 0.6027633760716439]);
});

test('seed() restarts the stream and drops a cached normal; uniform/normal are the legacy transforms', () => {
  const rng = new NumpyRandom(7);
  const first = [rng.randn(), rng.randn(), rng.randn(), rng.rand()];
  rng.seed(7); // one normal was cached: it must not leak into the new stream
  assert.deepEqual([rng.randn(), rng.randn(), rng.randn(), rng.rand()], first);
  const a = new NumpyRandom(3);
  const b = new NumpyRandom(3);
  assert.equal(a.uniform(2, 5), 2 + 3 * b.rand());
  assert.equal(a.normal(1, 0.5), 1 + 0.5 * b.randn());
  assert.throws(() => new NumpyRandom(-1), RangeError);
  assert.throws(() => new NumpyRandom(2 ** 32), RangeError);
  assert.throws(() => new NumpyRandom(1.5), RangeError);
});

/**
 * The authors' draw order, up to the ODE: for each trajectory rand(2)·2 − 1, a radius, then
 * `points` normals for the q noise and `points` for the p noise. Row 0 of a trajectory is its clean
 * start (t = 0 needs no integration) plus the first q and the first p noise draw, and its target is
 * the true derivative there — so the first row of every trajectory tests the generator alone.
 */
function firstRows(points: number, radiusWidth: number, radiusMin: number, trajectories: number) {
  const rng = new NumpyRandom(0);
  const rows: { q: number; p: number; noiseQ: number; noiseP: number }[] = [];
  for (let s = 0; s < trajectories; s++) {
    let q = rng.rand() * 2 - 1;
    let p = rng.rand() * 2 - 1;
    const radius = rng.rand() * radiusWidth + radiusMin;
    const norm = Math.sqrt(q * q + p * p);
    q = (q / norm) * radius;
    p = (p / norm) * radius;
    const noise = rng.randnArray(2 * points);
    rows.push({ q, p, noiseQ: noise[0]!, noiseP: noise[points]! });
  }
  return rows;
}

test("seeded with 0, the generator reproduces the first row of each of the authors' spring trajectories", { skip: missing(SPRING) }, () => {
  const ref = readJson(SPRING);
  firstRows(30, 0.9, 0.1, 25).forEach(({ q, p, noiseQ, noiseP }, s) => {
    const [rq, rp] = ref.x[30 * s] as number[];
    const [rdq, rdp] = ref.dx[30 * s] as number[];
    assert.ok(Math.abs(rdq! - 2 * p) < 1e-15 && Math.abs(rdp! + 2 * q) < 1e-15, `spring dx row ${30 * s}`);
    assert.ok(Math.abs(rq! - (q + noiseQ * 0.1)) < 1e-15 && Math.abs(rp! - (p + noiseP * 0.1)) < 1e-15, `spring x row ${30 * s}`);
  });
});

test("seeded with 0, the generator reproduces the first row of each of the authors' pendulum trajectories", { skip: missing(PEND) }, () => {
  const ref = readJson(PEND);
  firstRows(45, 1, 1.3, 25).forEach(({ q, p, noiseQ, noiseP }, s) => {
    const [rq, rp] = ref.x[45 * s] as number[];
    const [rdq, rdp] = ref.dx[45 * s] as number[];
    assert.ok(Math.abs(rdq! - 2 * p) < 1e-15 && Math.abs(rdp! + 3 * Math.sin(q)) < 1e-15, `pend dx row ${45 * s}`);
    assert.ok(Math.abs(rq! - (q + noiseQ * 0.1)) < 1e-15 && Math.abs(rp! - (p + noiseP * 0.1)) < 1e-15, `pend x row ${45 * s}`);
  });
});
