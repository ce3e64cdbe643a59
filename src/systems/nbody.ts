import type { Dataset } from '../core/dataset.js';
import { NumpyRandom } from '../core/numpy-random.js';
import type { Rng } from '../core/rng.js';
import { solveIvp } from '../integrate/dopri5.js';
import { linspace } from '../integrate/linspace.js';
import type { OdeFunction } from '../integrate/types.js';
import type { HamiltonianSystem } from './types.js';

// Two layouts of a planar system of n gravitating bodies:
// - canonical (what the networks see): x = [qx₁..qxₙ, qy₁..qyₙ, px₁..pxₙ, py₁..pyₙ] with p = m·v; for two
//   bodies [qx1, qx2, qy1, qy2, px1, px2, py1, py2], the authors' `coords` (their p is v, equal for m = 1);
// - orbit (per body, what the authors integrate): [m, x, y, vx, vy] for each body in turn. The mass column
//   is kept because it enters scipy's RK45 error norm, so integrating this layout reproduces their steps.

/** Numbers per body in the orbit layout [m, x, y, vx, vy]. */
export const ORBIT_WIDTH = 5;

/** A vector field in canonical coordinates that may also read the bodies' masses. */
export type CanonicalField = (t: number, x: Float64Array, dxdt: Float64Array, masses: Float64Array) => void;

/** Checks that `x` is a canonical state of as many bodies as `masses` has entries; returns that number. */
function checkCanonical(x: ArrayLike<number>, masses: ArrayLike<number>): number {
  const n = masses.length;
  if (x.length !== 4 * n) throw new RangeError(`a canonical state of ${n} bodies has ${4 * n} numbers, got ${x.length}`);
  return n;
}

/** Checks the masses: at least two bodies, each mass positive and finite. */
function checkMasses(masses: ArrayLike<number>): void {
  if (masses.length < 2) throw new RangeError(`an n-body system needs at least 2 bodies, got ${masses.length}`);
  for (let i = 0; i < masses.length; i++) {
    if (!(masses[i]! > 0 && Number.isFinite(masses[i]!))) throw new RangeError(`mass ${i} must be positive and finite, got ${masses[i]}`);
  }
}

/**
 * Hamilton's equations of planar gravity in canonical coordinates: q̇ᵢ = pᵢ/mᵢ and
 * ṗᵢ = mᵢ Σ_{j≠i} G mⱼ (qⱼ − qᵢ)/|qⱼ − qᵢ|³, with the authors' order of operations (bit-equal for m = 1).
 */
export function gravityField(x: Float64Array, masses: ArrayLike<number>, gravity: number, dxdt: Float64Array): void {
  const n = masses.length;
  for (let i = 0; i < n; i++) {
    const m = masses[i]!;
    let ax = 0;
    let ay = 0;
    for (let j = 0; j < n; j++) {
      if (j === i) continue;
      const dx = x[j]! - x[i]!;
      const dy = x[n + j]! - x[n + i]!;
      const d3 = Math.pow(Math.sqrt(dx * dx + dy * dy), 3);
      const gm = gravity * masses[j]!;
      ax += (gm * dx) / d3;
      ay += (gm * dy) / d3;
    }
    dxdt[i] = x[2 * n + i]! / m;
    dxdt[n + i] = x[3 * n + i]! / m;
    dxdt[2 * n + i] = m * ax;
    dxdt[3 * n + i] = m * ay;
  }
}

/** Total energy Σ ½ mᵢ|vᵢ|² − Σ_{i<j} G mᵢ mⱼ / rᵢⱼ of a canonical state (the authors' `total_energy`). */
export function nbodyEnergy(x: ArrayLike<number>, masses: ArrayLike<number>, gravity = 1): number {
  const n = checkCanonical(x, masses);
  let potential = 0;
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = x[i]! - x[j]!;
      const dy = x[n + i]! - x[n + j]!;
      potential += (gravity * masses[i]! * masses[j]!) / Math.sqrt(dx * dx + dy * dy);
    }
  }
  let kinetic = 0;
  for (let i = 0; i < n; i++) {
    const m = masses[i]!;
    const vx = x[2 * n + i]! / m;
    const vy = x[3 * n + i]! / m;
    kinetic += 0.5 * m * (vx * vx + vy * vy);
  }
  return -potential + kinetic;
}

