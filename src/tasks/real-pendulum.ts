import { InputError } from '../core/errors.js';
import { parseRealPendulum } from '../data/real-pendulum-file.js';
import { realPendulum } from '../systems/real-pendulum.js';
import { canonicalCoordinates, FULL_BATCH, squareBox } from './defaults.js';
import { measuredEnergyMetric } from './energy-metrics.js';
import { PAPER_TABLE1 } from './paper-table.js';
import type { StateTask } from './task.js';

/** The input error of the real pendulum run without its measurements; `option` is the command's flag for the file. */
export function realPendulumDataMissing(option: string): InputError {
  return new InputError(`task real-pendulum needs the measured data: pass ${option} FILE (real_pend_h_1.txt of Schmidt & Lipson 2009)`);
}

/**
 * Task 3, the measured pendulum of Schmidt & Lipson (2009). It has friction, so its truth is the
 * recorded states; its energy metric uses the authors' fitted energy 2.4(1 − cos q) + p².
 */
export const realPendulumTask: StateTask = {
  family: 'state',
  name: 'real-pendulum',
  title: 'Real pendulum (Schmidt & Lipson 2009)',
  dim: 2,
  coordinates: canonicalCoordinates(2),
  defaults: { ...FULL_BATCH, weightDecay: 1e-5 },
  readsDataFile: true,
  makeDataset: (_seed, source) => {
    if (!source?.file) throw realPendulumDataMissing('--data');
    return parseRealPendulum(source.file.text, source.file.name);
  },
  system: { energy: realPendulum.hamiltonian, dynamics: null },
  energyMetric: measuredEnergyMetric(2, realPendulum.energy, 'the real pendulum'),
  view: { rollout: { x0: [1, 0], tEnd: 20, points: 400 }, box: squareBox(1.6) },
  paper: PAPER_TABLE1['real-pendulum']!,
};
