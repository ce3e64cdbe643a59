/* The float32 product for one instruction set, included by gemm_<isa>.c after it defines:
 *   V, VL                 vector type and its lanes
 *   vzero, vset1, vload (unaligned), vloadn/vstoren (first n lanes, the rest zero / untouched),
 *   vfma(a, b, c) = a·b + c (fused where the ISA has FMA), vadd, vsum (lane sum in a fixed order)
 *   MR, NV                micro-tile rows and vectors per row (NR = NV·VL columns)
 *   KC, NC                blocking of the inner dimension and of columns (op(B) is packed KC × NC at a time)
 *   ISA_TABLE_GEMM        name of the entry point defined here
 *   TRANSPOSE8 (optional) an 8×8 block transpose for packing op(B) transposed
 *
 * The blocked path (BLIS-like): op(B) is packed into NR-column panels KC × NC at a time (panels of B
 * not transposed are read in place, only a ragged last panel is packed); op(A) transposed is packed
 * into MR-row panels MC × KC at a time, otherwise the micro-kernel reads its MR rows in place through
 * four-row base pointers; an MR × NR register tile of FMAs computes each block of C, ragged tiles with
 * masked (or partial) loads and stores. Thin products (a side of C at most HNN_THIN_MAX) stream the
 * big operand once; products with k ≤ HNN_SMALL_K add k scaled rows of op(B) per row of C.
 *
 * Every path computes each element of C as acc = 0; acc = vfma(op(A)(i,p), op(B)(p,j), acc) for p in
 * order (over slices of the inner dimension that depend on k alone), then C = acc or C = C + acc,
 * except the thin dot-product path (op(A) rows contiguous, few columns), whose lane order depends on
 * k alone. So an element's bits never depend on the block of C it was computed in, nor on the
 * thread. */
#include <string.h>

#define NR (NV * VL)
/* Rows of C per block: their rows of op(A) stay in the level-2 cache while the panels of op(B) pass. */
#ifndef MC
#define MC (MR * 12)
#endif

#define ALWAYS_INLINE static inline __attribute__((always_inline))

/* op(A)(i, p) and op(B)(p, j) as stored. */
#define OPA(g, i, p) ((g)->trans_a ? (g)->a[(p) * (g)->lda + (i)] : (g)->a[(i) * (g)->lda + (p)])
#define OPB(g, p, j) ((g)->trans_b ? (g)->b[(j) * (g)->ldb + (p)] : (g)->b[(p) * (g)->ldb + (j)])

/* ---- packing ---- */

/* Rows p0..p0+kc, columns j0..j0+nc of op(B) into NR-column panels: (p, j) of a panel at p·NR + j,
 * columns past nc zero. Full panels of B not transposed are left out: the micro-kernel reads them in
 * place (NR consecutive values per step). */
static void pack_b(const hnn_gemm_args *g, ptrdiff_t p0, ptrdiff_t j0, ptrdiff_t kc, ptrdiff_t nc, float *dst) {
  for (ptrdiff_t jr = 0; jr < nc; jr += NR, dst += kc * NR) {
    const ptrdiff_t nr = nc - jr < NR ? nc - jr : NR;
    if (!g->trans_b && nr == NR) continue;
    if (!g->trans_b) {
      const float *src = g->b + p0 * g->ldb + j0 + jr;
      for (ptrdiff_t p = 0; p < kc; p++, src += g->ldb) {
#pragma GCC unroll 4
        for (int v = 0; v < NV; v++) {
          const ptrdiff_t left = nr - v * VL;
          vstoren(dst + p * NR + v * VL, vloadn(src + v * VL, left < 0 ? 0 : left > VL ? VL : (int)left), VL);
        }
      }
      continue;
    }
    /* op(B)(p, j) = B[j·ldb + p]: 8×8 transposes where the ISA has them, then column by column in
     * blocks of 16 steps (reads stay in cache lines). */
    const float *src = g->b + (j0 + jr) * g->ldb + p0;
    ptrdiff_t p = 0;
#ifdef TRANSPOSE8
    if (nr == NR) {
      for (; p + 8 <= kc; p += 8) {
        for (int j = 0; j < NR; j += 8) TRANSPOSE8(src + j * g->ldb + p, g->ldb, dst + p * NR + j, NR);
      }
    }
#endif
    for (ptrdiff_t pb = p; pb < kc; pb += 16) {
      const ptrdiff_t pe = kc - pb < 16 ? kc : pb + 16;
      for (ptrdiff_t j = 0; j < NR; j++) {
        for (ptrdiff_t q = pb; q < pe; q++) dst[q * NR + j] = j < nr ? src[j * g->ldb + q] : 0.0f;
      }
    }
  }
}

