import { existsSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../core/errors.js';
import { parseCheckpoint, sameRun, serializeCheckpoint, type Checkpoint } from '../io/checkpoint.js';
import type { PreparedRun } from '../run/run-task.js';
import { readJsonFile, writeFileAtomic } from './files.js';

/** Where a model's checkpoint is kept while it trains: beside it, `<out>.checkpoint.json`. */
export function checkpointPathOf(out: string): string {
  return `${out}.checkpoint.json`;
}

/** Whether a process with this id runs on this machine. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Removes the temporary files (`<name>.<pid>.tmp`, `<name>.<pid>-<thread>.tmp`) that killed runs left beside `path`. */
export function removeStaleTemporaries(path: string): void {
  const dir = dirname(path);
  if (!existsSync(dir)) return;
  const prefix = `${basename(path)}.`;
  for (const name of readdirSync(dir)) {
    const m = name.startsWith(prefix) ? /^(\d+)(?:-\d+)?\.tmp$/.exec(name.slice(prefix.length)) : null;
    if (m && Number(m[1]) !== process.pid && !alive(Number(m[1]))) rmSync(join(dir, name), { force: true });
  }
}

/** A lock on an output: `<path>.lock` holds the owner's pid; released by calling the returned function. */
export function lockOutput(path: string): () => void {
  const lock = `${path}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      const release = (): void => {
        try {
          if (readFileSync(lock, 'utf8').trim() === String(process.pid)) unlinkSync(lock);
        } catch {
          // already gone
        }
      };
      process.once('exit', release);
      return release;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw new InputError(`${lock}: cannot create the lock (${(e as Error).message})`);
      const owner = Number(readFileSync(lock, 'utf8').trim());
      if (Number.isInteger(owner) && owner > 0 && alive(owner)) throw new InputError(`${path} is being written by process ${owner} (lock ${lock}); wait for it, or choose another output`);
      rmSync(lock, { force: true });
    }
  }
  throw new InputError(`${lock}: another process keeps taking the lock`);
}

/** Saves a checkpoint atomically. */
export function saveCheckpoint(path: string, checkpoint: Checkpoint): void {
  writeFileAtomic(path, serializeCheckpoint(checkpoint));
}

/** The checkpoint at `path` if there is one, after checking that it is of the run `fingerprint` (an InputError otherwise). */
export function loadCheckpoint(path: string, fingerprint: Readonly<Record<string, unknown>>): Checkpoint {
  const checkpoint = parseCheckpoint(readJsonFile(path), path);
  if (!sameRun(checkpoint.run, fingerprint)) {
    const differ = Object.keys({ ...fingerprint, ...checkpoint.run }).filter((k) => JSON.stringify(fingerprint[k]) !== JSON.stringify(checkpoint.run[k]));
    throw new InputError(`${path} is the checkpoint of another run (it differs in ${differ.join(', ')}); delete it to start afresh, or choose another output`);
  }
  return checkpoint;
}

/** How `trainInterruptibly` checkpoints and stops. */
export interface InterruptibleOptions {
  /** Where the checkpoint is written. */
  readonly path: string;
  /** Write it every this many steps (and when stopped). */
  readonly every: number;
  /** Whether to stop at the next step boundary (e.g. after SIGINT). */
  readonly stop: () => boolean;
}

/**
 * Trains a prepared run to the end, writing a checkpoint every `every` steps, and letting the event
 * loop run every few milliseconds so signals arrive; when `stop()` turns true it writes a checkpoint
 * at the step boundary and returns 'stopped'. A TrainingDiverged propagates, leaving the last
 * checkpoint (of finite weights) in place.
 */
export async function trainInterruptibly(run: PreparedRun<unknown, unknown, unknown>, options: InterruptibleOptions): Promise<'done' | 'stopped'> {
  const { trainer } = run;
  const save = (): void => saveCheckpoint(options.path, { run: run.fingerprint, state: trainer.snapshot() });
  let yielded = performance.now();
  while (!trainer.done) {
    trainer.next();
    if (trainer.step % options.every === 0 && !trainer.done) save();
    if (performance.now() - yielded > 20) {
      await new Promise((resolve) => setImmediate(resolve));
      yielded = performance.now();
      if (options.stop() && !trainer.done) {
        save();
        return 'stopped';
      }
    }
  }
  return 'done';
}
