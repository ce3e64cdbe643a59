import type { Dataset } from '../core/dataset.js';
import { InputError } from '../core/errors.js';
import type { HamiltonianSystem } from './types.js';

/** Fraction of the points before the test block, as the authors' `test_split=0.8`. */
const TEST_START_FRACTION = 0.8;
/** Data rows needed for a non-empty training part and test block (6 differenced points give a 1-row test block). */
const MIN_ROWS = 7;
const COLUMNS = 4;
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * Task 3's analysis model (paper.md §3, §4): H = 2.4(1 − cos q) + p², so q̇ = 2p, ṗ = −2.4 sin q. The
 * measured pendulum has friction, so this is only the energy the metric evaluates, not the true dynamics.
 */
export const realPendulum: HamiltonianSystem = {
  name: 'real-pendulum',
  dim: 2,
  hamiltonian: analysisEnergy,
  dynamics: (_t, x, dxdt) => {
    dxdt[0] = 2 * x[1]!;
    dxdt[1] = -(2.4 * Math.sin(x[0]!));
  },
  energy: analysisEnergy,
};

/** 2.4(1 − cos q) + p², the authors' fitted pendulum energy for the measured data. */
function analysisEnergy(x: Float64Array): number {
  return 2.4 * (1 - Math.cos(x[0]!)) + x[1]! * x[1]!;
}

/** One measured sample: trial id, time, angle, angular velocity, and where it stood in the file. */
interface Sample {
  readonly trial: number;
  readonly t: number;
  readonly q: number;
  readonly p: number;
  readonly line: number;
}

/**
 * Task 3's dataset from the text of a Schmidt & Lipson file (`%`-lines are headers; rows of trial, t,
 * angle, angular velocity): x = (angle, velocity), ẋ by forward differences within each trial (the
 * last row of a trial has none and is dropped). As the authors' experiment-real/data.py: the test set
 * is the contiguous block of ⌊(1 − 0.8)·N⌋ points starting at ⌊0.8·N⌋, the training set is everything
 * else in order; `test.t` keeps the test time stamps. `name` labels errors (`InputError` with the line).
 */
export function parseRealPendulum(text: string, name: string): Dataset {
  const samples = parseSamples(text, name);
  const q: number[] = [];
  const t: number[] = [];
  const dx: number[] = [];
  for (let i = 0; i + 1 < samples.length; i++) {
    const a = samples[i]!;
    const b = samples[i + 1]!;
    if (a.trial !== b.trial) continue;
    const dt = b.t - a.t;
    q.push(a.q, a.p);
    t.push(a.t);
    dx.push((b.q - a.q) / dt, (b.p - a.p) / dt);
  }
  const n = t.length;
  const a = Math.trunc(n * TEST_START_FRACTION);
  const b = a + Math.trunc(n * (1 - TEST_START_FRACTION));
  if (b === a || a === 0) {
    throw new InputError(`${name}: ${n} differenced points are too few for a training set and a test block (need at least ${MIN_ROWS - 1})`);
  }
  const outside = (v: number[], w: number): Float64Array => Float64Array.from([...v.slice(0, a * w), ...v.slice(b * w)]);
  return {
    dim: 2,
    train: { x: outside(q, 2), dx: outside(dx, 2) },
    test: { x: Float64Array.from(q.slice(2 * a, 2 * b)), dx: Float64Array.from(dx.slice(2 * a, 2 * b)), t: Float64Array.from(t.slice(a, b)) },
    meta: {
      task: 'real-pendulum',
      source: name,
      columns: ['q (angle)', 'p (angular velocity)'],
      derivatives: 'forward differences (x[i+1] − x[i]) / (t[i+1] − t[i]) within a trial',
      testRows: [a, b - 1],
      points: n,
    },
  };
}

/** The data rows of the file, checked: four decimal numbers each, time strictly increasing within a trial. */
function parseSamples(text: string, name: string): Sample[] {
  const samples: Sample[] = [];
  const lines = text.split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = index + 1;
    const s = raw.trim();
    if (s === '' || s.startsWith('%')) return;
    const fields = s.split(/\s+/);
    if (fields.length !== COLUMNS) {
      throw new InputError(`${name}: line ${line}: expected ${COLUMNS} columns (trial, t, angle, angular velocity), got ${fields.length}`);
    }
    const v = fields.map((f, c) => {
      if (!DECIMAL.test(f)) throw new InputError(`${name}: line ${line}: column ${c + 1} is not a number: ${JSON.stringify(f)}`);
      const num = Number(f);
      if (!Number.isFinite(num)) throw new InputError(`${name}: line ${line}: column ${c + 1} is not finite: ${f}`);
      return num;
    });
    const sample: Sample = { trial: v[0]!, t: v[1]!, q: v[2]!, p: v[3]!, line };
    const prev = samples[samples.length - 1];
    if (prev && prev.trial === sample.trial && !(sample.t > prev.t)) {
      throw new InputError(`${name}: line ${line}: time ${sample.t} does not increase within trial ${sample.trial} (line ${prev.line} has ${prev.t})`);
    }
    samples.push(sample);
  });
  if (samples.length < MIN_ROWS) {
    const end = lines.length - (lines[lines.length - 1]!.trim() === '' ? 1 : 0);
    throw new InputError(`${name}: line ${end}: the file ends after ${samples.length} data rows; need at least ${MIN_ROWS}`);
  }
  return samples;
}
