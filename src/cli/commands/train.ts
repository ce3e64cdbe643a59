import { Command, Option } from 'commander';
import type { FieldType, ModelKind } from '../../models/types.js';
import { saveModelFile } from '../../node/model-files.js';
import { loadTaskDataset, readDatasetFile } from '../../node/readers.js';
import { isTaskModulePath, loadTaskModule } from '../../node/task-module.js';
import { prepareTaskRun } from '../../run/run-task.js';
import { checkpointPathOf, lockOutput, removeStaleTemporaries } from '../../node/checkpoints.js';
import { trainWithCheckpoints } from '../checkpointed.js';
import { TASK_NAMES } from '../../tasks/registry.js';
import { taskFromFlags, type TaskFlags } from '../task-flags.js';
import type { TrainProgress } from '../../train/train.js';
import { formatMeanError } from '../format.js';
import { BATCH_SIZE, CHECKPOINT_EVERY, DAMPING, fraction, HIDDEN, LEARNING_RATE, NOISE, oneOf, SEED, STEPS, TRAJECTORIES, UsageError, WEIGHT_DECAY } from '../options.js';
import { TrainingProgress } from '../progress.js';
import { backendOption, kernelsFor, threadsOption, type KernelFlags } from './shared-options.js';

interface TrainFlags extends KernelFlags, TaskFlags {
  model: ModelKind;
  steps?: number;
  batchSize?: number;
  lr?: number;
  weightDecay?: number;
  hidden?: number;
  seed: number;
  field: FieldType;
  dataset?: string;
  out?: string;
  cacheDir: string;
  quiet?: boolean;
  json?: boolean;
  checkpointEvery: number;
  resume?: string;
}

