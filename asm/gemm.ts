// Float32 matrix multiply for WebAssembly SIMD (f32x4), compiled by AssemblyScript
// (scripts/build-wasm.mjs). No relaxed SIMD: products use f32x4.mul + f32x4.add.
//
// C = op(A)·op(B), or C += op(A)·op(B) when `accumulate`; all matrices row-major and dense
// (leading dimension = column count); op(X) = Xᵀ when the matching trans flag is set. Pointers
// are byte offsets into the (imported, shared) linear memory and need only be 4-byte aligned
// (all vector loads/stores are unaligned-safe). The kernel allocates nothing: packing space is a
// caller-reserved region of `scratchBytes()` bytes passed as `scratch`; concurrent callers (e.g.
// worker threads on the same memory) each need their own region.
//
// Structure (BLIS-like): for each NC-column block and KC-deep slice, op(B) is packed into
// NR-column micro-panels (kc×NR, contiguous, zero-padded); for each MC-row block op(A) is packed
// into MR-row micro-panels (kc×MR, zero-padded); an MR×NR = 2×16 register-blocked micro-kernel
// (8 f32x4 accumulators) computes each C tile. Ragged tiles run the same micro-kernel into a
// small tile buffer whose valid corner is copied into C.
//
// Thin products (n much smaller than NR, e.g. m×2 outputs) would waste most of a 16-wide tile,
// so they are computed transposed: Cᵀ = op(B)ᵀ·op(A)ᵀ, which puts the small dimension on the
// 2-row side of the micro-kernel; tiles are then written into C transposed.
//
// Why 2×16: V8 (TurboFan, x64) gives WebAssembly 15 allocatable xmm registers and schedules loads
// early. Measured in isolation, the 2×16 kernel with a non-unrolled k loop (8 accumulators, 4 B
// vectors, 2 broadcast A values, 1 temporary) runs at the machine's mul+add peak; 4×8 ran ~20%
// slower, unrolling the k loop or using more than 8 accumulators causes spills and is far slower.

// @ts-ignore: decorator
@inline const MR: i32 = 2;
// @ts-ignore: decorator
@inline const NR: i32 = 16;
// @ts-ignore: decorator
@inline const KC: i32 = 256;
// @ts-ignore: decorator
@inline const MC: i32 = 128;
// @ts-ignore: decorator
@inline const NC: i32 = 512;

// Scratch layout (bytes): packed B (KC×NC), packed A (MC×KC), one MR×NR tile.
// @ts-ignore: decorator
@inline const PACK_B_BYTES: usize = <usize>(KC * NC * 4);
// @ts-ignore: decorator
@inline const PACK_A_BYTES: usize = <usize>(MC * KC * 4);
// @ts-ignore: decorator
@inline const TILE_BYTES: usize = <usize>(MR * NR * 4);

/** Bytes of scratch space one `gemm` call needs (the caller reserves it; 16-byte alignment advised). */
export function scratchBytes(): usize {
  return PACK_B_BYTES + PACK_A_BYTES + TILE_BYTES;
}

/** First byte of linear memory after this module's static data: callers allocate from here on. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * C = op(A)·op(B) (accumulate = false) or C += op(A)·op(B) (accumulate = true). op(A) is m×k,
 * op(B) is k×n, C is m×n, all dense; a, b, c and scratch are byte offsets into linear memory. C must
 * not overlap A or B. `thin`: 0, or THIN_N (1) when n ≤ THIN_MAX, THIN_M (2) when m ≤ THIN_MAX, to
 * compute the product row by row (`thinProduct`).
 */
export function gemm(
  transA: bool,
  transB: bool,
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  b: usize,
  c: usize,
  accumulate: bool,
  thin: i32,
  scratch: usize,
): void {
  gemmStrided(transA, transB, m, n, k, a, transA ? m : k, b, transB ? k : n, c, n, accumulate, thin, scratch);
}

/**
 * Like `gemm`, with explicit leading dimensions (elements between consecutive rows of A, B and C as
 * stored), so that a block of rows or columns of a larger product can be computed on its own. Each
 * element of C is summed in the same order whatever the block (the k-slicing depends on k only), so
 * splitting C into blocks — e.g. across threads — gives bit-identical results, provided every block
 * is given the same `thin` mode (chosen on the whole product; see `thinProduct`).
 */
