/* The element-wise kernels and Adam for AVX2 (32-byte vectors, masked tails). Compiled with -mavx2
 * -mfma; only called after a run-time check of the CPU. See elementwise_impl.h. */
#include <immintrin.h>

/* Lane masks: the 8 entries from EW_MASKS + 8 − n select the first n lanes. */
static const int EW_MASKS[16] = {-1, -1, -1, -1, -1, -1, -1, -1, 0, 0, 0, 0, 0, 0, 0, 0};
#define EW_BYTES 32
#define EW(name) hnn_##name##_avx2
#define EW_MASK(n) _mm256_loadu_si256((const __m256i *)(EW_MASKS + 8 - (n)))
#define EW_LOAD_N(p, n) ((VF)_mm256_maskload_ps((p), EW_MASK(n)))
#define EW_STORE_N(p, v, n) _mm256_maskstore_ps((p), EW_MASK(n), (__m256)(v))
#define EW_FMA(a, b, c) ((VF)_mm256_fmadd_ps((__m256)(a), (__m256)(b), (__m256)(c)))
#include "elementwise_impl.h"
