/* Splitting one kernel call into parts for the thread pool. Every split is along rows or columns of
 * the output, or along a sum in halves fixed by the shape (and the `stacked` hint) alone, and the
 * product mode is chosen on the whole product, so results are bit-identical for any number of threads. */
#include <stdatomic.h>
#include <string.h>

#include "dispatch.h"

/* Smallest product (multiply-adds) worth splitting across threads. */
#define PARALLEL_GEMM_MACS (1L << 16)
/* Smallest element-wise map (elements) worth splitting. */
#define PARALLEL_ELEMENTS (1L << 14)
/* Parts per thread of a split element-wise call (parts are claimed dynamically: a thread whose core
 * is busy elsewhere leaves more of them to the others). */
#define PARTS_PER_THREAD 2

int hnn_gemm_mode(const hnn_isa *isa, int trans_a, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k) {
  if (k <= HNN_SMALL_K) return n >= 8 ? HNN_GEMM_SMALL_K : HNN_GEMM_BLOCKED;
  if (k <= HNN_THIN_MAX_K && n <= HNN_THIN_MAX) return HNN_GEMM_THIN_N;
  if (k <= HNN_THIN_MAX_K && m <= HNN_THIN_MAX) return HNN_GEMM_THIN_M;
  const int tiles = isa->tiles && m * n * k >= HNN_TILES_MIN_MACS && (trans_a || m * n > HNN_TILES_MIN_SIDES * (m + n));
  return tiles ? HNN_GEMM_TILES : HNN_GEMM_BLOCKED;
}

/* [start, end) of part i of `parts` over [0, size), boundaries on multiples of `align`. */
static void part_range(ptrdiff_t size, int parts, int i, ptrdiff_t align, ptrdiff_t *start, ptrdiff_t *end) {
  const ptrdiff_t units = (size + align - 1) / align;
  const ptrdiff_t s = units * i / parts * align;
  ptrdiff_t e = units * (i + 1) / parts * align;
  if (e > size) e = size;
  *start = s < size ? s : size;
  *end = e > *start ? e : *start;
}

/* Parts for `units` units of work on `threads` threads, `per` parts per thread. */
static int parts_for(int threads, ptrdiff_t units, int per) {
  ptrdiff_t p = (ptrdiff_t)threads * per;
  if (p > HNN_MAX_PARTS) p = HNN_MAX_PARTS;
  if (p > units) p = units;
  return p < 1 ? 1 : (int)p;
}

/* ---- gemm ---- */

typedef struct {
  const hnn_isa *isa;
  hnn_gemm_args g;
  int split_columns;
  ptrdiff_t align;
  atomic_int failed;
} gemm_job;

static void gemm_part(void *ctx, int part, int parts) {
  gemm_job *j = ctx;
  hnn_gemm_args g = j->g;
  ptrdiff_t s, e;
  if (j->split_columns) {
    part_range(g.n, parts, part, j->align, &s, &e);
    g.b += g.trans_b ? s * g.ldb : s;
    g.c += s;
    g.n = e - s;
  } else {
    part_range(g.m, parts, part, j->align, &s, &e);
    g.a += g.trans_a ? s : s * g.lda;
    g.c += s * g.ldc;
    g.m = e - s;
  }
  if (g.m > 0 && g.n > 0 && j->isa->gemm(&g) != 0) atomic_store(&j->failed, 1);
}

/* ---- weight-gradient products, summed in two halves of the inner dimension ---- */

/* Shortest inner dimension summed in halves. */
#define HALVES_MIN_K 128
/* Largest C summed in halves (its partial sum is kept in the caller's scratch, 4 MiB at most). */
#define HALVES_MAX_MN (1L << 20)

/* Whether a product is summed in halves of k: an Aᵀ·B (both operands stored k rows long: a weight
 * gradient over a batch) into a contiguous C, whose k is at least each side of C. A thread then reads
 * the rows of both operands that it wrote itself (the calls that made them split their rows alike)
 * instead of all of one and half of the other, and C's partial sum is no larger than them. Each half
 * keeps the mode of the whole product. */
