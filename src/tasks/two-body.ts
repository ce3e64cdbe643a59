import { NumpyRandom } from '../core/numpy-random.js';
import { nbodySystem, orbitToCanonical } from '../systems/nbody.js';
import { generateTwoBodyDataset, sampleTwoBodyState } from '../systems/two-body.js';
import { canonicalCoordinates, MINI_BATCH } from './defaults.js';
import { orbitEnergyMetric } from './energy-metrics.js';
import { PAPER_TABLE1 } from './paper-table.js';
import type { StateTask } from './task.js';

const gravity = nbodySystem([1, 1]);

/** Task 4, two bodies under gravity (paper.md §3); its energy metric as the authors' notebook: 15 orbits, t ∈ [0, 25] at 500 points, rtol 1e-9. */
export const twoBodyTask: StateTask = {
  family: 'state',
  name: 'two-body',
  title: 'Two-body gravitation',
  dim: 8,
  coordinates: canonicalCoordinates(8),
  defaults: MINI_BATCH,
  makeDataset: (seed) => generateTwoBodyDataset({ seed }),
  system: { energy: gravity.hamiltonian, dynamics: gravity.dynamics },
  energyMetric: orbitEnergyMetric(2, { sample: (s) => sampleTwoBodyState(new NumpyRandom(s)), count: 15, tEnd: 25, points: 500, rtol: 1e-9 }),
  view: { rollout: { x0: Array.from(orbitToCanonical(sampleTwoBodyState(new NumpyRandom(0)))), tEnd: 20, points: 400 }, box: null },
  paper: PAPER_TABLE1['two-body']!,
};
