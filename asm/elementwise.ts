// Element-wise float32 kernels for WebAssembly SIMD (f32x4), compiled by AssemblyScript with
// asm/gemm.ts (entry asm/kernels.ts). Pointers are byte offsets into the shared linear memory,
// 4-byte aligned; counts are elements. Every kernel treats each element (or, for column sums, each
// column) independently, so a caller may split the work across threads by rows or columns and get
// bit-identical results.
//
// Precision: products and sums of two float32 values are correctly rounded, as in the TypeScript
// kernels (which compute in float64 and round on store); the dual map is computed in float64 exactly
// as the TypeScript kernels do, so it matches them bit for bit. tanh uses a float32 approximation
// (below) accurate to about 1.5 ulp; sigmoid and softplus are evaluated in float64 and rounded.

// Activation codes (src/kernels/wasm.ts passes these).
// @ts-ignore: decorator
@inline const TANH: i32 = 0;
// @ts-ignore: decorator
@inline const RELU: i32 = 1;
// @ts-ignore: decorator
@inline const SOFTPLUS: i32 = 2;
// @ts-ignore: decorator
@inline const SIGMOID: i32 = 3;

// ---- tanh in float32, four lanes at a time ----
//
// With a = |x|, e = e^(−2a) and e − 1 (accurate near a = 0, where e → 1):
//   tanh(a) = (1 − e)/(1 + e),  q = 1 − tanh(a) = 2e/(1 + e),  σ′ = 1 − tanh² = q·(2 − q),
// all free of cancellation: σ′ stays accurate where 1 − y² would cancel (y → 1), tanh where 1 − e
// would (a → 0). e^t, t = −2a: t = n·ln2 + r with n = round(t/ln2) (the 1.5·2²³ rounding trick, which
// also leaves n in the low mantissa bits), r by a two-part ln2 (Cody–Waite), e^r − 1 = r + r²·P(r)
// with Cephes expf's minimax P (Estrin's scheme), e − 1 = 2ⁿ(e^r − 1) + (2ⁿ − 1). |x| is clamped
// to 43 (2ⁿ stays normal); beyond it tanh = ±1 and σ′ = σ″ = 0, as float64 gives. Measured against
// Math.tanh over all float32 magnitudes: tanh within 2 ulp (92% exact), σ′ within 3 ulp of the
// exact 1 − tanh², σ″ within 5 ulp (test/kernels-elementwise.test.ts).
// Constants are loaded from memory at each use (one broadcast load each): V8 rebuilds a SIMD
// constant from general registers at every use, which cost more than the arithmetic.
const TANH_K = memory.data<f32>([
  1.9875691500e-4, 1.3981999507e-3, 8.3334519073e-3, 4.1665795894e-2, 1.6666665459e-1, 5.0000001201e-1, // 0–5: P
  43.0, -2.0 * 1.44269504088896341, 12582912.0, 0.693359375, -2.12194440e-4, // 6 clamp, 7 −2·log₂e, 8 1.5·2²³, 9 ln2 hi, 10 ln2 lo
  1.0, 2.0, -2.0, -0.0, 0.0, // 11 one, 12 two, 13 minus two, 14 sign mask, 15 zero
]);

// @ts-ignore: decorator
@inline
function k(i: i32): v128 {
  return v128.load32_splat(TANH_K + (<usize>i << 2));
}

