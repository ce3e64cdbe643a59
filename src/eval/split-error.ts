/**
 * The "±" of the paper's energy metric: the population standard deviation of the means of
 * `splits` equal consecutive parts of `values`, divided by √splits (numpy's `np.split`, so the
 * length must be a multiple of `splits`).
 */
export function splitStderr(values: ArrayLike<number>, splits = 5): number {
  const n = values.length;
  if (!Number.isInteger(splits) || splits < 1 || n === 0 || n % splits !== 0) {
    throw new RangeError(`cannot split ${n} values into ${splits} equal parts`);
  }
  const size = n / splits;
  const means: number[] = [];
  for (let s = 0; s < splits; s++) {
    let sum = 0;
    for (let i = s * size; i < (s + 1) * size; i++) sum += values[i]!;
    means.push(sum / size);
  }
  const mean = means.reduce((a, b) => a + b, 0) / splits;
  const variance = means.reduce((a, b) => a + (b - mean) ** 2, 0) / splits;
  return Math.sqrt(variance) / Math.sqrt(splits);
}