export function gemmStrided(
  transA: bool,
  transB: bool,
  m: i32,
  n: i32,
  k: i32,
  a: usize,
  lda: i32,
  b: usize,
  ldb: i32,
  c: usize,
  ldcElems: i32,
  accumulate: bool,
  thin: i32,
  scratch: usize,
): void {
  if (m <= 0 || n <= 0) return;
  const ldc = <usize>ldcElems << 2;
  if (k <= 0) {
    if (!accumulate) {
      for (let i = 0; i < m; i++) memory.fill(c + <usize>i * ldc, 0, <usize>n << 2);
    }
    return;
  }
  const ldaBytes = <usize>lda << 2; // bytes between consecutive rows of A as stored
  const ldbBytes = <usize>ldb << 2;
  if (thin == THIN_N) {
    thinProduct(transA, a, ldaBytes, transB, b, ldbBytes, m, n, k, c, ldc, false, accumulate, scratch);
    return;
  }
  if (thin == THIN_M) {
    // Cᵀ (n×m) = op(B)ᵀ·op(A)ᵀ, whose few columns are C's few rows.
    thinProduct(!transB, b, ldbBytes, !transA, a, ldaBytes, n, m, k, c, ldc, true, accumulate, scratch);
    return;
  }
  if (k <= SMALL_K && n >= 8 && <usize>(k * n) << 2 <= PACK_B_BYTES) {
    smallK(transA, a, ldaBytes, transB, b, ldbBytes, m, n, k, c, ldc, accumulate, scratch);
    return;
  }
  // Padded work of the direct and the transposed formulation (rows to MR, columns to NR).
  const direct = <f64>roundUp(m, MR) * <f64>roundUp(n, NR);
  const swapped = <f64>roundUp(n, MR) * <f64>roundUp(m, NR);
  if (swapped < 0.75 * direct) {
    // Cᵀ (n×m) = op(B)ᵀ·op(A)ᵀ: op(B)ᵀ is B read with the opposite trans flag, likewise op(A)ᵀ.
    blocked(!transB, b, ldbBytes, !transA, a, ldaBytes, n, m, k, c, ldc, true, accumulate, scratch);
  } else {
    blocked(transA, a, ldaBytes, transB, b, ldbBytes, m, n, k, c, ldc, false, accumulate, scratch);
  }
}

// Products with a tiny inner dimension (k ≤ SMALL_K, e.g. the input layer of a 2-d system: k = 2)
// would spend most of their time in the blocked path's tile overhead; they are computed row by row
// instead: op(B) is copied into k contiguous rows, and each row of C is Σ_p op(A)(i, p)·op(B)(p, :).
// Every element is summed exactly as the blocked path sums it — starting from 0, p in order, then C
// added — so both paths (and any split of C) give the same bits.
// @ts-ignore: decorator
@inline const SMALL_K: i32 = 4;

function smallK(
  transA: bool,
  a: usize,
  lda: usize,
  transB: bool,
  b: usize,
  ldb: usize,
  m: i32,
  n: i32,
  k: i32,
  c: usize,
  ldc: usize,
  accumulate: bool,
  scratch: usize,
): void {
  // op(B) → k rows of n floats at `scratch` (op(B)(p, j) = B[j·ldb + p] or B[p·ldb + j]).
  if (transB) gatherRows(b, 4, ldb, k, n, scratch);
  else gatherRows(b, ldb, 4, k, n, scratch);
  // op(A)(i, p) = A[p·lda + i] (transA) or A[i·lda + p]: element (i, p) at a + i·si + p·sp.
  const si: usize = transA ? 4 : lda;
  const sp: usize = transA ? lda : 4;
  // One loop per (k, accumulate), so that no test is left inside (V8 does not hoist them).
  if (accumulate) {
    if (k == 1) smallKRows(1, true, a, si, sp, m, n, c, ldc, scratch);
    else if (k == 2) smallKRows(2, true, a, si, sp, m, n, c, ldc, scratch);
    else if (k == 3) smallKRows(3, true, a, si, sp, m, n, c, ldc, scratch);
    else smallKRows(4, true, a, si, sp, m, n, c, ldc, scratch);
  } else {
    if (k == 1) smallKRows(1, false, a, si, sp, m, n, c, ldc, scratch);
    else if (k == 2) smallKRows(2, false, a, si, sp, m, n, c, ldc, scratch);
    else if (k == 3) smallKRows(3, false, a, si, sp, m, n, c, ldc, scratch);
    else smallKRows(4, false, a, si, sp, m, n, c, ldc, scratch);
  }
}

/**
 * Copies `rows` vectors of `len` floats into contiguous rows at `dst`: element q of vector r is read
 * at src + r·rowStep + q·elemStep (bytes; one memory.copy per row when the elements are adjacent).
 */
function gatherRows(src: usize, rowStep: usize, elemStep: usize, rows: i32, len: i32, dst: usize): void {
  const rowBytes = <usize>len << 2;
  for (let r = 0; r < rows; r++) {
    const from = src + <usize>r * rowStep;
    const to = dst + <usize>r * rowBytes;
    if (elemStep == 4) {
      memory.copy(to, from, rowBytes);
    } else {
      for (let q = 0; q < len; q++) store<f32>(to + (<usize>q << 2), load<f32>(from + <usize>q * elemStep));
    }
  }
}

