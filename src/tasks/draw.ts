import type { Dataset } from '../core/dataset.js';
import { InputError } from '../core/errors.js';
import type { TaskDatasetOptions } from '../systems/trajectory-dataset.js';
import type { StateTask } from './task.js';

/** How a task's noisy trajectories are drawn: how many, and the standard deviation of the noise on every state coordinate. */
export interface Draw {
  readonly samples: number;
  readonly noiseStd: number;
}

/** The paper's draw for the spring, the pendulum and the systems drawn like them: 50 trajectories, σ = 0.1. */
export const PAPER_DRAW: Draw = { samples: 50, noiseStd: 0.1 };

/** Most rows of drawn data (trajectories × points per trajectory); the paper's spring has 1,500. */
export const MAX_DRAWN_ROWS = 1_000_000;

/** Throws InputError unless `draw` can be drawn with `points` per trajectory: whole trajectories, noise ≥ 0, rows in range. */
export function checkDraw(draw: Draw, points: number): void {
  const { samples, noiseStd } = draw;
  if (!(Number.isInteger(samples) && samples >= 1 && samples <= MAX_DRAWN_ROWS)) throw new InputError(`trajectories ${samples}: expected an integer from 1 to ${MAX_DRAWN_ROWS}`);
  if (!(Number.isFinite(noiseStd) && noiseStd >= 0)) throw new InputError(`noise ${noiseStd}: expected a finite number ≥ 0`);
  if (samples * points > MAX_DRAWN_ROWS) throw new InputError(`${samples} trajectories × ${points} points: expected at most ${MAX_DRAWN_ROWS} rows`);
}

/** Whether two draws are the same. */
export function sameDraw(a: Draw, b: Draw): boolean {
  return a.samples === b.samples && a.noiseStd === b.noiseStd;
}

/** What a built-in task drawing noisy trajectories is besides its data. */
export type DrawnTaskBase = Omit<StateTask, 'makeDataset' | 'draw' | 'redraw' | 'recipe'>;

/**
 * A built-in task whose data `generate` draws, `points` per trajectory, as `draw` says; a draw other than
 * the paper's is its recipe (`{ kind: 'drawn', task, samples, noiseStd }`), the paper's needs none.
 */
export function drawnTask(base: DrawnTaskBase, points: number, generate: (options: TaskDatasetOptions) => Dataset, draw: Draw = PAPER_DRAW): StateTask {
  checkDraw(draw, points);
  return {
    ...base,
    makeDataset: (seed) => generate({ seed, samples: draw.samples, noiseStd: draw.noiseStd }),
    draw,
    redraw: (other) => drawnTask(base, points, generate, other),
    ...(!sameDraw(draw, PAPER_DRAW) && { recipe: { kind: 'drawn', task: base.name, samples: draw.samples, noiseStd: draw.noiseStd } }),
  };
}