/** Total linear momentum [Σ pxᵢ, Σ pyᵢ] of a canonical state (4n numbers for n bodies). */
export function totalMomentum(x: ArrayLike<number>): [number, number] {
  const n = x.length / 4;
  let px = 0;
  let py = 0;
  for (let i = 0; i < n; i++) {
    px += x[2 * n + i]!;
    py += x[3 * n + i]!;
  }
  return [px, py];
}

/** The n-body gravitational system (G = `gravity`) in canonical coordinates; its energy metric uses H itself. */
export function nbodySystem(masses: readonly number[], gravity = 1): HamiltonianSystem {
  checkMasses(masses);
  const m = Float64Array.from(masses);
  return {
    name: `${m.length}body`,
    dim: 4 * m.length,
    hamiltonian: (x) => nbodyEnergy(x, m, gravity),
    dynamics: (_t, x, dxdt) => gravityField(x, m, gravity, dxdt),
    energy: (x) => nbodyEnergy(x, m, gravity),
  };
}

/** Column names of the canonical layout, e.g. qx1, qx2, qy1, qy2, px1, px2, py1, py2 for two bodies. */
export function canonicalColumns(n: number): string[] {
  return ['qx', 'qy', 'px', 'py'].flatMap((c) => Array.from({ length: n }, (_, i) => `${c}${i + 1}`));
}

/** Number of bodies of an orbit-layout state, checking its length. */
function orbitBodies(state: ArrayLike<number>): number {
  if (state.length === 0 || state.length % ORBIT_WIDTH !== 0) {
    throw new RangeError(`an orbit state holds ${ORBIT_WIDTH} numbers (m, x, y, vx, vy) per body, got ${state.length}`);
  }
  return state.length / ORBIT_WIDTH;
}

/** Writes the masses and canonical coordinates of an orbit-layout state into `masses` and `x`. */
function unpackOrbit(state: ArrayLike<number>, n: number, masses: Float64Array, x: Float64Array): void {
  for (let i = 0; i < n; i++) {
    const m = state[ORBIT_WIDTH * i]!;
    masses[i] = m;
    x[i] = state[ORBIT_WIDTH * i + 1]!;
    x[n + i] = state[ORBIT_WIDTH * i + 2]!;
    x[2 * n + i] = m * state[ORBIT_WIDTH * i + 3]!;
    x[3 * n + i] = m * state[ORBIT_WIDTH * i + 4]!;
  }
}

/** Writes canonical coordinates into orbit layout (v = p/m); for `rates` (a time derivative) the mass column is 0. */
function packOrbit(x: ArrayLike<number>, masses: ArrayLike<number>, rates: boolean, out: Float64Array): void {
  const n = masses.length;
  for (let i = 0; i < n; i++) {
    const m = masses[i]!;
    out[ORBIT_WIDTH * i] = rates ? 0 : m;
    out[ORBIT_WIDTH * i + 1] = x[i]!;
    out[ORBIT_WIDTH * i + 2] = x[n + i]!;
    out[ORBIT_WIDTH * i + 3] = x[2 * n + i]! / m;
    out[ORBIT_WIDTH * i + 4] = x[3 * n + i]! / m;
  }
}

/** The masses stored in an orbit-layout state. */
export function orbitMasses(state: ArrayLike<number>): Float64Array {
  const n = orbitBodies(state);
  return Float64Array.from({ length: n }, (_, i) => state[ORBIT_WIDTH * i]!);
}

/** Canonical coordinates [qx.., qy.., px.., py..] (p = m·v) of an orbit-layout state [body][m, x, y, vx, vy]. */
export function orbitToCanonical(state: ArrayLike<number>): Float64Array {
  const n = orbitBodies(state);
  const x = new Float64Array(4 * n);
  unpackOrbit(state, n, new Float64Array(n), x);
  return x;
}

/** Orbit-layout state [body][m, x, y, vx, vy] (v = p/m) of canonical coordinates and masses. */
export function canonicalToOrbit(x: ArrayLike<number>, masses: readonly number[]): Float64Array {
  checkMasses(masses);
  const n = checkCanonical(x, masses);
  const out = new Float64Array(ORBIT_WIDTH * n);
  packOrbit(x, masses, false, out);
  return out;
}

/** Total energy of an orbit-layout state, masses read from the state (the authors' `total_energy`). */
export function orbitEnergy(state: ArrayLike<number>, gravity = 1): number {
  return nbodyEnergy(orbitToCanonical(state), orbitMasses(state), gravity);
}

