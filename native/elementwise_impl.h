/* The element-wise kernels and Adam for one instruction set, included by elementwise_<isa>.c after it
 * defines EW_BYTES (vector width in bytes) and EW(name) (the ISA-suffixed name of a kernel).
 *
 * Compiled with -ffp-contract=off: every product and sum is rounded on its own, exactly as in the
 * WebAssembly and TypeScript kernels, so mul, add, the dual map, addBias, column sums (of the rows given)
 * and Adam give their bits. tanh is the float32 algorithm of asm/elementwise.ts in the same operations,
 * with a fused multiply-add wherever a product is added (EW_FMA, where the ISA has it: then within 3
 * ulps of the WebAssembly kernels; without, their bits). Each element (each column, for column sums)
 * is computed on its own, so any split by rows or columns gives the same result. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>

#include "hnn.h"

#define EL (EW_BYTES / 4)
typedef float VF __attribute__((vector_size(EW_BYTES)));
typedef uint32_t VU __attribute__((vector_size(EW_BYTES)));
typedef int32_t VI __attribute__((vector_size(EW_BYTES)));

static inline VF vf(float x) {
  VF v;
  for (int i = 0; i < EL; i++) v[i] = x;
  return v;
}
static inline VU vu(uint32_t x) {
  VU v;
  for (int i = 0; i < EL; i++) v[i] = x;
  return v;
}
static inline VF load(const float *p) {
  VF v;
  memcpy(&v, p, sizeof v);
  return v;
}
/* The first n (0 ≤ n ≤ EL) floats at p, the other lanes zero (masked where the ISA has masks). */
static inline VF load_n(const float *p, ptrdiff_t n) {
#ifdef EW_LOAD_N
  return EW_LOAD_N(p, (int)n);
#else
  VF v = vf(0.0f);
  for (ptrdiff_t i = 0; i < n; i++) v[i] = p[i];
  return v;
#endif
}
static inline void store(float *p, VF v) { memcpy(p, &v, sizeof v); }
/* Stores the first n (0 ≤ n ≤ EL) lanes of v at p. */
static inline void store_n(float *p, VF v, ptrdiff_t n) {
#ifdef EW_STORE_N
  EW_STORE_N(p, v, (int)n);
#else
  for (ptrdiff_t i = 0; i < n; i++) p[i] = v[i];
#endif
}
/* Lanes of `mask` (all ones or zero) from a, the others from b. */
static inline VF blend(VU mask, VF a, VF b) { return (VF)((mask & (VU)a) | (~mask & (VU)b)); }

/* a·b + c rounded once where the ISA has fused multiply-adds (EW_FMA), else rounded twice. */
static inline VF fmadd(VF a, VF b, VF c) {
#ifdef EW_FMA
  return EW_FMA(a, b, c);
#else
  return a * b + c;
#endif
}

/* ---- tanh: see asm/elementwise.ts for the derivation; the same constants, with fused multiply-adds ---- */

#define TANH_P0 1.9875691500e-4f
#define TANH_P1 1.3981999507e-3f
#define TANH_P2 8.3334519073e-3f
#define TANH_P3 4.1665795894e-2f
#define TANH_P4 1.6666665459e-1f
#define TANH_P5 5.0000001201e-1f
#define TANH_CLAMP 43.0f
#define TANH_M2LOG2E ((float)(-2.0 * 1.44269504088896341))
#define TANH_MAGIC 12582912.0f
#define TANH_LN2_HI 0.693359375f
#define TANH_LN2_LO -2.12194440e-4f

/* y = tanh(z), d1 = 1 − tanh², d2 = −2·tanh·d1, lane by lane. */
static inline void tanh_v(VF z, VF *y, VF *d1, VF *d2) {
  const VU sign = vu(0x80000000u);
  const VF a = (VF)((VU)z & ~sign);
  const VF clamp = vf(TANH_CLAMP);
  const VF ac = blend((VU)(clamp < a), clamp, a); /* NaN stays NaN */
  const VF magic = vf(TANH_MAGIC);
  const VF kf = fmadd(ac, vf(TANH_M2LOG2E), magic);
  const VF nf = kf - magic;
  const VF r = fmadd(-nf, vf(TANH_LN2_LO), fmadd(-nf, vf(TANH_LN2_HI), -(ac + ac)));
  const VF r2 = r * r;
  const VF r4 = r2 * r2;
  const VF pa = fmadd(vf(TANH_P0), r, vf(TANH_P1));
  const VF pb = fmadd(vf(TANH_P2), r, vf(TANH_P3));
  const VF pc = fmadd(vf(TANH_P4), r, vf(TANH_P5));
  const VF poly = fmadd(pa, r4, pb * r2) + pc;
  uint32_t magic_bits;
  const float m = TANH_MAGIC;
  memcpy(&magic_bits, &m, sizeof m);
  const VF scale = (VF)(((VU)kf + vu(127u - magic_bits)) << 23);
  const VF one = vf(1.0f);
  const VF em1 = fmadd(poly, r2, r);
  const VF e = (em1 + one) * scale;
  const VF em1x = fmadd(scale, em1, scale - one);
  const VF den = e + one;
  const VF y_abs = (vf(0.0f) - em1x) / den;
  const VF q = (e + e) / den;
  const VF d = (VF)((VU)(q * (vf(2.0f) - q)) & ~(VU)(a >= clamp));
  const VF yv = (VF)((VU)y_abs | ((VU)z & sign));
  *y = yv;
  *d1 = d;
  *d2 = (yv * vf(-2.0f)) * d;
}