/** The rows of a small-k product (`k` and `accumulate` are constants at each inlined use). */
// @ts-ignore: decorator
@inline
function smallKRows(k: i32, accumulate: bool, a: usize, si: usize, sp: usize, m: i32, n: i32, c: usize, ldc: usize, bp: usize): void {
  const rowB = <usize>n << 2;
  for (let i = 0; i < m; i++) {
    const ai = a + <usize>i * si;
    const a0 = load<f32>(ai);
    const a1 = k > 1 ? load<f32>(ai + sp) : <f32>0;
    const a2 = k > 2 ? load<f32>(ai + 2 * sp) : <f32>0;
    const a3 = k > 3 ? load<f32>(ai + 3 * sp) : <f32>0;
    const v0 = f32x4.splat(a0), v1 = f32x4.splat(a1), v2 = f32x4.splat(a2), v3 = f32x4.splat(a3);
    const crow = c + <usize>i * ldc;
    let j = 0;
    for (; j + 4 <= n; j += 4) {
      const o = <usize>j << 2;
      let t = f32x4.add(f32x4.splat(0), f32x4.mul(v0, v128.load(bp + o)));
      if (k > 1) t = f32x4.add(t, f32x4.mul(v1, v128.load(bp + rowB + o)));
      if (k > 2) t = f32x4.add(t, f32x4.mul(v2, v128.load(bp + 2 * rowB + o)));
      if (k > 3) t = f32x4.add(t, f32x4.mul(v3, v128.load(bp + 3 * rowB + o)));
      if (accumulate) t = f32x4.add(t, v128.load(crow + o));
      v128.store(crow + o, t);
    }
    for (; j < n; j++) {
      const o = <usize>j << 2;
      let t: f32 = <f32>0 + a0 * load<f32>(bp + o);
      if (k > 1) t += a1 * load<f32>(bp + rowB + o);
      if (k > 2) t += a2 * load<f32>(bp + 2 * rowB + o);
      if (k > 3) t += a3 * load<f32>(bp + 3 * rowB + o);
      store<f32>(crow + o, accumulate ? t + load<f32>(crow + o) : t);
    }
  }
}

// Thin products (one side of C at most THIN_MAX wide, e.g. the m×2 output layer of an HNN, or its
// 2×200 and 200×2 weight gradients) use each element of the big operand only once or twice: the
// blocked path would spend its time packing that operand. Here it is streamed once instead. With
// D = op(X)·op(Y), D being C (THIN_N: n small) or Cᵀ (THIN_M: m small), the few columns of op(Y) are
// copied into N contiguous rows of K floats; then
//  - op(X) with rows contiguous in p (not transX): each D(i, j) is a dot product over p in vector
//    lanes (`thinDots` gives the exact order), then the last K mod 4 products in order;
//  - op(X) with columns contiguous in i (transX): 16 or 8 rows of D at a time, summed over p in
//    order (axpy of op(X)'s row p with op(Y)(p, j)).
// Then C is D (or C + D when accumulating). The order depends on K only, never on which rows of D a
// block holds, so any split of D's rows gives the same bits. The mode is the caller's choice, made on
// the whole product (a block of a product that is not thin may itself look thin).
// @ts-ignore: decorator
@inline const THIN_N: i32 = 1;
// @ts-ignore: decorator
@inline const THIN_M: i32 = 2;

/** Most columns of op(Y) a thin product takes (N). */
// @ts-ignore: decorator
@inline const THIN_MAX: i32 = 4;

/** Largest inner dimension K a thin product takes: its N ≤ 4 rows of op(Y) must fit the scratch. */
export function thinMaxK(): i32 {
  return <i32>(PACK_B_BYTES / <usize>(THIN_MAX << 2));
}

function thinProduct(
  transX: bool,
  x: usize,
  ldx: usize,
  transY: bool,
  y: usize,
  ldy: usize,
  m: i32,
  n: i32,
  k: i32,
  c: usize,
  ldc: usize,
  transC: bool,
  accumulate: bool,
  scratch: usize,
): void {
  // op(Y)(p, j) → yt[j·k + p] (op(Y)(p, j) = Y[j·ldy + p] or Y[p·ldy + j]).
  if (transY) gatherRows(y, ldy, 4, n, k, scratch);
  else gatherRows(y, 4, ldy, n, k, scratch);
  // D(i, j) is stored at c + i·si + j·sj.
  const si: usize = transC ? 4 : ldc;
  const sj: usize = transC ? ldc : 4;
  if (transX) {
    if (n == 1) thinColumns(1, accumulate, x, ldx, m, k, c, si, sj, scratch);
    else if (n == 2) thinColumns(2, accumulate, x, ldx, m, k, c, si, sj, scratch);
    else if (n == 3) thinColumns(3, accumulate, x, ldx, m, k, c, si, sj, scratch);
    else thinColumns(4, accumulate, x, ldx, m, k, c, si, sj, scratch);
  } else {
    if (n == 1) thinDots(1, accumulate, x, ldx, m, k, c, si, sj, scratch);
    else if (n == 2) thinDots(2, accumulate, x, ldx, m, k, c, si, sj, scratch);
    else if (n == 3) thinDots(3, accumulate, x, ldx, m, k, c, si, sj, scratch);
    else thinDots(4, accumulate, x, ldx, m, k, c, si, sj, scratch);
  }
}

