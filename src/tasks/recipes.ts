import { InputError } from '../core/errors.js';
import { JsonReader } from '../core/json-reader.js';
import type { CoordinateNames } from '../data/coordinate-names.js';
import type { DerivativeOptions } from '../data/derivative-estimation.js';
import { taskFromCsv, textHash } from './csv-task.js';
import { dampedSpringTask } from './damped-spring.js';
import { taskFromExpression } from './expression-task.js';
import type { StateTask } from './task.js';

/**
 * The task a recipe (a task's `recipe`, as model files record it in `training.task`) makes again.
 * A CSV task reads its file through `readText` (which may return another file's text, e.g. a path the
 * user gives instead) and refuses text whose hash differs from the recorded one. `label` names the
 * model file in errors.
 */
export function taskFromRecipe(recipe: unknown, label: string, readText: (file: string) => string): StateTask {
  const r = new JsonReader(`${label} (training.task)`);
  const kind = r.string(recipe, 'kind', ['expression', 'csv', 'damped-spring'] as const);
  if (kind === 'damped-spring') return dampedSpringTask(r.number(recipe, 'damping', { min: 0 }));
  if (kind === 'expression') {
    const coordinates = r.at(recipe, 'coordinates');
    const numberAt = (key: string): number | undefined => (r.at(recipe, key) === undefined ? undefined : r.number(recipe, key));
    const pair = (key: string): readonly [number, number] | undefined => {
      if (r.at(recipe, key) === undefined) return undefined;
      const v = r.vector(recipe, key, 2);
      return [v[0]!, v[1]!];
    };
    const options = {
      ...(Array.isArray(coordinates) && { coordinates: coordinates.map(String) }),
      ...(numberAt('samples') !== undefined && { samples: numberAt('samples')! }),
      ...(numberAt('noiseStd') !== undefined && { noiseStd: numberAt('noiseStd')! }),
      ...(numberAt('timescale') !== undefined && { timescale: numberAt('timescale')! }),
      ...(pair('tSpan') && { tSpan: pair('tSpan')! }),
      ...(pair('radius') && { radius: pair('radius')! }),
    };
    return taskFromExpression(r.string(recipe, 'hamiltonian'), options);
  }
  const file = r.string(recipe, 'file');
  const text = readText(file);
  const hash = r.string(recipe, 'sha256');
  if (textHash(text) !== hash) throw new InputError(`${file}: not the data ${label} was trained on (its sha256 differs from the recorded ${hash.slice(0, 12)}…); pass the original file with --data`);
  const derivatives = r.at(recipe, 'derivatives');
  const estimated = derivatives !== null && typeof derivatives === 'object' ? { derivatives: derivatives as DerivativeOptions } : {};
  return taskFromCsv(text, file, {
    ...(r.at(recipe, 'coords') !== undefined && { coords: r.object(recipe, 'coords') as unknown as CoordinateNames }),
    ...(r.at(recipe, 'energy') !== undefined && { energy: r.string(recipe, 'energy') }),
    testFraction: r.number(recipe, 'testFraction'),
    seed: r.number(recipe, 'seed'),
    ...estimated,
  });
}
