import cliProgress from 'cli-progress';
import type { TrainProgress } from '../train/train.js';

/** Shows training progress on stderr: a live bar on a terminal, a line every 10% otherwise. */
export class TrainingProgress {
  private bar: cliProgress.SingleBar | null = null;
  private nextLine = 0;

  /** `label` names the run (e.g. "spring hnn"); nothing is shown when `quiet`. */
  constructor(
    private readonly label: string,
    private readonly quiet = false,
  ) {}

  /** Reports one training step. */
  update(e: TrainProgress): void {
    if (this.quiet) return;
    const loss = e.trainLoss.toExponential(3);
    if (process.stderr.isTTY) {
      if (!this.bar) {
        this.bar = new cliProgress.SingleBar(
          { format: `${this.label.padEnd(22)} {bar} {value}/{total} steps | loss {loss} | ETA {eta_formatted}`, hideCursor: true, stream: process.stderr, etaBuffer: 50 },
          cliProgress.Presets.shades_classic,
        );
        this.bar.start(e.steps, 0, { loss });
      }
      this.bar.update(e.step, { loss });
      if (e.step === e.steps) this.stop();
    } else if (e.step >= this.nextLine || e.step === e.steps) {
      process.stderr.write(`${this.label}: step ${e.step}/${e.steps}  train loss ${loss}\n`);
      this.nextLine = e.step + Math.max(1, Math.floor(e.steps / 10));
    }
  }

  /** Removes the bar (safe to call twice). */
  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
