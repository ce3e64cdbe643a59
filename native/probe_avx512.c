/* The FMA peak probe with AVX-512 (see probe_impl.h); compiled with -mavx512f -mfma. */
#include <immintrin.h>
typedef __m512 V;
#define VL 16
#define PROBE_FMA(a, b, c) _mm512_fmadd_ps(a, b, c)
#define PROBE_NAME hnn_fma_peak_avx512
#include "probe_impl.h"
