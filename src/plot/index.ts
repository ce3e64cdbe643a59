// Figures of the paper (src/plot): builders return Vega-Lite figures; render them to SVG or PNG, or write a task's whole set.
export { renderSvg, type Figure } from './render.js';
export { renderPng, type PngOptions } from './png.js';
export { writeFigure, FIGURE_FORMATS } from './write.js';
export { PALETTE, SERIES_LABEL, PANEL } from './style.js';
export { boxAround, gridStates, sampleField, type Box, type FieldSample, type PlaneField } from './phase.js';
export { dataFigure, fieldFigure } from './phase-figures.js';
export { lineFigure, type Series, type LineFigureOptions } from './line-figure.js';
export { hamiltonianFigure, type ScalarGrid } from './hamiltonian-figure.js';
export { orbitFigure, energyTermsFigure, energyTerms, type NamedPath } from './orbit-figures.js';
export { coordinatesFigure } from './coordinates-figure.js';
export { frameStrip } from './frame-strip.js';
export { coordinateMse, alongPath } from './measures.js';
export { figureSystem, type FigureSystem } from './system.js';
export { makeScene, type Scene, type SceneOptions, type ModelSet } from './scene.js';
export { modelFigure, PLOT_KINDS, type PlotKind } from './model-figure.js';
export { taskFigures, writeTaskFigures, type TaskModels, type CaptionedFigure, type WrittenFigure } from './task-figures.js';
