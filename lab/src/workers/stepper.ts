// Training one step at a time, so that it can pause, resume and report between steps.
import { Adam, Random, type Dataset, type DynamicsModel, type HistoryPoint } from 'hnn';

/** The settings of a step-wise training run (those of the library's `train`). */
export interface StepperOptions {
  readonly steps: number;
  /** Rows per step; null (or at least the training split) trains on the full batch. */
  readonly batchSize: number | null;
  readonly lr: number;
  readonly weightDecay: number;
  /** Seed of the batch sampler (runTask and the CLI use 2·seed + 1). */
  readonly seed: number;
  /** Record train and test loss every this many steps (and after the last), as `train` does. */
  readonly logEvery: number;
}

/**
 * The library's `train` loop (src/train/train.ts) cut into single steps: the same Adam, the same
 * batches from the same sampler, and the same test batches drawn from it at the same steps, so a
 * run with the CLI's settings ends on the CLI's weights and records the CLI's history.
 */
export class Stepper {
  /** Steps done so far. */
  step = 0;
  readonly history: HistoryPoint[] = [];
  private readonly rng: Random;
  private readonly optimiser: Adam<Float32Array>;
  private readonly trainRows: number;
  private readonly testRows: number;
  private readonly batch: number | null;
  private readonly testBatch: number;

  /** A run of `options.steps` steps of `model` on `data`, none done yet. */
  constructor(
    readonly model: DynamicsModel<Float32Array>,
    private readonly data: Dataset,
    private readonly options: StepperOptions,
  ) {
    this.trainRows = model.rowCount(data.train);
    this.testRows = model.rowCount(data.test);
    this.batch = options.batchSize === null || options.batchSize >= this.trainRows ? null : options.batchSize;
    this.testBatch = Math.min(this.batch ?? this.testRows, this.testRows);
    this.rng = new Random(options.seed);
    this.optimiser = new Adam(model.params(), { lr: options.lr, weightDecay: options.weightDecay }, model.kernels);
  }

  /** Whether every step has been taken. */
  get done(): boolean {
    return this.step >= this.options.steps;
  }

  /** Takes the next step; returns the loss of its training batch (before the update). */
  next(): number {
    const { model, data, rng } = this;
    const step = ++this.step;
    const rows = this.batch === null ? null : rng.sample(this.trainRows, this.batch);
    const trainLoss = model.lossAndGrad(data.train, rows);
    this.optimiser.step();
    if ((step % this.options.logEvery === 0 || step === this.options.steps) && this.testBatch > 0) {
      const testLoss = model.loss(data.test, this.batch === null ? null : rng.sample(this.testRows, this.testBatch));
      this.history.push({ step, trainLoss, testLoss });
    }
    return trainLoss;
  }
}
