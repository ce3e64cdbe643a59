const bits = new Int32Array(1);
const f32 = new Float32Array(bits.buffer);

/** Ordinal of a float32 value on the integer line (adjacent floats differ by 1). */
function ordinal(x: number): number {
  f32[0] = x;
  const b = bits[0]!;
  return b < 0 ? -(b & 0x7fffffff) : b;
}

/** Distance in float32 ulps between two float32 values (0 for equal, NaN-aware). */
export function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  return Math.abs(ordinal(a) - ordinal(b));
}

/** Exact σ′ = 1 − tanh² in float64 (without the cancellation of 1 − y² as y → 1). */
export function sech2(x: number): number {
  const a = Math.abs(x);
  if (a < 0.5) {
    const t = Math.tanh(a);
    return 1 - t * t;
  }
  const e = Math.exp(-2 * a);
  return (4 * e) / ((1 + e) * (1 + e));
}

/** Float32 inputs spread over every magnitude from 1e-30 to 60 (both signs), plus special values. */
export function tanhInputs(count: number): Float32Array {
  f32[0] = 1e-30;
  const lo = bits[0]!;
  f32[0] = 60;
  const hi = bits[0]!;
  const stride = Math.max(1, Math.floor((hi - lo) / (count / 2)));
  const out: number[] = [0, -0, Infinity, -Infinity, NaN, 1e-45, -1e-45, 1e-40, 0.625, Math.fround(0.625 - 1e-7), 43, 43.5, 9.01, 19.1, 88, 1e30];
  for (let b = lo; b <= hi && out.length < count; b += stride) {
    bits[0] = b;
    out.push(f32[0]!, -f32[0]!);
  }
  return Float32Array.from(out);
}
