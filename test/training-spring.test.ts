import { paperBandTrainingTests } from './helpers/training.js';

// The seed-0 spring row as `npm start` prints it (37.1 / 36.9 / 36.6 / 35.9 ×10⁻³, energy 87.5 / 0.36 ×10⁻³), to the last bit.
paperBandTrainingTests('spring', 'spring', {
  baseline: [0.03706096882842806, 0.03659032954080875, 0.08747131654771037],
  hnn: [0.03691066992313923, 0.035861297891017906, 0.00035523436172058573],
});