/** tanh(z), σ′(z) = 1 − tanh², σ″(z) = −2·tanh·σ′ for four lanes, stored at y, d1, d2 (`count` ≤ 4 lanes). */
// @ts-ignore: decorator
@inline
function tanh4(z: v128, y: usize, d1: usize, d2: usize, count: i32): void {
  const signMask = k(14), one = k(11), magic = k(8);
  const a = v128.andnot(z, signMask);
  const ac = f32x4.pmin(a, k(6)); // NaN stays NaN (pmin returns its first operand unless the second is less)
  const kf = f32x4.add(f32x4.mul(ac, k(7)), magic);
  const nf = f32x4.sub(kf, magic);
  const r = f32x4.sub(f32x4.sub(f32x4.neg(f32x4.add(ac, ac)), f32x4.mul(nf, k(9))), f32x4.mul(nf, k(10)));
  const r2 = f32x4.mul(r, r);
  const r4 = f32x4.mul(r2, r2);
  const pa = f32x4.add(f32x4.mul(k(0), r), k(1));
  const pb = f32x4.add(f32x4.mul(k(2), r), k(3));
  const pc = f32x4.add(f32x4.mul(k(4), r), k(5));
  const poly = f32x4.add(f32x4.add(f32x4.mul(pa, r4), f32x4.mul(pb, r2)), pc);
  const scale = i32x4.shl(i32x4.add(kf, i32x4.sub(i32x4.splat(127), magic)), 23); // 2ⁿ
  const em1 = f32x4.add(f32x4.mul(poly, r2), r); // e^r − 1
  const e = f32x4.mul(f32x4.add(em1, one), scale);
  const em1x = f32x4.add(f32x4.mul(scale, em1), f32x4.sub(scale, one)); // e − 1
  const den = f32x4.add(e, one);
  const yAbs = f32x4.div(f32x4.sub(k(15), em1x), den);
  const q = f32x4.div(f32x4.add(e, e), den);
  const d1v = v128.andnot(f32x4.mul(q, f32x4.sub(k(12), q)), f32x4.ge(a, k(6)));
  const yv = v128.or(yAbs, v128.and(z, signMask));
  storeLanes(y, yv, count);
  storeLanes(d1, d1v, count);
  if (d2 != 0) storeLanes(d2, f32x4.mul(f32x4.mul(yv, k(13)), d1v), count);
}

/** Stores the first `count` (1..4) lanes of v at p. */
// @ts-ignore: decorator
@inline
function storeLanes(p: usize, v: v128, count: i32): void {
  if (count == 4) {
    v128.store(p, v);
  } else {
    store<f32>(p, f32x4.extract_lane(v, 0));
    if (count > 1) store<f32>(p, f32x4.extract_lane(v, 1), 4);
    if (count > 2) store<f32>(p, f32x4.extract_lane(v, 2), 8);
  }
}

/** Loads `count` (1..4) floats at p into the low lanes of a vector (the rest zero). */
// @ts-ignore: decorator
@inline
function loadLanes(p: usize, count: i32): v128 {
  if (count == 4) return v128.load(p);
  let v = f32x4.splat(0);
  v = f32x4.replace_lane(v, 0, load<f32>(p));
  if (count > 1) v = f32x4.replace_lane(v, 1, load<f32>(p, 4));
  if (count > 2) v = f32x4.replace_lane(v, 2, load<f32>(p, 8));
  return v;
}

/** Logistic function in float64 (the same formula as the TypeScript kernels). */
// @ts-ignore: decorator
@inline
function sigmoid64(x: f64): f64 {
  return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
}

/** One element of a float64-evaluated activation: writes σ, σ′, σ″ (rounded to float32). */
function scalarActivation(kind: i32, x: f64, y: usize, d1: usize, d2: usize): void {
  if (kind == SIGMOID) {
    const s = sigmoid64(x);
    const ds = s * (1 - s);
    store<f32>(y, <f32>s);
    store<f32>(d1, <f32>ds);
    if (d2 != 0) store<f32>(d2, <f32>(ds * (1 - 2 * s)));
  } else {
    // softplus: log(1 + eˣ) without overflow; σ′ is the logistic function.
    const v = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    const s = sigmoid64(x);
    store<f32>(y, <f32>v);
    store<f32>(d1, <f32>s);
    if (d2 != 0) store<f32>(d2, <f32>(s * (1 - s)));
  }
}

/** p + offset, or 0 for an absent array (p = 0). */
// @ts-ignore: decorator
@inline
function at(p: usize, offset: usize): usize {
  return p == 0 ? 0 : p + offset;
}

/** relu on `count` lanes: y = z if z > 0 else 0, σ′ = [z > 0], σ″ = 0. */
// @ts-ignore: decorator
@inline
function relu4(z: v128, y: usize, d1: usize, d2: usize, count: i32): void {
  const on = f32x4.gt(z, f32x4.splat(0));
  storeLanes(y, v128.and(z, on), count);
  storeLanes(d1, v128.and(f32x4.splat(1), on), count);
  if (d2 != 0) storeLanes(d2, f32x4.splat(0), count);
}

