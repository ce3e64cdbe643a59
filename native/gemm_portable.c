/* The float32 product in portable C (GCC/Clang 4-lane vector extensions, separate multiply and add,
 * compiled with -ffp-contract=off so that no compiler fuses them): see gemm_impl.h. */
#include <string.h>

#include "hnn.h"

typedef float V __attribute__((vector_size(16)));
#define VL 4
#define MR 4
#define NV 2
#define KC 256
#define NC 512
#define ISA_TABLE_GEMM hnn_gemm_portable

static inline V vzero(void) { return (V){0.0f, 0.0f, 0.0f, 0.0f}; }
static inline V vset1(float x) { return (V){x, x, x, x}; }
static inline V vload(const float *p) {
  V v;
  memcpy(&v, p, sizeof v);
  return v;
}
/* Lanes to move for a request of n (0 … VL). */
static inline size_t count(int n) { return n <= 0 ? 0 : n < VL ? (size_t)n : VL; }
static inline V vloadn(const float *p, int n) {
  V v = vzero();
  memcpy(&v, p, count(n) * sizeof(float));
  return v;
}
static inline void vstoren(float *p, V v, int n) { memcpy(p, &v, count(n) * sizeof(float)); }
static inline V vfma(V a, V b, V c) { return a * b + c; }
static inline V vadd(V a, V b) { return a + b; }
static inline float vsum(V v) { return (v[0] + v[1]) + (v[2] + v[3]); }

#include "gemm_impl.h"