/* Rows ic..ic+mc, columns p0..p0+kc of op(A) when A is transposed, into MR-row panels: (r, p) of a
 * panel at p·MR + r (rows past mc left unset: the micro-kernel reads only its `rows`). Each step reads
 * MR consecutive values of a row of A; read in place instead, every column panel of op(B) would walk
 * A's rows again, a cache line and often a page apart. */
static void pack_a_transposed(const hnn_gemm_args *g, ptrdiff_t ic, ptrdiff_t p0, ptrdiff_t mc, ptrdiff_t kc, float *dst) {
  for (ptrdiff_t ir = 0; ir < mc; ir += MR, dst += kc * MR) {
    const ptrdiff_t rows = mc - ir < MR ? mc - ir : MR;
    const float *src = g->a + p0 * g->lda + ic + ir;
    if (rows == MR) {
      /* A constant size: the copy compiles to vector moves (a call per step costs ~10% of the product). */
      for (ptrdiff_t p = 0; p < kc; p++, src += g->lda) memcpy(dst + p * MR, src, MR * sizeof(float));
    } else {
      for (ptrdiff_t p = 0; p < kc; p++, src += g->lda) memcpy(dst + p * MR, src, (size_t)rows * sizeof(float));
    }
  }
}

/* ---- the micro-kernel ---- */

/* C[rows × cols] (= or +=) Σ_p a(r, p)·bp(p, :) with NR values of bp per step, `bs` apart, and a(r, p) at
 * ap[p·s + r] (`direct` 0: packed panels, or op(A) transposed read in place) or at ap[r·s + p]
 * (`direct` 1: rows of A read in place, four rows per base pointer). `rows` ≤ MR, `nv` (vectors per
 * row) and `direct` are constants at each inlined use; the last vector holds `last` valid lanes. */
ALWAYS_INLINE void tile(const int rows, const int nv, const int direct, ptrdiff_t kc, const float *ap, ptrdiff_t s,
                        const float *bp, ptrdiff_t bs, float *c, ptrdiff_t ldc, int last, int add) {
  V acc[MR][NV];
  const float *ag[(MR + 3) / 4];
#pragma GCC unroll 4
  for (int q = 0; q < (MR + 3) / 4; q++) ag[q] = ap + (direct ? 4 * q * s : 0);
#pragma GCC unroll 16
  for (int r = 0; r < rows; r++) {
#pragma GCC unroll 4
    for (int v = 0; v < nv; v++) acc[r][v] = vzero();
  }
  for (ptrdiff_t p = 0; p < kc; p++) {
    V b[NV];
#pragma GCC unroll 4
    for (int v = 0; v < nv; v++) b[v] = vload(bp + v * VL);
#pragma GCC unroll 16
    for (int r = 0; r < rows; r++) {
      const V a = vset1(direct ? ag[r / 4][(r % 4) * s] : ap[r]);
#pragma GCC unroll 4
      for (int v = 0; v < nv; v++) acc[r][v] = vfma(a, b[v], acc[r][v]);
    }
    if (direct) {
#pragma GCC unroll 4
      for (int q = 0; q < (rows + 3) / 4; q++) ag[q]++;
    } else {
      ap += s;
    }
    bp += bs;
  }
#pragma GCC unroll 16
  for (int r = 0; r < rows; r++) {
    float *cr = c + r * ldc;
#pragma GCC unroll 4
    for (int v = 0; v < nv; v++) {
      const int n = v == nv - 1 ? last : VL;
      V x = acc[r][v];
      if (add) x = vadd(x, vloadn(cr + v * VL, n));
      vstoren(cr + v * VL, x, n);
    }
  }
}

