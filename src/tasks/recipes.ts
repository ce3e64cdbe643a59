import { FileFormatError, InputError } from '../core/errors.js';
import { JsonReader, type NumberRule } from '../core/json-reader.js';
import { MAX_SEED } from '../core/limits.js';
import { DERIVATIVE_METHODS, type DerivativeOptions } from '../data/derivative-estimation.js';
import { taskFromCsv, textHash } from './csv-task.js';
import { dampedSpringTask, MAX_DAMPING } from './damped-spring.js';
import { MAX_DRAWN_ROWS, PAPER_DRAW, type Draw } from './draw.js';
import { taskFromExpression } from './expression-task.js';
import { pendulumTask } from './pendulum.js';
import { springTask } from './spring.js';
import type { StateTask } from './task.js';

/** The built-in tasks a recipe may redraw (`kind: 'drawn'`), by name. */
const DRAWN = { spring: springTask, pendulum: pendulumTask };

/** Ranges of a recorded draw. */
const SAMPLES: NumberRule = { integer: true, min: 1, max: MAX_DRAWN_ROWS };
const NOISE: NumberRule = { min: 0 };

/**
 * The task a recipe (a task's `recipe`, as model files record it in `training.task`) makes again.
 * A CSV task reads its file through `readText` (which may return another file's text, e.g. a path the
 * user gives instead) and refuses text whose hash differs from the recorded one. `label` names the
 * model file in errors. Every field is checked before the file is read or data are drawn
 * (FileFormatError naming it; the recipe's own ranges are those of the task it makes).
 */
export function taskFromRecipe(recipe: unknown, label: string, readText: (file: string) => string): StateTask {
  try {
    return makeTask(recipe, label, readText);
  } catch (e) {
    // A recipe the task itself refuses (an expression's coordinates, a CSV's rows): say it comes from the model file.
    if (e instanceof InputError && !(e instanceof FileFormatError) && !e.message.startsWith(label)) throw new InputError(`${label} (training.task): ${e.message}`);
    throw e;
  }
}

/** The task of a recipe (taskFromRecipe without the context in its errors). */
function makeTask(recipe: unknown, label: string, readText: (file: string) => string): StateTask {
  const r = new JsonReader(`${label} (training.task)`);
  r.object(recipe, '');
  const kind = r.string(recipe, 'kind', ['drawn', 'expression', 'csv', 'damped-spring'] as const);
  const numberAt = (key: string, rule: NumberRule = {}): number | undefined => (r.at(recipe, key) === undefined ? undefined : r.number(recipe, key, rule));
  const draw = (): Draw => ({ samples: numberAt('samples', SAMPLES) ?? PAPER_DRAW.samples, noiseStd: numberAt('noiseStd', NOISE) ?? PAPER_DRAW.noiseStd });
  if (kind === 'drawn') return DRAWN[r.string(recipe, 'task', Object.keys(DRAWN) as (keyof typeof DRAWN)[])].redraw!(draw());
  if (kind === 'damped-spring') return dampedSpringTask(r.number(recipe, 'damping', { min: 0, max: MAX_DAMPING }), draw());
  if (kind === 'expression') {
    const pair = (key: string): readonly [number, number] | undefined => {
      if (r.at(recipe, key) === undefined) return undefined;
      const v = r.vector(recipe, key, 2);
      return [v[0]!, v[1]!];
    };
    const coordinates = r.at(recipe, 'coordinates') === undefined ? undefined : strings(r, recipe, 'coordinates');
    const samples = numberAt('samples', SAMPLES);
    const noiseStd = numberAt('noiseStd', NOISE);
    const timescale = numberAt('timescale', { min: 0 });
    const options = {
      ...(coordinates && { coordinates }),
      ...(samples !== undefined && { samples }),
      ...(noiseStd !== undefined && { noiseStd }),
      ...(timescale !== undefined && { timescale }),
      ...(pair('tSpan') && { tSpan: pair('tSpan')! }),
      ...(pair('radius') && { radius: pair('radius')! }),
    };
    return taskFromExpression(r.string(recipe, 'hamiltonian'), options);
  }
  const file = r.string(recipe, 'file');
  const hash = r.string(recipe, 'sha256');
  const coords = r.at(recipe, 'coords') === undefined ? undefined : { q: strings(r, recipe, 'coords.q'), p: strings(r, recipe, 'coords.p') };
  const energy = r.at(recipe, 'energy') === undefined ? undefined : r.string(recipe, 'energy');
  const testFraction = r.number(recipe, 'testFraction', { min: 0, max: 1 });
  const seed = r.number(recipe, 'seed', { integer: true, min: 0, max: MAX_SEED });
  const derivatives = readDerivatives(r, recipe);
  const text = readText(file);
  if (textHash(text) !== hash) throw new InputError(`${file}: not the data ${label} was trained on (its sha256 differs from the recorded ${hash.slice(0, 12)}…); pass the original file with --data`);
  return taskFromCsv(text, file, {
    ...(coords && { coords }),
    ...(energy !== undefined && { energy }),
    testFraction,
    seed,
    ...(derivatives && { derivatives }),
  });
}

/** An array of strings at `path`. */
function strings(r: JsonReader, root: unknown, path: string): string[] {
  const v = r.at(root, path);
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) throw new FileFormatError(r.file, path, 'an array of strings', v);
  return v as string[];
}

/** How the recorded CSV task estimated derivatives: an object { method, window?, degree? } (or "file" / absent: from the file, or the default). */
function readDerivatives(r: JsonReader, recipe: unknown): DerivativeOptions | undefined {
  const d = r.at(recipe, 'derivatives');
  if (d === undefined || d === null || d === 'file') return undefined;
  r.object(recipe, 'derivatives');
  const method = r.string(recipe, 'derivatives.method', DERIVATIVE_METHODS);
  const window = r.at(recipe, 'derivatives.window') === undefined ? undefined : r.number(recipe, 'derivatives.window', { integer: true, min: 3, max: 10001 });
  const degree = r.at(recipe, 'derivatives.degree') === undefined ? undefined : r.number(recipe, 'derivatives.degree', { integer: true, min: 2, max: 4 });
  return { method, ...(window !== undefined && { window }), ...(degree !== undefined && { degree }) };
}
