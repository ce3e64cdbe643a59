import type { Dataset } from '../core/dataset.js';
import { Random } from '../core/random.js';
import type { FloatArray } from '../kernels/types.js';
import type { DynamicsModel } from '../models/types.js';
import { Adam } from '../optim/adam.js';

/** How to train. */
export interface TrainOptions {
  /** Number of optimiser steps. */
  readonly steps: number;
  /** Rows per step drawn at random (without replacement) each step; null trains on the full batch. */
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
  /** Test loss after the step: the whole test set for full-batch training, a random test batch otherwise. */
  readonly testLoss: number;
}

/** What training produced. */
export interface TrainResult {
  readonly history: HistoryPoint[];
  /** Wall time in seconds. */
  readonly seconds: number;
}

/** Trains `model` on `data` with Adam; deterministic for a given model initialisation and `seed`. */
export function train<A extends FloatArray>(model: DynamicsModel<A>, data: Dataset, options: TrainOptions): TrainResult {
  const { steps, batchSize, logEvery } = options;
  if (!(Number.isInteger(steps) && steps >= 1)) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  if (!(Number.isInteger(logEvery) && logEvery >= 1)) throw new RangeError(`logEvery must be a positive integer, got ${logEvery}`);
  const trainRows = data.x.length / data.dim;
  const testRows = data.testX.length / data.dim;
  if (batchSize !== null && !(Number.isInteger(batchSize) && batchSize >= 1)) {
    throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  }
  const miniBatch = batchSize !== null && batchSize < trainRows;
  const rng = new Random(options.seed);
  const optimiser = new Adam(model.params(), { lr: options.lr, weightDecay: options.weightDecay }, model.kernels);
  const testBatch = miniBatch ? new TestBatch(data, Math.min(batchSize, testRows)) : null;
  const history: HistoryPoint[] = [];
  let testLoss: number | null = null;
  const start = performance.now();
  for (let step = 1; step <= steps; step++) {
    const rows = miniBatch ? rng.sample(trainRows, batchSize) : null;
    const trainLoss = model.lossAndGrad(data.x, data.dx, rows);
    optimiser.step();
    if (step % logEvery === 0 || step === steps) {
      testLoss = testBatch ? testBatch.loss(model, rng.sample(testRows, testBatch.rows)) : model.loss(data.testX, data.testDx);
      history.push({ step, trainLoss, testLoss });
    }
    options.onProgress?.({ step, steps, trainLoss, testLoss });
  }
  return { history, seconds: (performance.now() - start) / 1000 };
}

/** Random test batches gathered into buffers reused from step to step. */
class TestBatch {
  private readonly x: Float64Array;
  private readonly dx: Float64Array;

  /** Buffers for `rows` rows of `data`'s test set. */
  constructor(
    private readonly data: Dataset,
    readonly rows: number,
  ) {
    this.x = new Float64Array(rows * data.dim);
    this.dx = new Float64Array(rows * data.dim);
  }

  /** Loss on the listed test rows. */
  loss<A extends FloatArray>(model: DynamicsModel<A>, rows: Int32Array): number {
    const { data, x, dx } = this;
    const d = data.dim;
    for (let i = 0; i < rows.length; i++) {
      const r = rows[i]!;
      for (let k = 0; k < d; k++) {
        x[i * d + k] = data.testX[r * d + k]!;
        dx[i * d + k] = data.testDx[r * d + k]!;
      }
    }
    return model.loss(x, dx);
  }
}