#if NV != 2
#error "the micro-kernel dispatch assumes two vectors per tile row"
#endif
#define TILE_CASE(R)                                                    \
  case R:                                                               \
    if (direct) {                                                       \
      if (nv == 1) tile(R, 1, 1, kc, ap, s, bp, bs, c, ldc, last, add); \
      else tile(R, 2, 1, kc, ap, s, bp, bs, c, ldc, last, add);         \
    } else {                                                            \
      if (nv == 1) tile(R, 1, 0, kc, ap, s, bp, bs, c, ldc, last, add); \
      else tile(R, 2, 0, kc, ap, s, bp, bs, c, ldc, last, add);         \
    }                                                                   \
    break;

/* The micro-kernel on a rows × cols corner of a tile (rows ≤ MR, cols ≤ NR); see `tile`. */
static void micro(int rows, int cols, int direct, ptrdiff_t kc, const float *ap, ptrdiff_t s, const float *bp,
                  ptrdiff_t bs, float *c, ptrdiff_t ldc, int add) {
  const int nv = (cols + VL - 1) / VL;
  const int last = cols - (nv - 1) * VL;
  switch (rows) {
    TILE_CASE(1)
#if MR >= 2
    TILE_CASE(2)
#endif
#if MR >= 3
    TILE_CASE(3)
#endif
#if MR >= 4
    TILE_CASE(4)
#endif
#if MR >= 5
    TILE_CASE(5)
#endif
#if MR >= 6
    TILE_CASE(6)
#endif
#if MR >= 7
    TILE_CASE(7)
#endif
#if MR >= 8
    TILE_CASE(8)
#endif
#if MR >= 9
    TILE_CASE(9)
#endif
#if MR >= 10
    TILE_CASE(10)
#endif
#if MR >= 11
    TILE_CASE(11)
#endif
#if MR >= 12
    TILE_CASE(12)
#endif
#if MR >= 13
    TILE_CASE(13)
#endif
#if MR >= 14
    TILE_CASE(14)
#endif
    default:
      break;
  }
}

/* ---- the blocked path ---- */

static int blocked(const hnn_gemm_args *g) {
  float *pb = hnn_scratch((size_t)KC * NC + (g->trans_a ? (size_t)MC * KC : 0));
  if (pb == NULL) return -1;
  float *pa = pb + (size_t)KC * NC;
  const ptrdiff_t m = g->m, n = g->n, k = g->k;
  /* Even slices of the inner dimension (the last is not a thin remainder); they depend on k only. */
  const ptrdiff_t slices = (k + KC - 1) / KC;
  const ptrdiff_t step = (k + slices - 1) / slices;
  for (ptrdiff_t jc = 0; jc < n; jc += NC) {
    const ptrdiff_t nc = n - jc < NC ? n - jc : NC;
    for (ptrdiff_t pc = 0; pc < k; pc += step) {
      const ptrdiff_t kc = k - pc < step ? k - pc : step;
      const int add = g->accumulate || pc > 0;
      pack_b(g, pc, jc, kc, nc, pb);
      for (ptrdiff_t ic = 0; ic < m; ic += MC) {
        const ptrdiff_t mc = m - ic < MC ? m - ic : MC;
        /* op(A) transposed is packed into MR-row panels; otherwise its MR rows are read in place. */
        if (g->trans_a) pack_a_transposed(g, ic, pc, mc, kc, pa);
        for (ptrdiff_t jr = 0; jr < nc; jr += NR) {
          const int cols = (int)(nc - jr < NR ? nc - jr : NR);
          /* A full panel of B not transposed is read in place, otherwise its packed copy. */
          const int in_place = !g->trans_b && cols == NR;
          const float *bp = in_place ? g->b + pc * g->ldb + jc + jr : pb + jr * kc;
          const ptrdiff_t bs = in_place ? g->ldb : NR;
          for (ptrdiff_t ir = 0; ir < mc; ir += MR) {
            const int rows = (int)(mc - ir < MR ? mc - ir : MR);
            float *c = g->c + (ic + ir) * g->ldc + jc + jr;
            if (g->trans_a) micro(rows, cols, 0, kc, pa + (ir / MR) * kc * MR, MR, bp, bs, c, g->ldc, add);
            else micro(rows, cols, 1, kc, g->a + (ic + ir) * g->lda + pc, g->lda, bp, bs, c, g->ldc, add);
          }
        }
      }
    }
  }
  return 0;
}

