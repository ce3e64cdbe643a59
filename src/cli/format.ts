import type { MeanWithError } from '../eval/losses.js';

/** "3.6934e-2 ± 1.91e-3". */
export function formatMeanError(m: MeanWithError): string {
  return `${m.mean.toExponential(4)} ± ${m.stderr.toExponential(2)}`;
}

/** A value scaled for display (e.g. ×10³) with a fitting number of significant digits. */
export function scaled(value: number, scale: number): string {
  const v = value * scale;
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 100 ? v.toFixed(0) : a >= 10 ? v.toFixed(1) : a >= 1 ? v.toFixed(2) : v.toPrecision(2);
}

