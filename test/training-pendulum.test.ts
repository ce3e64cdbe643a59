import { paperBandTrainingTests } from './helpers/training.js';

paperBandTrainingTests('pendulum', 'pend');