/** Stores D(i, j) = v at `d` (or adds it to what is there). */
// @ts-ignore: decorator
@inline
function putD(accumulate: bool, d: usize, v: f32): void {
  store<f32>(d, accumulate ? load<f32>(d) + v : v);
}

/** Sum of a vector's lanes, ((l0 + l1) + (l2 + l3)). */
// @ts-ignore: decorator
@inline
function lanesSum(v: v128): f32 {
  return f32x4.extract_lane(v, 0) + f32x4.extract_lane(v, 1) + (f32x4.extract_lane(v, 2) + f32x4.extract_lane(v, 3));
}

/**
 * Thin product, op(X) rows contiguous: D(i, j) = op(X)(i, :)·yt(j, :) (`n`, `accumulate` constant at
 * each inlined use). Two vector sums per column (p in blocks of 8: lanes of p…p+3 and of p+4…p+7,
 * then a last block of 4 into the first) keep two add chains in flight; they are added lane by lane,
 * the lanes summed, then the last K mod 4 products added in order.
 */
// @ts-ignore: decorator
@inline
function thinDots(n: i32, accumulate: bool, x: usize, ldx: usize, m: i32, k: i32, c: usize, si: usize, sj: usize, yt: usize): void {
  const rowY = <usize>k << 2;
  const k8 = k & ~7;
  const k4 = k & ~3;
  const y1 = yt + rowY, y2 = yt + 2 * rowY, y3 = yt + 3 * rowY;
  for (let i = 0; i < m; i++) {
    const xi = x + <usize>i * ldx;
    let s0 = f32x4.splat(0), s1 = f32x4.splat(0), s2 = f32x4.splat(0), s3 = f32x4.splat(0);
    let u0 = f32x4.splat(0), u1 = f32x4.splat(0), u2 = f32x4.splat(0), u3 = f32x4.splat(0);
    for (let p = 0; p < k8; p += 8) {
      const o = <usize>p << 2;
      const xa = v128.load(xi + o), xb = v128.load(xi + o, 16);
      s0 = f32x4.add(s0, f32x4.mul(xa, v128.load(yt + o)));
      u0 = f32x4.add(u0, f32x4.mul(xb, v128.load(yt + o, 16)));
      if (n > 1) {
        s1 = f32x4.add(s1, f32x4.mul(xa, v128.load(y1 + o)));
        u1 = f32x4.add(u1, f32x4.mul(xb, v128.load(y1 + o, 16)));
      }
      if (n > 2) {
        s2 = f32x4.add(s2, f32x4.mul(xa, v128.load(y2 + o)));
        u2 = f32x4.add(u2, f32x4.mul(xb, v128.load(y2 + o, 16)));
      }
      if (n > 3) {
        s3 = f32x4.add(s3, f32x4.mul(xa, v128.load(y3 + o)));
        u3 = f32x4.add(u3, f32x4.mul(xb, v128.load(y3 + o, 16)));
      }
    }
    if (k4 > k8) {
      const o = <usize>k8 << 2;
      const xa = v128.load(xi + o);
      s0 = f32x4.add(s0, f32x4.mul(xa, v128.load(yt + o)));
      if (n > 1) s1 = f32x4.add(s1, f32x4.mul(xa, v128.load(y1 + o)));
      if (n > 2) s2 = f32x4.add(s2, f32x4.mul(xa, v128.load(y2 + o)));
      if (n > 3) s3 = f32x4.add(s3, f32x4.mul(xa, v128.load(y3 + o)));
    }
    let t0 = lanesSum(f32x4.add(s0, u0)), t1 = lanesSum(f32x4.add(s1, u1));
    let t2 = lanesSum(f32x4.add(s2, u2)), t3 = lanesSum(f32x4.add(s3, u3));
    for (let p = k4; p < k; p++) {
      const o = <usize>p << 2;
      const xv = load<f32>(xi + o);
      t0 += xv * load<f32>(yt + o);
      if (n > 1) t1 += xv * load<f32>(y1 + o);
      if (n > 2) t2 += xv * load<f32>(y2 + o);
      if (n > 3) t3 += xv * load<f32>(y3 + o);
    }
    const d = c + <usize>i * si;
    putD(accumulate, d, t0);
    if (n > 1) putD(accumulate, d + sj, t1);
    if (n > 2) putD(accumulate, d + 2 * sj, t2);
    if (n > 3) putD(accumulate, d + 3 * sj, t3);
  }
}

