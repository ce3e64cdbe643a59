/* The FMA peak probe with AVX2 + FMA (see probe_impl.h); compiled with -mavx2 -mfma. */
#include <immintrin.h>
typedef __m256 V;
#define VL 8
#define PROBE_FMA(a, b, c) _mm256_fmadd_ps(a, b, c)
#define PROBE_NAME hnn_fma_peak_avx2
#include "probe_impl.h"
