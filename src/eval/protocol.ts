import type { Dataset } from '../core/dataset.js';
import { linspace } from '../integrate/linspace.js';
import { InputError } from '../core/errors.js';
import { NumpyRandom } from '../core/numpy-random.js';
import { sampleThreeBodyState } from '../systems/three-body.js';
import { sampleTwoBodyState } from '../systems/two-body.js';
import { authorsEnergyStarts, STARTS_TASKS } from './energy-starts.js';

/** One adaptive solve as the authors' `solve_ivp(method='RK45')` call: span, start, output times, tolerances. */
export interface IntegrationSpec {
  readonly tSpan: readonly [number, number];
  readonly y0: Float64Array;
  readonly tEval: Float64Array;
  readonly rtol: number;
  readonly atol: number;
}

/** One compared path: the truth (a solve of the true system, or recorded true states) and the model's solve. */
export interface EnergySample {
  /** How to get the true states at the model's output times: solve the true system, or these rows (tEval × d). */
  readonly truth: IntegrationSpec | Float64Array;
  readonly model: IntegrationSpec;
}

/** An energy-metric protocol: the paths to compare, and over what the "±" is taken. */
export interface EnergyProtocol {
  /** Where the protocol comes from, e.g. `clean` or a file name. */
  readonly name: string;
  readonly samples: readonly EnergySample[];
  /** The "±" splits the per-sample means (`samples`) or the per-point values of all paths (`points`). */
  readonly errorOver: 'samples' | 'points';
}

/** The built-in protocols: the authors' as documented but stretching time once (`clean`), or with their quirk (`paper`). */
export const PROTOCOL_NAMES = ['clean', 'paper'] as const;

/** Name of a built-in protocol. */
export type ProtocolName = (typeof PROTOCOL_NAMES)[number];

/** Settings of the start-based protocol of tasks 1–2 (paper.md §4). */
const STARTS = { count: 15, tEnd: 20, points: 100, rtol: 1e-12, atol: 1e-6 };

/**
 * How each task's model time axis is stretched: the spring notebook integrates the models over
 * times × (1 + 0.9·0.1), its "noise compensation" (and, in the authors' run, compounds it from
 * sample to sample); the pendulum notebook does not stretch (as its recorded protocol shows).
 */
const STRETCH: Record<string, number> = { spring: 1 + 0.9 * 0.1, pendulum: 1 };

/** An n-body protocol: starts drawn with seeds 0..count−1 as in the data, truth and models on one grid. */
interface OrbitProtocol {
  readonly sample: (seed: number) => Float64Array;
  readonly count: number;
  readonly tEnd: number;
  readonly points: number;
  readonly rtol: number;
}

/**
 * Two-body as the authors' notebook: 15 orbits, t ∈ [0, 25] at 500 points, rtol 1e-9. Three-body
 * has no published protocol; we use the same starts rule over the data's span t ∈ [0, 5].
 */
const ORBIT_PROTOCOLS: Record<string, OrbitProtocol> = {
  'two-body': { sample: (s) => sampleTwoBodyState(new NumpyRandom(s)), count: 15, tEnd: 25, points: 500, rtol: 1e-9 },
  'three-body': { sample: (s) => sampleThreeBodyState(new NumpyRandom(s)), count: 15, tEnd: 5, points: 500, rtol: 1e-9 },
};

/** The n-body protocol: each start's true orbit and the model's on the same grid (orbit layout states). */
function orbitProtocol(name: string, p: OrbitProtocol): EnergyProtocol {
  const tEval = linspace(0, p.tEnd, p.points);
  const samples = Array.from({ length: p.count }, (_, seed): EnergySample => {
    const spec = { tSpan: [0, p.tEnd] as const, y0: p.sample(seed), tEval, rtol: p.rtol, atol: 1e-6 };
    return { truth: spec, model: spec };
  });
  return { name, samples, errorOver: 'samples' };
}

/** Tolerances of the real-pendulum path: scipy's defaults, as the authors left them. */
const MEASURED = { rtol: 1e-3, atol: 1e-6 };

/**
 * The built-in protocol for a task. Spring and pendulum: 15 starts drawn as the authors' notebook
 * draws them from `seed`, t ∈ [0, 20] at 100 points, rtol 1e-12. Real pendulum: one path from the
 * first test point of `dataset` over its test time stamps, compared with the measured states.
 */
export function taskProtocol(task: string, name: ProtocolName, source: { readonly seed: number; readonly dataset?: Dataset }): EnergyProtocol {
  if (STARTS_TASKS.includes(task)) {
    return startsProtocol(name, authorsEnergyStarts(task, source.seed, STARTS.count), STRETCH[task]!, name === 'paper');
  }
  const orbits = ORBIT_PROTOCOLS[task];
  if (orbits) return orbitProtocol(name, orbits);
  if (task === 'real-pendulum') {
    const data = source.dataset;
    if (!data?.test.t) throw new InputError('the real-pendulum energy metric needs the test time stamps of the measured data; pass --data FILE (real_pend_h_1.txt) or --protocol-file');
    return measuredPathProtocol(name, data.test.x, data.test.t, data.dim);
  }
  throw new InputError(`no built-in energy protocol for task "${task}"; use --protocol-file`);
}

/**
 * Start-based protocol: for each start, the truth on linspace(0, T, points) and the model on the
 * same grid times `stretch`. With `compounding` (the authors' spring run) T and the grid are
 * multiplied by `stretch` before every sample and the model grid is the next sample's truth grid.
 */
export function startsProtocol(name: string, starts: Float64Array, stretch: number, compounding: boolean): EnergyProtocol {
  const { tEnd, points, rtol, atol } = STARTS;
  const samples: EnergySample[] = [];
  let end = compounding ? tEnd * stretch : tEnd;
  let grid = linspace(0, end, points);
  for (let i = 0; i < starts.length / 2; i++) {
    const y0 = starts.slice(2 * i, 2 * i + 2);
    const modelGrid = grid.map((t) => t * stretch);
    samples.push({
      truth: { tSpan: [0, end], y0, tEval: grid, rtol, atol },
      model: { tSpan: [0, end * stretch], y0, tEval: modelGrid, rtol, atol },
    });
    if (compounding) {
      end *= stretch;
      grid = modelGrid;
    }
  }
  return { name, samples, errorOver: 'samples' };
}

/** Measured-path protocol: the model from the first state over the (shifted) time stamps, against the recorded states. */
export function measuredPathProtocol(name: string, states: Float64Array, times: Float64Array, dim: number): EnergyProtocol {
  if (times.length * dim !== states.length || times.length < 2) throw new InputError(`need one time stamp per recorded state: ${times.length} times for ${states.length / dim} states`);
  const tEval = times.map((t) => t - times[0]!);
  const model = { tSpan: [0, tEval[tEval.length - 1]!] as const, y0: states.slice(0, dim), tEval, ...MEASURED };
  return { name, samples: [{ truth: states, model }], errorOver: 'points' };
}