/**
 * Thin product, op(X) columns contiguous (op(X)(i, p) = X[p·ldx + i]): sixteen or eight rows of D at
 * a time, D(i, j) = Σ_p op(X)(i, p)·yt(j, p) in order of p; the last rows one by one, in the same
 * order (so every row's bits are the same whichever chunk it falls in).
 */
// @ts-ignore: decorator
@inline
function thinColumns(n: i32, accumulate: bool, x: usize, ldx: usize, m: i32, k: i32, c: usize, si: usize, sj: usize, yt: usize): void {
  const rowY = <usize>k << 2;
  let i = 0;
  // With one or two columns, sixteen rows at a time (eight sums in flight, a cache line per p).
  if (n <= 2) {
    for (; i + 16 <= m; i += 16) {
      let a0 = f32x4.splat(0), b0 = f32x4.splat(0), e0 = f32x4.splat(0), f0 = f32x4.splat(0);
      let a1 = f32x4.splat(0), b1 = f32x4.splat(0), e1 = f32x4.splat(0), f1 = f32x4.splat(0);
      let xp = x + (<usize>i << 2);
      for (let p = 0; p < k; p++) {
        const o = <usize>p << 2;
        const v0 = v128.load(xp), v1 = v128.load(xp, 16), v2 = v128.load(xp, 32), v3 = v128.load(xp, 48);
        const y0 = v128.load32_splat(yt + o);
        a0 = f32x4.add(a0, f32x4.mul(v0, y0));
        b0 = f32x4.add(b0, f32x4.mul(v1, y0));
        e0 = f32x4.add(e0, f32x4.mul(v2, y0));
        f0 = f32x4.add(f0, f32x4.mul(v3, y0));
        if (n > 1) {
          const y1 = v128.load32_splat(yt + rowY + o);
          a1 = f32x4.add(a1, f32x4.mul(v0, y1));
          b1 = f32x4.add(b1, f32x4.mul(v1, y1));
          e1 = f32x4.add(e1, f32x4.mul(v2, y1));
          f1 = f32x4.add(f1, f32x4.mul(v3, y1));
        }
        xp += ldx;
      }
      const d = c + <usize>i * si;
      putLanes(accumulate, d, si, a0, b0);
      putLanes(accumulate, d + 8 * si, si, e0, f0);
      if (n > 1) {
        putLanes(accumulate, d + sj, si, a1, b1);
        putLanes(accumulate, d + sj + 8 * si, si, e1, f1);
      }
    }
  }
  for (; i + 8 <= m; i += 8) {
    let a0 = f32x4.splat(0), b0 = f32x4.splat(0), a1 = f32x4.splat(0), b1 = f32x4.splat(0);
    let a2 = f32x4.splat(0), b2 = f32x4.splat(0), a3 = f32x4.splat(0), b3 = f32x4.splat(0);
    let xp = x + (<usize>i << 2);
    for (let p = 0; p < k; p++) {
      const o = <usize>p << 2;
      const lo = v128.load(xp), hi = v128.load(xp, 16);
      const y0 = v128.load32_splat(yt + o);
      a0 = f32x4.add(a0, f32x4.mul(lo, y0));
      b0 = f32x4.add(b0, f32x4.mul(hi, y0));
      if (n > 1) {
        const y1 = v128.load32_splat(yt + rowY + o);
        a1 = f32x4.add(a1, f32x4.mul(lo, y1));
        b1 = f32x4.add(b1, f32x4.mul(hi, y1));
      }
      if (n > 2) {
        const y2 = v128.load32_splat(yt + 2 * rowY + o);
        a2 = f32x4.add(a2, f32x4.mul(lo, y2));
        b2 = f32x4.add(b2, f32x4.mul(hi, y2));
      }
      if (n > 3) {
        const y3 = v128.load32_splat(yt + 3 * rowY + o);
        a3 = f32x4.add(a3, f32x4.mul(lo, y3));
        b3 = f32x4.add(b3, f32x4.mul(hi, y3));
      }
      xp += ldx;
    }
    const d = c + <usize>i * si;
    putLanes(accumulate, d, si, a0, b0);
    if (n > 1) putLanes(accumulate, d + sj, si, a1, b1);
    if (n > 2) putLanes(accumulate, d + 2 * sj, si, a2, b2);
    if (n > 3) putLanes(accumulate, d + 3 * sj, si, a3, b3);
  }
  for (; i < m; i++) {
    let t0: f32 = 0, t1: f32 = 0, t2: f32 = 0, t3: f32 = 0;
    let xp = x + (<usize>i << 2);
    for (let p = 0; p < k; p++) {
      const o = <usize>p << 2;
      const xv = load<f32>(xp);
      t0 += xv * load<f32>(yt + o);
      if (n > 1) t1 += xv * load<f32>(yt + rowY + o);
      if (n > 2) t2 += xv * load<f32>(yt + 2 * rowY + o);
      if (n > 3) t3 += xv * load<f32>(yt + 3 * rowY + o);
      xp += ldx;
    }
    const d = c + <usize>i * si;
    putD(accumulate, d, t0);
    if (n > 1) putD(accumulate, d + sj, t1);
    if (n > 2) putD(accumulate, d + 2 * sj, t2);
    if (n > 3) putD(accumulate, d + 3 * sj, t3);
  }
}

