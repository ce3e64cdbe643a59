import { NumpyRandom } from '../core/numpy-random.js';

/**
 * Where the authors' analysis notebooks are in numpy's global stream when they draw the energy
 * starts: after `np.random.seed(seed)` and the task's dataset (50 trajectories, each drawing its
 * start, its radius and a normal noise value per coordinate and point), a few more normal draws for
 * an illustration (a 30-point trajectory in the spring notebook, 62 values in the pendulum one).
 * The counts reproduce, draw for draw, the starts recorded in the reference energy_inputs files.
 */
const RECIPES: Record<string, { readonly pointsPerTrajectory: number; readonly interveningNormals: number }> = {
  spring: { pointsPerTrajectory: 30, interveningNormals: 60 },
  pendulum: { pointsPerTrajectory: 45, interveningNormals: 62 },
};

/** Trajectories in the authors' datasets of tasks 1 and 2 (paper.md §3). */
const TRAJECTORIES = 50;

/** Tasks whose energy starts `authorsEnergyStarts` can draw. */
export const STARTS_TASKS = Object.keys(RECIPES);

/**
 * The energy-metric starts of tasks 1–2 as the authors' notebooks draw them (count × 2, row-major):
 * x0 = rand(2)·1.6 − 0.8, then x0 += 0.2·sign(x0), from numpy's stream seeded with `seed`.
 */
export function authorsEnergyStarts(task: string, seed: number, count = 15): Float64Array {
  const recipe = RECIPES[task];
  if (!recipe) throw new RangeError(`no energy starts for task "${task}"; expected one of ${STARTS_TASKS.join(', ')}`);
  const dim = 2;
  const rng = new NumpyRandom(seed);
  for (let s = 0; s < TRAJECTORIES; s++) {
    for (let i = 0; i < dim + 1; i++) rng.rand();
    for (let i = 0; i < dim * recipe.pointsPerTrajectory; i++) rng.randn();
  }
  for (let i = 0; i < recipe.interveningNormals; i++) rng.randn();
  const starts = new Float64Array(count * dim);
  for (let i = 0; i < starts.length; i++) {
    const x = rng.rand() * 1.6 - 0.8;
    starts[i] = x + 0.2 * Math.sign(x);
  }
  return starts;
}
