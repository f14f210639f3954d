/* vmath.c: see vmath.h.  Every function but exp comes in three widths from
 * one list; the widths differ only in how many arguments go to SLEEF at
 * once.  exp is vmath_exp.h's, compiled here. */
#include "vmath.h"
#include "vmath_exp.h"
#include "clones.h"

#include <math.h>
#include <string.h>

#include <sleef.h>

/* name, SLEEF's name, arity (exp is vmath_exp.h's) */
#define VMATH_LIST(X) \
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

/* tools/exp_table.py prints this table. */
const double vmath_exp_tab[2 * VMATH_EXP_N] = {
  0x1.0000000000000p+0, 0x0.0p+0,
  0x1.0163da9fb3335p+0, 0x1.b3b4f1a88bf6ep-54,
  0x1.02c9a3e778061p+0, -0x1.160139cd8dc5dp-56,
  0x1.04315e86e7f85p+0, -0x1.05e7a108766d1p-54,
  0x1.059b0d3158574p+0, 0x1.cd2523567f613p-55,
  0x1.0706b29ddf6dep+0, -0x1.bce8023f98efap-55,
  0x1.0874518759bc8p+0, 0x1.0f74e61e6c861p-57,
  0x1.09e3ecac6f383p+0, 0x1.0a3e45b33d399p-54,
  0x1.0b5586cf9890fp+0, 0x1.79aa65d837b6dp-54,
  0x1.0cc922b7247f7p+0, 0x1.eb51a92fdeffcp-55,
  0x1.0e3ec32d3d1a2p+0, 0x1.ebe3d702f9cd1p-60,
  0x1.0fb66affed31bp+0, -0x1.a033489906e0bp-57,
  0x1.11301d0125b51p+0, -0x1.556522a2fbd0ep-54,
  0x1.12abdc06c31ccp+0, -0x1.080ef8c4eea55p-58,
  0x1.1429aaea92de0p+0, -0x1.1c923b9d5f416p-54,
  0x1.15a98c8a58e51p+0, 0x1.0d3e3e95c55afp-55,
  0x1.172b83c7d517bp+0, -0x1.01b15eaa59348p-55,
  0x1.18af9388c8deap+0, -0x1.f1ff055de323dp-55,
  0x1.1a35beb6fcb75p+0, 0x1.b898c3f1353bfp-55,
  0x1.1bbe084045cd4p+0, -0x1.6d99c7611eb26p-54,
  0x1.1d4873168b9aap+0, 0x1.aecf73e3a2f60p-54,
  0x1.1ed5022fcd91dp+0, -0x1.fe782cb86389dp-55,
  0x1.2063b88628cd6p+0, 0x1.a6f4144a6c38dp-55,
  0x1.21f49917ddc96p+0, 0x1.07a05b0e4047dp-55,
  0x1.2387a6e756238p+0, 0x1.68efde3a8a894p-54,
  0x1.251ce4fb2a63fp+0, 0x1.75e18f274487dp-55,
  0x1.26b4565e27cddp+0, 0x1.0472b981fe7f2p-55,
  0x1.284dfe1f56381p+0, -0x1.6b87b3f71085ep-54,
  0x1.29e9df51fdee1p+0, 0x1.2f7e16d09ab31p-55,
  0x1.2b87fd0dad990p+0, -0x1.d219b1a6fbffap-60,
  0x1.2d285a6e4030bp+0, 0x1.b3782720c0ab4p-55,
  0x1.2ecafa93e2f56p+0, 0x1.e149289cecb8fp-57,
  0x1.306fe0a31b715p+0, 0x1.34d754db0abb6p-55,
  0x1.32170fc4cd831p+0, 0x1.64201e2ac744cp-55,
  0x1.33c08b26416ffp+0, 0x1.fdd395dd3f84ap-55,
  0x1.356c55f929ff1p+0, -0x1.6a3803b8e5b04p-55,
  0x1.371a7373aa9cbp+0, -0x1.24aedcc4b5068p-54,
  0x1.38cae6d05d866p+0, -0x1.907f81b512d8ep-54,
  0x1.3a7db34e59ff7p+0, -0x1.1d1e83e9436d2p-56,
  0x1.3c32dc313a8e5p+0, -0x1.91919b3ce1b15p-54,
  0x1.3dea64c123422p+0, 0x1.59f48a72a4c6dp-55,
  0x1.3fa4504ac801cp+0, -0x1.312607a28698ap-54,
  0x1.4160a21f72e2ap+0, -0x1.8a78f4817895bp-58,
  0x1.431f5d950a897p+0, -0x1.c2c9b67499a1bp-56,
  0x1.44e086061892dp+0, 0x1.363ed60c2ac11p-59,
  0x1.46a41ed1d0057p+0, 0x1.666093b0664efp-54,
  0x1.486a2b5c13cd0p+0, 0x1.ecce1daa10379p-57,
  0x1.4a32af0d7d3dep+0, 0x1.3ff8e3f0f1230p-54,
  0x1.4bfdad5362a27p+0, 0x1.690cebb7aafb0p-56,
  0x1.4dcb299fddd0dp+0, 0x1.31dbdeb54e077p-54,
  0x1.4f9b2769d2ca7p+0, -0x1.f94340071a38ep-55,
  0x1.516daa2cf6642p+0, -0x1.7deccdc93a349p-55,
  0x1.5342b569d4f82p+0, -0x1.8dec6bd0f385fp-56,
  0x1.551a4ca5d920fp+0, -0x1.61246ec7b5cf6p-55,
  0x1.56f4736b527dap+0, 0x1.3350518fdd78ep-54,
  0x1.58d12d497c7fdp+0, 0x1.b98b72f8a9b05p-56,
  0x1.5ab07dd485429p+0, 0x1.063e1e21c5409p-54,
  0x1.5c9268a5946b7p+0, 0x1.4c7855019c6eap-60,
  0x1.5e76f15ad2148p+0, 0x1.432e62b64c035p-54,
  0x1.605e1b976dc09p+0, -0x1.ce44a6199769fp-55,
  0x1.6247eb03a5585p+0, -0x1.c33c53bef4da8p-55,
  0x1.6434634ccc320p+0, -0x1.45378892be9aep-55,
  0x1.6623882552225p+0, -0x1.3cedd78565858p-54,
  0x1.68155d44ca973p+0, 0x1.710aa807e1964p-58,
  0x1.6a09e667f3bcdp+0, -0x1.3b3efbf5e2228p-54,
  0x1.6c012750bdabfp+0, -0x1.a12ad8734b982p-57,
  0x1.6dfb23c651a2fp+0, -0x1.367efb86da9eep-57,
  0x1.6ff7df9519484p+0, -0x1.0dc3d54e08851p-55,
  0x1.71f75e8ec5f74p+0, -0x1.81f647e5a3ecfp-56,
  0x1.73f9a48a58174p+0, -0x1.6ee4ac08b7db0p-55,
  0x1.75feb564267c9p+0, -0x1.619321e55e68ap-55,
  0x1.780694fde5d3fp+0, 0x1.09ccb5e09d4d3p-54,
  0x1.7a11473eb0187p+0, -0x1.b32dcb94da51dp-56,
  0x1.7c1ed0130c132p+0, 0x1.4ecfd5467c06bp-54,
  0x1.7e2f336cf4e62p+0, 0x1.5ebe1abd66c55p-57,
  0x1.80427543e1a12p+0, -0x1.8a1c52fb3cf42p-55,
  0x1.82589994cce13p+0, -0x1.369b6f13b3734p-54,
  0x1.8471a4623c7adp+0, -0x1.05e843a19ff1ep-55,
  0x1.868d99b4492edp+0, -0x1.4d450d872576ep-54,
  0x1.88ac7d98a6699p+0, 0x1.0ad675b0e8a00p-54,
  0x1.8ace5422aa0dbp+0, 0x1.db72fc1f0eab4p-55,
  0x1.8cf3216b5448cp+0, -0x1.5b6609cc5e7ffp-57,
  0x1.8f1ae99157736p+0, 0x1.bf68359f35f44p-56,
  0x1.9145b0b91ffc6p+0, -0x1.3091fa71e3d83p-54,
  0x1.93737b0cdc5e5p+0, -0x1.da9b88b6c1e29p-58,
  0x1.95a44cbc8520fp+0, -0x1.c23f97c90b959p-57,
  0x1.97d829fde4e50p+0, -0x1.2434322f4f9aap-54,
  0x1.9a0f170ca07bap+0, -0x1.5ca6cd7668e4bp-55,
  0x1.9c49182a3f090p+0, 0x1.1affc2b91ce27p-56,
  0x1.9e86319e32323p+0, 0x1.dd235e10a73bbp-57,
  0x1.a0c667b5de565p+0, -0x1.7c50422622263p-55,
  0x1.a309bec4a2d33p+0, 0x1.b1c86e3e231d5p-55,
  0x1.a5503b23e255dp+0, -0x1.1bbd1d3bcbb15p-54,
  0x1.a799e1330b358p+0, 0x1.0cc319cee31d2p-54,
  0x1.a9e6b5579fdbfp+0, 0x1.469846e735ab3p-55,
  0x1.ac36bbfd3f37ap+0, -0x1.2dfcd978e9db4p-55,
  0x1.ae89f995ad3adp+0, 0x1.c1a7792cb3387p-55,
  0x1.b0e07298db666p+0, -0x1.07b8f4ad1d9fap-54,
  0x1.b33a2b84f15fbp+0, -0x1.5c3d956dcaebap-58,
  0x1.b59728de5593ap+0, -0x1.0a40e3da6f640p-54,
  0x1.b7f76f2fb5e47p+0, -0x1.8d6f438ad9334p-57,
  0x1.ba5b030a1064ap+0, -0x1.1eee26b588a35p-54,
  0x1.bcc1e904bc1d2p+0, 0x1.4ffd70a5fddcdp-56,
  0x1.bf2c25bd71e09p+0, -0x1.1bdfbfa9298acp-54,
  0x1.c199bdd85529cp+0, 0x1.36eae30af0cb3p-56,
  0x1.c40ab5fffd07ap+0, 0x1.ee3325c9ffd94p-55,
  0x1.c67f12e57d14bp+0, 0x1.4e08fd10959acp-55,
  0x1.c8f6d9406e7b5p+0, 0x1.3cdaf384e1a67p-57,
  0x1.cb720dcef9069p+0, 0x1.76b2c6c921968p-57,
  0x1.cdf0b555dc3fap+0, -0x1.08a1883ccb5d2p-55,
  0x1.d072d4a07897cp+0, -0x1.fad5d3ffffa6fp-55,
  0x1.d2f87080d89f2p+0, -0x1.00dae3875a949p-54,
  0x1.d5818dcfba487p+0, 0x1.4a385a63d07a7p-56,
  0x1.d80e316c98398p+0, -0x1.2919e2040220fp-55,
  0x1.da9e603db3285p+0, 0x1.e5a50d5c192acp-55,
  0x1.dd321f301b460p+0, 0x1.43a59ac016b4bp-55,
  0x1.dfc97337b9b5fp+0, -0x1.2d52107b43e1fp-55,
  0x1.e264614f5a129p+0, -0x1.92ab93b470dc9p-55,
  0x1.e502ee78b3ff6p+0, 0x1.4b604603a88d3p-56,
  0x1.e7a51fbc74c83p+0, 0x1.3c5ec519d7271p-55,
  0x1.ea4afa2a490dap+0, -0x1.ff7128fd391f0p-55,
  0x1.ecf482d8e67f1p+0, -0x1.dae98e223747dp-55,
  0x1.efa1bee615a27p+0, 0x1.ec3bc41aa2008p-55,
  0x1.f252b376bba97p+0, 0x1.42b94c3a9eb32p-55,
  0x1.f50765b6e4540p+0, 0x1.a64a931d185eep-55,
  0x1.f7bfdad9cbe14p+0, -0x1.e37bae43be3edp-55,
  0x1.fa7c1819e90d8p+0, 0x1.7893b4d91cd9dp-56,
  0x1.fd3c22b8f71f1p+0, 0x1.305c14160cc89p-58,
};

