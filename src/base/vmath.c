/* vmath.c: see vmath.h.  Every function comes in three widths from one
 * list; the widths differ only in how many arguments go to SLEEF at once. */
#include "vmath.h"

#include <math.h>
#include <string.h>

#include <sleef.h>

/* name, SLEEF's name, arity */
#define VMATH_LIST(X) \
  X(VM_EXP, exp, 1)     \
  X(VM_LOG, log, 1)     \
  X(VM_LOG10, log10, 1) \
  X(VM_SIN, sin, 1)     \
  X(VM_COS, cos, 1)     \
  X(VM_TAN, tan, 1)     \
  X(VM_ASIN, asin, 1)   \
  X(VM_ACOS, acos, 1)   \
  X(VM_ATAN, atan, 1)   \
  X(VM_SINH, sinh, 1)   \
  X(VM_COSH, cosh, 1)   \
  X(VM_TANH, tanh, 1)   \
  X(VM_EXPM1, expm1, 1) \
  X(VM_POW, pow, 2)     \
  X(VM_ATAN2, atan2, 2)

#if defined(__x86_64__) && defined(__GNUC__)
#define VMATH_X86 1
#include <immintrin.h>
/* sleef.h declares the AVX functions only where the whole file is built
 * for AVX; this file is not (it must run on any x86-64), so they are
 * declared here and called only from code built for AVX. */
#define VMATH_AVX_DECL(E, f, ar) VMATH_AVX_DECL##ar(f)
#define VMATH_AVX_DECL1(f) extern __m256d Sleef_cinz_##f##d4_u10avx(__m256d);
#define VMATH_AVX_DECL2(f) extern __m256d Sleef_cinz_##f##d4_u10avx(__m256d, __m256d);
#pragma GCC push_options
#pragma GCC target("avx")
VMATH_LIST(VMATH_AVX_DECL)
#pragma GCC pop_options
#endif

/* Width 1: SLEEF's portable C. */
static double scalar1(VmathFn fn, double x, double y)
{
  switch (fn) {
#define VMATH_S(E, f, ar) \
  case E: return VMATH_S##ar(f);
#define VMATH_S1(f) Sleef_cinz_##f##d1_u10purec(x)
#define VMATH_S2(f) Sleef_cinz_##f##d1_u10purec(x, y)
    VMATH_LIST(VMATH_S)
  default: break;
  }
  return NAN;
}

static void width1(VmathFn fn, double *d, const double *x, const double *y, size_t m)
{
  for (size_t k = 0; k < m; k++) d[k] = scalar1(fn, x[k], y ? y[k] : 0);
}

#ifdef VMATH_X86
static void width2(VmathFn fn, double *d, const double *x, const double *y, size_t m)
{
  double xs[2] = {0, 0}, ys[2] = {0, 0}, ds[2];
  for (size_t k = 0; k < m; k += 2) {
    /* A short last vector is padded, not computed by another width. */
    size_t w = m - k < 2 ? m - k : 2;
    memcpy(xs, x + k, w * sizeof *xs);
    if (y) memcpy(ys, y + k, w * sizeof *ys);
    __m128d a = _mm_loadu_pd(xs), b = _mm_loadu_pd(ys), r;
    (void)b;
    switch (fn) {
#define VMATH_V2(E, f, ar) \
  case E: r = VMATH_V2_##ar(f); break;
#define VMATH_V2_1(f) Sleef_cinz_##f##d2_u10sse2(a)
#define VMATH_V2_2(f) Sleef_cinz_##f##d2_u10sse2(a, b)
      VMATH_LIST(VMATH_V2)
    default: r = _mm_set1_pd(NAN); break;
    }
    _mm_storeu_pd(ds, r);
    memcpy(d + k, ds, w * sizeof *ds);
  }
}

__attribute__((target("avx"))) static void width4(VmathFn fn, double *d, const double *x,
                                                  const double *y, size_t m)
{
  double xs[4] = {0, 0, 0, 0}, ys[4] = {0, 0, 0, 0}, ds[4];
  for (size_t k = 0; k < m; k += 4) {
    size_t w = m - k < 4 ? m - k : 4;
    __m256d a, b, r;
    if (w == 4) {
      a = _mm256_loadu_pd(x + k);
      b = y ? _mm256_loadu_pd(y + k) : a;
    } else {
      memcpy(xs, x + k, w * sizeof *xs);
      if (y) memcpy(ys, y + k, w * sizeof *ys);
      a = _mm256_loadu_pd(xs);
      b = _mm256_loadu_pd(ys);
    }
    (void)b;
    switch (fn) {
#define VMATH_V4(E, f, ar) \
  case E: r = VMATH_V4_##ar(f); break;
#define VMATH_V4_1(f) Sleef_cinz_##f##d4_u10avx(a)
#define VMATH_V4_2(f) Sleef_cinz_##f##d4_u10avx(a, b)
      VMATH_LIST(VMATH_V4)
    default: r = _mm256_set1_pd(NAN); break;
    }
    if (w == 4) {
      _mm256_storeu_pd(d + k, r);
    } else {
      _mm256_storeu_pd(ds, r);
      memcpy(d + k, ds, w * sizeof *ds);
    }
  }
}
#endif

