// The figures' colour-blind-safe palette (Okabe–Ito, as src/plot/style.ts PALETTE; lab/test checks
// that they agree): truth black, baseline vermillion, HNN blue.
import type { Series } from './workers/protocol.js';

/** Colours of the compared series and of the data. */
export const COLORS: Readonly<Record<Series | 'data', string>> = {
  truth: '#000000',
  baseline: '#D55E00',
  hnn: '#0072B2',
  data: '#555555',
};

/** Names of the series as the paper's figures label them. */
export const SERIES_LABEL: Readonly<Record<Series, string>> = { truth: 'Ground truth', baseline: 'Baseline NN', hnn: 'Hamiltonian NN' };

/** Line dashes per series, so the series differ by more than colour. */
export const DASH: Readonly<Record<Series, number[]>> = { truth: [], baseline: [6, 4], hnn: [] };

/** Viridis at 8 stops (perceptually uniform, colour-blind safe), for contour levels. */
export const VIRIDIS = ['#440154', '#46327e', '#365c8d', '#277f8e', '#1fa187', '#4ac16d', '#a0da39', '#fde725'];
