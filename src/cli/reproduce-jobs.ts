import { Worker } from 'node:worker_threads';
import { InputError } from '../core/errors.js';
import type { Table1Entry } from '../eval/table1.js';
import type { ModelKind } from '../models/types.js';
import { checkpointPathOf } from '../node/checkpoints.js';
import type { Backend } from '../node/kernels.js';
import type { TaskDataOptions } from '../node/readers.js';
import type { ReproduceEvent, ReproduceOptions, ReproduceUnit, UnitOutcome } from '../node/reproduce.js';
import type { ProtocolName } from '../tasks/energy-protocol.js';
import type { TrainProgress } from '../train/train.js';
import { trainWithCheckpoints } from './checkpointed.js';
import { errorReport } from './internal-error.js';
import { CommandExit, UsageError } from './options.js';
import { watchSignals, type SignalWatch } from './signals.js';

/** What every reproduce worker is set up with. */
export interface UnitWorkerSettings {
  readonly outDir: string;
  readonly data: Partial<TaskDataOptions>;
  /** A backend that runs here (not `auto`), so that no worker repeats the fallback note. */
  readonly backend: Exclude<Backend, 'auto'>;
  /**
   * Threads per kernel call in each unit; null shares the cores: the WebAssembly kernels take an even
   * share of them, the native ones follow the shared budget (all the cores, split among the units still running).
   */
  readonly threads: number | null;
  readonly protocol: ProtocolName;
  readonly checkpointEvery: number;
}

/** What a reproduce worker is started with. */
export interface UnitWorkerData {
  readonly settings: UnitWorkerSettings;
  /** Threads per kernel call of each unit (the native kernels follow `budget` instead when there is one). */
  readonly threads: number;
  readonly budget: Int32Array | null;
  /** Slot 0: the exit code of a signal, or 130 after a unit failed (0: go on). */
  readonly stop: Int32Array;
}

/** A unit sent to a worker (which works on one at a time). */
export interface UnitOrder {
  readonly task: string;
  readonly kind: ModelKind;
  readonly seed: number;
  readonly steps: number;
}

/** An error crossing from a worker: the class the CLI reports it as, and its text. */
export interface CarriedError {
  readonly kind: 'exit' | 'usage' | 'input' | 'bug';
  readonly message: string;
  /** The exit code of an `exit`. */
  readonly code?: number;
  readonly stack?: string;
}

/** What a worker reports about the unit it works on. */
export type UnitReport =
  | { readonly type: 'progress'; readonly progress: TrainProgress }
  | { readonly type: 'done'; readonly outcome: UnitOutcome }
  | { readonly type: 'failed'; readonly error: CarriedError };

/** How `reproduce` trains a unit from the CLI: with checkpoints beside its model file, stopping on the signals `watch` sees. */
export function checkpointedTraining(every: number, watch?: () => SignalWatch): NonNullable<ReproduceOptions['train']> {
  return (run, unit, modelPath) => trainWithCheckpoints(run, { path: checkpointPathOf(modelPath), every, label: `${unit.task.name} ${unit.kind} seed ${unit.seed}` }, watch);
}

/** An error as a worker sends it. */
export function carried(e: unknown): CarriedError {
  if (e instanceof CommandExit) return { kind: 'exit', message: e.message, code: e.code };
  if (e instanceof UsageError) return { kind: 'usage', message: e.message };
  if (e instanceof InputError) return { kind: 'input', message: e.message };
  return e instanceof Error ? { kind: 'bug', message: `${e.name}: ${e.message}`, ...(e.stack !== undefined && { stack: e.stack }) } : { kind: 'bug', message: String(e) };
}

/** The error a carried one stands for, of the class the CLI reports. */
function rebuilt(e: CarriedError): Error {
  if (e.kind === 'exit') return new CommandExit(e.message, e.code ?? 1);
  if (e.kind === 'usage') return new UsageError(e.message);
  if (e.kind === 'input') return new InputError(e.message);
  const bug = new Error(e.message);
  if (e.stack !== undefined) bug.stack = e.stack;
  return bug;
}

