// Float32 matrix multiply for WebAssembly SIMD (f32x4), compiled by AssemblyScript.
//
// C = op(A)·op(B) (or C += … when `accumulate`), all row-major, op(X) = Xᵀ when the matching trans
// flag is set. Pointers are byte offsets into the (imported, shared) linear memory; they need only be
// 4-byte aligned. The kernel allocates nothing: packing space is a caller-reserved region of
// `scratchBytes()` bytes passed as `scratch` (one region per concurrent caller).
//
// Structure (BLIS-like): for each NC-column block and KC-deep slice, op(B) is packed into
// NR-column micro-panels (KC×NR, contiguous), then for each MC-row block op(A) is packed into
// MR-row micro-panels (KC×MR), and an MR×NR register-blocked micro-kernel computes each C tile
// with 8 f32x4 accumulators (4 rows × 2 vectors). Packing pads with zeros, so ragged edges run
// the same micro-kernel into a small tile buffer whose valid part is then copied into C.

// @ts-ignore: decorator
@inline const MR: i32 = 4;
// @ts-ignore: decorator
@inline const NR: i32 = 8;
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

/** Bytes of scratch space one `gemm` call needs (the caller reserves it, 16-byte aligned). */
export function scratchBytes(): usize {
  return PACK_B_BYTES + PACK_A_BYTES + TILE_BYTES;
}

/** First byte of linear memory after this module's static data: callers allocate from here on. */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * C = op(A)·op(B) (accumulate = false) or C += op(A)·op(B) (accumulate = true). op(A) is m×k,
 * op(B) is k×n, C is m×n; a/b/c/scratch are byte offsets into linear memory.
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
  scratch: usize,
): void {
  if (m <= 0 || n <= 0) return;
  const ldc = <usize>n << 2;
  if (k <= 0) {
    if (!accumulate) memory.fill(c, 0, <usize>m * ldc);
    return;
  }
  const lda = <usize>(transA ? m : k) << 2; // bytes between consecutive rows of stored A
  const ldb = <usize>(transB ? k : n) << 2;
  const packB = scratch;
  const packA = scratch + PACK_B_BYTES;
  const tile = packA + PACK_A_BYTES;

  // Even KC slices (multiple of 4) so the last slice is not a thin remainder.
  const slices = (k + KC - 1) / KC;
  let kcStep = (k + slices - 1) / slices;
  kcStep = (kcStep + 3) & ~3;
  if (kcStep > KC) kcStep = KC;

  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += kcStep) {
      const kc = min(kcStep, k - pc);
      const add = accumulate || pc > 0;
      if (transB) packBT(b, ldb, pc, jc, kc, nc, packB);
      else packBN(b, ldb, pc, jc, kc, nc, packB);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        if (transA) packAT(a, lda, ic, pc, mc, kc, packA);
        else packAN(a, lda, ic, pc, mc, kc, packA);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bp = packB + (<usize>(jr * kc) << 2);
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const ap = packA + (<usize>(ir * kc) << 2);
            const ct = c + <usize>(ic + ir) * ldc + (<usize>(jc + jr) << 2);
            if (mr == MR && nr == NR) {
              kernel(kc, ap, bp, ct, ldc, add);
            } else {
              kernel(kc, ap, bp, tile, <usize>(NR << 2), false);
              copyTile(tile, ct, ldc, mr, nr, add);
            }
          }
        }
      }
    }
  }
}

/** MR×NR micro-kernel: C[tile] (=|+=) Σ_p Apanel[p]ᵀ·Bpanel[p] over kc steps. */
// @ts-ignore: decorator
@inline
function kernel(kc: i32, ap: usize, bp: usize, c: usize, ldc: usize, add: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  let p = 0;
  for (; p + 4 <= kc; p += 4) {
    let b0 = v128.load(bp, 0), b1 = v128.load(bp, 16);
    let av = v128.load32_splat(ap, 0);
    c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));

    b0 = v128.load(bp, 32); b1 = v128.load(bp, 48);
    av = v128.load32_splat(ap, 16);
    c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 20);
    c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 24);
    c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 28);
    c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));

    b0 = v128.load(bp, 64); b1 = v128.load(bp, 80);
    av = v128.load32_splat(ap, 32);
    c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 36);
    c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 40);
    c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 44);
    c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));

    b0 = v128.load(bp, 96); b1 = v128.load(bp, 112);
    av = v128.load32_splat(ap, 48);
    c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 52);
    c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 56);
    c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 60);
    c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));

    ap += 64;
    bp += 128;
  }
  for (; p < kc; p++) {
    const b0 = v128.load(bp, 0), b1 = v128.load(bp, 16);
    let av = v128.load32_splat(ap, 0);
    c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 4);
    c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 8);
    c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(ap, 12);
    c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));
    ap += 16;
    bp += 32;
  }
  const r1 = c + ldc, r2 = r1 + ldc, r3 = r2 + ldc;
  if (add) {
    c00 = f32x4.add(c00, v128.load(c, 0)); c01 = f32x4.add(c01, v128.load(c, 16));
    c10 = f32x4.add(c10, v128.load(r1, 0)); c11 = f32x4.add(c11, v128.load(r1, 16));
    c20 = f32x4.add(c20, v128.load(r2, 0)); c21 = f32x4.add(c21, v128.load(r2, 16));
    c30 = f32x4.add(c30, v128.load(r3, 0)); c31 = f32x4.add(c31, v128.load(r3, 16));
  }
  v128.store(c, c00, 0); v128.store(c, c01, 16);
  v128.store(r1, c10, 0); v128.store(r1, c11, 16);
  v128.store(r2, c20, 0); v128.store(r2, c21, 16);
  v128.store(r3, c30, 0); v128.store(r3, c31, 16);
}