/** `hnn train`: trains one model on a task and saves it. */
export function trainCommand(): Command {
  return new Command('train')
    .description('train an HNN or the baseline on a task (paper defaults unless overridden) and save the model')
    .addOption(new Option('--task <name>', `a task of the paper (${TASK_NAMES.join(' | ')}), or a module file of your own made with defineTask (my-task.js)`).argParser((v: string) => (isTaskModulePath(v) ? v : oneOf(TASK_NAMES)(v))))
    .option('--data <file>', 'your trajectories as CSV (t, q, p or q1..qn, p1..pn, optional trajectory and dq, dp columns; docs/own-data.md) — or, with --task real-pendulum, its measurement file')
    .option('--hamiltonian <expr>', "a system of your own: H as an expression in q and p (e.g. 'p^2/2 + q^4/4'), its data drawn as the paper's")
    .option('--coords <list>', 'names of the coordinates in your CSV or expression: q:NAME,p:NAME (e.g. q:theta,p:omega)')
    .option('--energy <expr>', "the true energy of your CSV data, as an expression in its coordinates (for the energy metric and figures)")
    .option('--test-fraction <x>', 'share of whole trajectories of your CSV held out for testing (default 0.2)', fraction)
    .option('--trajectories <n>', 'how many noisy trajectories to draw for spring, pendulum, damped-spring or --hamiltonian (paper: 50; train and test halves)', TRAJECTORIES)
    .option('--noise <x>', "standard deviation of the noise on the drawn trajectories' states (paper: 0.1)", NOISE)
    .addOption(new Option('--model <kind>', 'model: hnn | baseline | dhnn (a dissipative HNN: H and a dissipation D)').argParser(oneOf(['hnn', 'baseline', 'dhnn'] as const)).makeOptionMandatory())
    .option('--damping <x>', 'the damped-spring task\'s friction ρ (default 0.1; 0 to 100)', DAMPING)
    .option('--steps <n>', 'optimiser steps (paper: 2000; 10000 for n-body and pixels; at most 10000000)', STEPS)
    .option('--batch-size <n>', "rows per step, drawn at random (paper: full batch; 200 for two-body and pixels, 600 for three-body as the authors' code)", BATCH_SIZE)
    .option('--lr <x>', 'Adam learning rate (paper: 1e-3)', LEARNING_RATE)
    .option('--weight-decay <x>', 'L2 weight decay (paper: 1e-4 spring/pendulum/three-body, 1e-5 real pendulum and pixels, 0 two-body)', WEIGHT_DECAY)
    .option('--hidden <n>', 'hidden layer width (paper: 200; 1 to 4096)', HIDDEN)
    .option('--seed <n>', 'seed of the generated data, initial weights and batches (0 to 4294967295)', SEED, 0)
    .addOption(new Option('--field <type>', 'HNN vector field').choices(['solenoidal', 'conservative', 'both']))
    .option('--dataset <file>', 'train on a dataset JSON (x, dx, test_x, test_dx; .json.gz too) instead of generating one')
    .option('--out <file>', 'where to save the model (default: <task>-<model>.json; a name ending in .gz is gzip-compressed)')
    .option('--cache-dir <dir>', 'pixel-pendulum: where the generated frames are cached, keyed by their content hash', '.cache')
    .addOption(backendOption())
    .addOption(threadsOption())
    .option('--checkpoint-every <n>', 'write a checkpoint every n steps (and on Ctrl-C); rerunning the same command continues from it', CHECKPOINT_EVERY, 1000)
    .option('--resume <checkpoint>', 'continue from this checkpoint (default: <out>.checkpoint.json when it exists)')
    .option('--quiet', 'no progress display')
    .option('--json', 'print the summary as JSON')
    .action(async (flags: TrainFlags) => {
      if (flags.task !== undefined && isTaskModulePath(flags.task)) flags.task = (await loadTaskModule(flags.task)).name;
      if (flags.dataset !== undefined && (flags.trajectories !== undefined || flags.noise !== undefined)) throw new UsageError(`--${flags.trajectories !== undefined ? 'trajectories' : 'noise'} draws the task's data; give it without --dataset`);
      const task = taskFromFlags(flags);
      if (task.family === 'pixel') {
        const stateOnly = (['dataset', 'data', 'field'] as const).find((name) => flags[name] !== undefined);
        if (stateOnly) throw new UsageError(`--${stateOnly} applies to the tasks on states, not to ${task.name}`);
      }
      const out = flags.out ?? `${task.name}-${flags.model}.json`;
      removeStaleTemporaries(out);
      const release = lockOutput(out);
      const dataset = flags.dataset
        ? readDatasetFile(flags.dataset, task)
        : task.family === 'state' && task.recipe
          ? task.makeDataset(flags.seed)
          : loadTaskDataset(task, flags.seed, { cacheDir: flags.cacheDir, ...(flags.data !== undefined && { dataFile: flags.data }) });
      const kernels = kernelsFor(flags);
      const label = `${task.name} ${flags.model}`;
      const progress = new TrainingProgress(label, flags.quiet || flags.json);
      const prepared = prepareTaskRun(task, kernels, {
        kind: flags.model,
        seed: flags.seed,
        dataset,
        ...(flags.field !== undefined && { field: flags.field }),
        ...(flags.steps !== undefined && { steps: flags.steps }),
        ...(flags.batchSize !== undefined && { batchSize: flags.batchSize }),
        ...(flags.lr !== undefined && { lr: flags.lr }),
        ...(flags.weightDecay !== undefined && { weightDecay: flags.weightDecay }),
        ...(flags.hidden !== undefined && { hiddenDim: flags.hidden }),
        onProgress: (e: TrainProgress) => progress.update(e),
      });
      try {
        await trainWithCheckpoints(prepared, { path: flags.resume ?? checkpointPathOf(out), every: flags.checkpointEvery, label });
      } finally {
        progress.stop();
        release();
      }
      const run = prepared.finish();
      saveModelFile(out, run.file);
      const { trainLoss, testLoss } = run.file.metrics;
      const summary = { model: out, task: task.name, kind: flags.model, trainLoss: trainLoss!, testLoss: testLoss!, backend: kernels.name, ...(kernels.arithmetic && { arithmetic: kernels.arithmetic }), threads: kernels.threads, steps: run.file.training?.['steps'], seconds: run.result.seconds };
      if (flags.json) process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
      else {
        process.stdout.write(`train loss ${formatMeanError(summary.trainLoss)}\ntest loss  ${formatMeanError(summary.testLoss)}\n`);
        process.stdout.write(`saved ${out} (${summary.seconds.toFixed(1)} s of training on the ${kernels.name}${kernels.arithmetic ? ` (${kernels.arithmetic})` : ''} kernels, ${kernels.threads} thread${kernels.threads === 1 ? '' : 's'})\n`);
      }
    });
}
