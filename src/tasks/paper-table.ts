/** A published value with its "±". */
export interface Published {
  readonly mean: number;
  readonly err: number;
}

/** One row of the paper's Table 1, in natural units (the table's ×10³ / ×10⁶ scaling undone). */
export interface PaperRow {
  readonly trainLoss: { readonly baseline: Published; readonly hnn: Published };
  readonly testLoss: { readonly baseline: Published; readonly hnn: Published };
  readonly energy: { readonly baseline: Published; readonly hnn: Published };
  /** The factor the paper prints values multiplied by (10³, or 10⁶ for two-body). */
  readonly displayScale: number;
}

/** A row from the paper's printed numbers, given in the paper's display units. */
function row(scale: number, tb: [number, number], th: [number, number], sb: [number, number], sh: [number, number], eb: [number, number], eh: [number, number]): PaperRow {
  const p = ([m, e]: [number, number]): Published => ({ mean: m / scale, err: e / scale });
  return {
    trainLoss: { baseline: p(tb), hnn: p(th) },
    testLoss: { baseline: p(sb), hnn: p(sh) },
    energy: { baseline: p(eb), hnn: p(eh) },
    displayScale: scale,
  };
}

/** Table 1 of Greydanus et al. (2019), by task name. */
export const PAPER_TABLE1: Readonly<Record<string, PaperRow>> = {
  spring: row(1e3, [37, 2], [37, 2], [37, 2], [36, 2], [170, 20], [0.38, 0.1]),
  pendulum: row(1e3, [33, 2], [33, 2], [35, 2], [36, 2], [42, 10], [25, 5]),
  'real-pendulum': row(1e3, [2.7, 0.2], [9.2, 0.5], [2.2, 0.3], [6.0, 0.6], [390, 7], [14, 5]),
  'two-body': row(1e6, [33, 1], [3.0, 0.1], [30, 0.1], [2.8, 0.1], [6.3e4, 3e4], [39, 5]),
  'pixel-pendulum': row(1e3, [18, 0.2], [19, 0.2], [17, 0.3], [18, 0.3], [9.3, 1], [0.15, 0.01]),
};
