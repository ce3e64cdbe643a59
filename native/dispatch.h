/* Kernel calls split across the thread pool (dispatch.c). Arguments are trusted: binding.c checks them. */
#ifndef HNN_DISPATCH_H
#define HNN_DISPATCH_H

#include "hnn.h"

enum { HNN_OP_ACTIVATION, HNN_OP_MUL, HNN_OP_ADD, HNN_OP_DUAL, HNN_OP_ADD_BIAS, HNN_OP_COLUMN_SUMS, HNN_OP_ADAM, HNN_OP_MUL_PRODUCT };

/* C = op(A)·op(B) (or +=) on up to `threads` threads; 0, or -1 when scratch space ran out. The k rows
 * are `streams` equal blocks (1, or 2 for the primal and tangent streams stacked): a sum split across
 * threads is split within each block. */
int hnn_run_gemm(const hnn_isa *isa, int threads, const hnn_gemm_args *args, int streams);
/* Bias + activation with σ′ and σ″ over a rows × cols block (bias may be NULL; d2 too, then σ″ is not written). */
void hnn_run_activation(const hnn_isa *isa, int threads, int kind, ptrdiff_t rows, ptrdiff_t cols, const float *x,
                        const float *bias, float *y, float *d1, float *d2);
/* out = a·b (HNN_OP_MUL) or a + b (HNN_OP_ADD), element by element. */
void hnn_run_binary(const hnn_isa *isa, int threads, int op, ptrdiff_t n, const float *a, const float *b, float *out);
/* out = a ⊙ (g·w), g rows × k (k ≤ HNN_SMALL_K), w k × cols, split by rows. */
void hnn_run_mul_product(const hnn_isa *isa, int threads, ptrdiff_t rows, ptrdiff_t cols, int k, const float *a,
                         const float *g, const float *w, float *out);
/* The reverse map of an activation through a (primal, tangent) pair (out_t may be NULL). */
void hnn_run_dual(const hnn_isa *isa, int threads, ptrdiff_t n, const float *d1, const float *d2, const float *xt,
                  const float *g, const float *gt, float *out, float *out_t);
/* y[r, :] += bias for every row. */
void hnn_run_add_bias(const hnn_isa *isa, int threads, ptrdiff_t rows, ptrdiff_t cols, float *y, const float *bias);
/* acc[c] += Σ_r g[r, c]: rows in order, or (from 512 rows) in two halves of the rows, the second summed from zero
 * and added after; 0, or -1 when scratch space ran out. */
int hnn_run_column_sums(const hnn_isa *isa, int threads, ptrdiff_t rows, ptrdiff_t cols, const float *g, float *acc);
/* One Adam update of n parameters. */
void hnn_run_adam(const hnn_isa *isa, int threads, ptrdiff_t n, float *value, const float *grad, double *m,
                  double *v, const hnn_adam_scalars *s);

#endif
