import { NumpyRandom } from '../core/numpy-random.js';
import { nbodySystem, orbitToCanonical } from '../systems/nbody.js';
import { generateThreeBodyDataset, sampleThreeBodyState } from '../systems/three-body.js';
import { canonicalCoordinates, MINI_BATCH } from './defaults.js';
import { orbitEnergyMetric } from './energy-metrics.js';
import type { StateTask } from './task.js';

const gravity = nbodySystem([1, 1, 1]);

/**
 * Three bodies under gravity, trained as the authors' experiment-3body/train.py (batches of 600, weight
 * decay 1e-4). The authors recorded no energy protocol; ours draws 15 starts as the data does, t ∈ [0, 5].
 */
export const threeBodyTask: StateTask = {
  family: 'state',
  name: 'three-body',
  title: 'Three-body gravitation',
  dim: 12,
  coordinates: canonicalCoordinates(12),
  defaults: { ...MINI_BATCH, batchSize: 600, weightDecay: 1e-4 },
  makeDataset: (seed) => generateThreeBodyDataset({ seed }),
  system: { energy: gravity.hamiltonian, dynamics: gravity.dynamics },
  energyMetric: orbitEnergyMetric(3, { sample: (s) => sampleThreeBodyState(new NumpyRandom(s)), count: 15, tEnd: 5, points: 500, rtol: 1e-9 }),
  view: { rollout: { x0: Array.from(orbitToCanonical(sampleThreeBodyState(new NumpyRandom(0)))), tEnd: 5, points: 400 }, box: null },
  paper: null,
};