/** Copies the valid mr×nr corner of a full MR×NR tile into C (or adds it). */
function copyTile(tile: usize, c: usize, ldc: usize, mr: i32, nr: i32, add: bool): void {
  for (let i = 0; i < mr; i++) {
    const src = tile + (<usize>(i * NR) << 2);
    const dst = c + <usize>i * ldc;
    if (add) {
      for (let j = 0; j < nr; j++) {
        const o = <usize>j << 2;
        store<f32>(dst + o, load<f32>(dst + o) + load<f32>(src + o));
      }
    } else {
      for (let j = 0; j < nr; j++) {
        const o = <usize>j << 2;
        store<f32>(dst + o, load<f32>(src + o));
      }
    }
  }
}

// ---- Packing of op(A): MR-row micro-panels, element (r, p) of panel at panel + (p·MR + r)·4. ----

/** op(A) = A (stored m×k, row stride lda bytes): rows ic.., columns pc... Transposes 4×4 blocks. */
function packAN(a: usize, lda: usize, ic: i32, pc: i32, mc: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    const src = a + <usize>(ic + ir) * lda + (<usize>pc << 2);
    if (mr == MR) {
      const s1 = src + lda, s2 = s1 + lda, s3 = s2 + lda;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const o = <usize>p << 2;
        const v0 = v128.load(src + o), v1 = v128.load(s1 + o);
        const v2 = v128.load(s2 + o), v3 = v128.load(s3 + o);
        const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5);
        const t1 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5);
        const t2 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
        const t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
        v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), 0);
        v128.store(dst, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 16);
        v128.store(dst, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 32);
        v128.store(dst, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 48);
        dst += 64;
      }
      for (; p < kc; p++) {
        const o = <usize>p << 2;
        store<f32>(dst, load<f32>(src + o), 0);
        store<f32>(dst, load<f32>(s1 + o), 4);
        store<f32>(dst, load<f32>(s2 + o), 8);
        store<f32>(dst, load<f32>(s3 + o), 12);
        dst += 16;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const o = <usize>p << 2;
        for (let r = 0; r < MR; r++) {
          store<f32>(dst + (<usize>r << 2), r < mr ? load<f32>(src + <usize>r * lda + o) : 0);
        }
        dst += <usize>(MR << 2);
      }
    }
  }
}

/** op(A) = Aᵀ (A stored k×m, row stride lda bytes): MR consecutive floats per step. */
function packAT(a: usize, lda: usize, ic: i32, pc: i32, mc: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    let src = a + <usize>pc * lda + (<usize>(ic + ir) << 2);
    if (mr == MR) {
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src));
        src += lda;
        dst += 16;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) {
          store<f32>(dst + (<usize>r << 2), r < mr ? load<f32>(src + (<usize>r << 2)) : 0);
        }
        src += lda;
        dst += <usize>(MR << 2);
      }
    }
  }
}

// ---- Packing of op(B): NR-column micro-panels, element (p, j) of panel at panel + (p·NR + j)·4. ----

/** op(B) = B (stored k×n, row stride ldb bytes): NR consecutive floats per step. */
function packBN(b: usize, ldb: usize, pc: i32, jc: i32, kc: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    let src = b + <usize>pc * ldb + (<usize>(jc + jr) << 2);
    if (nr == NR) {
      for (let p = 0; p < kc; p++) {
        v128.store(dst, v128.load(src, 0), 0);
        v128.store(dst, v128.load(src, 16), 16);
        src += ldb;
        dst += 32;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let j = 0; j < NR; j++) {
          store<f32>(dst + (<usize>j << 2), j < nr ? load<f32>(src + (<usize>j << 2)) : 0);
        }
        src += ldb;
        dst += <usize>(NR << 2);
      }
    }
  }
}

/** op(B) = Bᵀ (B stored n×k, row stride ldb bytes): two 4×4 transposes per 4 steps. */
function packBT(b: usize, ldb: usize, pc: i32, jc: i32, kc: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    const src = b + <usize>(jc + jr) * ldb + (<usize>pc << 2);
    if (nr == NR) {
      const ldb4 = ldb << 2;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const o = <usize>p << 2;
        let s = src + o;
        for (let h = 0; h < 2; h++) {
          const v0 = v128.load(s), v1 = v128.load(s + ldb);
          const v2 = v128.load(s + 2 * ldb), v3 = v128.load(s + 3 * ldb);
          const t0 = v128.shuffle<f32>(v0, v1, 0, 4, 1, 5);
          const t1 = v128.shuffle<f32>(v2, v3, 0, 4, 1, 5);
          const t2 = v128.shuffle<f32>(v0, v1, 2, 6, 3, 7);
          const t3 = v128.shuffle<f32>(v2, v3, 2, 6, 3, 7);
          const d = dst + (<usize>h << 4);
          v128.store(d, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5), 0);
          v128.store(d, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7), 32);
          v128.store(d, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5), 64);
          v128.store(d, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7), 96);
          s += ldb4;
        }
        dst += 128;
      }
      for (; p < kc; p++) {
        const o = <usize>p << 2;
        for (let j = 0; j < NR; j++) {
          store<f32>(dst + (<usize>j << 2), load<f32>(src + <usize>j * ldb + o));
        }
        dst += 32;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const o = <usize>p << 2;
        for (let j = 0; j < NR; j++) {
          store<f32>(dst + (<usize>j << 2), j < nr ? load<f32>(src + <usize>j * ldb + o) : 0);
        }
        dst += <usize>(NR << 2);
      }
    }
  }
}
