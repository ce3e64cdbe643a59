// Builds the system a source names from the library's task values; a formula or a CSV file that
// cannot be read throws an InputError whose message says where and what.
import { InputError, taskByName, taskFromCsv, taskFromExpression, taskFromRecipe, type StateTask } from 'hnn';
import type { Box, LabSystem, SceneKind, SystemSource } from './system.js';

/** The orbit plane's extent (the two-body data reach about 2 from the centre). */
const ORBIT_BOX: Box = { u: [-2, 2], v: [-2, 2] };

/** The scene of each built-in system (others: a bead moving along q₁). */
const SCENES: Readonly<Record<string, SceneKind>> = { spring: 'spring', pendulum: 'pendulum', 'two-body': 'orbit' };

/** The task of a source. */
function taskOf(source: SystemSource): StateTask {
  switch (source.kind) {
    case 'task':
      return taskByName(source.name) as StateTask;
    case 'expression':
      return taskFromExpression(source.text);
    case 'csv':
      return taskFromCsv(source.text, source.name);
    case 'recipe':
      return taskFromRecipe(source.recipe, source.label, (file) => {
        throw new InputError(`${source.label} was trained on the data of ${file}: drop that CSV file on the page first, then import the model again`);
      });
  }
}

/** The system of a source (the same value on the page and in both workers). */
export function systemFromSource(source: SystemSource): LabSystem {
  const task = taskOf(source);
  const orbit = task.name === 'two-body';
  const box = task.view.box;
  return {
    source,
    task,
    title: task.title,
    dim: task.dim,
    coordinates: task.coordinates,
    energy: task.system?.energy ?? null,
    truth: task.system?.dynamics ?? null,
    plane: orbit ? 'orbit' : 'phase',
    scene: SCENES[task.name] ?? 'bead',
    box: box ? { u: box.q, v: box.p } : orbit ? ORBIT_BOX : null,
    start: task.view.rollout.x0,
    tEnd: task.view.rollout.tEnd,
  };
}
