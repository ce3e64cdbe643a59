import { appendFileSync, mkdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { realPendulumDataMissing, realPendulumTask } from '../../tasks/real-pendulum.js';
import { PROTOCOL_NAMES, type ProtocolName } from '../../tasks/energy-protocol.js';
import { table1Markdown } from '../../eval/table1.js';
import { modelFromFile } from '../../io/model-file.js';
import type { ModelKind } from '../../models/types.js';
import { writeFileAtomic } from '../../node/files.js';
import { loadModelFile } from '../../node/model-files.js';
import { loadTaskDataset, type TaskDataOptions } from '../../node/readers.js';
import { reproduce, reproduceUnits, unitModelPath, type ReproduceEvent } from '../../node/reproduce.js';
import { writeFigureSet } from '../../plot/figure-sets.js';
import { reportHtml, type TaskFigureSet } from '../../plot/report.js';
import { taskByName, TASK_NAMES, type Task } from '../../tasks/registry.js';
import { formatMeanError } from '../format.js';
import { CHECKPOINT_EVERY, integerAtLeast, integerList, listOf, oneOf, STEPS_SCALE } from '../options.js';
import { lockOutput } from '../../node/checkpoints.js';
import { progressBoard, TrainingProgress } from '../progress.js';
import { checkpointedTraining, reproduceInWorkers, type UnitWorkerSettings } from '../reproduce-jobs.js';
import { backendOption, kernelsFor, threadsOption, type KernelFlags } from './shared-options.js';

interface ReproduceFlags extends KernelFlags {
  tasks?: string[];
  seeds: number[];
  stepsScale: number;
  dataReal?: string;
  protocol: ProtocolName;
  out: string;
  figures: boolean;
  cacheDir?: string;
  quiet?: boolean;
  checkpointEvery: number;
  jobs?: number;
}

/** Most units `reproduce --jobs` trains at once. */
const MAX_JOBS = 64;

/** Tasks `reproduce` runs by default (the real pendulum joins when --data-real is given). */
const DEFAULT_TASKS = ['spring', 'pendulum'];

/** Parses --tasks: a list of task names, or `all`. */
function taskList(value: string): string[] {
  if (value === 'all') return [...TASK_NAMES];
  try {
    return listOf(TASK_NAMES)(value);
  } catch {
    throw new InvalidArgumentError(`expected a comma-separated list of ${TASK_NAMES.join(',')}, or all.`);
  }
}

/** Each task's figures from its first seed's saved models; a task whose figures fail is reported, not fatal. */
async function drawFigures(tasks: readonly Task[], flags: ReproduceFlags, data: TaskDataOptions, log: (line: string) => void): Promise<TaskFigureSet[]> {
  const seed = flags.seeds[0]!;
  const sets: TaskFigureSet[] = [];
  for (const task of tasks) {
    const load = (kind: ModelKind) => modelFromFile(loadModelFile(unitModelPath(flags.out, { task, kind, seed })), kernelsFor(flags));
    try {
      const set = await writeFigureSet(join(flags.out, 'figures'), task, { baseline: load('baseline'), hnn: load('hnn') }, loadTaskDataset(task, seed, data));
      sets.push({ task: task.name, ...set });
      log(`${task.name}: ${set.figures.length + (set.animations?.length ?? 0)} figures`);
    } catch (e) {
      const error = e instanceof Error ? e.message : String(e);
      sets.push({ task: task.name, figures: [], error });
      log(`${task.name}: figures failed: ${error}`);
    }
  }
  return sets;
}

/** `hnn reproduce`: trains baseline and HNN per task and seed, and writes Table 1 beside the paper's. */
export function reproduceCommand(): Command {
  return new Command('reproduce')
    .description("train the baseline and the HNN on each task and seed; write Table 1 beside the paper's numbers, the figures and report.html (resumable)")
    .option('--tasks <list>', `comma-separated tasks (${TASK_NAMES.join(',')}) or all; default spring,pendulum (+real-pendulum with --data-real)`, taskList)
    .option('--seeds <list>', 'comma-separated seeds', integerList, [0])
    .option('--steps-scale <x>', "multiply every task's training steps (e.g. 0.1 for a quick look; at most 1000)", STEPS_SCALE, 1)
    .option('--data-real <file>', 'measurement file for the real-pendulum task (real_pend_h_1.txt)')
    .addOption(new Option('--protocol <name>', 'energy protocol: clean | paper (docs/energy-metric.md)').argParser(oneOf(PROTOCOL_NAMES)).default('clean'))
    .option('--out <dir>', 'directory for models/, table1.md, table1.json and reproduce.log; rerun to resume', 'hnn-reproduce')
    .option('--cache-dir <dir>', 'where the pixel task\'s generated frames are cached, keyed by their content hash (default: <out>/.cache)')
    .addOption(backendOption())
    .addOption(threadsOption('the cores shared among the units running'))
    .option('--jobs <n>', `units (a model of a task and seed) trained at once, each on its own thread, 1–${MAX_JOBS} (default: one per core; same results for any count)`, integerAtLeast(1, MAX_JOBS))
    .option('--checkpoint-every <n>', "write a checkpoint of the model in training every n steps (and on Ctrl-C); rerunning continues inside it", CHECKPOINT_EVERY, 1000)
    .option('--no-figures', 'skip the figures and report.html')
    .option('--quiet', 'no progress display')
    .action(async (flags: ReproduceFlags) => {
      const tasks = (flags.tasks ?? (flags.dataReal ? [...DEFAULT_TASKS, 'real-pendulum'] : DEFAULT_TASKS)).map(taskByName);
      if (flags.dataReal === undefined && tasks.includes(realPendulumTask)) throw realPendulumDataMissing('--data-real');
      const data: TaskDataOptions = { cacheDir: flags.cacheDir ?? join(flags.out, '.cache'), ...(flags.dataReal !== undefined && { dataFile: flags.dataReal }) };
      mkdirSync(flags.out, { recursive: true });
      const logPath = join(flags.out, 'reproduce.log');
      const log = (line: string): void => appendFileSync(logPath, `${new Date().toISOString()} ${line}\n`);
      const units = reproduceUnits({ tasks, seeds: flags.seeds, stepsScale: flags.stepsScale });
      const jobs = Math.min(flags.jobs ?? availableParallelism(), units.length);
      log(`start: tasks ${tasks.map((t) => t.name).join(',')} seeds ${flags.seeds.join(',')} steps-scale ${flags.stepsScale} backend ${flags.backend}${flags.threads !== undefined ? ` threads ${flags.threads}` : ''} jobs ${jobs}`);
      const board = jobs > 1 && process.stderr.isTTY && !flags.quiet ? progressBoard() : null;
      const progress = new Map<string, TrainingProgress>();
      const onEvent = (e: ReproduceEvent): void => {
        const name = `${e.unit.task.name} ${e.unit.kind} seed ${e.unit.seed}`;
        if (e.type === 'start') progress.set(name, new TrainingProgress(`[${e.index + 1}/${e.total}] ${name}`, flags.quiet, board));
        else if (e.type === 'progress') progress.get(name)?.update(e.progress);
        else {
          progress.get(name)?.stop();
          const how = e.resumed ? 'reused saved model' : `trained ${e.unit.steps} steps in ${e.entry.seconds.toFixed(1)} s`;
          log(`${name}: ${how}; train ${formatMeanError(e.entry.trainLoss)}; test ${formatMeanError(e.entry.testLoss)}; energy ${formatMeanError(e.entry.energyMse)}`);
          if (e.resumed && !flags.quiet) process.stderr.write(`${name}: already done (${how})\n`);
        }
      };
      const release = lockOutput(join(flags.out, 'reproduce'));
      const run =
        jobs > 1
          ? reproduceInWorkers(units, jobs, availableParallelism(), { outDir: flags.out, data, backend: kernelsFor(flags).name as UnitWorkerSettings['backend'], threads: flags.threads ?? null, protocol: flags.protocol, checkpointEvery: flags.checkpointEvery }, onEvent)
          : reproduce({ tasks, seeds: flags.seeds, stepsScale: flags.stepsScale, outDir: flags.out, data, kernels: () => kernelsFor(flags), protocol: flags.protocol, onEvent, train: checkpointedTraining(flags.checkpointEvery) });
      const entries = await run.finally(() => {
        for (const p of progress.values()) p.stop();
        board?.stop();
        release();
      });
      const table = table1Markdown(entries);
      writeFileAtomic(join(flags.out, 'table1.md'), `# Table 1 (reproduced)\n\n${table}`);
      writeFileAtomic(join(flags.out, 'table1.json'), JSON.stringify({ tasks: tasks.map((t) => t.name), seeds: flags.seeds, stepsScale: flags.stepsScale, protocol: flags.protocol, entries }, null, 2) + '\n');
      log('done: wrote table1.md and table1.json');
      if (flags.figures) {
        const settings = `tasks ${tasks.map((t) => t.name).join(', ')}; seeds ${flags.seeds.join(', ')}; steps × ${flags.stepsScale}; energy protocol ${flags.protocol}; figures from seed ${flags.seeds[0]}'s models.`;
        const sets = await drawFigures(tasks, flags, data, log);
        writeFileAtomic(join(flags.out, 'report.html'), reportHtml(entries, sets, flags.out, settings));
        log('done: wrote figures/ and report.html');
      }
      process.stdout.write(`\n${table}\nwrote ${join(flags.out, 'table1.md')}, table1.json, models/, ${flags.figures ? 'figures/, report.html, ' : ''}reproduce.log\n`);
    });
}