static int summed_in_halves(const hnn_gemm_args *g) {
  const ptrdiff_t side = g->m > g->n ? g->m : g->n;
  return g->trans_a && !g->trans_b && g->ldc == g->n && g->m > 0 && g->n > 0 && g->k >= HALVES_MIN_K &&
         g->k >= side && g->m * g->n <= HALVES_MAX_MN;
}

typedef struct {
  const hnn_isa *isa;
  hnn_gemm_args g;
  int streams;      /* equal blocks of k (1 or 2): a half takes the same share of each */
  float *second;    /* m × n: the second half's sum */
  int row_parts;    /* row ranges of C per half */
  atomic_int failed;
} halves_job;

/* Part i: half i / row_parts (the first into C, the second into `second`), rows of range i % row_parts.
 * Half 0 sums the first half of each stream of k, half 1 the second, stream by stream: the rows that a
 * thread of a row-split call wrote when the stream was made. */
static void halves_part(void *ctx, int part, int parts) {
  (void)parts;
  halves_job *j = ctx;
  const int half = part / j->row_parts;
  ptrdiff_t s, e;
  part_range(j->g.m, j->row_parts, part % j->row_parts, j->isa->mr, &s, &e);
  if (e <= s) return;
  const ptrdiff_t stream = j->g.k / j->streams, mid = (stream + 1) / 2;
  for (int i = 0; i < j->streams; i++) {
    hnn_gemm_args g = j->g;
    const ptrdiff_t k0 = i * stream + (half ? mid : 0), k1 = i * stream + (half ? stream : mid);
    g.a += s + k0 * g.lda;
    g.b += k0 * g.ldb;
    g.m = e - s;
    g.k = k1 - k0;
    g.c = (half == 0 ? g.c : j->second) + s * g.ldc;
    g.accumulate = i > 0 || (half == 0 && j->g.accumulate);
    if (j->isa->gemm(&g) != 0) atomic_store(&j->failed, 1);
  }
}

/* C = (C + Σ over half 0 of k) + Σ over half 1 (see halves_part), the halves on different threads. */
static int run_in_halves(const hnn_isa *isa, int threads, const hnn_gemm_args *g, int streams) {
  halves_job j = {.isa = isa, .g = *g, .streams = streams};
  j.second = hnn_scratch_slot(HNN_SCRATCH_PARTIAL, (size_t)g->m * (size_t)g->n);
  if (j.second == NULL) return -1;
  j.row_parts = threads < 2 ? 1 : parts_for(threads / 2, (g->m + isa->mr - 1) / isa->mr, 1);
  hnn_pool_run(threads, 2 * j.row_parts, halves_part, &j);
  if (atomic_load(&j.failed)) return -1;
  hnn_run_binary(isa, threads, HNN_OP_ADD, g->m * g->n, g->c, j.second, g->c);
  return 0;
}

int hnn_run_gemm(const hnn_isa *isa, int threads, const hnn_gemm_args *args, int streams) {
  gemm_job j = {isa, *args, 0, 1, 0};
  const ptrdiff_t m = args->m, n = args->n, k = args->k;
  j.g.mode = hnn_gemm_mode(isa, args->trans_a, m, n, k);
  if (summed_in_halves(&j.g) && args->k % streams == 0) return run_in_halves(isa, threads, &j.g, streams);
  /* Thin products split along their long side, when each part then reads rows of the big operand of
   * its own (a part that reads columns of it would stream all of it: such products run whole);
   * others along the larger side of C, on the tile grid. */
  switch (j.g.mode) {
    case HNN_GEMM_THIN_N:
      if (args->trans_a) threads = 1;
      j.split_columns = 0;
      j.align = 16;
      break;
    case HNN_GEMM_THIN_M:
      if (!args->trans_b) threads = 1;
      j.split_columns = 1;
      j.align = 16;
      break;
    case HNN_GEMM_SMALL_K:
      j.split_columns = n > m;
      j.align = j.split_columns ? 16 : 1;
      break;
    default:
      j.split_columns = n > m;
      j.align = j.split_columns ? isa->nr : isa->mr;
      break;
  }
  if (threads <= 1 || m * n * (k > 0 ? k : 1) < PARALLEL_GEMM_MACS) {
    gemm_part(&j, 0, 1);
    return atomic_load(&j.failed) ? -1 : 0;
  }
  const ptrdiff_t size = j.split_columns ? n : m;
  const int parts = parts_for(threads, (size + j.align - 1) / j.align, 1);
  hnn_pool_run(threads, parts, gemm_part, &j);
  return atomic_load(&j.failed) ? -1 : 0;
}