/**
 * Over a rows×cols block: z = x + bias (bias broadcast over rows; bias = 0 means none), then
 * y = σ(z), d1 = σ′(z), d2 = σ″(z) (not written when d2 = 0). `kind`: 0 tanh, 1 relu, 2 softplus, 3 sigmoid.
 * y may alias x.
 */
export function activation(kind: i32, rows: i32, cols: i32, x: usize, bias: usize, y: usize, d1: usize, d2: usize): void {
  if (bias == 0) {
    // No bias: one long row.
    cols = rows * cols;
    rows = cols > 0 ? 1 : 0;
  }
  if (kind == TANH) tanhRows(rows, cols, x, bias, y, d1, d2);
  else if (kind == RELU) reluRows(rows, cols, x, bias, y, d1, d2);
  else scalarRows(kind, rows, cols, x, bias, y, d1, d2);
}

function tanhRows(rows: i32, cols: i32, x: usize, bias: usize, y: usize, d1: usize, d2: usize): void {
  // One loop with the bias and one without (V8 does not hoist loop-invariant tests).
  if (bias != 0) rowsOf(TANH, true, rows, cols, x, bias, y, d1, d2);
  else rowsOf(TANH, false, rows, cols, x, bias, y, d1, d2);
}

function reluRows(rows: i32, cols: i32, x: usize, bias: usize, y: usize, d1: usize, d2: usize): void {
  if (bias != 0) rowsOf(RELU, true, rows, cols, x, bias, y, d1, d2);
  else rowsOf(RELU, false, rows, cols, x, bias, y, d1, d2);
}

/** The vectorised activation loop (`kind` and `withBias` are constants at each inlined use). */
// @ts-ignore: decorator
@inline
function rowsOf(kind: i32, withBias: bool, rows: i32, cols: i32, x: usize, bias: usize, y: usize, d1: usize, d2: usize): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const o = <usize>r * rowBytes;
    let c = 0;
    for (; c + 4 <= cols; c += 4) {
      const co = o + (<usize>c << 2);
      let z = v128.load(x + co);
      if (withBias) z = f32x4.add(z, v128.load(bias + (<usize>c << 2)));
      if (kind == TANH) tanh4(z, y + co, d1 + co, at(d2, co), 4);
      else relu4(z, y + co, d1 + co, at(d2, co), 4);
    }
    if (c < cols) {
      const count = cols - c;
      const co = o + (<usize>c << 2);
      let z = loadLanes(x + co, count);
      if (withBias) z = f32x4.add(z, loadLanes(bias + (<usize>c << 2), count));
      if (kind == TANH) tanh4(z, y + co, d1 + co, at(d2, co), count);
      else relu4(z, y + co, d1 + co, at(d2, co), count);
    }
  }
}

function scalarRows(kind: i32, rows: i32, cols: i32, x: usize, bias: usize, y: usize, d1: usize, d2: usize): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) {
    const o = <usize>r * rowBytes;
    for (let c = 0; c < cols; c++) {
      const co = o + (<usize>c << 2);
      let z = load<f32>(x + co);
      if (bias != 0) z += load<f32>(bias + (<usize>c << 2));
      scalarActivation(kind, <f64>z, y + co, d1 + co, at(d2, co));
    }
  }
}

/** out[i] = a[i]·b[i] for i < n (the tangent and backward maps of an activation). out may alias a or b. */
export function mul(n: i32, a: usize, b: usize, out: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.mul(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(a + o) * load<f32>(b + o));
  }
}

