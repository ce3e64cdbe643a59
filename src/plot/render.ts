import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { FIGURE_CONFIG } from './style.js';

/** A figure: a Vega-Lite specification with its data inlined (also embeddable as is in a browser). */
export type Figure = TopLevelSpec;

/** One layer of a layered figure. */
export type Layer = Extract<Figure, { layer: unknown }>['layer'][number];

/** A view that can stand beside others in a concatenated figure. */
export type Panel = Extract<Figure, { hconcat: unknown }>['hconcat'][number];

/** The logger interface Vega and Vega-Lite share. */
type Logger = NonNullable<NonNullable<Parameters<typeof compile>[1]>['logger']>;

/** A logger that keeps errors (Vega only logs a failing dataflow) and drops warnings: the library never prints. */
function collectingLogger(errors: string[]): Logger {
  let level = 0;
  const logger = {
    level(value?: number) {
      if (value === undefined) return level;
      level = value;
      return logger;
    },
    error: (...args: unknown[]) => (errors.push(args.map(String).join(' ')), logger),
    warn: () => logger,
    info: () => logger,
    debug: () => logger,
  };
  return logger as unknown as Logger;
}

/** Renders a figure to an SVG document with Vega's headless view (no DOM, no canvas); a failure in Vega rejects. */
export async function renderSvg(figure: Figure): Promise<string> {
  const errors: string[] = [];
  const logger = collectingLogger(errors);
  const vega = compile(figure, { config: FIGURE_CONFIG, logger }).spec;
  const view = new View(parse(vega), { renderer: 'none', logger });
  try {
    const svg = await view.toSVG();
    if (errors.length > 0) throw new Error(`rendering the figure failed: ${errors.join('; ')}`);
    return svg;
  } finally {
    view.finalize();
  }
}
