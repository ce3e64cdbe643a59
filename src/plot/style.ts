import type { Config } from 'vega-lite';

/** Colour-blind-safe colours (Okabe–Ito): truth black, baseline vermillion, HNN blue as the paper's figures; D-HNN bluish green. */
export const PALETTE = {
  truth: '#000000',
  baseline: '#D55E00',
  hnn: '#0072B2',
  dhnn: '#009E73',
  data: '#555555',
  arrow: '#999999',
  kinetic: '#E69F00',
  potential: '#56B4E9',
  total: '#000000',
} as const;

/** The compared series of the paper's figures. */
export type SeriesKey = 'truth' | 'baseline' | 'hnn' | 'dhnn';

/** Legend names of the compared series, as the paper labels them. */
export const SERIES_LABEL: Record<SeriesKey, string> = { truth: 'Ground truth', baseline: 'Baseline NN', hnn: 'Hamiltonian NN', dhnn: 'Dissipative HNN' };

/** Size of one panel in CSS pixels (figures are readable at this size). */
export const PANEL = { width: 360, height: 300 } as const;

/** The font every figure uses; the PNG renderer loads the same font from the `dejavu-fonts-ttf` package. */
export const FONT_FAMILY = 'DejaVu Sans';

/** Sequential colour scheme for time (perceptually uniform and colour-blind safe). */
export const TIME_SCHEME = 'viridis';

/** Vega-Lite configuration shared by every figure: font, sizes (≥ 11 px), white background, light grid. */
export const FIGURE_CONFIG: Config = {
  font: FONT_FAMILY,
  background: 'white',
  padding: 8,
  view: { stroke: '#888888' },
  title: { fontSize: 14, fontWeight: 'normal', anchor: 'start', offset: 8 },
  axis: { labelFontSize: 11, titleFontSize: 13, titleFontWeight: 'normal', gridColor: '#e6e6e6', tickColor: '#888888', domainColor: '#888888' },
  legend: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: 'normal', symbolStrokeWidth: 2.5 },
  header: { labelFontSize: 13, titleFontSize: 13 },
};

/**
 * The colour encoding of named lines: the nominal `field` with `labels` in that order and their
 * `colors`, no title, and a horizontal legend of strokes above the plot.
 */
export function lineColors(field: string, labels: readonly string[], colors: readonly string[]) {
  return {
    field,
    type: 'nominal' as const,
    title: null,
    sort: [...labels],
    scale: { domain: [...labels], range: [...colors] },
    legend: { orient: 'top' as const, direction: 'horizontal' as const, symbolType: 'stroke' },
  };
}
