import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InputError } from '../core/errors.js';
import { registerTask } from '../tasks/registry.js';
import type { StateTask } from '../tasks/task.js';

/** Whether a `--task` value names a module file rather than a task. */
export function isTaskModulePath(value: string): boolean {
  return /\.(m?js)$/.test(value);
}

/**
 * Loads a task of one's own from a JavaScript module (its default export, or an export named `task`:
 * a value made with `defineTask`), records where it came from in its recipe (so model files trained on
 * it can load it again), and registers it by name.
 */
export async function loadTaskModule(path: string): Promise<StateTask> {
  const file = resolve(path);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    throw new InputError(`${path}: cannot load the task module (${(e as Error).message.split('\n')[0]})`);
  }
  const task = (module['default'] ?? module['task']) as Partial<StateTask> | undefined;
  if (!task || typeof task !== 'object' || task.family !== 'state' || typeof task.name !== 'string' || typeof task.dim !== 'number' || typeof task.makeDataset !== 'function') {
    throw new InputError(`${path}: expected a module whose default export is a task on states (made with defineTask from 'hnn')`);
  }
  const loaded: StateTask = { ...(task as StateTask), recipe: { kind: 'module', file } };
  registerTask(loaded);
  return loaded;
}

/** Loads the task module a model file's recipe names (training.task.kind = module), if any, so its task is known by name. */
export async function loadTaskModuleOf(training: Record<string, unknown> | null): Promise<void> {
  const recipe = training?.['task'] as { kind?: unknown; file?: unknown } | undefined;
  if (recipe?.kind === 'module' && typeof recipe.file === 'string') await loadTaskModule(recipe.file);
}
