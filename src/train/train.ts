import type { TrainingData } from '../core/dataset.js';
import { Random } from '../core/random.js';
import type { FloatArray } from '../kernels/types.js';
import type { TrainableModel } from '../models/types.js';
import { Adam } from '../optim/adam.js';

/** How to train. */
export interface TrainOptions {
  /** Number of optimiser steps. */
  readonly steps: number;
  /** Rows per step drawn at random (without replacement) each step; null (or the whole split) trains on the full batch. */
  readonly batchSize: number | null;
  /** Adam learning rate. */
  readonly lr: number;
  /** PyTorch-style L2 weight decay. */
  readonly weightDecay: number;
  /** Seed of the mini-batch sampler. */
  readonly seed: number;
  /** Record train and test loss every this many steps (and after the last step). */
  readonly logEvery: number;
  /** Called after every step. */
  readonly onProgress?: (event: TrainProgress) => void;
}

/** One progress report. */
export interface TrainProgress {
  /** Steps done so far (1-based). */
  readonly step: number;
  /** Total steps. */
  readonly steps: number;
  /** Loss of the batch this step trained on (before its update). */
  readonly trainLoss: number;
  /** Most recent test loss recorded, if any. */
  readonly testLoss: number | null;
}

/** A recorded point of the loss curves. */
export interface HistoryPoint {
  readonly step: number;
  /** Loss of the step's training batch, before its update. */
  readonly trainLoss: number;
  /** Test loss after the step: the whole test split for full-batch training, a random test batch of the batch size otherwise. */
  readonly testLoss: number;
}

/** What training produced. */
export interface TrainResult {
  readonly history: HistoryPoint[];
  /** Wall time in seconds. */
  readonly seconds: number;
}

/**
 * Trains `model` on `data` with Adam, as the authors' training scripts: each step draws `batchSize`
 * training rows at random (all rows when null or at least the split's size); every `logEvery` steps
 * (and after the last) the loss on a test batch of the same size (the whole test split when that is
 * smaller or the training is full-batch) is recorded. Deterministic for a given initialisation and `seed`.
 */
export function train<A extends FloatArray, S>(model: TrainableModel<A, S>, data: TrainingData<S>, options: TrainOptions): TrainResult {
  const { steps, batchSize, logEvery } = options;
  if (!(Number.isInteger(steps) && steps >= 1)) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  if (!(Number.isInteger(logEvery) && logEvery >= 1)) throw new RangeError(`logEvery must be a positive integer, got ${logEvery}`);
  if (batchSize !== null && !(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const trainRows = model.rowCount(data.train);
  const testRows = model.rowCount(data.test);
  const batch = batchSize === null || batchSize >= trainRows ? null : batchSize;
  const testBatch = Math.min(batch ?? testRows, testRows);
  const rng = new Random(options.seed);
  const optimiser = new Adam(model.params(), { lr: options.lr, weightDecay: options.weightDecay }, model.kernels);
  const history: HistoryPoint[] = [];
  let testLoss: number | null = null;
  const start = performance.now();
  for (let step = 1; step <= steps; step++) {
    const rows = batch === null ? null : rng.sample(trainRows, batch);
    const trainLoss = model.lossAndGrad(data.train, rows);
    optimiser.step();
    if ((step % logEvery === 0 || step === steps) && testBatch > 0) {
      testLoss = model.loss(data.test, batch === null ? null : rng.sample(testRows, testBatch));
      history.push({ step, trainLoss, testLoss });
    }
    options.onProgress?.({ step, steps, trainLoss, testLoss });
  }
  return { history, seconds: (performance.now() - start) / 1000 };
}
