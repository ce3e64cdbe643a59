import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { MAX_SEED } from '../../core/limits.js';
import { Random } from '../../core/random.js';
import type { PixelPairs } from '../../models/pixel-pairs.js';
import { GYM_PENDULUM, MOMENTUM_SCALE, gymPendulumStep, gymPendulumStepBack } from './dynamics.js';
import { PIXEL_PENDULUM_VIEW, renderPendulum, type PendulumView } from './renderer.js';

/** Bump whenever the generator's output changes for the same options (renderer, dynamics, layout). */
export const PIXEL_DATASET_VERSION = 1;

/** How the pixel-pendulum data of task 5 is made (paper.md §3). */
export interface PixelDatasetOptions {
  /** Seed of the generator that draws the initial states. */
  readonly seed: number;
  /** Number of trajectories. */
  readonly trials: number;
  /** Frames rendered per trajectory (at least 4). */
  readonly framesPerTrial: number;
  /** Frame side in pixels. */
  readonly side: number;
  /** Initial angles are drawn from U(−maxAngle, maxAngle) (θ = 0 hangs down). */
  readonly maxAngle: number;
  /** Fraction of the rows, taken from the start, that form the test set. */
  readonly testFraction: number;
}

/** The paper's settings: 200 trials × 103 frames of 28 × 28, |θ₀| < π/6, test = the first 20%. */
export const PIXEL_DATASET_DEFAULTS: PixelDatasetOptions = { seed: 0, trials: 200, framesPerTrial: 103, side: 28, maxAngle: Math.PI / 6, testFraction: 0.2 };

/** One split: frame-pair inputs plus the true canonical coordinates of each row, for analysis. */
export interface PixelSplit extends PixelPairs {
  /** Per row, (θ, 0.25·θ̇) of the state its second frame shows, rows × 2. */
  readonly coords: Float64Array;
}

/** The task-5 data: train and test inputs sharing one frame store. */
export interface PixelDataset {
  readonly options: PixelDatasetOptions;
  /** sha256 (hex) of the options, the generator version and its constants: equal hashes, equal data. */
  readonly hash: string;
  /** Frame side in pixels. */
  readonly side: number;
  /** Numbers per input, 2·side². */
  readonly inputDim: number;
  /** Input rows per trajectory, framesPerTrial − 3; rows are ordered by trajectory, then time. */
  readonly inputsPerTrial: number;
  readonly train: PixelSplit;
  readonly test: PixelSplit;
}

/** The frame geometry used for frames of `side` pixels. */
function viewFor(side: number): PendulumView {
  return { ...PIXEL_PENDULUM_VIEW, side };
}

/** Most float32 pixel values of one pixel dataset's frame store (trials × framesPerTrial × side²): 2^27, 512 MiB. */
export const MAX_PIXEL_FRAME_VALUES = 2 ** 27;

/** The range of each pixel dataset option, as `pixelDatasetOptionsProblem` checks it. */
export const PIXEL_OPTION_RANGES = {
  seed: { integer: true, min: 0, max: MAX_SEED },
  trials: { integer: true, min: 1, max: 100_000 },
  framesPerTrial: { integer: true, min: 4, max: 10_000 },
  side: { integer: true, min: 1, max: 512 },
} as const;

/** An option of a pixel dataset that is out of range: which, what is accepted, and its value. */
export interface PixelOptionProblem {
  readonly key: keyof PixelDatasetOptions;
  readonly expected: string;
  readonly got: number;
}

/**
 * The first option out of range (null when all are in range): seed an integer in [0, 2^32 − 1], trials
 * 1–100,000, framesPerTrial 4–10,000, side 1–512, maxAngle in (0, π], testFraction in [0, 1), and a
 * frame store of at most MAX_PIXEL_FRAME_VALUES values. The one statement of these rules: the
 * generator throws RangeError on a problem, a model file's reader FileFormatError.
 */
export function pixelDatasetOptionsProblem(o: PixelDatasetOptions): PixelOptionProblem | null {
  for (const key of ['seed', 'trials', 'framesPerTrial', 'side'] as const) {
    const { min, max } = PIXEL_OPTION_RANGES[key];
    const v = o[key];
    if (!(typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max)) return { key, expected: `an integer from ${min} to ${max}`, got: v };
  }
  if (!(o.maxAngle > 0 && o.maxAngle <= Math.PI)) return { key: 'maxAngle', expected: 'an angle in (0, π]', got: o.maxAngle };
  if (!(o.testFraction >= 0 && o.testFraction < 1)) return { key: 'testFraction', expected: 'a number in [0, 1)', got: o.testFraction };
  const values = o.trials * o.framesPerTrial * o.side * o.side;
  if (values > MAX_PIXEL_FRAME_VALUES) {
    return { key: 'framesPerTrial', expected: `at most ${MAX_PIXEL_FRAME_VALUES.toLocaleString('en-US')} pixel values in all (trials × framesPerTrial × side² = ${values.toLocaleString('en-US')})`, got: o.framesPerTrial };
  }
  return null;
}

/** The paper's options with `overrides` applied, checked (RangeError naming the option out of range). */
function resolveOptions(overrides: Partial<PixelDatasetOptions>): PixelDatasetOptions {
  const o = { ...PIXEL_DATASET_DEFAULTS, ...overrides };
  const problem = pixelDatasetOptionsProblem(o);
  if (problem) throw new RangeError(`pixel dataset: ${problem.key} must be ${problem.expected}, got ${problem.got}`);
  return o;
}

