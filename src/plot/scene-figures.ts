import type { Dataset } from '../core/dataset.js';
import { rowwise } from '../integrate/integrate.js';
import { InputError } from '../core/errors.js';
import { DHNN } from '../models/dhnn.js';
import { hasHamiltonian, type DynamicsModel, type ModelKind } from '../models/types.js';
import { coordinatesFigure } from './coordinates-figure.js';
import { hamiltonianFigure } from './hamiltonian-figure.js';
import { lineFigure, type Series } from './line-figure.js';
import { alongPath, coordinateMse } from './measures.js';
import { energyTermsFigure, orbitFigure, type NamedPath } from './orbit-figures.js';
import { dataFigure, fieldFigure } from './phase-figures.js';
import { boxAround, gridStates, sampleField, type Box, type PlaneField } from './phase.js';
import type { Figure } from './render.js';
import type { Scene } from './scene.js';
import { PALETTE, SERIES_LABEL, type SeriesKey } from './style.js';
import { trueEnergyOf, type FigureSystem } from './system.js';

/** Grid nodes per side of the learned-H contour figure. */
const CONTOUR_GRID = 41;

/** Smallest y extent of the conserved-H figure relative to |H₀|: float32 rounding (~1e-7) is not drawn as a signal, a drift above 1e-4 is. */
const CONSERVED_SPAN = 1e-4;

/** The truth dashed, so a model that follows it stays visible underneath. */
const TRUTH_DASH = [6, 4];

/** A path of a scene with the series it belongs to. */
interface ScenePath extends NamedPath {
  readonly key: SeriesKey;
  readonly y: Float64Array;
}

/** The paths of a scene in the paper's order (truth, baseline, HNN), labelled and coloured; recorded truth is labelled as measured. */
function scenePaths(scene: Scene): ScenePath[] {
  const named: ScenePath[] = [];
  const add = (key: SeriesKey, y: Float64Array | null | undefined, label = SERIES_LABEL[key]): void => {
    if (y) named.push({ key, label, color: PALETTE[key], y, path: { t: scene.t, y } });
  };
  add('truth', scene.truth, scene.truthSource === 'recorded' ? 'Measured' : SERIES_LABEL.truth);
  add('baseline', scene.paths.baseline);
  add('hnn', scene.paths.hnn);
  return named;
}

/** The system's 2-D box, widened to take in any states that leave it. */
function planeBox(system: FigureSystem, ...states: Float64Array[]): Box {
  if (!system.box) throw new InputError(`task ${system.task} has state dimension ${system.dim}; phase-plane figures need q and p alone (d = 2)`);
  const { q, p } = system.box;
  return boxAround([Float64Array.of(q[0], p[0], q[1], p[1]), ...states], 0);
}

/** A model's time derivative as a batched plane field. */
function modelPlaneField(model: DynamicsModel): PlaneField {
  return (states) => model.timeDerivative(states);
}

/** The task's true dynamics as a batched plane field, or null when unknown. */
function truePlaneField(system: FigureSystem): PlaneField | null {
  const f = system.truth;
  if (!f) return null;
  const batched = rowwise(f, 2);
  return (states) => {
    const out = new Float64Array(states.length);
    batched(0, states, out);
    return out;
  };
}

/** The data panel: training states over the true field. */
export function taskDataFigure(system: FigureSystem, dataset: Dataset): Figure {
  const box = planeBox(system, dataset.train.x);
  const field = truePlaneField(system);
  return dataFigure(`${system.title}: data${field ? ' and true field' : ''}`, dataset.train.x, box, field && sampleField(field, box));
}

/** A model's field with its rollout coloured by time. */
export function modelFieldFigure(scene: Scene, kind: ModelKind, model: DynamicsModel): Figure {
  const y = scene.paths[kind];
  if (!y) throw new RangeError(`the scene has no ${kind} rollout`);
  const box = planeBox(scene.system, y);
  return fieldFigure(`${scene.system.title}: ${SERIES_LABEL[kind]}`, sampleField(modelPlaneField(model), box), { t: scene.t, y }, PALETTE[kind]);
}