#define VMATH_AS_CODE(...) __VA_ARGS__
VMATH_EXP_SOURCE(VMATH_AS_CODE)

/* exp over a block, vectorised by the compiler (Makefile.am): widths 1 (one
 * value at a time), 2 (SSE2) and 4 (AVX2) -- the same bits (vmath_exp.h),
 * which test_ir checks through vmath_array_width. */
static void exp_width1(double *d, const double *x, size_t m)
{
  for (size_t k = 0; k < m; k++) d[k] = vmath_exp_one(x[k]);
}

static void exp_width2(double *d, const double *x, size_t m) { vmath_exp_block(d, x, m); }

#ifdef VMATH_X86
__attribute__((target("avx2"))) static void exp_width4(double *d, const double *x, size_t m)
{
  vmath_exp_block(d, x, m);
}
#endif

static void exp_array(int width, double *d, const double *x, size_t m)
{
#ifdef VMATH_X86
  if (width == 4 && __builtin_cpu_supports("avx2")) {
    exp_width4(d, x, m);
    return;
  }
#endif
  if (width >= 2) exp_width2(d, x, m);
  else exp_width1(d, x, m);
}

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

/* x/(e^x - 1) = sum B_k x^k/k! (Bernoulli's numbers): near 0, 1 - x/2 and
 * the even powers to x^14 (the next term is below 6e-18 for |x| < 1/2);
 * elsewhere x/(e - 1), whose cancellation costs at most 2.5 ulp. */
