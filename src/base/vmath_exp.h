/* vmath_exp.h: e^x in plain C, the one exp of the program -- vmath.c
 * compiles VMATH_EXP_SOURCE as code, the native backend writes the same
 * tokens (stringified) into the C it emits, so both compute the same bits.
 *
 * Why not SLEEF's exp, like the other functions: its deterministic (no FMA)
 * exp is an 11th-degree polynomial behind a call the compiler can neither
 * inline nor interleave, 2.0 ns a value on AVX here; this one looks 2^(j/128)
 * up in a table and needs a 5th-degree polynomial: 1.25-1.4 ns, more than half
 * of a Hodgkin-Huxley step being exponentials.  It uses only +, -, *, table
 * loads and integer operations on the bits, so any vector width (or none)
 * gives the same bits -- the compiler's vectorised loop, a scalar call, SSE2
 * or AVX2 -- as long as a*b + c is not fused (-ffp-contract=off, which
 * Makefile.am and the native build set).
 *
 * Method (Tang's): x = (128 k' + j) ln2/128 + r with |r| <= ln2/256, so
 * e^x = 2^k' 2^(j/128) e^r; the table holds T_j = 2^(j/128) rounded and its
 * relative rounding error tail_j (tools/exp_table.py computes both), and
 * e^x = 2^k' T_j (1 + tail_j + r + r^2/2 + ... + r^5/120): the next Taylor
 * term is below 2^-60.  ln2/128 is split so that k ln2_hi is exact.
 * Accuracy (test_ir, against expl): within 0.52 ulp where e^x is a normal
 * number (SLEEF's: 0.95), 0.76 where it is subnormal (x < -708.4: the
 * result is rounded twice, see vmath_exp_slow). */
#ifndef NEURODE_VMATH_EXP_H
#define NEURODE_VMATH_EXP_H

enum { VMATH_EXP_N = 128 };
/* {T_j, tail_j} for j < VMATH_EXP_N. */
extern const double vmath_exp_tab[2 * VMATH_EXP_N];

/* |x| <= VMATH_EXP_FAST: vmath_exp_fast's range, where s = 2^k' T_j is
 * normal and s * (e^r - 1), when subnormal, costs below 2^-12 ulp (near
 * x = -707 it would cost 0.25 ulp). */
#define VMATH_EXP_FAST 700.0

/* X(...) receives the source; vmath_exp_scaled(x, b) is e^x 2^-b (the bias
 * b keeps the result normal near overflow and underflow); vmath_exp_block
 * may have d == x, so it looks at x first; vmath_exp_apart (d and x apart:
 * native code's batches) finds the far arguments while it computes. */
#define VMATH_EXP_SOURCE(X)                                                           \
  X(static inline __attribute__((always_inline)) double vmath_exp_scaled(double x, long long bias) {               \
    const double shift = 0x1.8p52;                                                    \
    double kd = x * 0x1.71547652b82fep+7 + shift;                                     \
    unsigned long long ki, j, sb;                                                     \
    __builtin_memcpy(&ki, &kd, 8);                                                    \
    kd -= shift;                                                                      \
    const double r = (x - kd * 0x1.62e42fef8p-8) - kd * 0x1.1cf79abc9e3b4p-43;        \
    j = ki & (VMATH_EXP_N - 1);                                                       \
    const double t = vmath_exp_tab[2 * j];                                            \
    __builtin_memcpy(&sb, &t, 8);                                                     \
    sb += (ki - j) << 45;                                                             \
    sb -= (unsigned long long)bias << 52;                                             \
    double s;                                                                         \
    __builtin_memcpy(&s, &sb, 8);                                                     \
    const double r2 = r * r;                                                          \
    const double p = vmath_exp_tab[2 * j + 1] + r + r2 * (0x1p-1 + r * 0x1.5555555555555p-3) + \
                     r2 * r2 * (0x1.5555555555555p-5 + r * 0x1.1111111111111p-7);     \
    return s + s * p;                                                                 \
  }                                                                                   \
  static inline double vmath_exp_fast(double x) { return vmath_exp_scaled(x, 0); }    \
  static double vmath_exp_slow(double x) {                                            \
    if (x != x) return x + x;                                                         \
    if (x > 709.8) return __builtin_inf();                                            \
    if (x < -746.0) return 0.0;                                                       \
    if (x > 0) return vmath_exp_scaled(x, 2) * 4.0;                                   \
    return vmath_exp_scaled(x, -1000) * 0x1p-1000;                                    \
  }                                                                                   \
  static inline double vmath_exp_one(double x) {                                      \
    return __builtin_fabs(x) <= VMATH_EXP_FAST ? vmath_exp_fast(x) : vmath_exp_slow(x); \
  }                                                                                   \
  static inline __attribute__((always_inline)) void vmath_exp_block(double *d, const double *x, unsigned long n) { \
    int far = 0;                                                                      \
    for (unsigned long k = 0; k < n; k++) far |= !(__builtin_fabs(x[k]) <= VMATH_EXP_FAST); \
    if (far) {                                                                        \
      for (unsigned long k = 0; k < n; k++) d[k] = vmath_exp_one(x[k]);               \
      return;                                                                         \
    }                                                                                 \
    for (unsigned long k = 0; k < n; k++) d[k] = vmath_exp_fast(x[k]);                \
  }                                                                                   \
  static inline void vmath_exp_apart(double *restrict d, const double *restrict x,    \
                                     unsigned long n) {                               \
    int far = 0;                                                                      \
    for (unsigned long k = 0; k < n; k++) {                                           \
      d[k] = vmath_exp_fast(x[k]);                                                    \
      far |= !(__builtin_fabs(x[k]) <= VMATH_EXP_FAST);                               \
    }                                                                                 \
    if (far)                                                                          \
      for (unsigned long k = 0; k < n; k++)                                           \
        if (!(__builtin_fabs(x[k]) <= VMATH_EXP_FAST)) d[k] = vmath_exp_slow(x[k]);   \
  })

#endif
