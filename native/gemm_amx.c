/* The float32 product on AMX tiles (Intel Advanced Matrix Extensions, bf16 dot products into float32),
 * with float32 accuracy: every operand value is split exactly into three bfloat16 parts,
 * x = x₀ + x₁ + x₂ (each the bf16 nearest to what the earlier parts leave, so |x₁| ≤ 2⁻⁸|x| and
 * |x₂| ≤ 2⁻¹⁶|x|, of either sign), and a product keeps six of the nine part products:
 * a₀b₀ + a₀b₁ + a₀b₂ + a₁b₀ + a₁b₁ + a₂b₀. What is left out, a₁b₂ + a₂b₁ + a₂b₂, is below 2⁻²³·|ab|
 * and, the parts being rounded to nearest, without a sign of its own (truncated parts would share the
 * operands' signs: the dropped terms would all shrink |ab|, if by less than float32's rounding). One
 * tile product does 16 × 16 × 32 multiply-adds, sixteen times the float32 FMA rate of AVX-512 on the
 * same core; six of them still do 2.7 times its work.
 *
 * Compiled with -mavx512f -mavx512bw -mamx-tile -mamx-bf16; only called after a run-time check of the
 * CPU and the operating system's permission (cpu.c), and only when asked for (HNN_NATIVE_ISA=amx):
 * its bits differ from the other paths', which agree with each other. Products in the tile mode
 * (chosen on the whole product, dispatch.c) run here; the others on the AVX-512 path.
 *
 * op(B) is packed, in blocks of at most TILES_KC inner values × TILES_NC columns, into three bf16
 * copies in pairs of consecutive inner-dimension values per column (the tile unit's layout); op(A), 32
 * rows at a time, into three copies of such pairs per row. The last t = k mod 32 inner values, when t
 * ≤ 16, are merged instead of padded with zeros to a step of 32: six segments of 8 (or 16) values side
 * by side, segment s holding the parts of the six products' s-th pair, so that two (or three) tile
 * products do the six (at k = 200: 38 tile products per block of C instead of 42). Each 32 × 32 block
 * of C (16 × 16 tiles at the edges) sums, for each step of 32 inner values in order, the six part
 * products in a fixed order, then the merged tail, from zero; then C = sum or C = C + sum (always + for
 * the later blocks of the inner dimension, which are even slices fixed by k alone). So an
 * element's bits depend on the shape and its own row and column only, never on the block or the
 * thread. An infinite operand, or one within 2⁻⁹ of the largest float, gives NaN (its split overflows). */
#include <immintrin.h>
#include <stdint.h>
#include <string.h>

#include "hnn.h"

int hnn_gemm_avx512(const hnn_gemm_args *g);

typedef uint16_t bf16;

/* Tile registers: C blocks 0–3 (rows, columns: 0 = top left, 1 = top right, 2 = bottom left,
 * 3 = bottom right), op(A) tiles 4–5 (top, bottom), op(B) tiles 6–7 (left, right). */
typedef struct {
  uint8_t palette, start_row, reserved[14];
  uint16_t bytes_per_row[16];
  uint8_t rows[16];
} tile_config;

static void configure_tiles(void) {
  tile_config c;
  memset(&c, 0, sizeof c);
  c.palette = 1;
  for (int t = 0; t < 8; t++) {
    c.rows[t] = 16;
    c.bytes_per_row[t] = 64;
  }
  /* The whole 64 bytes as the operand: GCC 12's _tile_loadconfig declares 8, and the compiler may then
   * drop the stores of the rest (tiles left unconfigured: the next tile instruction faults). */
  __asm__ volatile("ldtilecfg %0" : : "m"(c));
}

/* ---- the split into bf16 parts ---- */

#define HIGH_HALF 0xFFFF0000u

/* The bf16 nearest to each of 16 floats (ties to even), in the high halves of 32-bit lanes, the low
 * halves zero. */
static inline __m512i nearest_bf16(__m512 x) {
  const __m512i u = _mm512_castps_si512(x);
  const __m512i odd = _mm512_and_si512(_mm512_srli_epi32(u, 16), _mm512_set1_epi32(1));
  const __m512i up = _mm512_add_epi32(u, _mm512_add_epi32(_mm512_set1_epi32(0x7FFF), odd));
  return _mm512_and_si512(up, _mm512_set1_epi32((int)HIGH_HALF));
}