/** Stores the eight values of (lo, hi) as D(i…i+7, j), rows `si` bytes apart, starting at `d`. */
// @ts-ignore: decorator
@inline
function putLanes(accumulate: bool, d: usize, si: usize, lo: v128, hi: v128): void {
  putD(accumulate, d, f32x4.extract_lane(lo, 0));
  putD(accumulate, d + si, f32x4.extract_lane(lo, 1));
  putD(accumulate, d + 2 * si, f32x4.extract_lane(lo, 2));
  putD(accumulate, d + 3 * si, f32x4.extract_lane(lo, 3));
  putD(accumulate, d + 4 * si, f32x4.extract_lane(hi, 0));
  putD(accumulate, d + 5 * si, f32x4.extract_lane(hi, 1));
  putD(accumulate, d + 6 * si, f32x4.extract_lane(hi, 2));
  putD(accumulate, d + 7 * si, f32x4.extract_lane(hi, 3));
}

// @ts-ignore: decorator
@inline
function roundUp(x: i32, q: i32): i32 {
  return ((x + q - 1) / q) * q;
}

/**
 * The blocked product D = op(X)·op(Y) with op(X) m×k and op(Y) k×n, where op(X)(i, p) is
 * X[p·ldx + i] if transX else X[i·ldx + p] (ld in bytes), op(Y)(p, j) is Y[j·ldy + p] if transY
 * else Y[p·ldy + j]. D is C (row stride ldc) or, when transC, Cᵀ (D(i, j) stored at C[j·ldc + i]).
 */
function blocked(
  transX: bool,
  x: usize,
  ldx: usize,
  transY: bool,
  y: usize,
  ldy: usize,
  m: i32,
  n: i32,
  k: i32,
  c: usize,
  ldc: usize,
  transC: bool,
  accumulate: bool,
  scratch: usize,
): void {
  const packB = scratch;
  const packA = scratch + PACK_B_BYTES;
  const tile = packA + PACK_A_BYTES;
  // Even KC slices, so that the last slice is not a thin remainder.
  const slices = (k + KC - 1) / KC;
  const kcStep = (k + slices - 1) / slices;

  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += kcStep) {
      const kc = min(kcStep, k - pc);
      const add = accumulate || pc > 0;
      packPanelsB(transY, y, ldy, pc, jc, kc, nc, packB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packPanelsA(transX, x, ldx, ic, pc, mc, kc, packA);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bp = packB + (<usize>(jr * kc) << 2);
          const j = jc + jr;
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const ap = packA + (<usize>(ir * kc) << 2);
            const i = ic + ir;
            // A last panel at most half full (e.g. columns 192–199 of 200) runs the 2×8 kernel.
            const half = nr <= NR / 2;
            if (transC) {
              if (half) kernel8(kc, ap, bp, tile, <usize>(NR << 2), false);
              else kernel(kc, ap, bp, tile, <usize>(NR << 2), false);
              copyTileT(tile, c + <usize>j * ldc + (<usize>i << 2), ldc, mr, nr, add);
            } else if (mr == MR && nr == NR) {
              kernel(kc, ap, bp, c + <usize>i * ldc + (<usize>j << 2), ldc, add);
            } else if (mr == MR && nr == NR / 2) {
              kernel8(kc, ap, bp, c + <usize>i * ldc + (<usize>j << 2), ldc, add);
            } else {
              if (half) kernel8(kc, ap, bp, tile, <usize>(NR << 2), false);
              else kernel(kc, ap, bp, tile, <usize>(NR << 2), false);
              copyTile(tile, c + <usize>i * ldc + (<usize>j << 2), ldc, mr, nr, add);
            }
          }
        }
      }
    }
  }
}

