import { generatePixelPendulumDataset, type PixelDatasetOptions } from '../systems/pixel-pendulum/dataset.js';
import { MINI_BATCH } from './defaults.js';
import { PAPER_TABLE1 } from './paper-table.js';
import type { PixelTask } from './task.js';

const options = (seed: number): Partial<PixelDatasetOptions> => ({ seed });

/** Task 5, the pendulum seen through pixels: batches of 200, 10,000 steps, weight decay 1e-5 (paper.md §3). */
export const pixelPendulumTask: PixelTask = {
  family: 'pixel',
  name: 'pixel-pendulum',
  title: 'Pixel pendulum',
  defaults: { ...MINI_BATCH, weightDecay: 1e-5 },
  datasetOptions: options,
  makeDataset: (seed) => generatePixelPendulumDataset(options(seed)),
  paper: PAPER_TABLE1['pixel-pendulum']!,
};
