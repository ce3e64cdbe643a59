import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { parseExpression } from '../core/expression.js';
import type { DifferentiatedTrajectory } from '../core/trajectory.js';
import type { CoordinateNames } from '../data/coordinate-names.js';
import { readCsvTrajectories } from '../data/csv-trajectories.js';
import { DEFAULT_DERIVATIVE_OPTIONS, estimateDerivatives, type DerivativeOptions } from '../data/derivative-estimation.js';
import { DEFAULT_TEST_FRACTION, splitTrajectories } from '../data/trajectory-split.js';
import { FULL_BATCH } from './defaults.js';
import { measuredEnergyMetric } from './energy-metrics.js';
import type { PlaneBox, StateTask } from './task.js';

/** How a CSV of trajectories becomes a task. */
export interface CsvTaskOptions {
  /** The coordinate columns (as `--coords q:theta,p:omega`); default q, p or q1..qn, p1..pn. */
  readonly coords?: CoordinateNames;
  /** The true energy as an expression in the coordinate names, where known (`1 - cos(q) + p^2/2`). */
  readonly energy?: string;
  /** Share of whole trajectories held out for testing (one trajectory: its final block); default 0.2. */
  readonly testFraction?: number;
  /** Seed of the draw of test trajectories; default 0. */
  readonly seed?: number;
  /** How derivatives are estimated where the file has none; default a local quartic fit over 9 points. */
  readonly derivatives?: DerivativeOptions;
}

/** Hex sha256 of a text (the data's fingerprint in model files). */
export function textHash(text: string): string {
  return bytesToHex(sha256(utf8ToBytes(text)));
}

/** The box around the (q, p) rows of `x` with a margin of 10% on each side. */
function boxAround(x: Float64Array): PlaneBox {
  const range = (c: number): [number, number] => {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = c; i < x.length; i += 2) {
      lo = Math.min(lo, x[i]!);
      hi = Math.max(hi, x[i]!);
    }
    const pad = 0.1 * Math.max(hi - lo, 1e-9);
    return [lo - pad, hi + pad];
  };
  return { q: range(0), p: range(1) };
}

/**
 * A task whose data is a CSV of trajectories (`t`, the coordinates, optional `trajectory` ids and
 * derivative columns; data/csv-trajectories.ts): derivatives estimated within each trajectory where the
 * file has none, whole trajectories held out for testing. Its true energy is the `energy` expression
 * when given (then its energy metric follows the recorded test trajectories), else unknown. `name`
 * labels errors and is recorded, with the text's hash, so a model file can find the data again.
 */
export function taskFromCsv(text: string, name: string, options: CsvTaskOptions = {}): StateTask {
  const csv = readCsvTrajectories(text, name, options.coords ? { coords: options.coords } : {});
  const derivatives = options.derivatives ?? DEFAULT_DERIVATIVE_OPTIONS;
  const trajectories = csv.trajectories.map((tr): DifferentiatedTrajectory => (tr.dx ? { ...tr, dx: tr.dx } : estimateDerivatives(tr, derivatives, name)));
  const testFraction = options.testFraction ?? DEFAULT_TEST_FRACTION;
  const seed = options.seed ?? 0;
  const split = splitTrajectories(trajectories, { testFraction, seed, label: name });
  const dataset = { ...split, meta: { ...split.meta, source: name, columns: csv.columns, derivatives: csv.columns.derivatives ? 'from the file' : derivatives } };
  const { dim, coordinates } = csv;
  const energy = options.energy === undefined ? null : parseExpression(options.energy, coordinates, 'energy');
  const test = dataset.test;
  const first = test.segments ? test.segments[1]! : test.x.length / dim;
  const span = test.t ? test.t[first - 1]! - test.t[0]! : 20;
  return {
    family: 'state',
    name: 'csv',
    title: `Data of ${name.split(/[\\/]/).pop()}`,
    dim,
    coordinates,
    defaults: FULL_BATCH,
    makeDataset: () => dataset,
    system: energy ? { energy: (x) => energy.value(x), dynamics: null } : null,
    energyMetric: energy ? measuredEnergyMetric(dim, (x) => energy.value(x), `the data of ${name}`) : null,
    view: { rollout: { x0: Array.from(test.x.subarray(0, dim)), tEnd: span, points: 400 }, box: dim === 2 ? boxAround(dataset.train.x) : null },
    paper: null,
    recipe: {
      kind: 'csv',
      file: name,
      sha256: textHash(text),
      coordinates,
      columns: csv.columns,
      ...(options.coords && { coords: options.coords }),
      ...(options.energy !== undefined && { energy: options.energy }),
      testFraction,
      seed,
      derivatives: csv.columns.derivatives ? 'file' : derivatives,
    },
  };
}