/* The three parts of 16 floats, each as 16-bit values in the high halves of 32-bit lanes. The
 * remainders are exact, and the last (at most 8 significant bits) is a bf16 already. */
static inline void split3(__m512 x, __m512i p[3]) {
  const __m512i u0 = nearest_bf16(x);
  const __m512 r1 = _mm512_sub_ps(x, _mm512_castsi512_ps(u0));
  const __m512i u1 = nearest_bf16(r1);
  const __m512 r2 = _mm512_sub_ps(r1, _mm512_castsi512_ps(u1));
  p[0] = u0;
  p[1] = u1;
  p[2] = _mm512_and_si512(_mm512_castps_si512(r2), _mm512_set1_epi32((int)HIGH_HALF));
}

static inline __mmask16 lanes(ptrdiff_t n) { return n >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << n) - 1u); }

/* 16 floats at p (the first n; the rest zero). */
static inline __m512 load_n(const float *p, ptrdiff_t n) {
  return n >= 16 ? _mm512_loadu_ps(p) : n <= 0 ? _mm512_setzero_ps() : _mm512_maskz_loadu_ps(lanes(n), p);
}

/* 16-bit words 1, 3, …, 63 of two vectors: the bf16 values in the high halves of their 32-bit lanes. */
static const uint16_t PAIR_WORDS[32] = {1,  3,  5,  7,  9,  11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31,
                                        33, 35, 37, 39, 41, 43, 45, 47, 49, 51, 53, 55, 57, 59, 61, 63};

/* Lane sources of the block swaps of transpose16: for width 8, 4, 2, 1, the first row's new lanes,
 * then the second's (lanes 16–31 name the second row's). */
static const int32_t SWAP_LANES[4][2][16] = {
    {{0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23},
     {8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31}},
    {{0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27},
     {4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31}},
    {{0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29},
     {2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31}},
    {{0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30},
     {1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31}}};

/* Swaps the b-wide blocks (stage s of transpose16) of rows i and i + b, for every i with bit b clear. */
static inline __attribute__((always_inline)) void swap_blocks(__m512i r[16], const int s, const int b) {
  const __m512i first = _mm512_loadu_si512(SWAP_LANES[s][0]), second = _mm512_loadu_si512(SWAP_LANES[s][1]);
#pragma GCC unroll 16
  for (int i = 0; i < 16; i++) {
    if (i & b) continue;
    const __m512i x = r[i], y = r[i + b];
    r[i] = _mm512_permutex2var_epi32(x, first, y);
    r[i + b] = _mm512_permutex2var_epi32(x, second, y);
  }
}

/* Transposes 16 vectors of 16 32-bit lanes in place (swaps of 8-, 4-, 2- and 1-wide blocks; unrolled,
 * so that the rows stay in registers). */
static inline __attribute__((always_inline)) void transpose16(__m512i r[16]) {
  swap_blocks(r, 0, 8);
  swap_blocks(r, 1, 4);
  swap_blocks(r, 2, 2);
  swap_blocks(r, 3, 1);
}

/* ---- packing ---- */

/* Transposes 16 vectors and stores vector t at base + t·stride (words). */
static inline void store_transposed(__m512i r[16], bf16 *base, ptrdiff_t stride) {
  transpose16(r);
  for (int t = 0; t < 16; t++) _mm512_storeu_si512(base + t * stride, r[t]);
}

/* store_transposed for each of the three parts, part q at base + q·part. */
static inline void store_parts_transposed(__m512i r[3][16], bf16 *base, ptrdiff_t part, ptrdiff_t stride) {
  for (int q = 0; q < 3; q++) store_transposed(r[q], base + q * part, stride);
}

/* Parts (of op(A), of op(B)) of the six products, in the order they are summed. */
static const int PART_A[6] = {0, 0, 0, 1, 1, 2};
static const int PART_B[6] = {0, 2, 1, 1, 0, 0};

/* The packed operands: a slab of mp rows of op(A) and np columns of op(B), over the first kf inner
 * values in three parts each (op(A) row by row, op(B) in kf/2 pair rows), then the merged tail: kt
 * values per row of op(A), kt/2 pair rows of op(B), in six segments of w, segment s holding the parts
 * PART_A[s] and PART_B[s] of the last k − kf inner values (see tail_width). */
typedef struct {
  ptrdiff_t mp, np, kf, w, kt;
  bf16 *a, *b;
} packed;