/* relu: y = z if z > 0 else 0, d1 = [z > 0], d2 = 0. */
static inline void relu_v(VF z, VF *y, VF *d1, VF *d2) {
  const VU on = (VU)(z > vf(0.0f));
  *y = (VF)((VU)z & on);
  *d1 = (VF)((VU)vf(1.0f) & on);
  *d2 = vf(0.0f);
}

/* The logistic function in float64 (the TypeScript kernels' formula). */
static inline double logistic(double x) { return x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)); }

/* sigmoid or softplus of one input, in float64, rounded on store. */
static inline void scalar_activation(int kind, double x, float *y, float *d1, float *d2) {
  const double s = logistic(x);
  if (kind == HNN_SIGMOID) {
    const double ds = s * (1 - s);
    *y = (float)s;
    *d1 = (float)ds;
    *d2 = (float)(ds * (1 - 2 * s));
  } else {
    *y = (float)(x > 0 ? x + log1p(exp(-x)) : log1p(exp(x)));
    *d1 = (float)s;
    *d2 = (float)(s * (1 - s));
  }
}

/* One row segment of `n` elements through a vector activation (`kind` constant at each use). */
static inline __attribute__((always_inline)) void vector_row(int kind, ptrdiff_t n, const float *x, const float *bias,
                                                             float *y, float *d1, float *d2) {
  ptrdiff_t i = 0;
  VF yv, a, b;
  for (; i + EL <= n; i += EL) {
    VF z = load(x + i);
    if (bias) z = z + load(bias + i);
    if (kind == HNN_TANH) tanh_v(z, &yv, &a, &b);
    else relu_v(z, &yv, &a, &b);
    store(y + i, yv);
    store(d1 + i, a);
    if (d2) store(d2 + i, b);
  }
  if (i < n) {
    const ptrdiff_t cnt = n - i;
    VF z = load_n(x + i, cnt);
    if (bias) z = z + load_n(bias + i, cnt);
    if (kind == HNN_TANH) tanh_v(z, &yv, &a, &b);
    else relu_v(z, &yv, &a, &b);
    store_n(y + i, yv, cnt);
    store_n(d1 + i, a, cnt);
    if (d2) store_n(d2 + i, b, cnt);
  }
}

void EW(activation)(int kind, ptrdiff_t rows, ptrdiff_t cols, const float *x, const float *bias, float *y,
                           float *d1, float *d2) {
  if (bias == NULL) {
    /* No bias: one long row. */
    cols *= rows;
    rows = cols > 0 ? 1 : 0;
  }
  for (ptrdiff_t r = 0; r < rows; r++) {
    const ptrdiff_t o = r * cols;
    float *d2r = d2 ? d2 + o : NULL;
    if (kind == HNN_TANH) vector_row(HNN_TANH, cols, x + o, bias, y + o, d1 + o, d2r);
    else if (kind == HNN_RELU) vector_row(HNN_RELU, cols, x + o, bias, y + o, d1 + o, d2r);
    else {
      float unused;
      for (ptrdiff_t c = 0; c < cols; c++) {
        float z = x[o + c];
        if (bias) z += bias[c];
        scalar_activation(kind, (double)z, y + o + c, d1 + o + c, d2r ? d2r + c : &unused);
      }
    }
  }
}

void EW(mul)(ptrdiff_t n, const float *a, const float *b, float *out) {
  for (ptrdiff_t i = 0; i < n; i++) out[i] = a[i] * b[i];
}

/* out[r, c] = a[r, c]·Σ_p g[r, p]·w[p, c]: each sum as `gemm` forms it for k ≤ HNN_SMALL_K (its small-k
 * path, or the blocked one for fewer than 8 columns: from zero, p in order, a fused multiply-add per
 * step where the ISA has them), then rounded once more by the product with a, as `mul` rounds it. */
void EW(mul_product)(ptrdiff_t rows, ptrdiff_t cols, int k, const float *a, const float *g, const float *w,
                     float *out) {
  for (ptrdiff_t r = 0; r < rows; r++) {
    VF gv[HNN_SMALL_K];
    for (int p = 0; p < k; p++) gv[p] = vf(0.0f) + g[r * k + p];
    const float *ar = a + r * cols;
    float *o = out + r * cols;
    for (ptrdiff_t j = 0; j < cols; j += EL) {
      const ptrdiff_t cnt = cols - j < EL ? cols - j : EL;
      VF acc = vf(0.0f);
      for (int p = 0; p < k; p++) {
        const float *wp = w + p * cols + j;
        acc = fmadd(gv[p], cnt == EL ? load(wp) : load_n(wp, cnt), acc);
      }
      const VF av = cnt == EL ? load(ar + j) : load_n(ar + j, cnt);
      if (cnt == EL) store(o + j, av * acc);
      else store_n(o + j, av * acc, cnt);
    }
  }
}

