import type { TrainingData } from '../core/dataset.js';
import { TrainingDiverged } from '../core/errors.js';
import { Random, type RandomState } from '../core/random.js';
import type { FloatArray } from '../kernels/types.js';
import type { TrainableModel } from '../models/types.js';
import { Adam, type AdamState } from '../optim/adam.js';

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

/** Where a training stands after some steps: everything needed to continue it with the same bits. */
export interface TrainerState {
  /** Steps done. */
  readonly step: number;
  /** The parameters' values, one array per parameter. */
  readonly params: readonly (Float32Array | Float64Array)[];
  readonly adam: AdamState;
  /** The batch sampler's state. */
  readonly rng: RandomState;
  readonly history: readonly HistoryPoint[];
  /** The most recent test loss, if any. */
  readonly testLoss: number | null;
  /** Wall time of the steps done, in seconds. */
  readonly seconds: number;
}

/**
 * A training run taken one step at a time (`next`), as the authors' training scripts run it: each step
 * draws `batchSize` training rows at random (all rows when null or at least the split's size); every
 * `logEvery` steps (and after the last) the loss on a test batch of the same size (the whole test
 * split when that is smaller or the training is full-batch) is recorded. Deterministic for a given
 * initialisation and `seed`; a run continued from a `snapshot` gives the same bits as one never stopped.
 * A non-finite loss stops it with TrainingDiverged, before the step's update; so do non-finite
 * weights after the last step or at a snapshot (so neither a model nor a checkpoint holds them).
 */
export class Trainer<A extends FloatArray, S> {
  private readonly rng: Random;
  private readonly optimiser: Adam<A>;
  private readonly trainRows: number;
  private readonly testRows: number;
  private readonly batch: number | null;
  private readonly testBatch: number;
  private readonly history: HistoryPoint[] = [];
  private stepsDone = 0;
  private testLoss: number | null = null;
  private secondsBefore = 0;
  private readonly started = performance.now();

  /** A run of `options` on `model` and `data`, from the start or continued from `from`. */
  constructor(
    private readonly model: TrainableModel<A, S>,
    private readonly data: TrainingData<S>,
    private readonly options: TrainOptions,
    from?: TrainerState,
  ) {
    const { steps, batchSize, logEvery } = options;
    if (!(Number.isInteger(steps) && steps >= 1)) throw new RangeError(`steps must be a positive integer, got ${steps}`);
    if (!(Number.isInteger(logEvery) && logEvery >= 1)) throw new RangeError(`logEvery must be a positive integer, got ${logEvery}`);
    if (batchSize !== null && !(Number.isInteger(batchSize) && batchSize >= 1)) throw new RangeError(`batchSize must be a positive integer, got ${batchSize}`);
    this.trainRows = model.rowCount(data.train);
    this.testRows = model.rowCount(data.test);
    this.batch = batchSize === null || batchSize >= this.trainRows ? null : batchSize;
    this.testBatch = Math.min(this.batch ?? this.testRows, this.testRows);
    this.rng = new Random(options.seed);
    this.optimiser = new Adam(model.params(), { lr: options.lr, weightDecay: options.weightDecay }, model.kernels);
    if (from) this.restore(from);
  }

  /** Steps done so far. */
  get step(): number {
    return this.stepsDone;
  }

  /** Steps the run has in all. */
  get steps(): number {
    return this.options.steps;
  }

  /** Whether every step has run. */
  get done(): boolean {
    return this.stepsDone >= this.options.steps;
  }

  /** Runs the next step and reports it. */
  next(): TrainProgress {
    if (this.done) throw new RangeError(`the training has run all its ${this.options.steps} steps`);
    const { model, data, rng, batch } = this;
    const step = this.stepsDone + 1;
    const rows = batch === null ? null : rng.sample(this.trainRows, batch);
    const trainLoss = model.lossAndGrad(data.train, rows);
    if (!Number.isFinite(trainLoss)) throw new TrainingDiverged(step, 'training', trainLoss);
    this.optimiser.step();
    if ((step % this.options.logEvery === 0 || step === this.options.steps) && this.testBatch > 0) {
      const testLoss = model.loss(data.test, batch === null ? null : rng.sample(this.testRows, this.testBatch));
      if (!Number.isFinite(testLoss)) throw new TrainingDiverged(step, 'test', testLoss);
      this.testLoss = testLoss;
      this.history.push({ step, trainLoss, testLoss });
    }
    this.stepsDone = step;
    if (step === this.options.steps) this.checkWeights();
    const progress = { step, steps: this.options.steps, trainLoss, testLoss: this.testLoss };
    this.options.onProgress?.(progress);
    return progress;
  }

  /** The run's state now, to continue it later with the same bits (copies: later steps do not change it). */
  snapshot(): TrainerState {
    this.checkWeights();
    return {
      step: this.stepsDone,
      params: this.model.params().map((p) => p.value.slice()),
      adam: this.optimiser.state(),
      rng: this.rng.state(),
      history: [...this.history],
      testLoss: this.testLoss,
      seconds: this.seconds(),
    };
  }

  /** Throws TrainingDiverged when a weight is not finite (an update overflowed without a non-finite loss yet). */
  private checkWeights(): void {
    for (const p of this.model.params()) {
      const v = p.value;
      for (let i = 0; i < v.length; i++) if (!Number.isFinite(v[i]!)) throw new TrainingDiverged(this.stepsDone, 'weights', v[i]!);
    }
  }

  /** The loss curves and the wall time so far. */
  result(): TrainResult {
    return { history: [...this.history], seconds: this.seconds() };
  }

  /** Wall time of the steps done (this session's and those before a restore), seconds. */
  private seconds(): number {
    return this.secondsBefore + (performance.now() - this.started) / 1000;
  }

  /** Continues from a snapshot of a run of the same model shape and settings (before any step of this one). */
  restore(from: TrainerState): void {
    if (this.stepsDone !== 0 || this.history.length !== 0) throw new RangeError('a trainer can only be restored before its first step');
    const params = this.model.params();
    if (!(Number.isInteger(from.step) && from.step >= 0 && from.step <= this.options.steps)) throw new RangeError(`the snapshot is at step ${from.step}, outside this run's 0–${this.options.steps}`);
    if (from.params.length !== params.length || from.params.some((v, i) => v.length !== params[i]!.value.length)) throw new RangeError('the snapshot does not fit this model');
    from.params.forEach((v, i) => params[i]!.value.set(v));
    this.optimiser.restore(from.adam);
    this.rng.restore(from.rng);
    this.history.push(...from.history);
    this.stepsDone = from.step;
    this.testLoss = from.testLoss;
    this.secondsBefore = from.seconds;
  }
}

/** Trains `model` on `data` with Adam to the end (see Trainer); deterministic for a given model initialisation and `seed`. */
export function train<A extends FloatArray, S>(model: TrainableModel<A, S>, data: TrainingData<S>, options: TrainOptions): TrainResult {
  const trainer = new Trainer(model, data, options);
  while (!trainer.done) trainer.next();
  return trainer.result();
}