/* Segment width of a merged tail for the last t = k mod 32 inner values: 8 (the six part products in
 * two tile products instead of six) or 16 (in three), or 0 where t = 0 or t > 16 (then the last values
 * are padded to a full step of six). */
static ptrdiff_t tail_width(ptrdiff_t t) { return t == 0 || t > 16 ? 0 : t <= 8 ? 8 : 16; }

/* Parts of 32 consecutive inner-dimension values (lo: the first 16, hi: the next 16) as 16 pairs each. */
static inline void pairs_along(__m512 lo, __m512 hi, __m512i out[3]) {
  const __m512i words = _mm512_loadu_si512(PAIR_WORDS);
  __m512i l[3], h[3];
  split3(lo, l);
  split3(hi, h);
  for (int q = 0; q < 3; q++) out[q] = _mm512_permutex2var_epi16(l[q], words, h[q]);
}

/* Parts of two inner-dimension steps (even, odd) of 16 rows or columns as 16 pairs each. */
static inline void pairs_across(__m512 even, __m512 odd, __m512i out[3]) {
  const __m512i keep = _mm512_set1_epi32((int)HIGH_HALF);
  __m512i e[3], o[3];
  split3(even, e);
  split3(odd, o);
  for (int q = 0; q < 3; q++) out[q] = _mm512_or_si512(_mm512_and_si512(o[q], keep), _mm512_srli_epi32(e[q], 16));
}

/* 16 floats from position p of a row or column `at` of `count`, each `length` long (zeros outside). */
static inline __m512 segment(const float *line, ptrdiff_t at, ptrdiff_t count, ptrdiff_t p, ptrdiff_t length) {
  return at < count ? load_n(line + p, length - p) : _mm512_setzero_ps();
}

/* ---- the merged tail ---- */

/* The three parts of 16 consecutive inner-dimension values as 16 bf16 words each. */
static inline void tail_words(__m512 x, __m256i words[3]) {
  __m512i p[3];
  split3(x, p);
  for (int q = 0; q < 3; q++) words[q] = _mm512_cvtepi32_epi16(_mm512_srli_epi32(p[q], 16));
}

/* Tail step c (32 values) of one row of op(A) or column of op(B), from its parts' words: the
 * segments 32c/w … of width w, segment s holding the first w words of part part[s] (zeros past six). */
static inline __m512i tail_step_along(const __m256i words[3], const int part[6], ptrdiff_t w, ptrdiff_t c) {
  const __m256i none = _mm256_setzero_si256();
  if (w == 16) {
    const ptrdiff_t s = 2 * c;
    return _mm512_inserti64x4(_mm512_castsi256_si512(s < 6 ? words[part[s]] : none), s + 1 < 6 ? words[part[s + 1]] : none, 1);
  }
  __m128i q[4];
  for (int i = 0; i < 4; i++) q[i] = 4 * c + i < 6 ? _mm256_castsi256_si128(words[part[4 * c + i]]) : _mm_setzero_si128();
  const __m512i lo = _mm512_inserti32x4(_mm512_castsi128_si512(q[0]), q[1], 1);
  return _mm512_inserti32x4(_mm512_inserti32x4(lo, q[2], 2), q[3], 3);
}

/* Pair u of the tail from the pairs across the last values (pairs[jj]: values 2jj and 2jj + 1 of
 * every part): the pair at tail positions 2u, 2u + 1, of segment 2u / w (zeros past six). */
static inline __m512i tail_pair_across(__m512i pairs[8][3], const int part[6], ptrdiff_t w, ptrdiff_t u) {
  const ptrdiff_t s = 2 * u / w;
  return s < 6 ? pairs[2 * u % w / 2][part[s]] : _mm512_setzero_si512();
}

/* pairs[jj] = the parts of the pairs of last values (kf + 2jj, kf + 2jj + 1), jj < w/2, of 16 rows or
 * columns from position i of lines `stride` apart (the rows of A or B holding those inner values). */
static inline void tail_pairs(const float *base, ptrdiff_t stride, ptrdiff_t kf, ptrdiff_t k, ptrdiff_t i, ptrdiff_t count,
                              ptrdiff_t w, __m512i pairs[8][3]) {
  for (ptrdiff_t jj = 0; jj < w / 2; jj++) {
    const ptrdiff_t p = kf + 2 * jj;
    pairs_across(segment(base + p * stride, p, k, i, count), segment(base + (p + 1) * stride, p + 1, k, i, count), pairs[jj]);
  }
}