void EW(add)(ptrdiff_t n, const float *a, const float *b, float *out) {
  for (ptrdiff_t i = 0; i < n; i++) out[i] = a[i] + b[i];
}

/* out = d1·g + (d2·xt)·gt and outT = d1·gt, in float64 as the TypeScript kernels compute them. The
 * outputs overlap no input nor each other (binding.c checks it), hence `restrict`. */
void EW(dual)(ptrdiff_t n, const float *restrict d1, const float *restrict d2, const float *restrict xt,
              const float *restrict g, const float *restrict gt, float *restrict out, float *restrict out_t) {
  if (out_t) {
    for (ptrdiff_t i = 0; i < n; i++) {
      const double a = d1[i], q = gt[i];
      out[i] = (float)(a * (double)g[i] + (double)d2[i] * (double)xt[i] * q);
      out_t[i] = (float)(a * q);
    }
  } else {
    for (ptrdiff_t i = 0; i < n; i++) {
      out[i] = (float)((double)d1[i] * (double)g[i] + (double)d2[i] * (double)xt[i] * (double)gt[i]);
    }
  }
}

void EW(add_bias)(ptrdiff_t rows, ptrdiff_t cols, float *y, const float *bias) {
  for (ptrdiff_t r = 0; r < rows; r++) {
    float *yr = y + r * cols;
    for (ptrdiff_t c = 0; c < cols; c++) yr[c] = yr[c] + bias[c];
  }
}

/* Column-sum block: vectors of columns kept in registers while the rows stream past. */
#define CS_BV 4

/* acc[c] += Σ_r g[r, c] over `w` (≤ CS_BV·EL) columns from c, in one pass over the rows (`nv`
 * vectors, a constant at each inlined use; the last holds w − (nv − 1)·EL columns). */
static inline __attribute__((always_inline)) void column_block(const int nv, ptrdiff_t rows, ptrdiff_t cols,
                                                               ptrdiff_t w, const float *g, float *acc) {
  const ptrdiff_t last = w - (nv - 1) * EL;
  VF s[CS_BV];
  for (int v = 0; v < nv; v++) s[v] = load_n(acc + v * EL, v < nv - 1 ? EL : last);
  for (ptrdiff_t r = 0; r < rows; r++, g += cols) {
    for (int v = 0; v < nv - 1; v++) s[v] = s[v] + load(g + v * EL);
    s[nv - 1] = s[nv - 1] + (last == EL ? load(g + (nv - 1) * EL) : load_n(g + (nv - 1) * EL, last));
  }
  for (int v = 0; v < nv; v++) store_n(acc + v * EL, s[v], v < nv - 1 ? EL : last);
}

/* acc[c] += Σ_r g[r, c] for c in [c0, c1), rows added in order. */
void EW(column_sums)(ptrdiff_t rows, ptrdiff_t cols, ptrdiff_t c0, ptrdiff_t c1, const float *g, float *acc) {
  for (ptrdiff_t c = c0; c < c1; c += CS_BV * EL) {
    const ptrdiff_t w = c1 - c < CS_BV * EL ? c1 - c : CS_BV * EL;
    switch ((w + EL - 1) / EL) {
      case 1: column_block(1, rows, cols, w, g + c, acc + c); break;
      case 2: column_block(2, rows, cols, w, g + c, acc + c); break;
      case 3: column_block(3, rows, cols, w, g + c, acc + c); break;
      default: column_block(4, rows, cols, w, g + c, acc + c); break;
    }
  }
}

/* torch.optim.Adam with L2 weight decay: float64 moments, the step's denominator and quotient in float32, a
 * subnormal result flushed to zero (the TypeScript kernels' operations). */
void EW(adam)(ptrdiff_t n, float *value, const float *grad, double *m, double *v, const hnn_adam_scalars *s) {
  const double wd = s->weight_decay, b1 = s->beta1, b2 = s->beta2, c1 = 1 - s->beta1, c2 = 1 - s->beta2;
  const double step = s->step_size;
  const float inv_bc = (float)(1.0 / s->sqrt_bc2), eps = (float)s->eps;
  for (ptrdiff_t i = 0; i < n; i++) {
    const double w = value[i];
    const double gi = (double)grad[i] + wd * w;
    const double mi = b1 * m[i] + c1 * gi;
    const double vi = b2 * v[i] + c2 * gi * gi;
    m[i] = mi;
    v[i] = vi;
    const float denominator = sqrtf((float)vi) * inv_bc + eps;
    const float next = (float)w - (float)(step * mi) / denominator;
    value[i] = fabsf(next) < FLT_MIN ? 0.0f : next;
  }
}
