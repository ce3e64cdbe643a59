import { parentPort, workerData } from 'node:worker_threads';
import { reproduceUnit, UnitData, type ReproduceUnit } from '../node/reproduce.js';
import { taskByName } from '../tasks/registry.js';
import type { TrainProgress } from '../train/train.js';
import { kernelsFor } from './commands/shared-options.js';
import { carried, checkpointedTraining, type UnitOrder, type UnitReport, type UnitWorkerData } from './reproduce-jobs.js';
import { sharedSignals } from './signals.js';

/** Least time between two progress reports sent to the parent. */
const PROGRESS_EVERY_MS = 50;

// A worker thread of `hnn reproduce --jobs`: trains and measures the units it is sent, one at a time.
const { settings, stop, threads, budget } = workerData as UnitWorkerData;
const port = parentPort!;
const post = (report: UnitReport): void => port.postMessage(report);
const data = new UnitData(settings.outDir, settings.data);
const options = {
  outDir: settings.outDir,
  kernels: () => kernelsFor({ backend: settings.backend, threads }, budget ?? undefined),
  protocol: settings.protocol,
  train: checkpointedTraining(settings.checkpointEvery, () => sharedSignals(stop)),
};

port.on('message', async (order: UnitOrder) => {
  const unit: ReproduceUnit = { task: taskByName(order.task), kind: order.kind, seed: order.seed, steps: order.steps };
  let sent = -Infinity;
  const onProgress = (progress: TrainProgress): void => {
    const now = performance.now();
    if (now - sent < PROGRESS_EVERY_MS && progress.step !== progress.steps) return;
    sent = now;
    post({ type: 'progress', progress });
  };
  try {
    post({ type: 'done', outcome: await reproduceUnit(unit, options, data, onProgress) });
  } catch (e) {
    post({ type: 'failed', error: carried(e) });
  }
});
