import { NumpyRandom } from '../core/numpy-random.js';
import { energyTask } from '../eval/energy-tasks.js';
import type { OdeFunction } from '../integrate/types.js';
import { InputError } from '../core/errors.js';
import { nbodySystem, orbitToCanonical } from '../systems/nbody.js';
import { sampleThreeBodyState } from '../systems/three-body.js';
import { sampleTwoBodyState } from '../systems/two-body.js';
import { stateTaskByName, STATE_TASK_NAMES } from '../tasks/registry.js';
import type { Box } from './phase.js';

/** What the figures need to know about a task: its energy, its true dynamics, and where to look. */
export interface FigureSystem {
  readonly task: string;
  /** Human title, e.g. "Ideal mass-spring". */
  readonly title: string;
  readonly dim: number;
  /** The physical energy of a state (the analysis energy for the measured pendulum). */
  hamiltonian(x: Float64Array): number;
  /** The true dynamics, or null when the truth is only measured (the real pendulum). */
  readonly truth: OdeFunction | null;
  /** The default rollout: start, duration and evenly spaced output points. */
  readonly rollout: { readonly x0: readonly number[]; readonly tEnd: number; readonly points: number };
  /** The phase-plane box the 2-D figures show (covering the task's data), or null for n-body tasks. */
  readonly box: Box | null;
}

/** A square box [−h, h]². */
const square = (h: number): Box => ({ q: [-h, h], p: [-h, h] });

/** The per-task view: default starts inside each task's data (spring radius ≤ 1, pendulum 1.3–2.3, two-body from seed 0). */
const VIEWS: Record<string, Pick<FigureSystem, 'rollout' | 'box'>> = {
  spring: { rollout: { x0: [1, 0], tEnd: 20, points: 400 }, box: square(1.3) },
  pendulum: { rollout: { x0: [2, 0], tEnd: 20, points: 400 }, box: square(3) },
  'real-pendulum': { rollout: { x0: [1, 0], tEnd: 20, points: 400 }, box: square(1.6) },
  'two-body': { rollout: { x0: Array.from(orbitToCanonical(sampleTwoBodyState(new NumpyRandom(0)))), tEnd: 20, points: 400 }, box: null },
  'three-body': { rollout: { x0: Array.from(orbitToCanonical(sampleThreeBodyState(new NumpyRandom(0)))), tEnd: 5, points: 400 }, box: null },
};

/** The figure view of a task by name (an InputError lists the known tasks). */
export function figureSystem(task: string): FigureSystem {
  const view = VIEWS[task];
  if (!view) throw new InputError(`no figures for task "${task}"; expected one of ${STATE_TASK_NAMES.join(', ')}`);
  const { dim, title: fullTitle } = stateTaskByName(task);
  // Figure titles keep the task's name short: "Real pendulum", not its source in parentheses.
  const title = fullTitle.replace(/\s*\(.*\)$/, '');
  const planar = view.box && energyTask(task);
  if (planar) return { task, title, dim, hamiltonian: planar.hamiltonian, truth: planar.truth, ...view };
  // n-body tasks in the canonical coordinates the models see (not the orbit layout the energy metric integrates).
  const gravity = nbodySystem(Array.from({ length: dim / 4 }, () => 1));
  return { task, title, dim, hamiltonian: gravity.hamiltonian, truth: gravity.dynamics, ...view };
}
