import { parseExpression, type Expression } from '../core/expression.js';
import { InputError } from '../core/errors.js';
import type { HamiltonianSystem } from '../systems/types.js';
import { generateTrajectoryDataset, pointsPerTrajectory } from '../systems/trajectory-dataset.js';
import { canonicalCoordinates, FULL_BATCH, squareBox } from './defaults.js';
import { checkDraw, PAPER_DRAW } from './draw.js';
import { startsEnergyMetric } from './starts-metric.js';
import type { StateTask } from './task.js';

/** How the data of an expression task is made: as the paper's spring data unless set. */
export interface ExpressionTaskOptions {
  /** Names of the coordinates, q's then p's (default q, p, or q1..qn, p1..pn as the expression uses them). */
  readonly coordinates?: readonly string[];
  /** Trajectories (default 50). */
  readonly samples?: number;
  /** Gaussian noise on every state coordinate (default 0.1). */
  readonly noiseStd?: number;
  /** Time span of each trajectory (default [0, 3]). */
  readonly tSpan?: readonly [number, number];
  /** Points per unit time (default 10). */
  readonly timescale?: number;
  /** Range of the initial radius |x0| (default [0.1, 1]). */
  readonly radius?: readonly [number, number];
}

/** Throws InputError unless the data options describe a dataset that can be drawn: sizes in range, spans finite. */
function checkDataOptions(data: { samples: number; noiseStd: number; tSpan: readonly [number, number]; timescale: number }): void {
  const { tSpan, timescale } = data;
  if (!(Number.isFinite(tSpan[0]) && Number.isFinite(tSpan[1]) && tSpan[1] > tSpan[0])) throw new InputError(`tSpan [${tSpan[0]}, ${tSpan[1]}]: expected finite numbers with start < end`);
  const points = pointsPerTrajectory(data);
  if (!(Number.isFinite(timescale) && timescale > 0 && points >= 1)) throw new InputError(`timescale ${timescale}: expected a positive number giving at least one point per trajectory over tSpan`);
  checkDraw(data, points);
}

/** The coordinate names an expression uses: q, p, or q1..qn, p1..pn (the largest index decides n). */
function inferCoordinates(text: string): string[] {
  const names = text.match(/[A-Za-z_][A-Za-z0-9_]*/g) ?? [];
  const indices = names.map((n) => /^[qp](\d+)$/.exec(n)).filter((m): m is RegExpExecArray => m !== null).map((m) => Number(m[1]));
  return canonicalCoordinates(2 * Math.max(1, ...indices));
}

/** A Hamiltonian system from an expression H(q, p): dynamics J∇H, energy H. */
export function systemFromExpression(h: Expression, name: string): HamiltonianSystem {
  const dim = h.variables.length;
  const n = dim / 2;
  const grad = new Float64Array(dim);
  return {
    name,
    dim,
    hamiltonian: (x) => h.value(x),
    energy: (x) => h.value(x),
    dynamics: (_t, x, dxdt) => {
      h.gradient(x, grad);
      for (let k = 0; k < n; k++) {
        dxdt[k] = grad[n + k]!;
        dxdt[n + k] = -grad[k]!;
      }
    },
  };
}

/**
 * A task whose system is a Hamiltonian typed as an expression (`p^2/2 + q^4/4`): its data are noisy
 * trajectories drawn as the paper draws the spring's (random starts, an RK45 solve, noise), its true
 * energy is H, and its energy metric follows 15 starts drawn like the data's. Throws InputError naming
 * the position of a syntax error or an unknown name.
 */
export function taskFromExpression(text: string, options: ExpressionTaskOptions = {}): StateTask {
  const coordinates = [...(options.coordinates ?? inferCoordinates(text))];
  if (coordinates.length % 2 !== 0 || coordinates.length === 0) throw new InputError(`coordinates ${coordinates.join(', ')}: expected as many p's as q's`);
  const h = parseExpression(text, coordinates, 'hamiltonian');
  const dim = coordinates.length;
  const system = systemFromExpression(h, 'expression');
  const [rMin, rMax] = options.radius ?? [0.1, 1];
  if (!(rMin >= 0 && rMax > rMin && Number.isFinite(rMax))) throw new InputError(`radius [${rMin}, ${rMax}]: expected finite numbers with 0 ≤ min < max`);
  const data = { samples: options.samples ?? PAPER_DRAW.samples, noiseStd: options.noiseStd ?? PAPER_DRAW.noiseStd, tSpan: options.tSpan ?? ([0, 3] as const), timescale: options.timescale ?? 10 };
  checkDataOptions(data);
  return {
    family: 'state',
    name: 'expression',
    title: `H = ${text.trim()}`,
    dim,
    coordinates,
    defaults: FULL_BATCH,
    makeDataset: (seed) =>
      generateTrajectoryDataset(system, { seed, ...data, tSpan: [data.tSpan[0], data.tSpan[1]], radiusMin: rMin, radiusWidth: rMax - rMin, rtol: 1e-10, trainFraction: 0.5 }),
    draw: { samples: data.samples, noiseStd: data.noiseStd },
    redraw: (draw) => taskFromExpression(text, { ...options, samples: draw.samples, noiseStd: draw.noiseStd }),
    system: { energy: system.hamiltonian, dynamics: system.dynamics },
    energyMetric: startsEnergyMetric(dim, system.hamiltonian, system.dynamics, { min: rMin, max: rMax }),
    view: { rollout: { x0: [0.8 * rMax, ...new Array<number>(dim - 1).fill(0)], tEnd: 20, points: 400 }, box: dim === 2 ? squareBox(1.3 * rMax) : null },
    paper: null,
    recipe: { kind: 'expression', hamiltonian: text, coordinates, ...data, radius: [rMin, rMax] },
  };
}
