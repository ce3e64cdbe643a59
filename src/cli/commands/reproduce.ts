import { join } from 'node:path';
import { Command, Option } from 'commander';
import type { Backend } from '../../kernels/select.js';
import { saveModelFile } from '../../io/model-file.js';
import { writeFileAtomic } from '../../io/files.js';
import { table1Markdown, type Table1Entry } from '../../eval/table1.js';
import { runTask } from '../../tasks/run.js';
import { TASK_NAMES, taskByName, type TaskName } from '../../tasks/registry.js';
import { integerList, listOf, nonNegativeNumber } from '../options.js';
import { TrainingProgress } from '../progress.js';
import { backendOption, kernelsFor } from './shared-options.js';

interface ReproduceFlags {
  tasks: TaskName[];
  seeds: number[];
  stepsScale: number;
  out: string;
  backend: Backend;
  quiet?: boolean;
}

/** `hnn reproduce`: trains baseline and HNN per task and seed, and writes Table 1 beside the paper's. */
export function reproduceCommand(): Command {
  return new Command('reproduce')
    .description("train the baseline and the HNN on each task and seed, and print Table 1 beside the paper's numbers")
    .addOption(new Option('--tasks <list>', `comma-separated tasks: ${TASK_NAMES.join(',')}`).argParser(listOf(TASK_NAMES)).default(TASK_NAMES))
    .option('--seeds <list>', 'comma-separated seeds', integerList, [0])
    .option('--steps-scale <x>', 'multiply every task\'s training steps (e.g. 0.1 for a quick look)', nonNegativeNumber(true), 1)
    .option('--out <dir>', 'directory for models, table1.md and table1.json', 'hnn-reproduce')
    .addOption(backendOption())
    .option('--quiet', 'no progress display')
    .action((flags: ReproduceFlags) => {
      const entries: Table1Entry[] = [];
      for (const name of flags.tasks) {
        const task = taskByName(name);
        for (const seed of flags.seeds) {
          const dataset = task.makeDataset(seed);
          for (const kind of ['baseline', 'hnn'] as const) {
            const progress = new TrainingProgress(`${name} ${kind} s${seed}`, flags.quiet);
            const steps = Math.max(1, Math.round(task.defaults.steps * flags.stepsScale));
            const run = runTask(task, kernelsFor(flags.backend), { kind, seed, steps, dataset, onProgress: (e) => progress.update(e) });
            progress.stop();
            saveModelFile(join(flags.out, `${name}-${kind}-seed${seed}.json`), run.file);
            entries.push({ task: name, kind, seed, trainLoss: run.file.metrics.trainLoss!, testLoss: run.file.metrics.testLoss!, seconds: run.result.seconds });
          }
        }
      }
      const table = table1Markdown(entries);
      writeFileAtomic(join(flags.out, 'table1.md'), `# Table 1 (reproduced)\n\n${table}`);
      writeFileAtomic(join(flags.out, 'table1.json'), JSON.stringify({ entries }, null, 2) + '\n');
      process.stdout.write(`\n${table}\nwrote ${join(flags.out, 'table1.md')}, table1.json and the models\n`);
    });
}
