/**
 * The "±" of the paper's energy metric: the population standard deviation of the means of `splits`
 * consecutive parts of `values`, divided by √splits — numpy's `np.array_split`, so the parts are equal
 * when the length is a multiple of `splits` (the authors' `np.split`) and differ by one value otherwise.
 * Fewer values than splits: one part per value.
 */
export function splitStderr(values: ArrayLike<number>, splits = 5): number {
  const n = values.length;
  if (!Number.isInteger(splits) || splits < 1) throw new RangeError(`splits must be a positive integer, got ${splits}`);
  if (n === 0) throw new RangeError('cannot take the spread of no values');
  const parts = Math.min(splits, n);
  const size = Math.floor(n / parts);
  const longer = n % parts;
  const means: number[] = [];
  let start = 0;
  for (let s = 0; s < parts; s++) {
    const end = start + size + (s < longer ? 1 : 0);
    let sum = 0;
    for (let i = start; i < end; i++) sum += values[i]!;
    means.push(sum / (end - start));
    start = end;
  }
  const mean = means.reduce((a, b) => a + b, 0) / parts;
  const variance = means.reduce((a, b) => a + (b - mean) ** 2, 0) / parts;
  return Math.sqrt(variance) / Math.sqrt(parts);
}
