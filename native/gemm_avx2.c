/* The float32 product with AVX2 + FMA (8 lanes, masked loads and stores for tails): see gemm_impl.h.
 * Compiled with -mavx2 -mfma and only called after a run-time check of the CPU. */
#include <immintrin.h>

#include "hnn.h"
#include "transpose_avx.h"

typedef __m256 V;
#define VL 8
#define MR 6
#define NV 2
#define KC 256
#define NC 512
#define ISA_TABLE_GEMM hnn_gemm_avx2

/* Lane masks: the 8 entries starting at MASKS + 8 − n select the first n lanes. */
static const int MASKS[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
static inline __m256i lanes(int n) { return _mm256_loadu_si256((const __m256i *)(MASKS + 8 - n)); }
static inline V vzero(void) { return _mm256_setzero_ps(); }
static inline V vset1(float x) { return _mm256_set1_ps(x); }
static inline V vload(const float *p) { return _mm256_loadu_ps(p); }
static inline V vloadn(const float *p, int n) { return n >= VL ? _mm256_loadu_ps(p) : _mm256_maskload_ps(p, lanes(n)); }
static inline void vstoren(float *p, V v, int n) {
  if (n >= VL) _mm256_storeu_ps(p, v);
  else _mm256_maskstore_ps(p, lanes(n), v);
}
static inline V vfma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
static inline V vadd(V a, V b) { return _mm256_add_ps(a, b); }
static inline float vsum(V v) {
  const __m128 q = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
  const __m128 d = _mm_add_ps(q, _mm_movehl_ps(q, q));
  return _mm_cvtss_f32(_mm_add_ss(d, _mm_movehdup_ps(d)));
}

#include "gemm_impl.h"