/* ---- small inner dimension: C[i, :] = Σ_p op(A)(i, p)·op(B)(p, :) ---- */

ALWAYS_INLINE void small_k_rows(const int k, const hnn_gemm_args *g, const float *bt) {
  const ptrdiff_t n = g->n;
  for (ptrdiff_t i = 0; i < g->m; i++) {
    V a[HNN_SMALL_K];
#pragma GCC unroll 4
    for (int p = 0; p < k; p++) a[p] = vset1(OPA(g, i, p));
    float *cr = g->c + i * g->ldc;
    for (ptrdiff_t j = 0; j < n; j += VL) {
      const int cnt = n - j < VL ? (int)(n - j) : VL;
      V acc = vzero();
#pragma GCC unroll 4
      for (int p = 0; p < k; p++) acc = vfma(a[p], vloadn(bt + p * n + j, cnt), acc);
      if (g->accumulate) acc = vadd(acc, vloadn(cr + j, cnt));
      vstoren(cr + j, acc, cnt);
    }
  }
}

static int small_k(const hnn_gemm_args *g) {
  float *bt = hnn_scratch((size_t)g->k * (size_t)g->n);
  if (bt == NULL) return -1;
  for (ptrdiff_t p = 0; p < g->k; p++) {
    for (ptrdiff_t j = 0; j < g->n; j++) bt[p * g->n + j] = OPB(g, p, j);
  }
  switch (g->k) {
    case 1: small_k_rows(1, g, bt); break;
    case 2: small_k_rows(2, g, bt); break;
    case 3: small_k_rows(3, g, bt); break;
    default: small_k_rows(4, g, bt); break;
  }
  return 0;
}

/* ---- thin products: D = op(X)·op(Y) with n ≤ HNN_THIN_MAX columns; D(i, j) at d + i·si + j·sj ---- */

typedef struct {
  int trans_x;
  const float *x;
  ptrdiff_t ldx;
  ptrdiff_t m, n, k;
  float *d;
  ptrdiff_t si, sj;
  int accumulate;
} thin_args;

/* D(i, j) = v, or D(i, j) + v when accumulating. */
ALWAYS_INLINE void put(const thin_args *t, ptrdiff_t i, int j, float v) {
  float *p = t->d + i * t->si + j * t->sj;
  *p = t->accumulate ? *p + v : v;
}

/* op(X) rows contiguous in p: per element, two vector sums (p in blocks of 2·VL, then one of VL into
 * the first, then the zero-padded rest into the second), added lane by lane and summed. */
ALWAYS_INLINE void thin_dots_n(const int n, const thin_args *t, const float *yt) {
  const ptrdiff_t k = t->k;
  const ptrdiff_t k2 = k - k % (2 * VL), k1 = k - k % VL;
  for (ptrdiff_t i = 0; i < t->m; i++) {
    const float *xi = t->x + i * t->ldx;
    V s[HNN_THIN_MAX], u[HNN_THIN_MAX];
#pragma GCC unroll 4
    for (int j = 0; j < n; j++) s[j] = u[j] = vzero();
    for (ptrdiff_t p = 0; p < k2; p += 2 * VL) {
      const V x0 = vload(xi + p), x1 = vload(xi + p + VL);
#pragma GCC unroll 4
      for (int j = 0; j < n; j++) {
        s[j] = vfma(x0, vload(yt + j * k + p), s[j]);
        u[j] = vfma(x1, vload(yt + j * k + p + VL), u[j]);
      }
    }
    if (k1 > k2) {
      const V x0 = vload(xi + k2);
#pragma GCC unroll 4
      for (int j = 0; j < n; j++) s[j] = vfma(x0, vload(yt + j * k + k2), s[j]);
    }
    if (k > k1) {
      const int cnt = (int)(k - k1);
      const V x0 = vloadn(xi + k1, cnt);
#pragma GCC unroll 4
      for (int j = 0; j < n; j++) u[j] = vfma(x0, vloadn(yt + j * k + k1, cnt), u[j]);
    }
#pragma GCC unroll 4
    for (int j = 0; j < n; j++) put(t, i, j, vsum(vadd(s[j], u[j])));
  }
}

