/** The authors' losses on their own datasets (../shared/reference/README.md): [mean, ±]. */
export const REFERENCE_LOSSES: Record<string, { train: [number, number]; test: [number, number] }> = {
  'spring-baseline': { train: [3.71e-2, 1.91e-3], test: [3.6587e-2, 1.86e-3] },
  'spring-hnn': { train: [3.6934e-2, 1.91e-3], test: [3.5941e-2, 1.83e-3] },
  'pend-baseline': { train: [3.2607e-2, 1.74e-3], test: [3.5274e-2, 1.8e-3] },
  'pend-hnn': { train: [3.2787e-2, 1.76e-3], test: [3.5587e-2, 1.82e-3] },
  'real-baseline': { train: [1.9442e-3, 1.6e-4], test: [1.3918e-3, 2.02e-4] },
  'real-hnn': { train: [9.1532e-3, 4.92e-4], test: [5.8037e-3, 6.04e-4] },
};

/** Agreement of `a` with `b` to `digits` significant digits. */
export function sameDigits(a: number, b: number, digits: number): boolean {
  return Math.abs(a - b) <= 0.5 * Math.pow(10, Math.floor(Math.log10(Math.abs(b))) - digits + 1);
}
