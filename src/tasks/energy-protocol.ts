import type { Samples } from '../core/dataset.js';
import { linspace } from '../integrate/linspace.js';
import { InputError } from '../core/errors.js';

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

/** Settings of the start-based protocol of tasks 1–2 (paper.md §4): 15 starts, t ∈ [0, 20] at 100 points, rtol 1e-12. */
export const STARTS = { count: 15, tEnd: 20, points: 100, rtol: 1e-12, atol: 1e-6 };

/** An n-body protocol: starts drawn with seeds 0..count−1 as in the data, truth and models on one grid. */
export interface OrbitProtocol {
  readonly sample: (seed: number) => Float64Array;
  readonly count: number;
  readonly tEnd: number;
  readonly points: number;
  readonly rtol: number;
}

/** The n-body protocol: each start's true orbit and the model's on the same grid (orbit layout states). */
export function orbitProtocol(name: string, p: OrbitProtocol): EnergyProtocol {
  const tEval = linspace(0, p.tEnd, p.points);
  const samples = Array.from({ length: p.count }, (_, seed): EnergySample => {
    const spec = { tSpan: [0, p.tEnd] as const, y0: p.sample(seed), tEval, rtol: p.rtol, atol: 1e-6 };
    return { truth: spec, model: spec };
  });
  return { name, samples, errorOver: 'samples' };
}

/** Tolerances of the measured paths: scipy's defaults, as the authors left them for the real pendulum. */
const MEASURED = { rtol: 1e-3, atol: 1e-6 };

/**
 * Start-based protocol: for each start (rows of `dim` numbers), the truth on linspace(0, T, points) and the model on the
 * same grid times `stretch`. With `compounding` (the authors' spring run) T and the grid are
 * multiplied by `stretch` before every sample and the model grid is the next sample's truth grid.
 */
export function startsProtocol(name: string, starts: Float64Array, stretch: number, compounding: boolean, dim = 2): EnergyProtocol {
  const { tEnd, points, rtol, atol } = STARTS;
  const samples: EnergySample[] = [];
  let end = compounding ? tEnd * stretch : tEnd;
  let grid = linspace(0, end, points);
  for (let i = 0; i < starts.length / dim; i++) {
    const y0 = starts.slice(dim * i, dim * (i + 1));
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

/**
 * Measured-path protocol: for each recorded trajectory of `samples` (its `t` and `segments`), the model
 * from the trajectory's first state over its (shifted) time stamps, against the recorded states; the
 * "±" splits the per-point errors of all paths.
 */
export function measuredPathProtocol(name: string, samples: Samples, dim: number): EnergyProtocol {
  const { t, x } = samples;
  if (!t || t.length * dim !== x.length) throw new InputError(`the energy metric on measured data needs one time stamp per recorded state${t ? `: ${t.length} times for ${x.length / dim} states` : ''}`);
  const segments = samples.segments ?? Int32Array.of(0, t.length);
  const paths: EnergySample[] = [];
  for (let i = 0; i + 1 < segments.length; i++) {
    const [from, to] = [segments[i]!, segments[i + 1]!];
    if (to - from < 2) throw new InputError(`the energy metric needs at least 2 recorded points per trajectory; trajectory ${i + 1} has ${to - from}`);
    const times = t.subarray(from, to);
    const tEval = times.map((v) => v - times[0]!);
    const model = { tSpan: [0, tEval[tEval.length - 1]!] as const, y0: x.slice(from * dim, (from + 1) * dim), tEval, ...MEASURED };
    paths.push({ truth: x.slice(from * dim, to * dim), model });
  }
  return { name, samples: paths, errorOver: 'points' };
}
