import { paperBandTrainingTests } from './helpers/training.js';

// The seed-0 spring row as `npm start` prints it (37.1 / 36.9 / 36.6 / 35.9 ×10⁻³, energy 87.7 / 0.37 ×10⁻³), to the last bit.
paperBandTrainingTests('spring', 'spring', {
  baseline: [0.037061032094132564, 0.03658645137193588, 0.08771096823100927],
  hnn: [0.036905659698285326, 0.035859882939786175, 0.00037474254276483407],
});