/**
 * The 2×16 micro-kernel: T = Σ_p Apanel[p]ᵀ·Bpanel[p] over kc steps (Apanel: 2 floats per step,
 * Bpanel: 16 floats per step), then C[tile] = T (or += T when add); tile rows are ldc bytes apart.
 * Kept as written (one k step per iteration, row by row): see the note at the top of the file.
 */
function kernel(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0), c02 = f32x4.splat(0), c03 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0), c12 = f32x4.splat(0), c13 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const a0 = v128.load32_splat(ap, 0);
    const b0 = v128.load(bp, 0);
    c00 = f32x4.add(c00, f32x4.mul(a0, b0));
    const b1 = v128.load(bp, 16);
    c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    const b2 = v128.load(bp, 32);
    c02 = f32x4.add(c02, f32x4.mul(a0, b2));
    const b3 = v128.load(bp, 48);
    c03 = f32x4.add(c03, f32x4.mul(a0, b3));
    const a1 = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a1, b0));
    c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    c12 = f32x4.add(c12, f32x4.mul(a1, b2));
    c13 = f32x4.add(c13, f32x4.mul(a1, b3));
    ap += 8;
    bp += 64;
  }
  const c1 = c + ldc;
  if (add) {
    c00 = f32x4.add(c00, v128.load(c, 0));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c02 = f32x4.add(c02, v128.load(c, 32));
    c03 = f32x4.add(c03, v128.load(c, 48));
    c10 = f32x4.add(c10, v128.load(c1, 0));
    c11 = f32x4.add(c11, v128.load(c1, 16));
    c12 = f32x4.add(c12, v128.load(c1, 32));
    c13 = f32x4.add(c13, v128.load(c1, 48));
  }
  v128.store(c, c00, 0);
  v128.store(c, c01, 16);
  v128.store(c, c02, 32);
  v128.store(c, c03, 48);
  v128.store(c1, c10, 0);
  v128.store(c1, c11, 16);
  v128.store(c1, c12, 32);
  v128.store(c1, c13, 48);
}

/**
 * The 2×8 micro-kernel for a panel whose columns 8–15 are padding: like `kernel`, on the first 8
 * columns of each 16-wide B row only (the same sums, element for element).
 */
function kernel8(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const a0 = v128.load32_splat(ap, 0);
    const b0 = v128.load(bp, 0);
    const b1 = v128.load(bp, 16);
    c00 = f32x4.add(c00, f32x4.mul(a0, b0));
    c01 = f32x4.add(c01, f32x4.mul(a0, b1));
    const a1 = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(a1, b0));
    c11 = f32x4.add(c11, f32x4.mul(a1, b1));
    ap += 8;
    bp += 64;
  }
  const c1 = c + ldc;
  if (add) {
    c00 = f32x4.add(c00, v128.load(c, 0));
    c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(c1, 0));
    c11 = f32x4.add(c11, v128.load(c1, 16));
  }
  v128.store(c, c00, 0);
  v128.store(c, c01, 16);
  v128.store(c1, c10, 0);
  v128.store(c1, c11, 16);
}

/** Copies (or adds) the valid mr×nr corner of an MR×NR tile into C at c (rows ldc bytes apart). */
function copyTile(tile: usize, c: usize, ldc: usize, mr: i32, nr: i32, add: bool): void {
  for (let i = 0; i < mr; i++) {
    const src = tile + (<usize>(i * NR) << 2);
    const dst = c + <usize>i * ldc;
    for (let j = 0; j < nr; j++) {
      const o = <usize>j << 2;
      const v = load<f32>(src + o);
      store<f32>(dst + o, add ? load<f32>(dst + o) + v : v);
    }
  }
}

/** Like copyTile, but tile element (i, j) goes to C[j·ldc + i] (the tile is a block of Cᵀ). */
function copyTileT(tile: usize, c: usize, ldc: usize, mr: i32, nr: i32, add: bool): void {
  for (let j = 0; j < nr; j++) {
    const dst = c + <usize>j * ldc;
    for (let i = 0; i < mr; i++) {
      const o = <usize>i << 2;
      const v = load<f32>(tile + (<usize>(i * NR + j) << 2));
      store<f32>(dst + o, add ? load<f32>(dst + o) + v : v);
    }
  }
}

// ---- op(X) → MR-row micro-panels: element (r, p) of a panel at panel + (p·MR + r)·4. ----

