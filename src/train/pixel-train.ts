import { Random } from '../core/random.js';
import type { FloatArray } from '../kernels/types.js';
import type { PixelHNN } from '../models/pixel-hnn.js';
import { pairCount } from '../models/pixel-pairs.js';
import { Adam } from '../optim/adam.js';
import type { PixelDataset } from '../systems/pixel-pendulum/dataset.js';
import type { HistoryPoint, TrainOptions, TrainResult } from './train.js';

/**
 * Trains a pixel model on task-5 data with Adam, as the authors' experiment-pixels/train.py: each
 * step draws `batchSize` training rows at random (null, or a batch as large as the split: all rows);
 * every `logEvery` steps (and after the last) the loss of a random test batch of the same size is
 * recorded. Deterministic for a given model initialisation and `seed`.
 */
export function trainPixel<A extends FloatArray>(model: PixelHNN<A>, data: PixelDataset, options: TrainOptions): TrainResult {
  const { steps, batchSize, logEvery } = options;
  if (!(Number.isInteger(steps) && steps >= 1)) throw new RangeError(`steps must be a positive integer, got ${steps}`);
  if (!(Number.isInteger(logEvery) && logEvery >= 1)) throw new RangeError(`logEvery must be a positive integer, got ${logEvery}`);
  if (batchSize !== null && !(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
  const trainRows = pairCount(data.train);
  const testRows = pairCount(data.test);
  const batch = batchSize === null ? null : Math.min(batchSize, trainRows);
  const testBatch = Math.min(batch ?? testRows, testRows);
  const rng = new Random(options.seed);
  const optimiser = new Adam(model.params(), { lr: options.lr, weightDecay: options.weightDecay }, model.kernels);
  const history: HistoryPoint[] = [];
  let testLoss: number | null = null;
  const start = performance.now();
  for (let step = 1; step <= steps; step++) {
    const rows = batch === null || batch === trainRows ? null : rng.sample(trainRows, batch);
    const trainLoss = model.lossAndGrad(data.train, rows);
    optimiser.step();
    if ((step % logEvery === 0 || step === steps) && testBatch > 0) {
      testLoss = model.loss(data.test, testBatch === testRows ? null : rng.sample(testRows, testBatch));
      history.push({ step, trainLoss, testLoss });
    }
    options.onProgress?.({ step, steps, trainLoss, testLoss });
  }
  return { history, seconds: (performance.now() - start) / 1000 };
}