/* Rows of D per block of the column path: BV vectors (BV·VL rows). */
#define THIN_BV 4
/* Vectors of D rows per block of the column path when D has at most two columns: as many as the
 * registers hold (two accumulators each), so that each row of op(X) is read in one pass. */
#ifndef THIN_WIDE_BV
#define THIN_WIDE_BV THIN_BV
#endif

/* D(r … r + cnt − 1, j) = s (or += s when accumulating). */
ALWAYS_INLINE void thin_store(const thin_args *t, ptrdiff_t r, int j, V s, int cnt) {
  if (t->si == 1) {
    float *dp = t->d + r + j * t->sj;
    if (t->accumulate) s = vadd(s, vloadn(dp, cnt));
    vstoren(dp, s, cnt);
  } else {
    float lanes[VL];
    vstoren(lanes, s, VL);
    for (int l = 0; l < cnt; l++) put(t, r + l, j, lanes[l]);
  }
}

/* Rows i … i + rows − 1 of D, rows in ((THIN_WIDE_BV − 1)·VL, THIN_WIDE_BV·VL], for n ≤ 2 columns: the
 * sums of thin_columns_n (each element summed over p in order), each row of op(X) read once. */
ALWAYS_INLINE void thin_columns_wide(const int n, const thin_args *t, const float *yt, ptrdiff_t i, ptrdiff_t rows) {
  const ptrdiff_t k = t->k;
  const int last = (int)(rows - (THIN_WIDE_BV - 1) * VL);
  V acc[2][THIN_WIDE_BV];
#pragma GCC unroll 16
  for (int v = 0; v < THIN_WIDE_BV; v++) acc[0][v] = acc[1][v] = vzero();
  const float *xp = t->x + i;
  for (ptrdiff_t p = 0; p < k; p++, xp += t->ldx) {
    const V y0 = vset1(yt[p]);
    const V y1 = vset1(yt[(n - 1) * k + p]);
#pragma GCC unroll 16
    for (int v = 0; v < THIN_WIDE_BV; v++) {
      const V x = v == THIN_WIDE_BV - 1 ? vloadn(xp + v * VL, last) : vload(xp + v * VL);
      acc[0][v] = vfma(x, y0, acc[0][v]);
      if (n > 1) acc[1][v] = vfma(x, y1, acc[1][v]);
    }
  }
  for (int j = 0; j < n; j++) {
#pragma GCC unroll 16
    for (int v = 0; v < THIN_WIDE_BV; v++) thin_store(t, i + v * VL, j, acc[j][v], v == THIN_WIDE_BV - 1 ? last : VL);
  }
}

/* op(X) columns contiguous in i: blocks of THIN_WIDE_BV·VL rows of D while D has at most two columns and
 * such a block is full but for its last vector, then BV·VL rows at a time; each element summed over p in order. */