/** out[i] = a[i] + b[i] for i < n. out may alias a or b. */
export function add(n: i32, a: usize, b: usize, out: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    v128.store(out + o, f32x4.add(v128.load(a + o), v128.load(b + o)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    store<f32>(out + o, load<f32>(a + o) + load<f32>(b + o));
  }
}

/**
 * The reverse map of an activation through (primal, tangent), for i < n:
 * out[i] = d1·g + (d2·xt)·gt and, when outT ≠ 0, outT[i] = d1·gt; evaluated in float64 and rounded,
 * exactly as the TypeScript kernels do. Outputs must not alias the inputs.
 */
export function dual(n: i32, d1: usize, d2: usize, xt: usize, g: usize, gt: usize, out: usize, outT: usize): void {
  if (outT != 0) dualLoop(true, n, d1, d2, xt, g, gt, out, outT);
  else dualLoop(false, n, d1, d2, xt, g, gt, out, outT);
}

/** The dual map's loop (`withT` is a constant at each inlined use). */
// @ts-ignore: decorator
@inline
function dualLoop(withT: bool, n: i32, d1: usize, d2: usize, xt: usize, g: usize, gt: usize, out: usize, outT: usize): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const a = v128.load(d1 + o), b = v128.load(d2 + o), x = v128.load(xt + o);
    const gp = v128.load(g + o), gq = v128.load(gt + o);
    // Low and high pairs in float64.
    const lo = f64x2.add(
      f64x2.mul(f64x2.promote_low_f32x4(a), f64x2.promote_low_f32x4(gp)),
      f64x2.mul(f64x2.mul(f64x2.promote_low_f32x4(b), f64x2.promote_low_f32x4(x)), f64x2.promote_low_f32x4(gq)),
    );
    const ah = v128.shuffle<f32>(a, a, 2, 3, 0, 1), bh = v128.shuffle<f32>(b, b, 2, 3, 0, 1), xh = v128.shuffle<f32>(x, x, 2, 3, 0, 1);
    const gph = v128.shuffle<f32>(gp, gp, 2, 3, 0, 1), gqh = v128.shuffle<f32>(gq, gq, 2, 3, 0, 1);
    const hi = f64x2.add(
      f64x2.mul(f64x2.promote_low_f32x4(ah), f64x2.promote_low_f32x4(gph)),
      f64x2.mul(f64x2.mul(f64x2.promote_low_f32x4(bh), f64x2.promote_low_f32x4(xh)), f64x2.promote_low_f32x4(gqh)),
    );
    const lo32 = f32x4.demote_f64x2_zero(lo), hi32 = f32x4.demote_f64x2_zero(hi);
    v128.store(out + o, v128.shuffle<f32>(lo32, hi32, 0, 1, 4, 5));
    if (withT) v128.store(outT + o, f32x4.mul(a, gq));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const a = <f64>load<f32>(d1 + o), gq = <f64>load<f32>(gt + o);
    const v = a * <f64>load<f32>(g + o) + <f64>load<f32>(d2 + o) * <f64>load<f32>(xt + o) * gq;
    store<f32>(out + o, <f32>v);
    if (withT) store<f32>(outT + o, <f32>(a * gq));
  }
}

/** y[r, :] += bias over a rows×cols block. */
export function addBias(rows: i32, cols: i32, y: usize, bias: usize): void {
  const rowBytes = <usize>cols << 2;
  for (let r = 0; r < rows; r++) add(cols, y + <usize>r * rowBytes, bias, y + <usize>r * rowBytes);
}

/**
 * acc[c] += Σ_r g[r, c] for columns c in [c0, c1) of a rows×cols block, adding the rows in order
 * (the same order, and so the same float32 result, as the TypeScript kernels).
 */
export function columnSums(rows: i32, cols: i32, c0: i32, c1: i32, g: usize, acc: usize): void {
  const rowBytes = <usize>cols << 2;
  let c = c0;
  // 16 columns at a time: four accumulators in registers, the rows streamed in order.
  for (; c + 16 <= c1; c += 16) {
    const co = <usize>c << 2;
    let s0 = v128.load(acc + co, 0), s1 = v128.load(acc + co, 16), s2 = v128.load(acc + co, 32), s3 = v128.load(acc + co, 48);
    let p = g + co;
    for (let r = 0; r < rows; r++) {
      s0 = f32x4.add(s0, v128.load(p, 0));
      s1 = f32x4.add(s1, v128.load(p, 16));
      s2 = f32x4.add(s2, v128.load(p, 32));
      s3 = f32x4.add(s3, v128.load(p, 48));
      p += rowBytes;
    }
    v128.store(acc + co, s0, 0);
    v128.store(acc + co, s1, 16);
    v128.store(acc + co, s2, 32);
    v128.store(acc + co, s3, 48);
  }
  for (; c + 4 <= c1; c += 4) {
    const co = <usize>c << 2;
    let s = v128.load(acc + co);
    let p = g + co;
    for (let r = 0; r < rows; r++) {
      s = f32x4.add(s, v128.load(p));
      p += rowBytes;
    }
    v128.store(acc + co, s);
  }
  for (; c < c1; c++) {
    const co = <usize>c << 2;
    let s = load<f32>(acc + co);
    let p = g + co;
    for (let r = 0; r < rows; r++) {
      s += load<f32>(p);
      p += rowBytes;
    }
    store<f32>(acc + co, s);
  }
}