/* (e^x - 1)/x from e = e^x: near 0, where e - 1 cancels, its Taylor series
 * sum x^k/(k+1)!, to k = 14 (the next term is below 1.5e-18 for |x| < 1/2);
 * elsewhere the cancellation costs at most 2.5 ulp. */
/* 1/(k+1)!, k = 14 .. 0: the series' coefficients, highest first. */
const double vmath_exprel_coef[VMATH_EXPREL_TERMS] = {
  1.0 / 1307674368000, 1.0 / 87178291200, 1.0 / 6227020800, 1.0 / 479001600, 1.0 / 39916800,
  1.0 / 3628800,       1.0 / 362880,      1.0 / 40320,      1.0 / 5040,      1.0 / 720,
  1.0 / 120,           1.0 / 24,          1.0 / 6,          1.0 / 2,         1.0};

double vmath_exprel_series(double x)
{
  double r = vmath_exprel_coef[0];
  for (int k = 1; k < VMATH_EXPREL_TERMS; k++) r = r * x + vmath_exprel_coef[k];
  return r;
}

/* The quotient for every lane in one vectorised loop; the series only for
 * the lanes near 0 (few: a gate's rate near its midpoint), one by one. */
#if defined(VMATH_X86) && !defined(__clang__) && defined(__linux__)
__attribute__((target_clones("avx", "default")))
#endif
static void exprel_finish(double *d, const double *x, const double *e, size_t m)
{
  double q[64];
  int near = 0;
  for (size_t j = 0; j < m; j++) q[j] = (e[j] - 1.0) / x[j];
  for (size_t j = 0; j < m; j++) near |= fabs(x[j]) < 0.5;
  if (near)
    for (size_t j = 0; j < m; j++)
      if (fabs(x[j]) < 0.5) q[j] = vmath_exprel_series(x[j]);
  memcpy(d, q, m * sizeof *d);
}

static int usable_width(int width)
{
#ifdef VMATH_X86
  if (width >= 4 && __builtin_cpu_supports("avx")) return 4;
  return width >= 2 ? 2 : 1;
#else
  (void)width;
  return 1;
#endif
}

static void at_width(int width, VmathFn fn, double *d, const double *x, const double *y, size_t m)
{
  if (fn == VM_EXPREL) {
    /* d may alias x: keep x where the series needs it, block by block. */
    double e[64];
    for (size_t k = 0; k < m; k += 64) {
      size_t w = m - k < 64 ? m - k : 64;
      at_width(width, VM_EXP, e, x + k, NULL, w);
      exprel_finish(d + k, x + k, e, w);
    }
    return;
  }
#ifdef VMATH_X86
  if (width == 4) {
    width4(fn, d, x, y, m);
    return;
  }
  if (width == 2) {
    width2(fn, d, x, y, m);
    return;
  }
#endif
  width1(fn, d, x, y, m);
}

void vmath_array_width(int width, VmathFn fn, double *d, const double *x, const double *y,
                       size_t m)
{
  at_width(usable_width(width), fn, d, x, y, m);
}

void vmath_array(VmathFn fn, double *d, const double *x, const double *y, size_t m)
{
  at_width(usable_width(4), fn, d, x, y, m);
}

/* One value through the widest vector: SLEEF's portable C is 3-7 times
 * slower than a whole vector call here, and gives the same bits. */
#ifdef VMATH_X86
__attribute__((target("avx"))) static double one4(VmathFn fn, double x, double y)
{
  __m256d a = _mm256_set1_pd(x), b = _mm256_set1_pd(y), r;
  (void)b;
  switch (fn) {
    VMATH_LIST(VMATH_V4)
  default: return NAN;
  }
  return _mm_cvtsd_f64(_mm256_castpd256_pd128(r));
}

static double one2(VmathFn fn, double x, double y)
{
  __m128d a = _mm_set1_pd(x), b = _mm_set1_pd(y), r;
  (void)b;
  switch (fn) {
    VMATH_LIST(VMATH_V2)
  default: return NAN;
  }
  return _mm_cvtsd_f64(r);
}
#endif

static double one(VmathFn fn, double x, double y)
{
  if (fn == VM_EXPREL) {
    double e = one(VM_EXP, x, 0), d;
    exprel_finish(&d, &x, &e, 1);
    return d;
  }
#ifdef VMATH_X86
  if (__builtin_cpu_supports("avx")) return one4(fn, x, y);
  return one2(fn, x, y);
#else
  return scalar1(fn, x, y);
#endif
}

double vmath1(VmathFn fn, double x) { return one(fn, x, 0); }
double vmath2(VmathFn fn, double x, double y) { return one(fn, x, y); }

const char *vmath_name(VmathFn fn, int *arity)
{
  switch (fn) {
#define VMATH_NAME(E, f, ar) \
  case E: *arity = ar; return #f;
    VMATH_LIST(VMATH_NAME)
  default: break;
  }
  *arity = 1;
  return NULL;
}