/** Packs rows i0..i0+mc, columns p0..p0+kc of op(X) into consecutive MR-row micro-panels. */
function packPanelsA(trans: bool, x: usize, ld: usize, i0: i32, p0: i32, mc: i32, kc: i32, dst: usize): void {
  const panelBytes = <usize>(kc * MR) << 2;
  let ir = 0;
  if (trans) {
    // op(X)(i, p) = X[p·ld + i]: rows are contiguous in X; 4 rows (two panels) per vector.
    for (; ir + 2 * MR <= mc; ir += 2 * MR) {
      let src = x + <usize>p0 * ld + (<usize>(i0 + ir) << 2);
      let d = dst;
      for (let p = 0; p < kc; p++) {
        const v = v128.load(src);
        v128.store64_lane(d, v, 0);
        v128.store64_lane(d + panelBytes, v, 1);
        src += ld;
        d += 8;
      }
      dst += 2 * panelBytes;
    }
    for (; ir < mc; ir += MR) {
      const mr = min(MR, mc - ir);
      let src = x + <usize>p0 * ld + (<usize>(i0 + ir) << 2);
      for (let p = 0; p < kc; p++) {
        store<f32>(dst, load<f32>(src));
        store<f32>(dst, mr > 1 ? load<f32>(src, 4) : 0, 4);
        src += ld;
        dst += 8;
      }
    }
  } else {
    // op(X)(i, p) = X[i·ld + p]: interleave two rows, 4 columns at a time.
    for (; ir < mc; ir += MR) {
      const mr = min(MR, mc - ir);
      const s0 = x + <usize>(i0 + ir) * ld + (<usize>p0 << 2);
      if (mr == MR) {
        const s1 = s0 + ld;
        let p = 0;
        for (; p + 4 <= kc; p += 4) {
          const o = <usize>p << 2;
          const v0 = v128.load(s0 + o);
          const v1 = v128.load(s1 + o);
          v128.store(dst, v128.shuffle<f32>(v0, v1, 0, 4, 1, 5), 0);
          v128.store(dst, v128.shuffle<f32>(v0, v1, 2, 6, 3, 7), 16);
          dst += 32;
        }
        for (; p < kc; p++) {
          const o = <usize>p << 2;
          store<f32>(dst, load<f32>(s0 + o), 0);
          store<f32>(dst, load<f32>(s1 + o), 4);
          dst += 8;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          store<f32>(dst, load<f32>(s0 + (<usize>p << 2)), 0);
          store<f32>(dst, 0, 4);
          dst += 8;
        }
      }
    }
  }
}

// ---- op(Y) → NR-column micro-panels: element (p, j) of a panel at panel + (p·NR + j)·4. ----

/** Packs rows p0..p0+kc, columns j0..j0+nc of op(Y) into consecutive NR-column micro-panels. */
function packPanelsB(trans: bool, y: usize, ld: usize, p0: i32, j0: i32, kc: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    if (trans) {
      // op(Y)(p, j) = Y[j·ld + p]: 4×4 transposes of 4 columns × 4 steps.
      const src = y + <usize>(j0 + jr) * ld + (<usize>p0 << 2);
      if (nr == NR) {
        const ld4 = ld << 2;
        let p = 0;
        for (; p + 4 <= kc; p += 4) {
          let s = src + (<usize>p << 2);
          for (let h = 0; h < NR / 4; h++) {
            const v0 = v128.load(s);
            const v1 = v128.load(s + ld);
            const v2 = v128.load(s + 2 * ld);
            const v3 = v128.load(s + 3 * ld);
            const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5);
            const t1 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5);
            const t2 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
            const t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
            const d = dst + (<usize>h << 4);
            v128.store(d, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), 0);
            v128.store(d, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), NR * 4);
            v128.store(d, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), NR * 8);
            v128.store(d, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), NR * 12);
            s += ld4;
          }
          dst += NR * 16;
        }
        for (; p < kc; p++) {
          const o = <usize>p << 2;
          for (let j = 0; j < NR; j++) store<f32>(dst + (<usize>j << 2), load<f32>(src + <usize>j * ld + o));
          dst += NR * 4;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          const o = <usize>p << 2;
          for (let j = 0; j < NR; j++) {
            store<f32>(dst + (<usize>j << 2), j < nr ? load<f32>(src + <usize>j * ld + o) : 0);
          }
          dst += NR * 4;
        }
      }
    } else {
      // op(Y)(p, j) = Y[p·ld + j]: NR consecutive floats per step.
      let src = y + <usize>p0 * ld + (<usize>(j0 + jr) << 2);
      if (nr == NR) {
        for (let p = 0; p < kc; p++) {
          v128.store(dst, v128.load(src, 0), 0);
          v128.store(dst, v128.load(src, 16), 16);
          v128.store(dst, v128.load(src, 32), 32);
          v128.store(dst, v128.load(src, 48), 48);
          src += ld;
          dst += NR * 4;
        }
      } else {
        for (let p = 0; p < kc; p++) {
          for (let j = 0; j < NR; j++) {
            store<f32>(dst + (<usize>j << 2), j < nr ? load<f32>(src + (<usize>j << 2)) : 0);
          }
          src += ld;
          dst += NR * 4;
        }
      }
    }
  }
}