/* Rows [i0, i0 + mp) of op(A) (zeros past its m rows) into the slab at pk->a: row i holds the pairs
 * (op(A)(i, 2r), op(A)(i, 2r + 1)) for r < kf/2, then its merged tail (see packed). */
static void pack_a(const hnn_gemm_args *g, const packed *pk, ptrdiff_t i0) {
  const ptrdiff_t m = g->m - i0, k = g->k, kf = pk->kf, kt = pk->kt, w = pk->w, part = pk->mp * kf;
  bf16 *dst = pk->a, *tail = pk->a + 3 * part;
  if (!g->trans_a) {
    const float *a = g->a + i0 * g->lda;
    for (ptrdiff_t i = 0; i < pk->mp; i++) {
      const float *row = a + i * g->lda;
      for (ptrdiff_t p = 0; p < kf; p += 32) {
        __m512i out[3];
        pairs_along(segment(row, i, m, p, k), segment(row, i, m, p + 16, k), out);
        for (int q = 0; q < 3; q++) _mm512_storeu_si512(dst + q * part + i * kf + p, out[q]);
      }
      if (w == 0) continue;
      __m256i words[3];
      tail_words(segment(row, i, m, kf, k), words);
      for (ptrdiff_t c = 0; c < kt / 32; c++) _mm512_storeu_si512(tail + i * kt + 32 * c, tail_step_along(words, PART_A, w, c));
    }
    return;
  }
  /* op(A)(i, p) = a[p·lda + i]: pairs across two rows of A for 16 i at a time, transposed in registers. */
  const float *a = g->a + i0;
  for (ptrdiff_t i = 0; i < pk->mp; i += 16) {
    for (ptrdiff_t p = 0; p < kf; p += 32) {
      __m512i r[3][16];
      for (int t = 0; t < 16; t++) {
        __m512i out[3];
        pairs_across(segment(a + (p + 2 * t) * g->lda, p + 2 * t, k, i, m),
                     segment(a + (p + 2 * t + 1) * g->lda, p + 2 * t + 1, k, i, m), out);
        for (int q = 0; q < 3; q++) r[q][t] = out[q];
      }
      store_parts_transposed(r, dst + i * kf + p, part, kf);
    }
    if (w == 0) continue;
    __m512i pairs[8][3];
    tail_pairs(a, g->lda, kf, k, i, m, w, pairs);
    for (ptrdiff_t c = 0; c < kt / 32; c++) {
      __m512i r[16];
      for (int t = 0; t < 16; t++) r[t] = tail_pair_across(pairs, PART_A, w, 16 * c + t);
      store_transposed(r, tail + i * kt + 32 * c, kt);
    }
  }
}

/* Columns [0, n) of op(B) into the parts at pk->b: pair row r holds (op(B)(2r, j), op(B)(2r + 1, j)). */
static void pack_b(const hnn_gemm_args *g, const packed *pk) {
  const ptrdiff_t n = g->n, k = g->k, kf = pk->kf, kt = pk->kt, w = pk->w, np = pk->np, part = kf * np;
  bf16 *dst = pk->b, *tail = pk->b + 3 * part;
  if (!g->trans_b) {
    for (ptrdiff_t r = 0; r < kf / 2; r++) {
      for (ptrdiff_t j = 0; j < np; j += 16) {
        __m512i out[3];
        pairs_across(segment(g->b + 2 * r * g->ldb, 2 * r, k, j, n), segment(g->b + (2 * r + 1) * g->ldb, 2 * r + 1, k, j, n), out);
        for (int q = 0; q < 3; q++) _mm512_storeu_si512(dst + q * part + (r * np + j) * 2, out[q]);
      }
    }
    for (ptrdiff_t j = 0; j < np && w > 0; j += 16) {
      __m512i pairs[8][3];
      tail_pairs(g->b, g->ldb, kf, k, j, n, w, pairs);
      for (ptrdiff_t u = 0; u < kt / 2; u++) _mm512_storeu_si512(tail + (u * np + j) * 2, tail_pair_across(pairs, PART_B, w, u));
    }
    return;
  }
  /* op(B)(p, j) = b[j·ldb + p]: pairs along a row of B for 16 j at a time, transposed in registers. */
  for (ptrdiff_t j = 0; j < np; j += 16) {
    for (ptrdiff_t p = 0; p < kf; p += 32) {
      __m512i r[3][16];
      for (int t = 0; t < 16; t++) {
        __m512i out[3];
        const float *row = g->b + (j + t) * g->ldb;
        pairs_along(segment(row, j + t, n, p, k), segment(row, j + t, n, p + 16, k), out);
        for (int q = 0; q < 3; q++) r[q][t] = out[q];
      }
      store_parts_transposed(r, dst + (p / 2 * np + j) * 2, part, np * 2);
    }
    if (w == 0) continue;
    __m256i words[16][3];
    for (int t = 0; t < 16; t++) tail_words(segment(g->b + (j + t) * g->ldb, j + t, n, kf, k), words[t]);
    for (ptrdiff_t c = 0; c < kt / 32; c++) {
      __m512i r[16];
      for (int t = 0; t < 16; t++) r[t] = tail_step_along(words[t], PART_B, w, c);
      store_transposed(r, tail + (16 * c * np + j) * 2, np * 2);
    }
  }
}

