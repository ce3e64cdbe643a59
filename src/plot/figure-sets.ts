import type { Dataset } from '../core/dataset.js';
import type { Model } from '../models/factory.js';
import type { PixelHNN } from '../models/pixel-hnn.js';
import type { DynamicsModel } from '../models/types.js';
import type { PixelDataset } from '../systems/pixel-pendulum/dataset.js';
import type { Task } from '../tasks/registry.js';
import { writePixelFigures, type WrittenAnimation } from './pixel-figures.js';
import { writeTaskFigures, type WrittenFigure } from './task-figures.js';

/** The figures (and animations) written for one task. */
export interface WrittenFigureSet {
  readonly figures: readonly WrittenFigure[];
  readonly animations?: readonly WrittenAnimation[];
}

/** Writes every figure of a task comparing its trained baseline and HNN on its data into `outDir`. */
export async function writeFigureSet(outDir: string, task: Task, models: { readonly baseline: Model; readonly hnn: Model }, dataset: Dataset | PixelDataset): Promise<WrittenFigureSet> {
  if (task.family === 'pixel') {
    return writePixelFigures(outDir, { baseline: models.baseline as PixelHNN<Float32Array>, hnn: models.hnn as PixelHNN<Float32Array> }, dataset as PixelDataset);
  }
  return { figures: await writeTaskFigures(outDir, task, { baseline: models.baseline as DynamicsModel, hnn: models.hnn as DynamicsModel }, dataset as Dataset) };
}
