import { pendulum } from '../systems/pendulum.js';
import { generatePendulumDataset, PENDULUM_TRAJECTORIES, pointsPerTrajectory } from '../systems/trajectory-dataset.js';
import { canonicalCoordinates, FULL_BATCH, squareBox } from './defaults.js';
import { drawnTask } from './draw.js';
import { planeEnergyMetric } from './energy-metrics.js';
import { startsProtocol, STARTS } from './energy-protocol.js';
import { authorsEnergyStarts } from './energy-starts.js';
import { PAPER_TABLE1 } from './paper-table.js';
import type { StateTask } from './task.js';

/**
 * Task 2, the ideal pendulum H = 3(1 − cos q) + p², drawn as the paper (`redraw`
 * for another draw); its energy metric compares q² + p², as the authors' notebook (paper.md §4).
 */
export const pendulumTask: StateTask = drawnTask(
  {
    family: 'state',
    name: 'pendulum',
    title: 'Ideal pendulum',
    dim: 2,
    coordinates: canonicalCoordinates(2),
    defaults: FULL_BATCH,
    system: { energy: pendulum.hamiltonian, dynamics: pendulum.dynamics },
    // The pendulum notebook does not stretch time (as its recorded protocol shows).
    energyMetric: planeEnergyMetric(2, pendulum.energy, pendulum.dynamics, (name, seed) => startsProtocol(name, authorsEnergyStarts('pendulum', seed, STARTS.count), 1, false)),
    view: { rollout: { x0: [2, 0], tEnd: 20, points: 400 }, box: squareBox(3) },
    paper: PAPER_TABLE1['pendulum']!,
  },
  pointsPerTrajectory(PENDULUM_TRAJECTORIES),
  generatePendulumDataset,
);