/** The smallest normal float32: Adam flushes smaller magnitudes to zero. */
const F32_MIN_NORMAL: f32 = 1.17549435e-38;

/**
 * One Adam update (torch.optim.Adam with L2 weight decay) of n float32 parameters with float64
 * moments, in the same operations as the TypeScript kernels: g = grad + wd·value; m = β₁m + (1−β₁)g;
 * v = β₂v + (1−β₂)g² in float64; value −= (step·m)/(√v·(1/√bc₂) + ε) in float32, a subnormal result
 * flushed to zero.
 */
export function adam(
  n: i32,
  value: usize,
  grad: usize,
  m: usize,
  v: usize,
  weightDecay: f64,
  beta1: f64,
  beta2: f64,
  stepSize: f64,
  sqrtBc2: f64,
  eps: f64,
): void {
  const wd = f64x2.splat(weightDecay), b1 = f64x2.splat(beta1), b2 = f64x2.splat(beta2);
  const c1 = f64x2.splat(1 - beta1), c2 = f64x2.splat(1 - beta2);
  const st = f64x2.splat(stepSize);
  const inverseBc2 = <f32>(1 / sqrtBc2), epsilon = <f32>eps;
  const ib = f32x4.splat(inverseBc2), ep = f32x4.splat(epsilon), smallest = f32x4.splat(F32_MIN_NORMAL);
  let i = 0;
  for (; i + 2 <= n; i += 2) {
    const o4 = <usize>i << 2, o8 = <usize>i << 3;
    const wf = v128.load64_zero(value + o4);
    const w = f64x2.promote_low_f32x4(wf);
    const g = f64x2.add(f64x2.promote_low_f32x4(v128.load64_zero(grad + o4)), f64x2.mul(wd, w));
    const mi = f64x2.add(f64x2.mul(b1, v128.load(m + o8)), f64x2.mul(c1, g));
    const vi = f64x2.add(f64x2.mul(b2, v128.load(v + o8)), f64x2.mul(f64x2.mul(c2, g), g));
    v128.store(m + o8, mi);
    v128.store(v + o8, vi);
    // Two lanes of four carry values; the others hold 0 / ε = 0.
    const denominator = f32x4.add(f32x4.mul(f32x4.sqrt(f32x4.demote_f64x2_zero(vi)), ib), ep);
    const quotient = f32x4.div(f32x4.demote_f64x2_zero(f64x2.mul(st, mi)), denominator);
    const next = f32x4.sub(wf, quotient);
    v128.store64_lane(value + o4, v128.andnot(next, f32x4.lt(f32x4.abs(next), smallest)), 0);
  }
  for (; i < n; i++) {
    const o4 = <usize>i << 2, o8 = <usize>i << 3;
    const wf = load<f32>(value + o4);
    const g = <f64>load<f32>(grad + o4) + weightDecay * <f64>wf;
    const mi = beta1 * load<f64>(m + o8) + (1 - beta1) * g;
    const vi = beta2 * load<f64>(v + o8) + (1 - beta2) * g * g;
    store<f64>(m + o8, mi);
    store<f64>(v + o8, vi);
    const denominator = Mathf.sqrt(<f32>vi) * inverseBc2 + epsilon;
    const next = wf - <f32>(stepSize * mi) / denominator;
    store<f32>(value + o4, Mathf.abs(next) < F32_MIN_NORMAL ? 0 : next);
  }
}
