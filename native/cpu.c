/* Which instruction-set path runs: the CPU's features (checked at run time, OS register support
 * included), overridable with HNN_NATIVE_ISA=avx512|avx2|portable. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hnn.h"

static const char *const NAMES[HNN_ISA_COUNT] = {"portable", "avx2", "avx512"};

const char *hnn_isa_name(int isa) { return isa >= 0 && isa < HNN_ISA_COUNT ? NAMES[isa] : "unknown"; }

int hnn_isa_supported(int isa) {
  switch (isa) {
    case HNN_ISA_PORTABLE:
      return 1;
#if defined(HNN_HAVE_X86)
    case HNN_ISA_AVX2:
      __builtin_cpu_init();
      return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma");
    case HNN_ISA_AVX512:
      __builtin_cpu_init();
      return __builtin_cpu_supports("avx512f") && __builtin_cpu_supports("fma");
#endif
    default:
      return 0;
  }
}

const hnn_isa *hnn_isa_table(int isa) {
  if (!hnn_isa_supported(isa)) return NULL;
  switch (isa) {
#if defined(HNN_HAVE_X86)
    case HNN_ISA_AVX512:
      return &hnn_isa_avx512;
    case HNN_ISA_AVX2:
      return &hnn_isa_avx2;
#endif
    default:
      return &hnn_isa_portable;
  }
}

static pthread_once_t env_once = PTHREAD_ONCE_INIT;
static const char *env_value = NULL;
static char env_error[160];
static int env_isa = -1;

/* Parses HNN_NATIVE_ISA (once: see read_env). */
static void parse_env(void) {
  env_value = getenv("HNN_NATIVE_ISA");
  if (env_value == NULL || env_value[0] == '\0') {
    env_value = NULL;
    return;
  }
  for (int isa = 0; isa < HNN_ISA_COUNT; isa++) {
    if (strcmp(env_value, NAMES[isa]) == 0) {
      if (hnn_isa_supported(isa)) {
        env_isa = isa;
      } else {
        snprintf(env_error, sizeof env_error, "HNN_NATIVE_ISA=%s, but this CPU (or build) does not support %s", NAMES[isa], NAMES[isa]);
      }
      return;
    }
  }
  snprintf(env_error, sizeof env_error, "HNN_NATIVE_ISA=%.40s is not one of avx512, avx2, portable", env_value);
}

/* Parses HNN_NATIVE_ISA on first use, from whichever thread comes first. */
static void read_env(void) { pthread_once(&env_once, parse_env); }

const char *hnn_isa_env_value(void) {
  read_env();
  return env_value;
}

const char *hnn_isa_env_error(void) {
  read_env();
  return env_error[0] ? env_error : NULL;
}

int hnn_isa_default(void) {
  read_env();
  if (env_isa >= 0) return env_isa;
  for (int isa = HNN_ISA_COUNT - 1; isa > 0; isa--) {
    if (hnn_isa_supported(isa)) return isa;
  }
  return HNN_ISA_PORTABLE;
}