/* ---- blocks of C ---- */

/* One tile's result into C (rows × cols of it valid): stored in place when whole and not added. */
static inline void put_tile(const float *t, float *c, ptrdiff_t ldc, ptrdiff_t rows, ptrdiff_t cols, int add) {
  const __mmask16 m = lanes(cols);
  for (ptrdiff_t r = 0; r < rows; r++) {
    __m512 v = _mm512_loadu_ps(t + 16 * r);
    if (add) v = _mm512_add_ps(v, _mm512_maskz_loadu_ps(m, c + r * ldc));
    _mm512_mask_storeu_ps(c + r * ldc, m, v);
  }
}

/* Loads op(A)'s top tile from a (rows `row` values apart) and, when `tall`, the one 16 rows below. */
static inline __attribute__((always_inline)) void load_a(const int tall, const bf16 *a, ptrdiff_t row) {
  _tile_loadd(4, a, row * 2);
  if (tall) _tile_loadd(5, a + 16 * row, row * 2);
}

/* Loads op(B)'s left tile from b (pair rows `stride` bytes apart) and, when `wide`, the one to its right. */
static inline __attribute__((always_inline)) void load_b(const int wide, const bf16 *b, ptrdiff_t stride) {
  _tile_loadd(6, b, stride);
  if (wide) _tile_loadd(7, b + 32, stride);
}

/* Adds the products of the loaded op(A) and op(B) tiles to the C tiles. */
static inline __attribute__((always_inline)) void multiply_loaded(const int tall, const int wide) {
  _tile_dpbf16ps(0, 4, 6);
  if (wide) _tile_dpbf16ps(1, 4, 7);
  if (tall) _tile_dpbf16ps(2, 5, 6);
  if (tall && wide) _tile_dpbf16ps(3, 5, 7);
}

/* A block of C from the slab of op(A) and columns j of op(B): two tile rows when `tall`, two tile
 * columns when `wide` (constants at each inlined use); `rows`, `cols` of it lie inside C. */
static inline __attribute__((always_inline)) void block(const int tall, const int wide, const packed *pk,
                                                        ptrdiff_t j, float *c, ptrdiff_t ldc, ptrdiff_t rows,
                                                        ptrdiff_t cols, int add) {
  const ptrdiff_t kf = pk->kf, kt = pk->kt, np = pk->np, a_part = pk->mp * kf, b_part = kf * np;
  const ptrdiff_t b_stride = np * 4;
  _tile_zero(0);
  if (wide) _tile_zero(1);
  if (tall) _tile_zero(2);
  if (tall && wide) _tile_zero(3);
  for (ptrdiff_t p = 0; p < kf; p += 32) {
    for (int s = 0; s < 6; s++) {
      if (s == 0 || PART_A[s] != PART_A[s - 1]) load_a(tall, pk->a + PART_A[s] * a_part + p, kf);
      if (s == 0 || PART_B[s] != PART_B[s - 1]) load_b(wide, pk->b + PART_B[s] * b_part + (p / 2 * np + j) * 2, b_stride);
      multiply_loaded(tall, wide);
    }
  }
  /* The merged tail: each step sums several part products at once. */
  for (ptrdiff_t c = 0; c < kt; c += 32) {
    load_a(tall, pk->a + 3 * a_part + c, kt);
    load_b(wide, pk->b + 3 * b_part + (c / 2 * np + j) * 2, b_stride);
    multiply_loaded(tall, wide);
  }
  const int whole = !add && rows == (tall ? 32 : 16) && cols == (wide ? 32 : 16);
  if (whole) {
    _tile_stored(0, c, ldc * 4);
    if (wide) _tile_stored(1, c + 16, ldc * 4);
    if (tall) _tile_stored(2, c + 16 * ldc, ldc * 4);
    if (tall && wide) _tile_stored(3, c + 16 * ldc + 16, ldc * 4);
    return;
  }
  float t[4][256] __attribute__((aligned(64)));
  _tile_stored(0, t[0], 64);
  if (wide) _tile_stored(1, t[1], 64);
  if (tall) _tile_stored(2, t[2], 64);
  if (tall && wide) _tile_stored(3, t[3], 64);
  const ptrdiff_t top = rows < 16 ? rows : 16, left = cols < 16 ? cols : 16;
  put_tile(t[0], c, ldc, top, left, add);
  if (wide) put_tile(t[1], c + 16, ldc, top, cols - 16, add);
  if (tall) put_tile(t[2], c + 16 * ldc, ldc, rows - 16, left, add);
  if (tall && wide) put_tile(t[3], c + 16 * ldc + 16, ldc, rows - 16, cols - 16, add);
}

