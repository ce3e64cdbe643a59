import type { Dataset } from '../core/dataset.js';
import type { DifferentiatedTrajectory } from '../core/trajectory.js';
import { readCsvTrajectories, REAL_PENDULUM_LAYOUT } from './csv-trajectories.js';
import { estimateDerivatives } from './derivative-estimation.js';
import { splitTrajectories } from './trajectory-split.js';

/** Every trial's points one after another, as one sequence. */
function pooled(trials: readonly DifferentiatedTrajectory[]): DifferentiatedTrajectory {
  const cat = (pick: (tr: DifferentiatedTrajectory) => Float64Array): Float64Array => {
    const out = new Float64Array(trials.reduce((n, tr) => n + pick(tr).length, 0));
    let at = 0;
    for (const tr of trials) {
      out.set(pick(tr), at);
      at += pick(tr).length;
    }
    return out;
  };
  return { id: trials.map((tr) => tr.id).join('+'), t: cat((tr) => tr.t), x: cat((tr) => tr.x), dx: cat((tr) => tr.dx) };
}

/**
 * Task 3's dataset from the text of a Schmidt & Lipson file (`%`-lines are headers; rows of trial, t,
 * angle, angular velocity), read by the CSV loader's real-pendulum layout: x = (angle, velocity), ẋ by
 * forward differences within each trial (the last row of a trial has none and is dropped). As the
 * authors' experiment-real/data.py, all trials' points form one sequence whose contiguous block of
 * ⌊(1 − 0.8)·N⌋ points from ⌊0.8·N⌋ is the test set (with its time stamps); `name` labels errors.
 */
export function parseRealPendulum(text: string, name: string): Dataset {
  const { trajectories } = readCsvTrajectories(text, name, { layout: REAL_PENDULUM_LAYOUT });
  const data = splitTrajectories([pooled(trajectories.map((tr) => estimateDerivatives(tr, { method: 'forward' }, name)))], { label: name });
  return {
    ...data,
    meta: {
      task: 'real-pendulum',
      source: name,
      columns: ['q (angle)', 'p (angular velocity)'],
      derivatives: 'forward differences (x[i+1] − x[i]) / (t[i+1] − t[i]) within a trial',
      ...data.meta,
    },
  };
}
