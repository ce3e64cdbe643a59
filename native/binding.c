/* Node-API entry points of the native kernels. Every argument is checked here (numbers are integers in
 * range, arrays are typed arrays of the right type and long enough, outputs of a product do not
 * overlap its inputs) and a bad one throws a JavaScript error: no argument can crash the process. */
#include <math.h>
#include <node_api.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "dispatch.h"

#define MAX_ARGS 14
/* Largest dimension accepted (as the WebAssembly kernels). */
#define MAX_DIM 2147483647.0

/* Throws unless the last Node-API call succeeded; returns from the calling function with NULL. */
#define CHECK(call)                                                      \
  do {                                                                   \
    if ((call) != napi_ok) {                                             \
      throw_pending(env, "native kernels: internal Node-API failure");   \
      return NULL;                                                       \
    }                                                                    \
  } while (0)

static void throw_pending(napi_env env, const char *msg) {
  bool pending = false;
  if (napi_is_exception_pending(env, &pending) == napi_ok && pending) return;
  napi_throw_error(env, NULL, msg);
}

/* The call's arguments, at least `want` of them (fewer throws a TypeError). */
static int args_of(napi_env env, napi_callback_info info, size_t want, napi_value *argv) {
  size_t argc = MAX_ARGS;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok) {
    throw_pending(env, "native kernels: cannot read the arguments");
    return 0;
  }
  if (argc < want) {
    char msg[96];
    snprintf(msg, sizeof msg, "native kernels: expected %zu arguments, got %zu", want, argc);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  return 1;
}

/* An integer in [lo, hi] named `name`, or a thrown RangeError (returns 0). */
static int int_arg(napi_env env, napi_value v, double lo, double hi, const char *name, int64_t *out) {
  double d;
  if (napi_get_value_double(env, v, &d) != napi_ok || !(d >= lo && d <= hi) || floor(d) != d) {
    char msg[128];
    snprintf(msg, sizeof msg, "native kernels: %s must be an integer in [%.0f, %.0f]", name, lo, hi);
    napi_throw_range_error(env, NULL, msg);
    return 0;
  }
  *out = (int64_t)d;
  return 1;
}

/* A block's dimensions: argv[0] rows and argv[1] cols, each an integer in [0, MAX_DIM]. */
static int dims_arg(napi_env env, const napi_value *argv, int64_t *rows, int64_t *cols) {
  return int_arg(env, argv[0], 0, MAX_DIM, "rows", rows) && int_arg(env, argv[1], 0, MAX_DIM, "cols", cols);
}

