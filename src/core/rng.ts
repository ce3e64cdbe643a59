/** The draws a data generator needs; implemented by `Random` and the numpy-compatible `NumpyRandom`. */
export interface Rng {
  /** Uniform double in [0, 1). */
  next(): number;
  /** Uniform double in [lo, hi). */
  uniform(lo?: number, hi?: number): number;
  /** Normal draw with the given mean and standard deviation. */
  normal(mean?: number, std?: number): number;
}
