/* The element-wise kernels and Adam for portable C (16-byte generic vectors). See elementwise_impl.h. */
#define EW_BYTES 16
#define EW(name) hnn_##name##_portable
#include "elementwise_impl.h"