/* B_2k/(2k)!, k = 7 .. 1. */
const double vmath_exprelr_coef[VMATH_EXPRELR_TERMS] = {
  1.0 / 74724249600, -691.0 / 1307674368000, 1.0 / 47900160, -1.0 / 1209600, 1.0 / 30240,
  -1.0 / 720,        1.0 / 12};

double vmath_exprelr_series(double x)
{
  const double z = x * x;
  double e = vmath_exprelr_coef[0];
  for (int k = 1; k < VMATH_EXPRELR_TERMS; k++) e = e * z + vmath_exprelr_coef[k];
  return 1.0 + x * (-0.5 + x * e);
}

/* The quotient for every lane in one vectorised loop; the series only for
 * the lanes near 0 (few: a gate's rate near its midpoint), one by one.
 * reciprocal: exprelr's x/(e - 1), else exprel's (e - 1)/x. */
#if defined(VMATH_X86) && !defined(__clang__) && defined(__linux__) && !defined(__SANITIZE_THREAD__)
__attribute__((target_clones("avx", "default")))
#endif
static void exprel_finish(double *d, const double *x, const double *e, size_t m, int reciprocal)
{
  double q[64];
  int near = 0;
  if (reciprocal)
    for (size_t j = 0; j < m; j++) q[j] = x[j] / (e[j] - 1.0);
  else
    for (size_t j = 0; j < m; j++) q[j] = (e[j] - 1.0) / x[j];
  for (size_t j = 0; j < m; j++) near |= fabs(x[j]) < 0.5;
  if (near)
    for (size_t j = 0; j < m; j++)
      if (fabs(x[j]) < 0.5) q[j] = reciprocal ? vmath_exprelr_series(x[j]) : vmath_exprel_series(x[j]);
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
  if (fn == VM_EXP) {
    exp_array(width, d, x, m);
    return;
  }
  if (fn == VM_EXPREL || fn == VM_EXPRELR) {
    /* d may alias x: keep x where the series needs it, block by block. */
    double e[64];
    for (size_t k = 0; k < m; k += 64) {
      size_t w = m - k < 64 ? m - k : 64;
      at_width(width, VM_EXP, e, x + k, NULL, w);
      exprel_finish(d + k, x + k, e, w, fn == VM_EXPRELR);
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
  if (fn == VM_EXP) return vmath_exp_one(x);
  if (fn == VM_EXPREL) return vmath_exprel(x);
  if (fn == VM_EXPRELR) return vmath_exprelr(x);
#ifdef VMATH_X86
  if (__builtin_cpu_supports("avx")) return one4(fn, x, y);
  return one2(fn, x, y);
#else
  return scalar1(fn, x, y);
#endif
}

double vmath1(VmathFn fn, double x) { return one(fn, x, 0); }
/* Called for every value by scalar native code (one neuron): its AVX2 copy
 * took HH's 10^6 steps in 0.226 s, the baseline's in 0.237 s. */
VECTOR_CLONES double vmath_exp(double x) { return vmath_exp_one(x); }
/* exprel_finish's, for one value. */
VECTOR_CLONES double vmath_exprel(double x)
{
  const double e = vmath_exp_one(x);
  return fabs(x) < 0.5 ? vmath_exprel_series(x) : (e - 1.0) / x;
}
VECTOR_CLONES double vmath_exprelr(double x)
{
  const double e = vmath_exp_one(x);
  return fabs(x) < 0.5 ? vmath_exprelr_series(x) : x / (e - 1.0);
}
double vmath2(VmathFn fn, double x, double y) { return one(fn, x, y); }

const char *vmath_name(VmathFn fn, int *arity)
{
  switch (fn) {
  case VM_EXP: *arity = 1; return "exp"; /* vmath_exp.h's, not SLEEF's */
#define VMATH_NAME(E, f, ar) \
  case E: *arity = ar; return #f;
    VMATH_LIST(VMATH_NAME)
  default: break;
  }
  *arity = 1;
  return NULL;
}
