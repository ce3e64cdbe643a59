import { join } from 'node:path';
import type { Dataset } from '../core/dataset.js';
import { writeFileAtomic } from '../node/files.js';
import type { DynamicsModel } from '../models/types.js';
import type { StateTask } from '../tasks/task.js';
import { renderPng } from './png.js';
import { renderSvg, type Figure } from './render.js';
import { makeScene } from './scene.js';
import {
  conservedFigure,
  coordinatesOf,
  energyFigure,
  energyTermsOf,
  learnedHFigure,
  modelFieldFigure,
  mseFigure,
  orbitsFigure,
  taskDataFigure,
} from './scene-figures.js';
import { figureSystem } from './system.js';

/** The two trained models of a task that the figures compare. */
export interface TaskModels {
  readonly baseline: DynamicsModel;
  readonly hnn: DynamicsModel;
}

/** A figure of a task with its file stem and a one-line caption. */
export interface CaptionedFigure {
  readonly name: string;
  readonly caption: string;
  readonly figure: Figure;
}

/** A written figure: its SVG and PNG paths, caption, and natural width in CSS pixels. */
export interface WrittenFigure {
  readonly name: string;
  readonly caption: string;
  readonly svg: string;
  readonly png: string;
  readonly width: number;
}

/**
 * The paper's figures for a task: for 2-D tasks Figure 2 (data and true field, both models' fields
 * with rollouts, coordinate MSE, the HNN's conserved H, total energy) and the learned phase space;
 * for n-body tasks Figure 3 (orbits and energy terms) with coordinate MSE and total energy.
 */
export function taskFigures(task: StateTask, models: TaskModels, dataset: Dataset): CaptionedFigure[] {
  const system = figureSystem(task);
  const scene = makeScene(system, models, { dataset });
  const from =
    scene.truthSource === 'recorded'
      ? `from the first test state, over the ${scene.t.length} recorded test times (t ≤ ${scene.t[scene.t.length - 1]!.toFixed(1)})`
      : `from ${system.box ? `(${Array.from(scene.x0, (v) => +v.toFixed(3)).join(', ')})` : 'the energy metric\'s seed-0 start'} over t ∈ [0, ${scene.t[scene.t.length - 1]}]`;
  const rows = dataset.train.x.length / dataset.dim;
  const figures: CaptionedFigure[] = [];
  const add = (name: string, caption: string, make: () => Figure): void => {
    figures.push({ name: `${task.name}-${name}`, caption: `${system.title}: ${caption}`, figure: make() });
  };
  if (system.box) {
    add('data', `the ${rows} training states${system.truth ? ' over arrows of the true vector field' : ' (measured; the true field is unknown)'}.`, () => taskDataFigure(system, dataset));
    add('baseline-field', `the baseline's learned vector field and its rollout ${from}, coloured by time.`, () => modelFieldFigure(scene, 'baseline', models.baseline));
    add('hnn-field', `the HNN's learned vector field and its rollout ${from}, coloured by time.`, () => modelFieldFigure(scene, 'hnn', models.hnn));
  } else {
    add('orbits', `orbits of the ground truth, the baseline and the HNN ${from}.`, () => orbitsFigure(scene));
    add('energy-terms', `kinetic, potential and total energy along each rollout ${from}.`, () => energyTermsOf(scene));
  }
  if (scene.truth) add('mse', `mean squared error between each model's coordinates and the truth's, over time, ${from}.`, () => mseFigure(scene));
  add('hnn-conserved', `the HNN's learned H along its own rollout ${from} (the quantity it conserves).`, () => conservedFigure(scene, models.hnn));
  if (system.hamiltonian) add('energy', `total energy E over time along the truth and each model's rollout ${from}.`, () => energyFigure(scene));
  if (system.box) {
    if (system.hamiltonian) add('learned-h', 'contours of the true Hamiltonian beside the HNN\'s learned H (the learned phase space).', () => learnedHFigure(system, models.hnn));
    add('rollout', `q(t) and p(t) of the truth and each model ${from}.`, () => coordinatesOf(scene));
  }
  return figures;
}

/**
 * Renders every figure of a task into `outDir` as `<task>-<name>.svg` and `.png` (written atomically)
 * and returns their paths with one-line captions, in the paper's order.
 */
export async function writeTaskFigures(outDir: string, task: StateTask, models: TaskModels, dataset: Dataset): Promise<WrittenFigure[]> {
  return writeCaptionedFigures(outDir, taskFigures(task, models, dataset));
}

/** Renders captioned figures into `outDir` as `<name>.svg` and `.png` (written atomically) and returns their paths and captions. */
export async function writeCaptionedFigures(outDir: string, figures: readonly CaptionedFigure[]): Promise<WrittenFigure[]> {
  const written: WrittenFigure[] = [];
  for (const { name, caption, figure } of figures) {
    const svgText = await renderSvg(figure);
    const svg = join(outDir, `${name}.svg`);
    const png = join(outDir, `${name}.png`);
    writeFileAtomic(svg, svgText);
    writeFileAtomic(png, await renderPng(svgText));
    written.push({ name, caption, svg, png, width: Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svgText)?.[1] ?? 560) });
  }
  return written;
}
