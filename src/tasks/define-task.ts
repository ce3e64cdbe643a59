import type { Dataset } from '../core/dataset.js';
import { canonicalCoordinates, FULL_BATCH, squareBox } from './defaults.js';
import { startsEnergyMetric } from './starts-metric.js';
import type { DataSource, FigureView, StateTask, TaskEnergyMetric, TaskSystem, TrainingDefaults } from './task.js';

/** A task of one's own: its name, dimension and data; everything else has a default. */
export interface TaskDefinition {
  readonly name: string;
  readonly title?: string;
  /** State dimension d = 2n. */
  readonly dim: number;
  /** Coordinate names, q's then p's (default q, p or q1..qn, p1..pn). */
  readonly coordinates?: readonly string[];
  /** The data for a seed. */
  makeDataset(seed: number, source?: DataSource): Dataset;
  /** The true energy and dynamics, where known. */
  readonly system?: TaskSystem | null;
  /** The energy metric (default: with known dynamics, 15 starts drawn like the data's, t ∈ [0, 20]; else none). */
  readonly energyMetric?: TaskEnergyMetric | null;
  /** Training settings (default the paper's full-batch settings of tasks 1–3). */
  readonly defaults?: Partial<TrainingDefaults>;
  /** What the figures show (default: a box around seed 0's data, a rollout from its first state). */
  readonly view?: FigureView;
}

/** The smallest and largest |x| of a dataset's training states. */
function radiusRange(data: Dataset): { min: number; max: number } {
  let min = Infinity;
  let max = 0;
  for (let i = 0; i < data.train.x.length; i += data.dim) {
    const r = Math.hypot(...data.train.x.subarray(i, i + data.dim));
    min = Math.min(min, r);
    max = Math.max(max, r);
  }
  return { min: Math.min(min, max * 0.999), max };
}

/** A complete task value from a definition (docs/add-a-system.md): the one place a new system needs. */
export function defineTask(definition: TaskDefinition): StateTask {
  const { dim } = definition;
  const system = definition.system ?? null;
  const sample = definition.energyMetric === undefined || definition.view === undefined ? definition.makeDataset(0) : null;
  const radius = sample ? radiusRange(sample) : { min: 0, max: 1 };
  const energyMetric = definition.energyMetric !== undefined ? definition.energyMetric : system?.dynamics ? startsEnergyMetric(dim, system.energy, system.dynamics, radius) : null;
  const view = definition.view ?? {
    rollout: { x0: Array.from(sample!.test.x.subarray(0, dim)), tEnd: 20, points: 400 },
    box: dim === 2 ? squareBox(1.3 * radius.max) : null,
  };
  return {
    family: 'state',
    name: definition.name,
    title: definition.title ?? definition.name,
    dim,
    coordinates: definition.coordinates ?? canonicalCoordinates(dim),
    defaults: { ...FULL_BATCH, ...definition.defaults },
    makeDataset: (seed, source) => definition.makeDataset(seed, source),
    system,
    energyMetric,
    view,
    paper: null,
  };
}