/**
 * An ODE right-hand side on orbit-layout states from a canonical vector field (the true gravity or a
 * model's time derivative), as the authors' notebooks wrap their models: the masses' rates are 0 and
 * velocity rates are ṗ/m.
 */
export function orbitVectorField(field: CanonicalField): OdeFunction {
  let n = 0;
  let masses = new Float64Array(0);
  let x = new Float64Array(0);
  let dx = new Float64Array(0);
  return (t, state, dstate) => {
    const bodies = orbitBodies(state);
    if (bodies !== n) {
      n = bodies;
      masses = new Float64Array(n);
      x = new Float64Array(4 * n);
      dx = new Float64Array(4 * n);
    }
    unpackOrbit(state, n, masses, x);
    field(t, x, dx, masses);
    packOrbit(dx, masses, true, dstate);
  };
}

/** The true gravitational dynamics on orbit-layout states, masses read from the state (the authors' `update`). */
export function orbitDynamics(gravity = 1): OdeFunction {
  return orbitVectorField((_t, x, dxdt, masses) => gravityField(x, masses, gravity, dxdt));
}

/** How an orbit dataset is drawn (the authors' `sample_orbits` / `make_orbits_dataset`). */
export interface OrbitDatasetOptions {
  /** Seed of the numpy-compatible generator the initial states are drawn from. */
  readonly seed: number;
  /** Number of orbits. */
  readonly samples: number;
  /** Evenly spaced points per orbit over `tSpan`. */
  readonly points: number;
  /** Time span of each orbit. */
  readonly tSpan: readonly [number, number];
  /** Relative tolerance of the RK45 solve (absolute tolerance stays at the default 1e-6). */
  readonly rtol: number;
  /** Fraction of the rows that form the test set: the FIRST ⌊fraction·rows⌋ rows, as the authors split. */
  readonly testFraction: number;
}

/**
 * Orbits of gravitating bodies as the authors' orbit experiments make them: per orbit an initial
 * state from `sample` (orbit layout, drawn from one seeded numpy-compatible generator), an RK45 solve
 * of the orbit layout on an even time grid, then each point in canonical coordinates with the true
 * canonical derivative as its target. The first `testFraction` of all rows is the test set.
 */
export function generateOrbitDataset(task: string, sample: (rng: Rng) => Float64Array, options: OrbitDatasetOptions): Dataset {
  const { seed, samples, points, tSpan, rtol, testFraction } = options;
  const rng = new NumpyRandom(seed);
  const tEval = linspace(tSpan[0], tSpan[1], points);
  const dynamics = orbitDynamics();
  let x = new Float64Array(0);
  let dx = new Float64Array(0);
  let dim = 0;
  for (let s = 0; s < samples; s++) {
    const state0 = sample(rng);
    const n = orbitBodies(state0);
    if (s === 0) {
      dim = 4 * n;
      x = new Float64Array(samples * points * dim);
      dx = new Float64Array(samples * points * dim);
    } else if (4 * n !== dim) {
      throw new RangeError(`${task} orbit ${s}: the sampler returned ${n} bodies, the first orbit had ${dim / 4}`);
    }
    const masses = orbitMasses(state0);
    const sol = solveIvp(dynamics, tSpan, state0, { rtol, tEval });
    if (sol.status !== 0) throw new Error(`${task} orbit ${s}: ${sol.message}`);
    for (let k = 0; k < points; k++) {
      const row = (s * points + k) * dim;
      const xk = x.subarray(row, row + dim);
      unpackOrbit(sol.y.subarray(k * ORBIT_WIDTH * n, (k + 1) * ORBIT_WIDTH * n), n, masses, xk);
      gravityField(xk, masses, 1, dx.subarray(row, row + dim));
    }
  }
  const split = Math.trunc(samples * points * testFraction) * dim;
  return {
    dim,
    train: { x: x.slice(split), dx: dx.slice(split) },
    test: { x: x.slice(0, split), dx: dx.slice(0, split) },
    meta: {
      task,
      generator: "numpy legacy MT19937 (np.random.seed / rand / randn), as the authors' data.py",
      columns: canonicalColumns(dim / 4),
      ...options,
      tSpan: [...tSpan],
      atol: 1e-6,
      split: 'test = the first rows, train = the rest',
    },
  };
}
