/* Shared declarations of the native kernel set: the per-ISA function table, the product arguments,
 * the thread pool and the per-thread scratch space. Sizes are element counts (ptrdiff_t), matrices
 * are row-major float32 with explicit leading dimensions (elements between rows as stored). */
#ifndef HNN_NATIVE_H
#define HNN_NATIVE_H

#include <stddef.h>

/* Instruction-set paths, in order of preference, except AMX, which runs only when asked for (its
 * products round differently; see hnn_isa_default). The value is the code the JavaScript side passes. */
enum { HNN_ISA_PORTABLE = 0, HNN_ISA_AVX2 = 1, HNN_ISA_AVX512 = 2, HNN_ISA_AMX = 3, HNN_ISA_COUNT = 4 };

/* Product paths. A mode is chosen once for a whole product (hnn_gemm_mode) and given to every block
 * of it, so that the bits of an element never depend on how the product was split. */
enum {
  HNN_GEMM_BLOCKED = 0, /* packed panels and a register-tiled micro-kernel */
  HNN_GEMM_SMALL_K = 1, /* inner dimension k <= HNN_SMALL_K: row-by-row sums of k scaled rows of op(B) */
  HNN_GEMM_THIN_N = 2,  /* n <= HNN_THIN_MAX columns of C: op(A) streamed once */
  HNN_GEMM_THIN_M = 3,  /* m <= HNN_THIN_MAX rows of C: computed as the thin product Cᵀ = op(B)ᵀ·op(A)ᵀ */
  HNN_GEMM_TILES = 4    /* on a path with tiles (AMX), a blocked product worth them (hnn_gemm_mode) */
};
#define HNN_SMALL_K 4
#define HNN_THIN_MAX 4
/* Largest inner dimension of a thin product (its few columns of op(B) are copied into scratch). */
#define HNN_THIN_MAX_K (1 << 22)
/* Smallest product (multiply-adds) run on tiles, where a path has them; and, unless op(A) is transposed,
 * the smallest m·n/(m + n) of one: every thread packs all of op(B) into bf16 parts (about as costly as
 * a few passes over it), which pays when C is large against its sides (750×200, not 200×200). The
 * blocked path packs a transposed op(A) too, and more slowly, so those products always pay. */
#define HNN_TILES_MIN_MACS (1L << 20)
#define HNN_TILES_MIN_SIDES 100

/* C = op(A)·op(B) (C += … when accumulate) over an m×n block; op(X) = Xᵀ when the trans flag is set. */
typedef struct {
  int trans_a, trans_b, accumulate, mode;
  ptrdiff_t m, n, k;
  const float *a;
  ptrdiff_t lda;
  const float *b;
  ptrdiff_t ldb;
  float *c;
  ptrdiff_t ldc;
} hnn_gemm_args;

/* The scalars of one Adam update, in the order of AdamScalars. */
typedef struct {
  double weight_decay, beta1, beta2, step_size, sqrt_bc2, eps;
} hnn_adam_scalars;

/* Activation codes (the JavaScript side passes these). */
enum { HNN_TANH = 0, HNN_RELU = 1, HNN_SOFTPLUS = 2, HNN_SIGMOID = 3 };

/* One instruction-set path: every kernel of the set. Kernels return 0, or -1 when scratch space could
 * not be allocated (nothing is written then). */
typedef struct {
  const char *name;
  /* Micro-tile rows and columns of the blocked product (block splits are aligned to them). */
  int mr, nr;
  int (*gemm)(const hnn_gemm_args *g);
  void (*activation)(int kind, ptrdiff_t rows, ptrdiff_t cols, const float *x, const float *bias, float *y, float *d1,
                     float *d2);
  void (*mul)(ptrdiff_t n, const float *a, const float *b, float *out);
  /* out = a ⊙ (g·w) over rows × cols, g rows × k (k ≤ HNN_SMALL_K), w k × cols: the product's sums
   * (from zero, p in order, as `gemm` forms them for such k), then `mul`. */
  void (*mul_product)(ptrdiff_t rows, ptrdiff_t cols, int k, const float *a, const float *g, const float *w,
                      float *out);
  void (*add)(ptrdiff_t n, const float *a, const float *b, float *out);
  void (*dual)(ptrdiff_t n, const float *d1, const float *d2, const float *xt, const float *g, const float *gt,
               float *out, float *out_t);
  void (*add_bias)(ptrdiff_t rows, ptrdiff_t cols, float *y, const float *bias);
  void (*column_sums)(ptrdiff_t rows, ptrdiff_t cols, ptrdiff_t c0, ptrdiff_t c1, const float *g, float *acc);
  void (*adam)(ptrdiff_t n, float *value, const float *grad, double *m, double *v, const hnn_adam_scalars *s);
  /* GFLOP/s of independent FMA chains on the calling core over about `seconds`. */
  double (*fma_peak)(double seconds);
  /* Whether `gemm` runs products in the tile mode. */
  int tiles;
} hnn_isa;

