/* The FMA peak probe for one instruction set, included by probe_<isa>.c after it defines V, VL,
 * PROBE_FMA(a, b, c) (a·b + c) and PROBE_NAME. Twelve independent chains on the calling core (more
 * than FMA latency × FMA pipes on current cores) run for about the requested time. */
#include <time.h>

#include "hnn.h"

#define PROBE_CHAINS 12

static double probe_now(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

double PROBE_NAME(double seconds) {
  V acc[PROBE_CHAINS];
  V x, y;
  for (int l = 0; l < VL; l++) {
    ((float *)&x)[l] = 0.999999f;
    ((float *)&y)[l] = 1e-7f;
  }
  for (int j = 0; j < PROBE_CHAINS; j++) {
    for (int l = 0; l < VL; l++) ((float *)&acc[j])[l] = (float)(j + l);
  }
  const long batch = 1 << 16;
  long rounds = 0;
  const double start = probe_now();
  double elapsed = 0;
  do {
    for (long i = 0; i < batch; i++) {
#pragma GCC unroll 12
      for (int j = 0; j < PROBE_CHAINS; j++) acc[j] = PROBE_FMA(acc[j], x, y);
    }
    rounds++;
    elapsed = probe_now() - start;
  } while (elapsed < seconds);
  /* Keep the chains' results alive. */
  volatile float sink = 0;
  for (int j = 0; j < PROBE_CHAINS; j++) sink += ((float *)&acc[j])[0];
  (void)sink;
  return (double)rounds * batch * PROBE_CHAINS * VL * 2.0 / elapsed / 1e9;
}
