import { spring } from '../systems/spring.js';
import { generateSpringDataset, pointsPerTrajectory, SPRING_TRAJECTORIES } from '../systems/trajectory-dataset.js';
import { canonicalCoordinates, FULL_BATCH, squareBox } from './defaults.js';
import { drawnTask } from './draw.js';
import { planeEnergyMetric } from './energy-metrics.js';
import { startsProtocol, STARTS } from './energy-protocol.js';
import { authorsEnergyStarts } from './energy-starts.js';
import { PAPER_TABLE1 } from './paper-table.js';
import type { StateTask } from './task.js';

/**
 * The spring notebook integrates the models over times × (1 + 0.9·0.1), its "noise compensation"; in
 * the authors' run (`paper`) the stretch compounds from sample to sample.
 */
const STRETCH = 1 + 0.9 * 0.1;

/** Task 1, the ideal mass-spring H = q² + p² (paper.md §3), drawn as the paper (`redraw` for another draw). */
export const springTask: StateTask = drawnTask(
  {
    family: 'state',
    name: 'spring',
    title: 'Ideal mass-spring',
    dim: 2,
    coordinates: canonicalCoordinates(2),
    defaults: FULL_BATCH,
    system: { energy: spring.hamiltonian, dynamics: spring.dynamics },
    energyMetric: planeEnergyMetric(2, spring.energy, spring.dynamics, (name, seed) => startsProtocol(name, authorsEnergyStarts('spring', seed, STARTS.count), STRETCH, name === 'paper')),
    view: { rollout: { x0: [1, 0], tEnd: 20, points: 400 }, box: squareBox(1.3) },
    paper: PAPER_TABLE1['spring']!,
  },
  pointsPerTrajectory(SPRING_TRAJECTORIES),
  generateSpringDataset,
);