/** Lines of one value per path (truth dashed). */
function seriesOf(scene: Scene, values: (y: Float64Array) => Float64Array, withTruth: boolean): Series[] {
  return scenePaths(scene)
    .filter((p) => withTruth || p.key !== 'truth')
    .map((p) => ({ label: p.label, color: p.color, t: scene.t, values: values(p.y), ...(p.key === 'truth' && { dash: TRUTH_DASH }) }));
}

/** Total (true) energy over time along the truth and each model's rollout. */
export function energyFigure(scene: Scene): Figure {
  const { system } = scene;
  return lineFigure({ title: `${system.title}: total energy`, yTitle: 'E(q, p)', series: seriesOf(scene, (y) => alongPath(y, system.dim, trueEnergyOf(system)), true) });
}

/** MSE between each model's coordinates and the truth's over time. */
export function mseFigure(scene: Scene): Figure {
  const truth = scene.truth;
  if (!truth) throw new InputError(`task ${scene.system.task} has no true path here: give the measured data to compare coordinates`);
  return lineFigure({ title: `${scene.system.title}: MSE between coordinates`, yTitle: 'MSE', series: seriesOf(scene, (y) => coordinateMse(truth, y, scene.system.dim), false) });
}

/** The drift H − H₀ of the HNN's learned H along its own rollout (the quantity it conserves). */
export function conservedFigure(scene: Scene, hnn: DynamicsModel): Figure {
  const y = scene.paths.hnn;
  if (!hasHamiltonian(hnn) || !y) throw new InputError('the conserved-quantity figure needs a model with a learned H and its rollout');
  const h = hnn.hamiltonian(y);
  const h0 = h[0]!;
  const values = h.map((v) => v - h0);
  const scale = Math.max(1, Math.abs(h0));
  return lineFigure({
    title: `${scene.system.title}: HNN-conserved quantity (H₀ = ${h0.toPrecision(4)})`,
    yTitle: 'learned H − H₀',
    series: [{ label: SERIES_LABEL.hnn, color: PALETTE.hnn, t: scene.t, values }],
    minSpan: CONSERVED_SPAN * scale,
  });
}

/** The true dissipation D beside a D-HNN's learned D over the task's box. */
export function learnedDFigure(system: FigureSystem, model: DynamicsModel): Figure {
  if (!(model instanceof DHNN)) throw new InputError('the dissipation figure needs a D-HNN (--model dhnn), whose D it draws');
  if (!system.dissipation) throw new InputError(`task ${system.task} has no known dissipation to compare with`);
  const box = planeBox(system);
  const states = gridStates(box, CONTOUR_GRID);
  const grid = (values: Float64Array) => ({ box, n: CONTOUR_GRID, values });
  return hamiltonianFigure(grid(alongPath(states, 2, system.dissipation)), grid(model.dissipation(states)), `${system.title}: true and learned dissipation D`, 'D', 'Dissipative HNN');
}

/** The true H beside the HNN's learned H over the task's box. */
export function learnedHFigure(system: FigureSystem, hnn: DynamicsModel): Figure {
  if (!hasHamiltonian(hnn)) throw new InputError('the learned-Hamiltonian figure needs a model with a learned H (a baseline has none)');
  const box = planeBox(system);
  const states = gridStates(box, CONTOUR_GRID);
  const grid = (values: Float64Array) => ({ box, n: CONTOUR_GRID, values });
  return hamiltonianFigure(grid(alongPath(states, 2, trueEnergyOf(system))), grid(hnn.hamiltonian(states)), `${system.title}: true and learned H`);
}

/** Orbits of the truth and each model (n-body tasks). */
export function orbitsFigure(scene: Scene): Figure {
  return orbitFigure(scenePaths(scene), scene.system.dim, `${scene.system.title}: orbits`);
}

/** Kinetic, potential and total energy of the truth and each model (n-body tasks). */
export function energyTermsOf(scene: Scene): Figure {
  return energyTermsFigure(scenePaths(scene), scene.system.dim, `${scene.system.title}: energy`);
}

/** q(t) and p(t) of the truth and each model (2-D tasks). */
export function coordinatesOf(scene: Scene): Figure {
  return coordinatesFigure(scenePaths(scene), ['q', 'p'], `${scene.system.title}: rollout`);
}