/* Most inner-dimension values and columns of op(B) packed at a time (with a slab of op(A): 2.4 MiB of
 * bf16 parts per thread at most). */
#define TILES_KC 768
#define TILES_NC 512

/* The product over one block of op(B) (at most TILES_KC × TILES_NC), packed into `s`. */
static void tiled_block(const hnn_gemm_args *g, bf16 *s) {
  const ptrdiff_t w = tail_width(g->k % 32);
  packed pk = {.mp = 32, .np = (g->n + 15) / 16 * 16, .kf = w ? g->k / 32 * 32 : (g->k + 31) / 32 * 32, .w = w, .kt = (6 * w + 31) / 32 * 32};
  pk.a = s;
  pk.b = s + 3 * 32 * TILES_KC;
  pack_b(g, &pk);
  for (ptrdiff_t i = 0; i < g->m; i += 32) {
    const ptrdiff_t rows = g->m - i < 32 ? g->m - i : 32;
    pk.mp = rows > 16 ? 32 : 16;
    pack_a(g, &pk, i);
    for (ptrdiff_t j = 0; j < g->n; j += 32) {
      const ptrdiff_t cols = g->n - j < 32 ? g->n - j : 32;
      float *c = g->c + i * g->ldc + j;
      if (rows > 16) {
        if (cols > 16) block(1, 1, &pk, j, c, g->ldc, rows, cols, g->accumulate);
        else block(1, 0, &pk, j, c, g->ldc, rows, cols, g->accumulate);
      } else {
        if (cols > 16) block(0, 1, &pk, j, c, g->ldc, rows, cols, g->accumulate);
        else block(0, 0, &pk, j, c, g->ldc, rows, cols, g->accumulate);
      }
    }
  }
}

/* Blocks of TILES_NC columns, and of the inner dimension in even slices (multiples of 32, fixed by k
 * alone), the later slices added to C. */
static int tiled(const hnn_gemm_args *g) {
  bf16 *s = (bf16 *)hnn_scratch((size_t)3 * TILES_KC * (32 + TILES_NC) / 2);
  if (s == NULL) return -1;
  const ptrdiff_t slices = (g->k + TILES_KC - 1) / TILES_KC;
  const ptrdiff_t step = ((g->k + slices - 1) / slices + 31) / 32 * 32;
  configure_tiles();
  for (ptrdiff_t jc = 0; jc < g->n; jc += TILES_NC) {
    for (ptrdiff_t pc = 0; pc < g->k; pc += step) {
      hnn_gemm_args b = *g;
      b.n = g->n - jc < TILES_NC ? g->n - jc : TILES_NC;
      b.k = g->k - pc < step ? g->k - pc : step;
      b.a += g->trans_a ? pc * g->lda : pc;
      b.b += (g->trans_b ? jc * g->ldb + pc : pc * g->ldb + jc);
      b.c += jc;
      b.accumulate = g->accumulate || pc > 0;
      tiled_block(&b, s);
    }
  }
  _tile_release();
  return 0;
}

int hnn_gemm_amx(const hnn_gemm_args *g) {
  if (g->mode != HNN_GEMM_TILES || g->m <= 0 || g->n <= 0 || g->k <= 0) return hnn_gemm_avx512(g);
  return tiled(g);
}
