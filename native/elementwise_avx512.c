/* The element-wise kernels and Adam for AVX-512F (64-byte vectors, masked tails). Compiled with
 * -mavx512f -mfma; only called after a run-time check of the CPU. See elementwise_impl.h. */
#include <immintrin.h>

#define EW_BYTES 64
#define EW(name) hnn_##name##_avx512
#define EW_LOAD_N(p, n) ((VF)_mm512_maskz_loadu_ps((__mmask16)((1u << (n)) - 1u), (p)))
#define EW_STORE_N(p, v, n) _mm512_mask_storeu_ps((p), (__mmask16)((1u << (n)) - 1u), (__m512)(v))
#define EW_FMA(a, b, c) ((VF)_mm512_fmadd_ps((__m512)(a), (__m512)(b), (__m512)(c)))
#include "elementwise_impl.h"
