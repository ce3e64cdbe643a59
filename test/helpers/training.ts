import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createKernels } from '../../src/node/kernels.js';
import { readDatasetFile } from '../../src/node/readers.js';
import { PAPER_TABLE1 } from '../../src/tasks/paper-table.js';
import { measureEnergyMse } from '../../src/eval/energy-metric.js';
import { runTask } from '../../src/run/run-task.js';
import { stateTaskByName } from '../../src/tasks/registry.js';
import { missing, sharedPath } from './shared.js';

/** A seed-0 run's numbers recorded to the last bit: train loss, test loss, energy MSE (clean protocol). */
export type Pinned = Record<'baseline' | 'hnn', readonly [number, number, number]>;

/**
 * The loss where a full-batch run ends: the median of its last five logged values (every 100 steps).
 * Adam overshoots now and then, in excursions of some ten steps every few hundred steps that leave the
 * loss up to 10% higher; whether the last step falls in one depends on the arithmetic's last bits,
 * the level the run has reached does not.
 */
function endLevel(history: readonly { trainLoss: number; testLoss: number }[], metric: 'trainLoss' | 'testLoss'): number {
  const last = history.slice(-5).map((h) => h[metric]).sort((a, b) => a - b);
  return last[last.length >> 1]!;
}

/**
 * Registers the from-scratch training tests of one task: seed 0 and the paper's defaults, on the
 * authors' dataset file and on our generated dataset, for the baseline and the HNN; the train and
 * test losses where each run ends (see `endLevel`) must lie inside the paper's ± bands. With `pinned`,
 * the runs on the generated data must give exactly those numbers at the last step (WebAssembly
 * kernels, any thread count); the other runs take the fastest kernels.
 */
export function paperBandTrainingTests(taskName: string, referenceName: string, pinned?: Pinned): void {
  const task = stateTaskByName(taskName);
  const paper = PAPER_TABLE1[taskName]!;
  const refPath = sharedPath('reference', 'datasets', `${referenceName}.json`);
  for (const source of ['authors', 'generated'] as const) {
    for (const kind of ['baseline', 'hnn'] as const) {
      const skip = source === 'authors' ? missing(refPath) : undefined;
      test(`${taskName} ${kind} trained from scratch on the ${source} dataset lands in the paper's ± bands`, { skip }, () => {
        const dataset = source === 'authors' ? readDatasetFile(refPath) : task.makeDataset(0);
        // The pinned row is the WebAssembly kernels' (native ones round differently: FMA); the bands hold for both.
        const pin = source === 'generated' && pinned;
        const run = runTask(task, createKernels(pin ? 'wasm' : 'auto'), { kind, seed: 0, dataset });
        for (const metric of ['trainLoss', 'testLoss'] as const) {
          const got = endLevel(run.result.history, metric);
          const want = paper[metric][kind];
          assert.ok(Math.abs(got - want.mean) <= want.err, `${metric} ${got.toExponential(4)} outside ${want.mean} ± ${want.err}`);
        }
        if (pin) {
          const energy = measureEnergyMse(task, run.model, { seed: 0, dataset }).mean;
          assert.deepEqual([run.file.metrics.trainLoss!.mean, run.file.metrics.testLoss!.mean, energy], pinned[kind], 'the seed-0 row, bit for bit');
        }
      });
    }
  }
}
