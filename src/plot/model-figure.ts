import { InputError } from '../core/errors.js';
import type { DynamicsModel, ModelKind } from '../models/types.js';
import type { Figure } from './render.js';
import { makeScene, type SceneOptions } from './scene.js';
import { coordinatesOf, energyFigure, energyTermsOf, learnedDFigure, learnedHFigure, modelFieldFigure, orbitsFigure } from './scene-figures.js';
import type { FigureSystem } from './system.js';

/** The single figures `hnn plot` draws for one saved model. */
export const PLOT_KINDS = ['phase', 'energy', 'rollout', 'hamiltonian', 'dissipation'] as const;

/** Which single figure: the model's field and rollout, energy over time, the rollout against the truth, learned vs true H, or a D-HNN's learned vs true D. */
export type PlotKind = (typeof PLOT_KINDS)[number];

/**
 * One figure of one model of a task: `phase` its vector field with a rollout (2-D tasks); `rollout`
 * the coordinates (2-D) or orbits (n-body) of truth and model; `energy` the total energy (2-D) or
 * the energy terms (n-body) of truth and model; `hamiltonian` the HNN's learned H beside the true H.
 */
export function modelFigure(kind: PlotKind, system: FigureSystem, modelKind: ModelKind, model: DynamicsModel, options: SceneOptions = {}): Figure {
  if (!PLOT_KINDS.includes(kind)) throw new InputError(`unknown figure kind "${kind}"; expected one of ${PLOT_KINDS.join(', ')}`);
  if (kind === 'hamiltonian' || kind === 'dissipation') {
    if (!system.box) throw new InputError(`the ${kind} figure draws over the (q, p) plane; task ${system.task} has dimension ${system.dim}`);
    return kind === 'hamiltonian' ? learnedHFigure(system, model) : learnedDFigure(system, model);
  }
  const scene = makeScene(system, { [modelKind]: model }, options);
  const planar = system.box !== null;
  switch (kind) {
    case 'phase':
      return modelFieldFigure(scene, modelKind, model);
    case 'rollout':
      return planar ? coordinatesOf(scene) : orbitsFigure(scene);
    case 'energy':
      return planar ? energyFigure(scene) : energyTermsOf(scene);
  }
}
