import { paperBandTrainingTests } from './helpers/training.js';

paperBandTrainingTests('spring', 'spring');