/** Content hash of the dataset these options (paper defaults for any not given) generate. */
export function pixelDatasetHash(overrides: Partial<PixelDatasetOptions> = {}): string {
  const o = resolveOptions(overrides);
  const fields = [o.seed, o.trials, o.framesPerTrial, o.side, o.maxAngle, o.testFraction];
  const content = JSON.stringify({ version: PIXEL_DATASET_VERSION, options: fields, view: viewFor(o.side), gym: GYM_PENDULUM, momentumScale: MOMENTUM_SCALE });
  return bytesToHex(sha256(utf8ToBytes(content)));
}

/**
 * Task 5 data (paper.md §3). Each trial starts at θ₀ ~ U(−maxAngle, maxAngle), θ̇₀ ~ U(−1, 1) (Gym's
 * reset, restricted to small angles as the authors' rejection loop does) and renders the state before
 * each torque-free Gym step. As in the authors' experiment-pixels/data.py, a trial of F frames gives
 * F − 3 rows: the inputs (frame a, frame a+1) for a = 1…F−3, each with its successor (a+1, a+2).
 * Rows are split in order: the first ⌊testFraction·rows⌋ are the test set.
 */
export function generatePixelPendulumDataset(overrides: Partial<PixelDatasetOptions> = {}): PixelDataset {
  const options = resolveOptions(overrides);
  const { seed, trials, framesPerTrial, side, maxAngle } = options;
  const view = viewFor(side);
  const framePixels = side * side;
  const inputsPerTrial = framesPerTrial - 3;
  const rows = trials * inputsPerTrial;
  const frames = new Float32Array(trials * framesPerTrial * framePixels);
  const first = new Int32Array(rows);
  const coords = new Float64Array(rows * 2);
  const states = new Float64Array(framesPerTrial * 2);
  const rng = new Random(seed);
  const state = new Float64Array(2);
  for (let trial = 0; trial < trials; trial++) {
    state[0] = rng.uniform(-maxAngle, maxAngle);
    state[1] = rng.uniform(-1, 1);
    const base = trial * framesPerTrial;
    for (let k = 0; k < framesPerTrial; k++) {
      renderPendulum(state[0]!, frames.subarray((base + k) * framePixels, (base + k + 1) * framePixels), view);
      states.set(state, 2 * k);
      gymPendulumStep(state);
    }
    for (let a = 1; a <= inputsPerTrial; a++) {
      const row = trial * inputsPerTrial + a - 1;
      first[row] = base + a;
      coords[2 * row] = states[2 * (a + 1)]!;
      coords[2 * row + 1] = MOMENTUM_SCALE * states[2 * (a + 1) + 1]!;
    }
  }
  return assemblePixelDataset(options, frames, first, coords);
}

/** Largest |p| of a pixel-pendulum state: p = 0.25·θ̇ and Gym clips |θ̇| at 8. */
export const PIXEL_STATE_MAX_P = MOMENTUM_SCALE * GYM_PENDULUM.maxSpeed;

/**
 * `count` frames of the torque-free Gym pendulum that passes through the state (q, p) = (θ, 0.25·θ̇):
 * the frame one step before it, its own frame, then one per step after — so the first two frames are
 * the model input that shows (q, p) as a dataset row does. count × side² float32 pixels.
 */
export function pendulumFramesThrough(q: number, p: number, count: number, side: number = PIXEL_DATASET_DEFAULTS.side): Float32Array {
  if (!Number.isFinite(q) || !(Math.abs(p) <= PIXEL_STATE_MAX_P)) {
    throw new RangeError(`pixel pendulum state (${q}, ${p}): q must be finite and |p| ≤ ${PIXEL_STATE_MAX_P} (Gym clips |θ̇| at ${GYM_PENDULUM.maxSpeed})`);
  }
  if (!(Number.isInteger(count) && count >= 2)) throw new RangeError(`pendulumFramesThrough: count must be an integer ≥ 2, got ${count}`);
  const view = viewFor(side);
  const framePixels = side * side;
  const frames = new Float32Array(count * framePixels);
  const state = Float64Array.of(q, p / MOMENTUM_SCALE);
  gymPendulumStepBack(state);
  for (let k = 0; k < count; k++) {
    renderPendulum(state[0]!, frames.subarray(k * framePixels, (k + 1) * framePixels), view);
    gymPendulumStep(state);
  }
  return frames;
}

/** The model input (two frames, 2·side² values) that shows the pendulum state (q, p) as a dataset row does. */
export function pixelInputOfState(q: number, p: number, side: number = PIXEL_DATASET_DEFAULTS.side): Float64Array {
  return Float64Array.from(pendulumFramesThrough(q, p, 2, side));
}

/**
 * The dataset of `options` from its stored arrays (all frames, each row's first frame, each row's
 * canonical coordinates), split as the generator splits it; checks that the sizes fit the options.
 */
export function assemblePixelDataset(options: PixelDatasetOptions, frames: Float32Array, first: Int32Array, coords: Float64Array): PixelDataset {
  const { trials, framesPerTrial, side, testFraction } = resolveOptions(options);
  const framePixels = side * side;
  const inputsPerTrial = framesPerTrial - 3;
  const rows = trials * inputsPerTrial;
  if (frames.length !== trials * framesPerTrial * framePixels || first.length !== rows || coords.length !== 2 * rows) {
    throw new RangeError(`pixel dataset: ${frames.length} frame values, ${first.length} rows and ${coords.length} coordinates do not fit ${trials} trials of ${framesPerTrial} ${side}×${side} frames`);
  }
  const split = Math.floor(rows * testFraction);
  const part = (from: number, to: number): PixelSplit => ({
    framePixels,
    frames,
    first: first.subarray(from, to),
    coords: coords.subarray(2 * from, 2 * to),
  });
  return {
    options,
    hash: pixelDatasetHash(options),
    side,
    inputDim: 2 * framePixels,
    inputsPerTrial,
    train: part(split, rows),
    test: part(0, split),
  };
}
