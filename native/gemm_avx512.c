/* The float32 product with AVX-512F (16 lanes, FMA, masked tails): see gemm_impl.h. Compiled with
 * -mavx512f -mfma and only called after a run-time check of the CPU. */
#include <immintrin.h>

#include "hnn.h"
#include "transpose_avx.h"

typedef __m512 V;
#define VL 16
#ifndef MR
#define MR 12
#endif
#define NV 2
#ifndef KC
#define KC 256
#endif
#define NC 512
#define THIN_WIDE_BV 13
#define ISA_TABLE_GEMM hnn_gemm_avx512

static inline __mmask16 lanes(int n) { return (__mmask16)((1u << n) - 1u); }
static inline V vzero(void) { return _mm512_setzero_ps(); }
static inline V vset1(float x) { return _mm512_set1_ps(x); }
static inline V vload(const float *p) { return _mm512_loadu_ps(p); }
static inline V vloadn(const float *p, int n) { return n >= VL ? _mm512_loadu_ps(p) : _mm512_maskz_loadu_ps(lanes(n), p); }
static inline void vstoren(float *p, V v, int n) {
  if (n >= VL) _mm512_storeu_ps(p, v);
  else _mm512_mask_storeu_ps(p, lanes(n), v);
}
static inline V vfma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
static inline V vadd(V a, V b) { return _mm512_add_ps(a, b); }
static inline float vsum(V v) {
  const __m256 h = _mm256_add_ps(_mm512_castps512_ps256(v), _mm256_castpd_ps(_mm512_extractf64x4_pd(_mm512_castps_pd(v), 1)));
  const __m128 q = _mm_add_ps(_mm256_castps256_ps128(h), _mm256_extractf128_ps(h, 1));
  const __m128 d = _mm_add_ps(q, _mm_movehl_ps(q, q));
  return _mm_cvtss_f32(_mm_add_ss(d, _mm_movehdup_ps(d)));
}

#include "gemm_impl.h"
