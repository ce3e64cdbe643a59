import { parseCoordinateNames, type CoordinateNames } from '../data/coordinate-names.js';
import { readTextFile } from '../node/readers.js';
import { taskFromCsv } from '../tasks/csv-task.js';
import { dampedSpringTask } from '../tasks/damped-spring.js';
import { taskFromExpression } from '../tasks/expression-task.js';
import { taskByName, type Task } from '../tasks/registry.js';
import { UsageError } from './options.js';

/** The flags by which `train` names its task: a built-in task, a CSV of trajectories, or a Hamiltonian expression. */
export interface TaskFlags {
  task?: string;
  data?: string;
  hamiltonian?: string;
  coords?: string;
  energy?: string;
  testFraction?: number;
  damping?: number;
  trajectories?: number;
  noise?: number;
}

/**
 * The task the flags name: `--task NAME` (with `--data FILE`, a measured task's file), `--data FILE.csv`
 * without `--task` (with `--coords`, `--energy`, `--test-fraction`), or `--hamiltonian EXPR` (with `--coords`);
 * `--trajectories` and `--noise` redraw the data of a task that draws noisy trajectories.
 */
export function taskFromFlags(flags: TaskFlags): Task {
  const task = namedTask(flags);
  if (flags.trajectories === undefined && flags.noise === undefined) return task;
  const which = flags.trajectories !== undefined ? '--trajectories' : '--noise';
  if (task.family !== 'state' || !task.redraw || !task.draw) throw new UsageError(`${which} applies to the tasks whose data are drawn noisy trajectories (spring, pendulum, damped-spring, --hamiltonian), not to ${task.name}`);
  return task.redraw({ samples: flags.trajectories ?? task.draw.samples, noiseStd: flags.noise ?? task.draw.noiseStd });
}

/** The task the flags name, drawn as its defaults say. */
function namedTask(flags: TaskFlags): Task {
  const coords: CoordinateNames | undefined = flags.coords === undefined ? undefined : parseCoordinateNames(flags.coords);
  const csvOnly = (['energy', 'testFraction'] as const).find((k) => flags[k] !== undefined);
  const flag = (k: string): string => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  if (flags.damping !== undefined && flags.task !== 'damped-spring') throw new UsageError(`--damping applies to --task damped-spring`);
  if (flags.hamiltonian !== undefined) {
    if (flags.task !== undefined || flags.data !== undefined) throw new UsageError('--hamiltonian defines the task; give it without --task and --data');
    if (csvOnly) throw new UsageError(`${flag(csvOnly)} applies to CSV data (--data FILE.csv), not to --hamiltonian`);
    return taskFromExpression(flags.hamiltonian, coords ? { coordinates: [...coords.q, ...coords.p] } : {});
  }
  if (flags.task === undefined) {
    if (flags.data === undefined) throw new UsageError('give the task: --task NAME, --data FILE.csv (your trajectories) or --hamiltonian EXPR');
    return taskFromCsv(readTextFile(flags.data), flags.data, {
      ...(coords && { coords }),
      ...(flags.energy !== undefined && { energy: flags.energy }),
      ...(flags.testFraction !== undefined && { testFraction: flags.testFraction }),
    });
  }
  const extra = flags.coords !== undefined ? 'coords' : csvOnly;
  if (extra) throw new UsageError(`${flag(extra)} applies to CSV data (--data FILE.csv without --task) or --hamiltonian, not to --task ${flags.task}`);
  const task = flags.damping !== undefined ? dampedSpringTask(flags.damping) : taskByName(flags.task);
  if (flags.data !== undefined && !task.readsDataFile) {
    throw new UsageError(`--data gives your CSV trajectories (without --task) or a measured task's file (--task real-pendulum); --task ${flags.task} makes its own data`);
  }
  return task;
}