/* The tables, defined by the per-ISA translation units (NULL entries where not compiled). */
extern const hnn_isa hnn_isa_portable;
#if defined(HNN_HAVE_X86)
extern const hnn_isa hnn_isa_avx2;
extern const hnn_isa hnn_isa_avx512;
#endif
#if defined(HNN_HAVE_AMX)
extern const hnn_isa hnn_isa_amx;
#endif

/* Whether this CPU (and OS) runs the path `isa`. */
int hnn_isa_supported(int isa);
/* The path in use unless a caller picks one: HNN_NATIVE_ISA when set and valid, else the best supported. */
int hnn_isa_default(void);
/* The table of a supported path (NULL otherwise). */
const hnn_isa *hnn_isa_table(int isa);
/* Name of a path code ("avx512", "avx2", "portable"). */
const char *hnn_isa_name(int isa);
/* Why HNN_NATIVE_ISA could not be honoured (NULL when unset or honoured). */
const char *hnn_isa_env_error(void);
/* The raw value of HNN_NATIVE_ISA (NULL when unset). */
const char *hnn_isa_env_value(void);

/* The mode of a whole product on path `isa` (see the enum above). */
int hnn_gemm_mode(const hnn_isa *isa, int trans_a, ptrdiff_t m, ptrdiff_t n, ptrdiff_t k);

/* The floating-point mode of the calling thread (x86: MXCSR; 0 elsewhere), and setting it. A pool
 * job runs on every thread in its caller's mode. */
unsigned hnn_fpu_get(void);
void hnn_fpu_set(unsigned mode);
/* The caller's mode with subnormal floats flushed to zero and read as zero (x86 FTZ and DAZ), as
 * XLA's CPU runtime computes: a subnormal operand or result costs a microcode assist of ~100 cycles,
 * and weight decay leaves a pixel model's weights of always-black pixels there. Other CPUs keep
 * IEEE subnormals. */
unsigned hnn_fpu_flushing(unsigned mode);

/* Per-thread scratch slots: one for a kernel's packed operands, one for a split product's partial sum
 * (owned by the thread that splits it, written by the pool's threads). */
enum { HNN_SCRATCH_KERNEL = 0, HNN_SCRATCH_PARTIAL = 1, HNN_SCRATCH_SLOTS = 2 };
/* At least `floats` floats of 64-byte aligned scratch in slot `slot` of the calling thread (NULL when
 * out of memory). Valid until the same thread asks that slot again. */
float *hnn_scratch_slot(int slot, size_t floats);
/* The kernel slot: hnn_scratch_slot(HNN_SCRATCH_KERNEL, floats). */
float *hnn_scratch(size_t floats);

/* A part of a job: runs part `part` of `parts`. */
typedef void (*hnn_part_fn)(void *ctx, int part, int parts);
/* Most threads one call may use (the caller included). */
#define HNN_MAX_THREADS 16
/* Most parts one job can be split into. */
#define HNN_MAX_PARTS 32
/* Runs fn(ctx, i, parts) for every i < parts on up to `threads` threads (the caller included) and
 * returns when all are done. Runs everything on the caller when the pool is busy or cannot start. */
void hnn_pool_run(int threads, int parts, hnn_part_fn fn, void *ctx);
/* The pool's judgement of its workers: sums over recent jobs, each faded by its age in job time, and
 * the pauses decided (times in ns on one clock). */
typedef struct {
  double job_ns, wait_ns, worker_parts, fair_parts;
  double judged_ns; /* job time since the last pause (not faded) */
  long paused_until, pause_ns, resumed_at, pauses;
} hnn_health;
/* Records one split job (published at `start`, the caller's own parts done at `own`, all done at
 * `end`; `by_caller` of `parts` parts run by the caller, on `threads` threads) and returns the pause
 * it decides (ns; 0: none). While start < paused_until the pool runs jobs on the caller, unjudged. */
long hnn_health_judge(hnn_health *h, long start, long own, long end, int parts, int by_caller, int threads);
/* Worker threads started so far. */
int hnn_pool_workers(void);
/* Times the workers were paused for being slow (see pool.c). */
long hnn_pool_pauses(void);

#endif
