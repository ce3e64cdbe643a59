// One model in the trainer: the library's prepared run of a task (or a model imported from a file),
// its loss curves since the last report, and its snapshot for the page.
import { lossWithError, modelToFile, Random, serializeModelFile } from 'hnn';
import type { Dataset, DynamicsModel, MeanWithError, PreparedRun, Samples, StateModelFile } from 'hnn';
import type { LabKind, RunSnapshot } from './protocol.js';

/** Test splits larger than this are measured on a fixed sample of TEST_SAMPLE rows while training. */
const WHOLE_TEST_LIMIT = 2000;
const TEST_SAMPLE = 1000;
/** Step times kept for the median. */
const RECENT_STEPS = 64;

/** The losses the CLI reports: the whole train and test splits, with their ±. */
type Metrics = { trainLoss: MeanWithError; testLoss: MeanWithError };

/** The library's run of a task on states, prepared to train step by step. */
export type PreparedStateRun = PreparedRun<DynamicsModel<Float32Array>, Dataset, StateModelFile>;

/** Where a run's model comes from: training (a prepared run of the library) or a model file. */
export type RunOrigin = { readonly prepared: PreparedStateRun } | { readonly imported: StateModelFile; readonly name: string };

/** A model being trained or explored. */
export class Run {
  private trainCurve: number[] = [];
  private testCurve: number[] = [];
  private readonly stepTimes: number[] = [];
  private lastTrain: number | null = null;
  private lastTest: number | null = null;
  private final: Metrics | null = null;
  private readonly testRows: Int32Array | null;

  /** A run of `model` (of kind `kind`) on `data` from `origin`, planned for `steps` steps. */
  constructor(
    readonly kind: LabKind,
    readonly model: DynamicsModel<Float32Array>,
    private readonly data: Dataset,
    private readonly origin: RunOrigin,
    readonly steps: number,
  ) {
    const rows = model.rowCount(data.test);
    this.testRows = rows > WHOLE_TEST_LIMIT ? new Random(0).sample(rows, TEST_SAMPLE) : null;
    if ('imported' in origin) this.finish();
  }

  /** Steps done. */
  get step(): number {
    return 'prepared' in this.origin ? this.origin.prepared.trainer.step : this.steps;
  }

  /** Whether there is nothing left to train. */
  get done(): boolean {
    return this.final !== null;
  }

  /** Takes one training step, timing it; measures the final losses after the last. */
  trainStep(): void {
    if (!('prepared' in this.origin)) return;
    const { trainer } = this.origin.prepared;
    const t0 = performance.now();
    const loss = trainer.next().trainLoss;
    this.stepTimes.push(performance.now() - t0);
    if (this.stepTimes.length > RECENT_STEPS) this.stepTimes.shift();
    this.lastTrain = loss;
    this.trainCurve.push(trainer.step, loss);
    if (trainer.done) this.finish();
  }

  /** Measures the test loss for the curve (the whole split, or a fixed sample of a large one). */
  measureTest(): void {
    if (this.done) return;
    this.lastTest = this.model.loss(this.data.test, this.testRows);
    this.testCurve.push(this.step, this.lastTest);
  }

  /** The model file, as the CLI writes it (a run stopped early records the steps it took). */
  modelFile(): string {
    if ('imported' in this.origin) {
      const file = this.origin.imported;
      return serializeModelFile(modelToFile(this.model, { task: file.task, training: { ...file.training, importedFrom: this.origin.name }, metrics: this.metrics() }));
    }
    const file = this.origin.prepared.finish().file;
    return serializeModelFile(this.done ? file : { ...file, training: { ...file.training, steps: this.step } });
  }

  /** The snapshot for the page (the curves' new points and a copy of the weights); `transfer` collects buffers to move. */
  snapshot(transfer: ArrayBuffer[]): RunSnapshot {
    const values = this.model.params().map((p) => p.value.slice());
    const trainCurve = Float64Array.from(this.trainCurve);
    const testCurve = Float64Array.from(this.testCurve);
    this.trainCurve = [];
    this.testCurve = [];
    transfer.push(trainCurve.buffer, testCurve.buffer, ...values.map((v) => v.buffer as ArrayBuffer));
    const final = this.final;
    return {
      kind: this.kind,
      step: this.step,
      steps: this.steps,
      trainLoss: final ? final.trainLoss.mean : this.lastTrain,
      testLoss: final ? final.testLoss.mean : this.lastTest,
      final,
      trainCurve,
      testCurve,
      msPerStep: median(this.stepTimes),
      importedFrom: 'imported' in this.origin ? this.origin.name : null,
      weights: { spec: this.model.spec, values },
    };
  }

  /** The CLI's metrics on the whole splits, as now. */
  private metrics(): Metrics {
    return { trainLoss: lossWithError<Float32Array, Samples>(this.model, this.data.train), testLoss: lossWithError<Float32Array, Samples>(this.model, this.data.test) };
  }

  /** Records the final metrics; the last test loss joins the curve. */
  private finish(): void {
    this.final = this.metrics();
    this.testCurve.push(this.step, this.final.testLoss.mean);
  }
}

/** The median of a list, or null when it is empty. */
function median(xs: readonly number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
