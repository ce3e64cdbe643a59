import type { Dataset } from '../core/dataset.js';
import type { Rng } from '../core/rng.js';
import { generateOrbitDataset } from './nbody.js';

/** How a perturbed three-body rotating triangle is drawn (the authors' experiment-3body `random_config`). */
export interface ThreeBodyConfig {
  /** Each velocity component is scaled by 1 + nu·U(−1, 1). */
  readonly nu: number;
  /** Smallest distance of the bodies from the origin. */
  readonly minRadius: number;
  /** Largest distance of the bodies from the origin. */
  readonly maxRadius: number;
}

/** The paper's three-body settings (paper.md §3, task 4b). */
export const THREE_BODY_CONFIG: ThreeBodyConfig = { nu: 0.2, minRadius: 0.9, maxRadius: 1.2 };

const THIRD_TURN = (2 * Math.PI) / 3;
/** Speed factor that makes an equilateral triangle of unit masses rotate on circles: √(sin(π/3) / (2 cos²(π/6))). */
const CIRCULAR = Math.sqrt(Math.sin(Math.PI / 3) / (2 * Math.cos(Math.PI / 6) ** 2));

/** (x, y) rotated counter-clockwise by `theta`. */
function rotate([x, y]: readonly [number, number], theta: number): [number, number] {
  const c = Math.cos(theta);
  const s = Math.sin(theta);
  return [c * x - s * y, s * x + c * y];
}

/**
 * One three-body initial state in orbit layout [m, x, y, vx, vy] × 3 with unit masses, drawn in the
 * authors' order: a direction (two uniforms in [−1, 1)) and a radius ~ U(min, max) place body 0, bodies 1
 * and 2 follow at 120° turns; velocities of the rotating triangle, each then scaled componentwise by
 * 1 + nu·U(−1, 1) (two uniforms per body, body by body).
 */
export function sampleThreeBodyState(rng: Rng, config: ThreeBodyConfig = THREE_BODY_CONFIG): Float64Array {
  const { nu, minRadius, maxRadius } = config;
  const dx = 2 * rng.next() - 1;
  const dy = 2 * rng.next() - 1;
  const r = rng.next() * (maxRadius - minRadius) + minRadius;
  const k = r / Math.sqrt(dx * dx + dy * dy);
  const p1: [number, number] = [dx * k, dy * k];
  const p2 = rotate(p1, THIRD_TURN);
  const p3 = rotate(p2, THIRD_TURN);
  const turned = rotate(p1, Math.PI / 2);
  const r15 = Math.pow(r, 1.5);
  const v1: [number, number] = [(turned[0] / r15) * CIRCULAR, (turned[1] / r15) * CIRCULAR];
  const v2 = rotate(v1, THIRD_TURN);
  const v3 = rotate(v2, THIRD_TURN);
  const state = new Float64Array(15);
  [p1, p2, p3].forEach((p, i) => {
    const v = [v1, v2, v3][i]!;
    state.set([1, p[0], p[1]], 5 * i);
    state[5 * i + 3] = v[0] * (1 + nu * (2 * rng.next() - 1));
    state[5 * i + 4] = v[1] * (1 + nu * (2 * rng.next() - 1));
  });
  return state;
}

/** The options a caller may override for the three-body data. */
export interface ThreeBodyDatasetOptions {
  readonly seed?: number;
  /** Number of orbits (default 5000). */
  readonly samples?: number;
  /** Points per orbit (default 20). */
  readonly points?: number;
}

/** Task 4b data (paper.md §3): 5000 orbits × 20 points on t ∈ [0, 5], rtol 1e-9; test = the first 20%. */
export function generateThreeBodyDataset(opts: ThreeBodyDatasetOptions = {}): Dataset {
  return generateOrbitDataset('3body', (rng) => sampleThreeBodyState(rng), {
    seed: opts.seed ?? 0,
    samples: opts.samples ?? 5000,
    points: opts.points ?? 20,
    tSpan: [0, 5],
    rtol: 1e-9,
    testFraction: 0.2,
  });
}