/** Longest first: HNN units (about twice a baseline's work per step) before baselines, then more steps first. */
function longestFirst(a: ReproduceUnit, b: ReproduceUnit): number {
  return Number(b.kind === 'hnn') - Number(a.kind === 'hnn') || b.steps - a.steps;
}

/**
 * Trains and measures the units `jobs` at a time on `cores` cores, each unit in a worker thread
 * (results do not depend on which thread or how many), longest first; the entries come back in the
 * units' order. Ctrl-C or SIGTERM, or a unit that fails, stops the units in progress at a step
 * boundary with a checkpoint; then the first failure is thrown and the others are printed.
 */
export async function reproduceInWorkers(units: readonly ReproduceUnit[], jobs: number, cores: number, settings: UnitWorkerSettings, onEvent: (e: ReproduceEvent) => void): Promise<Table1Entry[]> {
  const stop = new Int32Array(new SharedArrayBuffer(4));
  const signals = watchSignals((code) => Atomics.store(stop, 0, code));
  // The native kernels' threads per call: the cores split among the units running.
  const budget = new Int32Array(new SharedArrayBuffer(4));
  let running = 0;
  const share = (change: number): void => {
    running += change;
    Atomics.store(budget, 0, Math.max(1, Math.floor(cores / Math.max(1, running))));
  };
  const queue = units.map((unit, index) => ({ unit, index })).sort((a, b) => longestFirst(a.unit, b.unit));
  const entries: Table1Entry[] = [];
  const failures: CarriedError[] = [];
  const fixed = settings.threads ?? Math.max(1, Math.floor(cores / jobs));
  const lane = async (): Promise<void> => {
    const workerData: UnitWorkerData = { settings, stop, threads: fixed, budget: settings.threads === null ? budget : null };
    const worker = new Worker(new URL('./reproduce-worker.js', import.meta.url), { workerData });
    try {
      for (let next = queue.shift(); next && failures.length === 0 && !signals.stopped(); next = queue.shift()) {
        const { unit, index } = next;
        onEvent({ type: 'start', unit, index, total: units.length });
        const order: UnitOrder = { task: unit.task.name, kind: unit.kind, seed: unit.seed, steps: unit.steps };
        share(1);
        const report = await runUnit(worker, order, (progress) => onEvent({ type: 'progress', unit, progress })).finally(() => share(-1));
        if (report.type === 'done') {
          entries[index] = report.outcome.entry;
          onEvent({ type: 'done', unit, entry: report.outcome.entry, resumed: report.outcome.resumed });
        } else {
          failures.push(report.error);
          Atomics.compareExchange(stop, 0, 0, 130);
        }
      }
    } finally {
      await worker.terminate();
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(jobs, units.length) }, lane));
  } finally {
    signals.dispose();
  }
  const [first, ...others] = failures;
  if (!first) return entries;
  for (const e of others) process.stderr.write(errorReport(rebuilt(e), false).text);
  throw rebuilt(first);
}

/** Sends a unit to a worker and waits for its outcome, passing its progress on; a worker that dies is a failure. */
function runUnit(worker: Worker, order: UnitOrder, onProgress: (p: TrainProgress) => void): Promise<Exclude<UnitReport, { type: 'progress' }>> {
  return new Promise((resolve) => {
    const finish = (report: Exclude<UnitReport, { type: 'progress' }>): void => {
      worker.off('message', onMessage).off('error', onError).off('exit', onExit);
      resolve(report);
    };
    const onMessage = (report: UnitReport): void => (report.type === 'progress' ? onProgress(report.progress) : finish(report));
    const onError = (e: unknown): void => finish({ type: 'failed', error: carried(e) });
    const onExit = (code: number): void => finish({ type: 'failed', error: { kind: 'bug', message: `the worker of ${order.task} ${order.kind} seed ${order.seed} exited (code ${code})` } });
    worker.on('message', onMessage).on('error', onError).on('exit', onExit);
    worker.postMessage(order);
  });
}
