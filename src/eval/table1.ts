import type { ModelKind } from '../models/types.js';
import type { MeanWithError } from './losses.js';
import { PAPER_TABLE1, type Published } from '../tasks/paper-table.js';

/** Our measurements for one (task, model, seed). */
export interface Table1Entry {
  readonly task: string;
  readonly kind: ModelKind;
  readonly seed: number;
  readonly trainLoss: MeanWithError;
  readonly testLoss: MeanWithError;
  readonly energyMse: MeanWithError;
  /** Training wall time in seconds. */
  readonly seconds: number;
}

/** The metrics of Table 1. */
export type Table1Metric = 'trainLoss' | 'testLoss' | 'energyMse';

/** One cell: a single seed's value with its own ±, or the mean over seeds with the standard error across them. */
export function combineSeeds(values: MeanWithError[]): MeanWithError {
  if (values.length === 1) return values[0]!;
  const means = values.map((v) => v.mean);
  const mean = means.reduce((a, b) => a + b, 0) / means.length;
  const variance = means.reduce((a, b) => a + (b - mean) ** 2, 0) / (means.length - 1);
  return { mean, stderr: Math.sqrt(variance / means.length) };
}

/** Our cell for a task, model and metric over all seeds present, or null when nothing was measured. */
export function cell(entries: readonly Table1Entry[], task: string, kind: ModelKind, metric: Table1Metric): MeanWithError | null {
  const values = entries.filter((e) => e.task === task && e.kind === kind).map((e) => e[metric]);
  return values.length ? combineSeeds(values) : null;
}

/** Our value in the table's display units: "37.1 ± 1.9". */
function displayOurs(v: MeanWithError | null, scale: number): string {
  if (!v) return '—';
  const digits = (x: number): string => {
    const a = Math.abs(x * scale);
    return a >= 100 ? (x * scale).toFixed(0) : a >= 10 ? (x * scale).toFixed(1) : (x * scale).toPrecision(2);
  };
  return `${digits(v.mean)} ± ${digits(v.stderr)}`;
}

/** A published value as the paper prints it: "37 ± 2". */
function displayPaper(v: Published, scale: number): string {
  const clean = (x: number): string => String(Number((x * scale).toPrecision(3)));
  return `${clean(v.mean)} ± ${clean(v.err)}`;
}

/** The factor a task's values are shown multiplied by: the paper's (10³, or 10⁶ for two-body), 10³ for tasks it does not list. */
function displayScale(task: string): number {
  return PAPER_TABLE1[task]?.displayScale ?? 1e3;
}

/** "×10³" for 1e3. */
function scaleLabel(scale: number): string {
  const digits = '⁰¹²³⁴⁵⁶⁷⁸⁹';
  return `×10${String(Math.round(Math.log10(scale))).replace(/\d/g, (d) => digits[Number(d)]!)}`;
}

/** Table 1 as Markdown: our numbers and the paper's, in the paper's units; each row names the seeds it averages. */
export function table1Markdown(entries: readonly Table1Entry[]): string {
  const tasks = [...new Set(entries.map((e) => e.task))];
  const lines = [
    '| task | source | train B | train HNN | test B | test HNN | energy B | energy HNN |',
    '|---|---|---|---|---|---|---|---|',
  ];
  for (const task of tasks) {
    const paper = PAPER_TABLE1[task];
    const scale = displayScale(task);
    const seeds = [...new Set(entries.filter((e) => e.task === task).map((e) => e.seed))].sort((a, b) => a - b);
    const ours = (['trainLoss', 'testLoss', 'energyMse'] as const).flatMap((m) => (['baseline', 'hnn'] as const).map((k) => displayOurs(cell(entries, task, k, m), scale)));
    lines.push(`| ${task} (${scaleLabel(scale)}) | ours (seed${seeds.length > 1 ? 's' : ''} ${seeds.join(',')}) | ${ours.join(' | ')} |`);
    if (paper) {
      const pub = [paper.trainLoss.baseline, paper.trainLoss.hnn, paper.testLoss.baseline, paper.testLoss.hnn, paper.energy.baseline, paper.energy.hnn].map((p) => displayPaper(p, scale));
      lines.push(`| ${task} (${scaleLabel(scale)}) | paper | ${pub.join(' | ')} |`);
    }
  }
  const pixelNote = tasks.includes('pixel-pendulum')
    ? ' Pixel pendulum: the loss is the pixel model\'s (autoencoder + canonical + 0.1 · latent dynamics) per row, "±" std over rows / √rows;' +
      ' energy along the latent RK4 rollout mapped affinely to (θ, 0.25·θ̇), over the complete test trajectories.'
    : '';
  return (
    lines.join('\n') +
    '\n\nValues multiplied by the factor in the task column. Losses: MSE of the predicted time derivatives; energy: MSE of the true energy along' +
    ' the model\'s path vs the true path (docs/energy-metric.md). "±": one seed — std over elements / √rows (energy: over 5 splits);' +
    ` several seeds — standard error of the per-seed means.${pixelNote}\n`
  );
}
