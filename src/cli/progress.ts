import cliProgress from 'cli-progress';
import type { TrainProgress } from '../train/train.js';

/** Live bars of runs that train at the same time, one line each, on stderr. */
export function progressBoard(): cliProgress.MultiBar {
  return new cliProgress.MultiBar({ hideCursor: true, stream: process.stderr, etaBuffer: 50, clearOnComplete: false }, cliProgress.Presets.shades_classic);
}

/** Shows training progress on stderr: a live bar on a terminal, a line every 10% otherwise. */
export class TrainingProgress {
  private bar: cliProgress.SingleBar | null = null;
  private nextLine = 0;

  /** `label` names the run (e.g. "spring hnn"); nothing is shown when `quiet`; the bar joins `board` when given. */
  constructor(
    private readonly label: string,
    private readonly quiet = false,
    private readonly board: cliProgress.MultiBar | null = null,
  ) {}

  /** Reports one training step. */
  update(e: TrainProgress): void {
    if (this.quiet) return;
    const loss = e.trainLoss.toExponential(3);
    if (process.stderr.isTTY) {
      if (!this.bar) {
        const format = `${this.label.padEnd(22)} {bar} {value}/{total} steps | loss {loss} | ETA {eta_formatted}`;
        if (this.board) this.bar = this.board.create(e.steps, 0, { loss }, { format });
        else {
          this.bar = new cliProgress.SingleBar({ format, hideCursor: true, stream: process.stderr, etaBuffer: 50 }, cliProgress.Presets.shades_classic);
          this.bar.start(e.steps, 0, { loss });
        }
      }
      this.bar.update(e.step, { loss });
      if (e.step === e.steps) this.stop();
    } else if (e.step >= this.nextLine || e.step === e.steps) {
      process.stderr.write(`${this.label}: step ${e.step}/${e.steps}  train loss ${loss}\n`);
      this.nextLine = e.step + Math.max(1, Math.floor(e.steps / 10));
    }
  }

  /** Ends the bar (safe to call twice). */
  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