/* ---- element-wise maps ---- */

typedef struct {
  const hnn_isa *isa;
  int op;
  ptrdiff_t n, rows, cols;
  int kind, k;
  const float *a, *b, *c, *d, *e;
  float *o1, *o2, *o3;
  double *m, *v;
  const hnn_adam_scalars *s;
} ew_job;

static void ew_part(void *ctx, int part, int parts) {
  const ew_job *j = ctx;
  const hnn_isa *isa = j->isa;
  ptrdiff_t s, e;
  switch (j->op) {
    case HNN_OP_ACTIVATION: {
      part_range(j->rows, parts, part, 1, &s, &e);
      const ptrdiff_t o = s * j->cols;
      isa->activation(j->kind, e - s, j->cols, j->a + o, j->b, j->o1 + o, j->o2 + o, j->o3 ? j->o3 + o : NULL);
      return;
    }
    case HNN_OP_MUL_PRODUCT:
      part_range(j->rows, parts, part, 1, &s, &e);
      isa->mul_product(e - s, j->cols, j->k, j->a + s * j->cols, j->b + s * j->k, j->c, j->o1 + s * j->cols);
      return;
    case HNN_OP_MUL:
    case HNN_OP_ADD:
      part_range(j->n, parts, part, 16, &s, &e);
      (j->op == HNN_OP_MUL ? isa->mul : isa->add)(e - s, j->a + s, j->b + s, j->o1 + s);
      return;
    case HNN_OP_DUAL:
      part_range(j->n, parts, part, 16, &s, &e);
      isa->dual(e - s, j->a + s, j->b + s, j->c + s, j->d + s, j->e + s, j->o1 + s, j->o2 ? j->o2 + s : NULL);
      return;
    case HNN_OP_ADD_BIAS:
      part_range(j->rows, parts, part, 1, &s, &e);
      isa->add_bias(e - s, j->cols, j->o1 + s * j->cols, j->a);
      return;
    case HNN_OP_COLUMN_SUMS:
      part_range(j->cols, parts, part, 16, &s, &e);
      isa->column_sums(j->rows, j->cols, s, e, j->a, j->o1);
      return;
    case HNN_OP_ADAM:
      part_range(j->n, parts, part, 16, &s, &e);
      isa->adam(e - s, j->o1 + s, j->a + s, j->m + s, j->v + s, j->s);
      return;
    default:
      return;
  }
}

/* Runs an element-wise job over `size` elements in `units` splittable units. */
static void run_ew(const ew_job *j, int threads, ptrdiff_t size, ptrdiff_t units) {
  const int parts = threads > 1 && size >= PARALLEL_ELEMENTS ? parts_for(threads, units, PARTS_PER_THREAD) : 1;
  hnn_pool_run(threads, parts, ew_part, (void *)j);
}

void hnn_run_activation(const hnn_isa *isa, int threads, int kind, ptrdiff_t rows, ptrdiff_t cols, const float *x,
                        const float *bias, float *y, float *d1, float *d2) {
  const ew_job j = {.isa = isa, .op = HNN_OP_ACTIVATION, .rows = rows, .cols = cols, .kind = kind, .a = x, .b = bias,
                    .o1 = y, .o2 = d1, .o3 = d2};
  run_ew(&j, threads, rows * cols, rows);
}

void hnn_run_binary(const hnn_isa *isa, int threads, int op, ptrdiff_t n, const float *a, const float *b, float *out) {
  const ew_job j = {.isa = isa, .op = op, .n = n, .a = a, .b = b, .o1 = out};
  run_ew(&j, threads, n, (n + 15) / 16);
}

