/* The multiply-add peak probe in portable C (separate multiply and add; see probe_impl.h). */
typedef float V __attribute__((vector_size(16)));
#define VL 4
#define PROBE_FMA(a, b, c) ((a) * (b) + (c))
#define PROBE_NAME hnn_fma_peak_portable
#include "probe_impl.h"
