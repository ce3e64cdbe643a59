import type { TrainingDefaults } from './task.js';

/** The paper's settings of tasks 1–3: 2000 full-batch steps of Adam 1e-3, weight decay 1e-4, MLP 200-200 tanh. */
export const FULL_BATCH: TrainingDefaults = { steps: 2000, batchSize: null, lr: 1e-3, weightDecay: 1e-4, hiddenDim: 200, hiddenLayers: 2, activation: 'tanh' };

/** The paper's settings of the two-body task: 10,000 steps on batches of 200, no weight decay. */
export const MINI_BATCH: TrainingDefaults = { ...FULL_BATCH, steps: 10000, batchSize: 200, weightDecay: 0 };

/** Coordinate names of a state of dimension 2n: q, p for n = 1, else q1..qn, p1..pn. */
export function canonicalCoordinates(dim: number): string[] {
  const n = dim / 2;
  if (n === 1) return ['q', 'p'];
  return [...Array.from({ length: n }, (_, i) => `q${i + 1}`), ...Array.from({ length: n }, (_, i) => `p${i + 1}`)];
}

/** A square box [−h, h]² of the phase plane. */
export function squareBox(h: number): { readonly q: readonly [number, number]; readonly p: readonly [number, number] } {
  return { q: [-h, h], p: [-h, h] };
}
