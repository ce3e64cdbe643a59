import { existsSync, rmSync } from 'node:fs';
import { InputError, TrainingDiverged } from '../core/errors.js';
import { loadCheckpoint, removeStaleTemporaries, trainInterruptibly } from '../node/checkpoints.js';
import type { PreparedRun } from '../run/run-task.js';
import { CommandExit } from './options.js';
import { watchSignals, type SignalWatch } from './signals.js';

/** How a command's training checkpoints. */
export interface CheckpointFlags {
  /** The checkpoint file (continued from when it exists). */
  readonly path: string;
  /** Steps between checkpoints. */
  readonly every: number;
  /** Names the run in the lines printed ("spring hnn"). */
  readonly label: string;
}

/**
 * Trains a prepared run to the end with checkpoints: continues from the checkpoint when there is one
 * (saying so in one line), writes one every `every` steps, and on Ctrl-C or SIGTERM writes one and
 * stops with exit code 130 or 143 saying where it is; a diverging run stops with exit code 3, writing
 * nothing more. The checkpoint is removed once the run is done. `watch` starts the watch of the signals
 * (default: this process's).
 */
export async function trainWithCheckpoints(run: PreparedRun<unknown, unknown, unknown>, flags: CheckpointFlags, watch: () => SignalWatch = watchSignals): Promise<void> {
  removeStaleTemporaries(flags.path);
  const { trainer } = run;
  const total = trainer.steps;
  if (existsSync(flags.path)) {
    const checkpoint = loadCheckpoint(flags.path, run.fingerprint);
    try {
      trainer.restore(checkpoint.state);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      throw new InputError(`${flags.path}: the checkpoint does not fit this run (${e.message}); delete it to start afresh`);
    }
    process.stderr.write(`hnn: ${flags.label}: resuming from step ${checkpoint.state.step} of ${total} (${flags.path})\n`);
  }
  const signals = watch();
  try {
    const outcome = await trainInterruptibly(run, { path: flags.path, every: flags.every, stop: signals.stopped });
    if (outcome === 'stopped') {
      throw new CommandExit(`${flags.label}: stopped at step ${trainer.step} of ${total}; checkpoint saved to ${flags.path} (run the same command again to continue)`, signals.exitCode() ?? 130);
    }
  } catch (e) {
    if (!(e instanceof TrainingDiverged)) throw e;
    const kept = existsSync(flags.path) ? `; the last checkpoint (finite weights) is ${flags.path}` : '';
    throw new CommandExit(`error: ${flags.label}: ${e.message}; no model was written${kept}`, 3);
  } finally {
    signals.dispose();
  }
  rmSync(flags.path, { force: true });
}
