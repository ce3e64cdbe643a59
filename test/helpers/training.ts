import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createKernels } from '../../src/kernels/select.js';
import { readDatasetFile } from '../../src/io/dataset-file.js';
import { PAPER_TABLE1 } from '../../src/eval/paper-table.js';
import { runTask } from '../../src/tasks/run.js';
import { taskByName, type TaskName } from '../../src/tasks/registry.js';
import { missing, sharedPath } from './shared.js';

/**
 * Registers the from-scratch training tests of one task: seed 0 and the paper's defaults, on the
 * authors' dataset file and on our generated dataset, for the baseline and the HNN; final train and
 * test losses must lie inside the paper's ± bands.
 */
export function paperBandTrainingTests(taskName: TaskName, referenceName: string): void {
  const task = taskByName(taskName);
  const paper = PAPER_TABLE1[taskName]!;
  const refPath = sharedPath('reference', 'datasets', `${referenceName}.json`);
  for (const source of ['authors', 'generated'] as const) {
    for (const kind of ['baseline', 'hnn'] as const) {
      const skip = source === 'authors' ? missing(refPath) : undefined;
      test(`${taskName} ${kind} trained from scratch on the ${source} dataset lands in the paper's ± bands`, { skip }, () => {
        const dataset = source === 'authors' ? readDatasetFile(refPath) : task.makeDataset(0);
        const run = runTask(task, createKernels('auto'), { kind, seed: 0, dataset });
        for (const metric of ['trainLoss', 'testLoss'] as const) {
          const got = run.file.metrics[metric]!.mean;
          const want = paper[metric][kind];
          assert.ok(Math.abs(got - want.mean) <= want.err, `${metric} ${got.toExponential(4)} outside ${want.mean} ± ${want.err}`);
        }
      });
    }
  }
}
