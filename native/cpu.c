/* Which instruction-set path runs: the CPU's features (checked at run time, OS register support
 * included), overridable with HNN_NATIVE_ISA=amx|avx512|avx2|portable. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hnn.h"

#if defined(HNN_HAVE_AMX)
#include <cpuid.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

static const char *const NAMES[HNN_ISA_COUNT] = {"portable", "avx2", "avx512", "amx"};

#if defined(HNN_HAVE_AMX)
static pthread_once_t amx_once = PTHREAD_ONCE_INIT;
static int amx_ok = 0;

/* AMX: the CPU's tile and bf16 tile units and AVX-512BW, the tile state enabled by the OS (XCR0 bits
 * 17 and 18), and Linux's permission for this process to use the tile data (asked here, once). */
static void check_amx(void) {
  unsigned a, b, c, d;
  if (!__get_cpuid(1, &a, &b, &c, &d) || !(c & (1u << 27))) return; /* OSXSAVE: xgetbv works */
  if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return;
  if (!(d & (1u << 22)) || !(d & (1u << 24)) || !(b & (1u << 30))) return;
  unsigned lo, hi;
  __asm__ volatile("xgetbv" : "=a"(lo), "=d"(hi) : "c"(0));
  if ((lo & 0x60000u) != 0x60000u) return;
#if defined(__linux__)
  amx_ok = syscall(SYS_arch_prctl, 0x1023 /* ARCH_REQ_XCOMP_PERM */, 18 /* XFEATURE_XTILEDATA */) == 0;
#endif
}
#endif

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
#if defined(HNN_HAVE_AMX)
    case HNN_ISA_AMX:
      if (!hnn_isa_supported(HNN_ISA_AVX512)) return 0;
      pthread_once(&amx_once, check_amx);
      return amx_ok;
#endif
    default:
      return 0;
  }
}

const hnn_isa *hnn_isa_table(int isa) {
  if (!hnn_isa_supported(isa)) return NULL;
  switch (isa) {
#if defined(HNN_HAVE_AMX)
    case HNN_ISA_AMX:
      return &hnn_isa_amx;
#endif
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
  snprintf(env_error, sizeof env_error, "HNN_NATIVE_ISA=%.40s is not one of amx, avx512, avx2, portable", env_value);
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
  /* AMX only when asked for: its products round differently from the other paths, which give the same bits. */
  for (int isa = HNN_ISA_AVX512; isa > 0; isa--) {
    if (hnn_isa_supported(isa)) return isa;
  }
  return HNN_ISA_PORTABLE;
}
