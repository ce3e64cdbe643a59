// One model in the trainer: its training (or the file it was imported from), its loss curves since
// the last report, and its snapshot for the page.
import { lossWithError, Random, type Dataset, type DynamicsModel, type MeanWithError, type ModelKind, type Samples } from 'hnn';
import type { RunSnapshot } from './protocol.js';
import type { Stepper } from './stepper.js';

/** Test splits larger than this are measured on a fixed sample of TEST_SAMPLE rows while training. */
const WHOLE_TEST_LIMIT = 2000;
const TEST_SAMPLE = 1000;
/** Step times kept for the median. */
const RECENT_STEPS = 64;

/** A model being trained (with a stepper) or explored (imported from a file). */
export class Run {
  private trainCurve: number[] = [];
  private testCurve: number[] = [];
  private readonly stepTimes: number[] = [];
  private lastTrain: number | null = null;
  private lastTest: number | null = null;
  private final: { trainLoss: MeanWithError; testLoss: MeanWithError } | null = null;
  private readonly testRows: Int32Array | null;

  /** A run of `model` of kind `kind` on `data`: trained by `stepper`, or imported from `importedFrom` after `importedSteps` steps. */
  constructor(
    readonly kind: ModelKind,
    readonly model: DynamicsModel<Float32Array>,
    private readonly data: Dataset,
    readonly stepper: Stepper | null,
    readonly steps: number,
    readonly importedFrom: string | null = null,
    private readonly importedSteps = 0,
  ) {
    const rows = model.rowCount(data.test);
    this.testRows = rows > WHOLE_TEST_LIMIT ? new Random(0).sample(rows, TEST_SAMPLE) : null;
    if (!stepper) this.finish();
  }

  /** Steps done. */
  get step(): number {
    return this.stepper ? this.stepper.step : this.importedSteps;
  }

  /** Whether there is nothing left to train. */
  get done(): boolean {
    return this.final !== null;
  }

  /** Takes one training step, timing it; measures the final losses after the last. */
  trainStep(): void {
    const stepper = this.stepper!;
    const t0 = performance.now();
    this.lastTrain = stepper.next();
    this.stepTimes.push(performance.now() - t0);
    if (this.stepTimes.length > RECENT_STEPS) this.stepTimes.shift();
    this.trainCurve.push(stepper.step, this.lastTrain);
    if (stepper.done) this.finish();
  }

  /** Measures the test loss for the curve (the whole split, or a fixed sample of a large one). */
  measureTest(): void {
    if (this.done) return;
    this.lastTest = this.model.loss(this.data.test, this.testRows);
    this.testCurve.push(this.step, this.lastTest);
  }

  /** The CLI's metrics on the whole splits, as now. */
  metrics(): { trainLoss: MeanWithError; testLoss: MeanWithError } {
    return { trainLoss: lossWithError<Float32Array, Samples>(this.model, this.data.train), testLoss: lossWithError<Float32Array, Samples>(this.model, this.data.test) };
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
      importedFrom: this.importedFrom,
      weights: { spec: this.model.spec, values },
    };
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