ALWAYS_INLINE void thin_columns_n(const int n, const thin_args *t, const float *yt) {
  const ptrdiff_t k = t->k;
  ptrdiff_t i0 = 0;
  if (THIN_WIDE_BV > THIN_BV && n <= 2) {
    for (; t->m - i0 > (THIN_WIDE_BV - 1) * VL; i0 += THIN_WIDE_BV * VL) {
      const ptrdiff_t rest = t->m - i0;
      thin_columns_wide(n, t, yt, i0, rest < THIN_WIDE_BV * VL ? rest : THIN_WIDE_BV * VL);
    }
  }
  for (ptrdiff_t i = i0; i < t->m; i += THIN_BV * VL) {
    const ptrdiff_t rows = t->m - i < THIN_BV * VL ? t->m - i : THIN_BV * VL;
    const int bv = (int)((rows + VL - 1) / VL);
    const int last = (int)(rows - (bv - 1) * VL);
    V acc[HNN_THIN_MAX][THIN_BV];
#pragma GCC unroll 4
    for (int j = 0; j < n; j++) {
#pragma GCC unroll 4
      for (int v = 0; v < THIN_BV; v++) acc[j][v] = vzero();
    }
    const float *xp = t->x + i;
    if (bv == THIN_BV && last == VL) {
      for (ptrdiff_t p = 0; p < k; p++, xp += t->ldx) {
        V x[THIN_BV];
#pragma GCC unroll 4
        for (int v = 0; v < THIN_BV; v++) x[v] = vload(xp + v * VL);
#pragma GCC unroll 4
        for (int j = 0; j < n; j++) {
          const V y = vset1(yt[j * k + p]);
#pragma GCC unroll 4
          for (int v = 0; v < THIN_BV; v++) acc[j][v] = vfma(x[v], y, acc[j][v]);
        }
      }
    } else {
      for (ptrdiff_t p = 0; p < k; p++, xp += t->ldx) {
        V x[THIN_BV];
        for (int v = 0; v < bv; v++) x[v] = vloadn(xp + v * VL, v == bv - 1 ? last : VL);
#pragma GCC unroll 4
        for (int j = 0; j < n; j++) {
          const V y = vset1(yt[j * k + p]);
          for (int v = 0; v < bv; v++) acc[j][v] = vfma(x[v], y, acc[j][v]);
        }
      }
    }
#pragma GCC unroll 4
    for (int j = 0; j < n; j++) {
      for (int v = 0; v < bv; v++) thin_store(t, i + v * VL, j, acc[j][v], v == bv - 1 ? last : VL);
    }
  }
}

/* D = op(X)·op(Y) with op(Y) (k × n, n ≤ HNN_THIN_MAX) read through `y`, `trans_y`, `ldy`. */
static int thin(const thin_args *t, const float *y, int trans_y, ptrdiff_t ldy) {
  float *yt = hnn_scratch((size_t)t->n * (size_t)t->k);
  if (yt == NULL) return -1;
  /* op(Y)(p, j) → yt[j·k + p]. */
  for (ptrdiff_t j = 0; j < t->n; j++) {
    if (trans_y) memcpy(yt + j * t->k, y + j * ldy, (size_t)t->k * sizeof(float));
    else for (ptrdiff_t p = 0; p < t->k; p++) yt[j * t->k + p] = y[p * ldy + j];
  }
  if (t->trans_x) {
    switch (t->n) {
      case 1: thin_columns_n(1, t, yt); break;
      case 2: thin_columns_n(2, t, yt); break;
      case 3: thin_columns_n(3, t, yt); break;
      default: thin_columns_n(4, t, yt); break;
    }
  } else {
    switch (t->n) {
      case 1: thin_dots_n(1, t, yt); break;
      case 2: thin_dots_n(2, t, yt); break;
      case 3: thin_dots_n(3, t, yt); break;
      default: thin_dots_n(4, t, yt); break;
    }
  }
  return 0;
}

/* ---- entry ---- */

int ISA_TABLE_GEMM(const hnn_gemm_args *g) {
  if (g->m <= 0 || g->n <= 0) return 0;
  if (g->k <= 0) {
    if (!g->accumulate) {
      for (ptrdiff_t i = 0; i < g->m; i++) memset(g->c + i * g->ldc, 0, (size_t)g->n * sizeof(float));
    }
    return 0;
  }
  switch (g->mode) {
    case HNN_GEMM_SMALL_K:
      return small_k(g);
    case HNN_GEMM_THIN_N: {
      const thin_args t = {g->trans_a, g->a, g->lda, g->m, g->n, g->k, g->c, g->ldc, 1, g->accumulate};
      return thin(&t, g->b, g->trans_b, g->ldb);
    }
    case HNN_GEMM_THIN_M: {
      /* Cᵀ (n × m) = op(B)ᵀ·op(A)ᵀ: op(B)ᵀ is B read with the opposite flag, likewise op(A)ᵀ. */
      const thin_args t = {!g->trans_b, g->b, g->ldb, g->n, g->m, g->k, g->c, 1, g->ldc, g->accumulate};
      return thin(&t, g->a, !g->trans_a, g->lda);
    }
    default:
      return blocked(g);
  }
}
