// Accuracy of the derivative estimates (src/systems/derivative-estimation.ts) on paths with known ẋ:
// the spring (H = q² + p², exact solution) and the pendulum (H = 3(1 − cos q) + p², dopri5 at
// rtol = atol = 1e-12), 20 paths each over t ∈ [0, 10] at dt = 0.1, starts at the radii of the paper's
// tasks 1 and 2, Gaussian noise of std σ added to the states. Prints the RMS error of ẋ (both
// coordinates, every row) per method as the Markdown table of docs/own-data.md.
// Run: `node dist/bench/derivative-estimation.js`.
import { Random } from '../src/core/random.js';
import type { Trajectory } from '../src/core/trajectory.js';
import { solveIvp } from '../src/integrate/dopri5.js';
import { estimateDerivatives, type DerivativeOptions } from '../src/data/derivative-estimation.js';
import { pendulum } from '../src/systems/pendulum.js';
import { spring } from '../src/systems/spring.js';
import type { HamiltonianSystem } from '../src/systems/types.js';

const PATHS = 20;
const DT = 0.1;
const POINTS = 101;
const NOISE = [0, 0.01, 0.1];
const METHODS: [string, DerivativeOptions][] = [
  ['forward differences', { method: 'forward' }],
  ['central differences', { method: 'central' }],
  ...([[2, 5], [2, 7], [3, 7], [3, 9], [3, 11], [4, 7], [4, 9], [4, 11], [4, 13]] as const).map(([degree, window]): [string, DerivativeOptions] => [
    `local ${['quadratic', 'cubic', 'quartic'][degree - 2]}, ${window} points`,
    { method: 'local-polynomial', window, degree },
  ]),
];

/** A clean path and its exact derivatives. */
interface Path {
  readonly t: Float64Array;
  readonly x: Float64Array;
  readonly dx: Float64Array;
}

/** The spring's exact path q = r cos(2t + φ), p = −r sin(2t + φ). */
function springPath(rng: Random, t: Float64Array): Float64Array {
  const r = rng.uniform(0.1, 1);
  const phi = rng.uniform(0, 2 * Math.PI);
  return Float64Array.from({ length: 2 * t.length }, (_, k) => (k % 2 === 0 ? r * Math.cos(2 * t[k >> 1]! + phi) : -r * Math.sin(2 * t[k >> 1]! + phi)));
}

/** The pendulum's path from a start at radius U(1.3, 2.3), solved to 1e-12. */
function pendulumPath(rng: Random, t: Float64Array): Float64Array {
  const r = rng.uniform(1.3, 2.3);
  const phi = rng.uniform(0, 2 * Math.PI);
  const sol = solveIvp(pendulum.dynamics, [0, t[t.length - 1]!], [r * Math.cos(phi), r * Math.sin(phi)], { rtol: 1e-12, atol: 1e-12, tEval: t });
  return sol.y;
}

/** PATHS clean paths of `system` with exact ẋ. */
function paths(system: HamiltonianSystem, draw: (rng: Random, t: Float64Array) => Float64Array): Path[] {
  const rng = new Random(0);
  const t = Float64Array.from({ length: POINTS }, (_, i) => i * DT);
  return Array.from({ length: PATHS }, () => {
    const x = draw(rng, t);
    const dx = new Float64Array(x.length);
    for (let i = 0; i < POINTS; i++) system.dynamics(t[i]!, x.subarray(2 * i, 2 * i + 2), dx.subarray(2 * i, 2 * i + 2));
    return { t, x, dx };
  });
}

/** RMS of (estimate − exact) over every path, row and coordinate, with states noised at `sigma`. */
function rmsError(all: readonly Path[], sigma: number, options: DerivativeOptions): number {
  const rng = new Random(1);
  let sum = 0;
  let count = 0;
  for (const path of all) {
    const noisy: Trajectory = { id: '', t: path.t, x: path.x.map((v) => v + rng.normal(0, sigma)), dx: null };
    const est = estimateDerivatives(noisy, options).dx;
    for (let k = 0; k < est.length; k++) sum += (est[k]! - path.dx[k]!) ** 2;
    count += est.length;
  }
  return Math.sqrt(sum / count);
}

const systems = [
  ['spring', paths(spring, springPath)],
  ['pendulum', paths(pendulum, pendulumPath)],
] as const;
const rms = (v: Float64Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
for (const [name, all] of systems) {
  console.log(`${name}: RMS of the exact ẋ ${(all.map((p) => rms(p.dx)).reduce((a, b) => a + b) / all.length).toFixed(3)}`);
}
console.log();
console.log(`| method | ${systems.flatMap(([name]) => NOISE.map((s) => `${name}, σ = ${s}`)).join(' | ')} |`);
console.log(`|---|${systems.flatMap(() => NOISE.map(() => '---:')).join('|')}|`);
for (const [label, options] of METHODS) {
  const cells = systems.flatMap(([, all]) => NOISE.map((s) => rmsError(all, s, options).toExponential(2)));
  console.log(`| ${label} | ${cells.join(' | ')} |`);
}
