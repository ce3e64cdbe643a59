/* The kernel table of each instruction-set path (the kernels live in the per-ISA translation units). */
#include "hnn.h"

#define DECLARE(S)                                                                                                  \
  int hnn_gemm_##S(const hnn_gemm_args *g);                                                                         \
  void hnn_activation_##S(int kind, ptrdiff_t rows, ptrdiff_t cols, const float *x, const float *bias, float *y,    \
                          float *d1, float *d2);                                                                    \
  void hnn_mul_##S(ptrdiff_t n, const float *a, const float *b, float *out);                                        \
  void hnn_mul_product_##S(ptrdiff_t rows, ptrdiff_t cols, int k, const float *a, const float *g, const float *w,   \
                           float *out);                                                                             \
  void hnn_add_##S(ptrdiff_t n, const float *a, const float *b, float *out);                                        \
  void hnn_dual_##S(ptrdiff_t n, const float *d1, const float *d2, const float *xt, const float *g, const float *gt, \
                    float *out, float *out_t);                                                                      \
  void hnn_add_bias_##S(ptrdiff_t rows, ptrdiff_t cols, float *y, const float *bias);                               \
  void hnn_column_sums_##S(ptrdiff_t rows, ptrdiff_t cols, ptrdiff_t c0, ptrdiff_t c1, const float *g, float *acc); \
  void hnn_adam_##S(ptrdiff_t n, float *value, const float *grad, double *m, double *v, const hnn_adam_scalars *s); \
  double hnn_fma_peak_##S(double seconds);

/* Path S: its own products (G), the element-wise kernels and probe of path E, tiles or not. */
#define TABLE(S, MR, NR, G, E, TILES)                                                                          \
  const hnn_isa hnn_isa_##S = {#S, MR, NR, hnn_gemm_##G, hnn_activation_##E, hnn_mul_##E, hnn_mul_product_##E, \
                               hnn_add_##E, hnn_dual_##E, hnn_add_bias_##E, hnn_column_sums_##E, hnn_adam_##E, \
                               hnn_fma_peak_##E, TILES};

DECLARE(portable)
TABLE(portable, 4, 8, portable, portable, 0)
#if defined(HNN_HAVE_X86)
DECLARE(avx2)
TABLE(avx2, 6, 16, avx2, avx2, 0)
DECLARE(avx512)
TABLE(avx512, 12, 32, avx512, avx512, 0)
#endif
#if defined(HNN_HAVE_AMX)
int hnn_gemm_amx(const hnn_gemm_args *g);
TABLE(amx, 32, 32, amx, avx512, 1)
#endif
