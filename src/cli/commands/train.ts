import { Command, Option } from 'commander';
import { readDatasetFile } from '../../io/dataset-file.js';
import { saveModelFile, type AnyModelFile } from '../../io/model-file.js';
import type { FieldType, ModelKind } from '../../models/types.js';
import { pixelTaskDataset, runPixelTask, runTask } from '../../tasks/run.js';
import { ALL_TASK_NAMES, isPixelTask, taskByName, type AnyTaskName } from '../../tasks/registry.js';
import type { TrainProgress, TrainResult } from '../../train/train.js';
import { formatMeanError } from '../format.js';
import { integerAtLeast, nonNegativeNumber, oneOf, UsageError } from '../options.js';
import { TrainingProgress } from '../progress.js';
import { backendOption, kernelsFor, threadsOption, type KernelFlags } from './shared-options.js';

interface TrainFlags extends KernelFlags {
  task: AnyTaskName;
  model: ModelKind;
  steps?: number;
  batchSize?: number;
  lr?: number;
  weightDecay?: number;
  hidden?: number;
  seed: number;
  field: FieldType;
  dataset?: string;
  data?: string;
  out?: string;
  cacheDir: string;
  quiet?: boolean;
}

/** `hnn train`: trains one model on a task and saves it. */
export function trainCommand(): Command {
  return new Command('train')
    .description("train an HNN or the baseline on a task (paper defaults unless overridden) and save the model")
    .addOption(new Option('--task <name>', `task: ${ALL_TASK_NAMES.join(' | ')}`).argParser(oneOf(ALL_TASK_NAMES)).makeOptionMandatory())
    .addOption(new Option('--model <kind>', 'model: hnn | baseline').argParser(oneOf(['hnn', 'baseline'] as const)).makeOptionMandatory())
    .option('--steps <n>', 'optimiser steps (paper: 2000; 10000 for n-body and pixels)', integerAtLeast(1))
    .option('--batch-size <n>', "rows per step, drawn at random (paper: full batch; 200 for two-body and pixels, 600 for three-body as the authors' code)", integerAtLeast(1))
    .option('--lr <x>', 'Adam learning rate (paper: 1e-3)', nonNegativeNumber(true))
    .option('--weight-decay <x>', 'L2 weight decay (paper: 1e-4 spring/pendulum/three-body, 1e-5 real pendulum and pixels, 0 two-body)', nonNegativeNumber())
    .option('--hidden <n>', 'hidden layer width (paper: 200)', integerAtLeast(1))
    .option('--seed <n>', 'seed of the generated data, initial weights and batches', integerAtLeast(0), 0)
    .addOption(new Option('--field <type>', 'HNN vector field').choices(['solenoidal', 'conservative', 'both']).default('solenoidal'))
    .option('--dataset <file>', 'train on a dataset JSON (x, dx, test_x, test_dx; .json.gz too) instead of generating one')
    .option('--data <file>', 'measurement file for the real-pendulum task (real_pend_h_1.txt)')
    .option('--out <file>', 'where to save the model (default: <task>-<model>.json; a name ending in .gz is gzip-compressed)')
    .option('--cache-dir <dir>', 'pixel-pendulum: where the generated frames are cached, keyed by their content hash', '.cache')
    .addOption(backendOption())
    .addOption(threadsOption())
    .option('--quiet', 'no progress display')
    .action((flags: TrainFlags, command: Command) => {
      const out = flags.out ?? `${flags.task}-${flags.model}.json`;
      const progress = new TrainingProgress(`${flags.task} ${flags.model}`, flags.quiet);
      const settings = {
        kind: flags.model,
        seed: flags.seed,
        ...(flags.steps !== undefined && { steps: flags.steps }),
        ...(flags.batchSize !== undefined && { batchSize: flags.batchSize }),
        ...(flags.lr !== undefined && { lr: flags.lr }),
        ...(flags.weightDecay !== undefined && { weightDecay: flags.weightDecay }),
        ...(flags.hidden !== undefined && { hiddenDim: flags.hidden }),
        onProgress: (e: TrainProgress) => progress.update(e),
      };
      let run: { file: AnyModelFile; result: TrainResult };
      if (isPixelTask(flags.task)) {
        const stateOnly = ['dataset', 'data', 'field'].find((name) => command.getOptionValueSource(name) === 'cli');
        if (stateOnly) throw new UsageError(`--${stateOnly} applies to the state-vector tasks, not to ${flags.task}`);
        run = runPixelTask(kernelsFor(flags), { ...settings, dataset: pixelTaskDataset(flags.cacheDir, flags.seed) });
      } else {
        run = runTask(taskByName(flags.task), kernelsFor(flags), {
          ...settings,
          field: flags.field,
          ...(flags.dataset && { dataset: readDatasetFile(flags.dataset) }),
          ...(flags.data !== undefined && { dataFile: flags.data }),
        });
      }
      progress.stop();
      saveModelFile(out, run.file);
      const { trainLoss, testLoss } = run.file.metrics;
      process.stdout.write(`train loss ${formatMeanError(trainLoss!)}\ntest loss  ${formatMeanError(testLoss!)}\n`);
      process.stdout.write(`saved ${out} (${run.result.seconds.toFixed(1)} s of training)\n`);
    });
}