void hnn_run_mul_product(const hnn_isa *isa, int threads, ptrdiff_t rows, ptrdiff_t cols, int k, const float *a,
                         const float *g, const float *w, float *out) {
  const ew_job j = {.isa = isa, .op = HNN_OP_MUL_PRODUCT, .rows = rows, .cols = cols, .k = k, .a = a, .b = g, .c = w,
                    .o1 = out};
  run_ew(&j, threads, rows * cols, rows);
}

void hnn_run_dual(const hnn_isa *isa, int threads, ptrdiff_t n, const float *d1, const float *d2, const float *xt,
                  const float *g, const float *gt, float *out, float *out_t) {
  const ew_job j = {.isa = isa, .op = HNN_OP_DUAL, .n = n, .a = d1, .b = d2, .c = xt, .d = g, .e = gt, .o1 = out,
                    .o2 = out_t};
  run_ew(&j, threads, n, (n + 15) / 16);
}

void hnn_run_add_bias(const hnn_isa *isa, int threads, ptrdiff_t rows, ptrdiff_t cols, float *y, const float *bias) {
  const ew_job j = {.isa = isa, .op = HNN_OP_ADD_BIAS, .rows = rows, .cols = cols, .a = bias, .o1 = y};
  run_ew(&j, threads, rows * cols, rows);
}

/* ---- column sums, in two halves of the rows from COLUMN_HALVES_MIN_ROWS rows (as the weight gradients) ---- */

/* Fewest rows whose column sums are summed in halves. */
#define COLUMN_HALVES_MIN_ROWS 512

typedef struct {
  const hnn_isa *isa;
  ptrdiff_t rows, cols, r0; /* r0: rows in the first half */
  const float *g;
  float *acc, *second; /* second: the second half's sums */
  int col_parts;       /* column ranges per half */
} column_halves_job;

/* Part i: half i / col_parts (the first into acc, the second into `second`), columns of range i % col_parts. */
static void column_halves_part(void *ctx, int part, int parts) {
  (void)parts;
  const column_halves_job *j = ctx;
  ptrdiff_t s, e;
  part_range(j->cols, j->col_parts, part % j->col_parts, 16, &s, &e);
  if (e <= s) return;
  if (part / j->col_parts == 0) {
    j->isa->column_sums(j->r0, j->cols, s, e, j->g, j->acc);
  } else {
    memset(j->second + s, 0, (size_t)(e - s) * sizeof(float));
    j->isa->column_sums(j->rows - j->r0, j->cols, s, e, j->g + j->r0 * j->cols, j->second);
  }
}

int hnn_run_column_sums(const hnn_isa *isa, int threads, ptrdiff_t rows, ptrdiff_t cols, const float *g, float *acc) {
  if (rows < COLUMN_HALVES_MIN_ROWS) {
    const ew_job j = {.isa = isa, .op = HNN_OP_COLUMN_SUMS, .rows = rows, .cols = cols, .a = g, .o1 = acc};
    run_ew(&j, threads, rows * cols, (cols + 15) / 16);
    return 0;
  }
  column_halves_job j = {.isa = isa, .rows = rows, .cols = cols, .r0 = (rows + 1) / 2, .g = g, .acc = acc};
  j.second = hnn_scratch_slot(HNN_SCRATCH_PARTIAL, (size_t)cols);
  if (j.second == NULL) return -1;
  const int split = threads > 1 && rows * cols >= PARALLEL_ELEMENTS;
  j.col_parts = split ? parts_for(threads / 2, (cols + 15) / 16, 1) : 1;
  hnn_pool_run(split ? threads : 1, 2 * j.col_parts, column_halves_part, &j);
  isa->add(cols, acc, j.second, acc);
  return 0;
}

void hnn_run_adam(const hnn_isa *isa, int threads, ptrdiff_t n, float *value, const float *grad, double *m,
                  double *v, const hnn_adam_scalars *s) {
  const ew_job j = {.isa = isa, .op = HNN_OP_ADAM, .n = n, .a = grad, .o1 = value, .m = m, .v = v, .s = s};
  run_ew(&j, threads, n, (n + 15) / 16);
}