/* A finite-or-not float64 argument (Adam's scalars, the probe's duration). */
static int number_arg(napi_env env, napi_value v, const char *name, double *out) {
  if (napi_get_value_double(env, v, out) != napi_ok) {
    char msg[96];
    snprintf(msg, sizeof msg, "native kernels: %s must be a number", name);
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  return 1;
}

/* A Float32Array (or Float64Array when f64) with at least `need` elements; with `nullable`, null or
 * undefined gives NULL. Returns 0 after throwing. */
static int array_arg(napi_env env, napi_value v, int f64, int64_t need, int nullable, const char *name, void **out) {
  napi_valuetype t;
  if (napi_typeof(env, v, &t) != napi_ok) return throw_pending(env, "native kernels: bad argument"), 0;
  if (nullable && (t == napi_null || t == napi_undefined)) {
    *out = NULL;
    return 1;
  }
  bool is = false;
  napi_typedarray_type type;
  size_t length = 0;
  void *data = NULL;
  char msg[160];
  if (napi_is_typedarray(env, v, &is) != napi_ok || !is ||
      napi_get_typedarray_info(env, v, &type, &length, &data, NULL, NULL) != napi_ok ||
      type != (f64 ? napi_float64_array : napi_float32_array)) {
    snprintf(msg, sizeof msg, "native kernels: array '%s' must be a %s", name, f64 ? "Float64Array" : "Float32Array");
    napi_throw_type_error(env, NULL, msg);
    return 0;
  }
  if ((int64_t)length < need || (need > 0 && data == NULL)) {
    snprintf(msg, sizeof msg, "native kernels: array '%s' has %zu elements, needs %lld", name, length, (long long)need);
    napi_throw_range_error(env, NULL, msg);
    return 0;
  }
  *out = data;
  return 1;
}

/* Runs `stmt` with subnormal floats flushed (hnn_fpu_flushing), then gives the thread its mode back
 * (JavaScript keeps IEEE arithmetic). Adam does not: its bits stay those of the other backends. */
#define FLUSHING_SUBNORMALS(stmt)                \
  do {                                           \
    const unsigned fpu_mode_ = hnn_fpu_get();    \
    hnn_fpu_set(hnn_fpu_flushing(fpu_mode_));    \
    stmt;                                        \
    hnn_fpu_set(fpu_mode_);                      \
  } while (0)

/* The path and thread count of a call (arguments 0 and 1). */
static const hnn_isa *isa_threads(napi_env env, napi_value *argv, int *threads) {
  int64_t code, t;
  if (!int_arg(env, argv[0], 0, HNN_ISA_COUNT - 1, "isa", &code)) return NULL;
  if (!int_arg(env, argv[1], 1, HNN_MAX_THREADS, "threads", &t)) return NULL;
  const hnn_isa *isa = hnn_isa_table((int)code);
  if (isa == NULL) {
    char msg[128];
    snprintf(msg, sizeof msg, "native kernels: this CPU does not run the %s path", hnn_isa_name((int)code));
    napi_throw_error(env, NULL, msg);
    return NULL;
  }
  *threads = (int)t;
  return isa;
}

/* A kernel call's `want` arguments into argv, then its path and thread count (isa_threads); NULL with
   an exception pending when any is bad. */
static const hnn_isa *kernel_args(napi_env env, napi_callback_info info, size_t want, napi_value *argv, int *threads) {
  return args_of(env, info, want, argv) ? isa_threads(env, argv, threads) : NULL;
}

/* Whether [p, p + n) and [q, q + m) (floats) share an element. */
static int overlaps(const float *p, int64_t n, const float *q, int64_t m) {
  if (n <= 0 || m <= 0) return 0;
  const uintptr_t a0 = (uintptr_t)p, a1 = a0 + (uintptr_t)n * 4, b0 = (uintptr_t)q, b1 = b0 + (uintptr_t)m * 4;
  return a0 < b1 && b0 < a1;
}

/* gemm(isa, threads, flags, m, n, k, a, b, c): flags bit 0 transA, bit 1 transB, bit 2 accumulate, bit 3
 * k holds two stacked streams. */
static napi_value js_gemm(napi_env env, napi_callback_info info) {
  napi_value argv[MAX_ARGS];
  int threads;
  const hnn_isa *isa = kernel_args(env, info, 9, argv, &threads);
  int64_t flags, m, n, k;
  if (!isa || !int_arg(env, argv[2], 0, 15, "flags", &flags) || !int_arg(env, argv[3], 0, MAX_DIM, "m", &m) ||
      !int_arg(env, argv[4], 0, MAX_DIM, "n", &n) || !int_arg(env, argv[5], 0, MAX_DIM, "k", &k)) {
    return NULL;
  }
  void *a, *b, *c;
  if (!array_arg(env, argv[6], 0, m * k, 0, "a", &a) || !array_arg(env, argv[7], 0, k * n, 0, "b", &b) ||
      !array_arg(env, argv[8], 0, m * n, 0, "c", &c)) {
    return NULL;
  }
  if (overlaps(c, m * n, a, m * k) || overlaps(c, m * n, b, k * n)) {
    napi_throw_range_error(env, NULL, "native kernels: gemm output 'c' overlaps an input");
    return NULL;
  }
  hnn_gemm_args g = {(int)(flags & 1), (int)((flags >> 1) & 1), (int)((flags >> 2) & 1), 0, m, n, k,
                     a, flags & 1 ? m : k, b, flags & 2 ? k : n, c, n};
  int failed;
  FLUSHING_SUBNORMALS(failed = hnn_run_gemm(isa, threads, &g, flags & 8 ? 2 : 1));
  if (failed != 0) napi_throw_error(env, NULL, "native kernels: out of memory (gemm scratch)");
  return NULL;
}

/* activation(isa, threads, kind, rows, cols, x, bias|null, y, d1, d2|null). */
static napi_value js_activation(napi_env env, napi_callback_info info) {
  napi_value argv[MAX_ARGS];
  int threads;
  const hnn_isa *isa = kernel_args(env, info, 10, argv, &threads);
  int64_t kind, rows, cols;
  if (!isa || !int_arg(env, argv[2], 0, 3, "kind", &kind) || !dims_arg(env, argv + 3, &rows, &cols)) return NULL;
  const int64_t n = rows * cols;
  void *x, *bias, *y, *d1, *d2;
  if (!array_arg(env, argv[5], 0, n, 0, "x", &x) || !array_arg(env, argv[6], 0, cols, 1, "bias", &bias) ||
      !array_arg(env, argv[7], 0, n, 0, "y", &y) || !array_arg(env, argv[8], 0, n, 0, "d1", &d1) ||
      !array_arg(env, argv[9], 0, n, 1, "d2", &d2)) {
    return NULL;
  }
  FLUSHING_SUBNORMALS(hnn_run_activation(isa, threads, (int)kind, rows, cols, x, bias, y, d1, d2));
  return NULL;
}

/* mul / add (isa, threads, n, a, b, out). */
static napi_value binary(napi_env env, napi_callback_info info, int op) {
  napi_value argv[MAX_ARGS];
  int threads;
  const hnn_isa *isa = kernel_args(env, info, 6, argv, &threads);
  int64_t n;
  void *a, *b, *out;
  if (!isa || !int_arg(env, argv[2], 0, 9007199254740991.0, "n", &n) || !array_arg(env, argv[3], 0, n, 0, "a", &a) ||
      !array_arg(env, argv[4], 0, n, 0, "b", &b) || !array_arg(env, argv[5], 0, n, 0, "out", &out)) {
    return NULL;
  }
  FLUSHING_SUBNORMALS(hnn_run_binary(isa, threads, op, n, a, b, out));
  return NULL;
}

static napi_value js_mul(napi_env env, napi_callback_info info) { return binary(env, info, HNN_OP_MUL); }
static napi_value js_add(napi_env env, napi_callback_info info) { return binary(env, info, HNN_OP_ADD); }

/* mulProduct(isa, threads, rows, cols, k, a, g, w, out): out = a ⊙ (g·w), g rows × k, w k × cols. */
static napi_value js_mul_product(napi_env env, napi_callback_info info) {
  napi_value argv[MAX_ARGS];
  int threads;
  const hnn_isa *isa = kernel_args(env, info, 9, argv, &threads);
  int64_t rows, cols, k;
  if (!isa || !dims_arg(env, argv + 2, &rows, &cols) || !int_arg(env, argv[4], 1, HNN_SMALL_K, "k", &k)) return NULL;
  const int64_t n = rows * cols;
  void *a, *g, *w, *out;
  if (!array_arg(env, argv[5], 0, n, 0, "a", &a) || !array_arg(env, argv[6], 0, rows * k, 0, "g", &g) ||
      !array_arg(env, argv[7], 0, k * cols, 0, "w", &w) || !array_arg(env, argv[8], 0, n, 0, "out", &out)) {
    return NULL;
  }
  if (overlaps(out, n, a, n) || overlaps(out, n, g, rows * k) || overlaps(out, n, w, k * cols)) {
    napi_throw_range_error(env, NULL, "native kernels: mulProduct output 'out' overlaps an input");
    return NULL;
  }
  FLUSHING_SUBNORMALS(hnn_run_mul_product(isa, threads, rows, cols, (int)k, a, g, w, out));
  return NULL;
}

/* dual(isa, threads, n, d1, d2, xt, g, gt, out, outT|null). */
static napi_value js_dual(napi_env env, napi_callback_info info) {
  napi_value argv[MAX_ARGS];
  int threads;
  const hnn_isa *isa = kernel_args(env, info, 10, argv, &threads);
  int64_t n;
  void *p[7];
  static const char *const names[7] = {"d1", "d2", "xt", "g", "gt", "out", "outT"};
  if (!isa || !int_arg(env, argv[2], 0, 9007199254740991.0, "n", &n)) return NULL;
  for (int i = 0; i < 7; i++) {
    if (!array_arg(env, argv[3 + i], 0, n, i == 6, names[i], &p[i])) return NULL;
  }
  for (int o = 5; o < 7; o++) {
    for (int i = 0; i < o; i++) {
      if (overlaps(p[o], p[o] ? n : 0, p[i], p[i] ? n : 0)) {
        napi_throw_range_error(env, NULL, "native kernels: dual outputs must not overlap its inputs or each other");
        return NULL;
      }
    }
  }
  FLUSHING_SUBNORMALS(hnn_run_dual(isa, threads, n, p[0], p[1], p[2], p[3], p[4], p[5], p[6]));
  return NULL;
}

/* addBias(isa, threads, rows, cols, y, bias) and columnSums(isa, threads, rows, cols, g, acc): a
   rows × cols matrix and a vector of cols floats. */
static napi_value matrix_vector(napi_env env, napi_callback_info info, int column_sums) {
  napi_value argv[MAX_ARGS];
  int threads;
  const hnn_isa *isa = kernel_args(env, info, 6, argv, &threads);
  int64_t rows, cols;
  void *matrix, *vector;
  if (!isa || !dims_arg(env, argv + 2, &rows, &cols) ||
      !array_arg(env, argv[4], 0, rows * cols, 0, column_sums ? "g" : "y", &matrix) ||
      !array_arg(env, argv[5], 0, cols, 0, column_sums ? "acc" : "bias", &vector)) {
    return NULL;
  }
  int failed = 0;
  if (column_sums) FLUSHING_SUBNORMALS(failed = hnn_run_column_sums(isa, threads, rows, cols, matrix, vector));
  else FLUSHING_SUBNORMALS(hnn_run_add_bias(isa, threads, rows, cols, matrix, vector));
  if (failed != 0) napi_throw_error(env, NULL, "native kernels: out of memory (column-sum scratch)");
  return NULL;
}

static napi_value js_add_bias(napi_env env, napi_callback_info info) { return matrix_vector(env, info, 0); }
static napi_value js_column_sums(napi_env env, napi_callback_info info) { return matrix_vector(env, info, 1); }

/* adam(isa, threads, n, value, grad, m, v, weightDecay, beta1, beta2, stepSize, sqrtBc2, eps). */
static napi_value js_adam(napi_env env, napi_callback_info info) {
  napi_value argv[MAX_ARGS];
  int threads;
  const hnn_isa *isa = kernel_args(env, info, 13, argv, &threads);
  int64_t n;
  void *value, *grad, *m, *v;
  hnn_adam_scalars s;
  if (!isa || !int_arg(env, argv[2], 0, 9007199254740991.0, "n", &n) ||
      !array_arg(env, argv[3], 0, n, 0, "value", &value) || !array_arg(env, argv[4], 0, n, 0, "grad", &grad) ||
      !array_arg(env, argv[5], 1, n, 0, "m", &m) || !array_arg(env, argv[6], 1, n, 0, "v", &v) ||
      !number_arg(env, argv[7], "weightDecay", &s.weight_decay) || !number_arg(env, argv[8], "beta1", &s.beta1) ||
      !number_arg(env, argv[9], "beta2", &s.beta2) || !number_arg(env, argv[10], "stepSize", &s.step_size) ||
      !number_arg(env, argv[11], "sqrtBc2", &s.sqrt_bc2) || !number_arg(env, argv[12], "eps", &s.eps)) {
    return NULL;
  }
  hnn_run_adam(isa, threads, n, value, grad, m, v, &s);
  return NULL;
}

/* fmaPeak(isa, seconds) → GFLOP/s of independent FMA chains on the calling thread. */
static napi_value js_fma_peak(napi_env env, napi_callback_info info) {
  napi_value argv[MAX_ARGS];
  if (!args_of(env, info, 2, argv)) return NULL;
  int64_t code;
  double seconds;
  if (!int_arg(env, argv[0], 0, HNN_ISA_COUNT - 1, "isa", &code) || !number_arg(env, argv[1], "seconds", &seconds)) {
    return NULL;
  }
  const hnn_isa *isa = hnn_isa_table((int)code);
  if (isa == NULL) {
    napi_throw_error(env, NULL, "native kernels: this CPU does not run that path");
    return NULL;
  }
  if (!(seconds >= 0.001 && seconds <= 10)) seconds = 0.2;
  napi_value out;
  CHECK(napi_create_double(env, isa->fma_peak(seconds), &out));
  return out;
}

/* misalignment(typedArray) → the address of its first element modulo 64. */
static napi_value js_misalignment(napi_env env, napi_callback_info info) {
  napi_value argv[MAX_ARGS];
  if (!args_of(env, info, 1, argv)) return NULL;
  bool is = false;
  void *data = NULL;
  if (napi_is_typedarray(env, argv[0], &is) != napi_ok || !is ||
      napi_get_typedarray_info(env, argv[0], NULL, NULL, &data, NULL, NULL) != napi_ok) {
    napi_throw_type_error(env, NULL, "native kernels: misalignment expects a typed array");
    return NULL;
  }
  napi_value out;
  CHECK(napi_create_uint32(env, (uint32_t)((uintptr_t)data & 63), &out));
  return out;
}

/* healthSimulate(n, jobs: Float64Array of (start, own, end, parts, byCaller, threads) for each of n
 * jobs, times in ns) → Float64Array, per job: the pause the pool's judgement decides after it (ns, 0 for none), or -1
 * when it starts during a pause (the pool then runs it on the caller, unjudged). A fresh judgement on
 * a simulated clock, for tests; the pool's own is untouched. */
static napi_value js_health_simulate(napi_env env, napi_callback_info info) {
  napi_value argv[MAX_ARGS];
  if (!args_of(env, info, 2, argv)) return NULL;
  int64_t n;
  void *data;
  if (!int_arg(env, argv[0], 0, MAX_DIM, "n", &n) || !array_arg(env, argv[1], 1, 6 * n, 0, "jobs", &data)) return NULL;
  const double *jobs = data;
  napi_value buffer, out;
  double *pauses = NULL;
  CHECK(napi_create_arraybuffer(env, n * sizeof(double), (void **)&pauses, &buffer));
  CHECK(napi_create_typedarray(env, napi_float64_array, n, buffer, 0, &out));
  hnn_health h = {0};
  for (int64_t i = 0; i < n; i++) {
    const double *j = jobs + 6 * i;
    const int threads = j[5] >= 2 && j[5] <= HNN_MAX_THREADS ? (int)j[5] : 2;
    const int parts = j[3] >= 1 && j[3] <= HNN_MAX_PARTS ? (int)j[3] : 1;
    const int by_caller = j[4] >= 0 && j[4] <= parts ? (int)j[4] : parts;
    if ((long)j[0] < h.paused_until) pauses[i] = -1;
    else pauses[i] = (double)hnn_health_judge(&h, (long)j[0], (long)j[1], (long)j[2], parts, by_caller, threads);
  }
  return out;
}

static napi_value string_or_null(napi_env env, const char *s) {
  napi_value v;
  if (s == NULL) napi_get_null(env, &v);
  else napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

/* info() → { isa, supported, env, envError, maxThreads, workers }. */
static napi_value js_info(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value out, list, v;
  CHECK(napi_create_object(env, &out));
  CHECK(napi_create_array(env, &list));
  uint32_t count = 0;
  for (int isa = HNN_ISA_COUNT - 1; isa >= 0; isa--) {
    if (!hnn_isa_supported(isa)) continue;
    CHECK(napi_create_string_utf8(env, hnn_isa_name(isa), NAPI_AUTO_LENGTH, &v));
    CHECK(napi_set_element(env, list, count++, v));
  }
  CHECK(napi_set_named_property(env, out, "supported", list));
  CHECK(napi_create_string_utf8(env, hnn_isa_name(hnn_isa_default()), NAPI_AUTO_LENGTH, &v));
  CHECK(napi_set_named_property(env, out, "isa", v));
  CHECK(napi_set_named_property(env, out, "env", string_or_null(env, hnn_isa_env_value())));
  CHECK(napi_set_named_property(env, out, "envError", string_or_null(env, hnn_isa_env_error())));
  CHECK(napi_create_int32(env, HNN_MAX_THREADS, &v));
  CHECK(napi_set_named_property(env, out, "maxThreads", v));
  CHECK(napi_create_int32(env, hnn_pool_workers(), &v));
  CHECK(napi_set_named_property(env, out, "workers", v));
  CHECK(napi_create_int64(env, hnn_pool_pauses(), &v));
  CHECK(napi_set_named_property(env, out, "pauses", v));
  return out;
}

NAPI_MODULE_INIT() {
  const napi_property_descriptor props[] = {
      {"gemm", NULL, js_gemm, NULL, NULL, NULL, napi_enumerable, NULL},
      {"activation", NULL, js_activation, NULL, NULL, NULL, napi_enumerable, NULL},
      {"mul", NULL, js_mul, NULL, NULL, NULL, napi_enumerable, NULL},
      {"mulProduct", NULL, js_mul_product, NULL, NULL, NULL, napi_enumerable, NULL},
      {"add", NULL, js_add, NULL, NULL, NULL, napi_enumerable, NULL},
      {"dual", NULL, js_dual, NULL, NULL, NULL, napi_enumerable, NULL},
      {"addBias", NULL, js_add_bias, NULL, NULL, NULL, napi_enumerable, NULL},
      {"columnSums", NULL, js_column_sums, NULL, NULL, NULL, napi_enumerable, NULL},
      {"adam", NULL, js_adam, NULL, NULL, NULL, napi_enumerable, NULL},
      {"fmaPeak", NULL, js_fma_peak, NULL, NULL, NULL, napi_enumerable, NULL},
      {"misalignment", NULL, js_misalignment, NULL, NULL, NULL, napi_enumerable, NULL},
      {"info", NULL, js_info, NULL, NULL, NULL, napi_enumerable, NULL},
      {"healthSimulate", NULL, js_health_simulate, NULL, NULL, NULL, napi_enumerable, NULL},
  };
  if (napi_define_properties(env, exports, sizeof props / sizeof props[0], props) != napi_ok) return NULL;
  return exports;
}
