/** `num` evenly spaced values from `start` to `stop` inclusive, computed as numpy's `linspace` does. */
export function linspace(start: number, stop: number, num: number): Float64Array {
  if (!Number.isInteger(num) || num < 0) throw new RangeError(`linspace: num must be a non-negative integer, got ${num}`);
  const out = new Float64Array(num);
  if (num === 1) out[0] = start;
  if (num < 2) return out;
  const div = num - 1;
  const delta = stop - start;
  const step = delta / div;
  for (let i = 0; i < num; i++) out[i] = (step === 0 ? (i / div) * delta : i * step) + start;
  out[num - 1] = stop;
  return out;
}
