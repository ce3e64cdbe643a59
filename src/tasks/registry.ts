import { InputError } from '../core/errors.js';
import { dampedSpringTask } from './damped-spring.js';
import { pendulumTask } from './pendulum.js';
import { pixelPendulumTask } from './pixel-pendulum.js';
import { realPendulumTask } from './real-pendulum.js';
import { springTask } from './spring.js';
import type { StateTask, Task } from './task.js';
import { threeBodyTask } from './three-body.js';
import { twoBodyTask } from './two-body.js';

/** The tasks by name, in Table 1 order (three-body and the damped spring, which the paper's table leaves out, after two-body). A new task is one file and one line here. */
const BY_NAME = {
  spring: springTask,
  pendulum: pendulumTask,
  'real-pendulum': realPendulumTask,
  'two-body': twoBodyTask,
  'three-body': threeBodyTask,
  'damped-spring': dampedSpringTask(),
  'pixel-pendulum': pixelPendulumTask,
};

/** The name of one of the built-in tasks. */
export type TaskName = keyof typeof BY_NAME;

/** Every built-in task, in Table 1 order. */
export const TASKS: readonly Task[] = Object.values(BY_NAME);

/** Every built-in task name, in Table 1 order. */
export const TASK_NAMES: readonly string[] = TASKS.map((t) => t.name);

/** The names of the built-in tasks on state vectors. */
export const STATE_TASK_NAMES: readonly string[] = TASKS.filter((t) => t.family === 'state').map((t) => t.name);

/** Tasks registered at run time (users' own, e.g. loaded by `hnn --task ./my-task.js`), by name. */
const registered = new Map<string, Task>();

/** Makes a task of one's own findable by name (taskByName), e.g. when a model file names it; built-in names are refused. */
export function registerTask(task: Task): void {
  if (TASK_NAMES.includes(task.name)) throw new InputError(`task "${task.name}" is a built-in task; give your own task another name`);
  registered.set(task.name, task);
}

/** The task of that name (built-in or registered), or an InputError listing the known ones. */
export function taskByName<N extends TaskName>(name: N): (typeof BY_NAME)[N];
export function taskByName(name: string): Task;
export function taskByName(name: string): Task {
  const task = TASKS.find((t) => t.name === name) ?? registered.get(name);
  if (!task) throw new InputError(`unknown task "${name}"; expected one of ${[...TASK_NAMES, ...registered.keys()].join(', ')}`);
  return task;
}

/** The built-in task on states of that name, or an InputError (naming the pixel task's family when it is that). */
export function stateTaskByName(name: string): StateTask {
  const task = taskByName(name);
  if (task.family !== 'state') throw new InputError(`task "${name}" is seen through pixels; expected a task on states: ${STATE_TASK_NAMES.join(', ')}`);
  return task;
}

export type { DataSource, PixelTask, StateTask, Task, TrainingDefaults } from './task.js';
