/* vmath.h: the elementary functions every evaluation of a model uses -- the
 * VM one element at a time or over a block, the constant folder, and the
 * native backend's code (which calls these, never libm).
 *
 * They are SLEEF's deterministic 1-ulp functions ("cinz": no FMA, no
 * table that differs by width), whose scalar, SSE2 and AVX versions give
 * the same bits for the same argument -- all of them SLEEF's but exp, the
 * one most models spend their time in, which is vmath_exp.h's plain C (the
 * same bits at every width too; faster, and inlined into native code).  That is the contract: a neuron
 * computed alone and as copy k of a population, by the VM or by native
 * code, on a CPU with or without AVX, gives the same number.  (libm's
 * scalar functions are not vectorised, and libmvec's differ from them.)
 *
 * Array versions take blocks of any length m; the widest vector the CPU has
 * is chosen per call (a test compares the widths, vmath_array_width).
 * exprel is computed from exp -- a series near 0, (e^x - 1)/x elsewhere --
 * so it vectorises with the rest (within 4 ulp; expm1 would cost 3 exps);
 * so is its reciprocal exprelr, x/(e^x - 1) (NEURON's name), the form HH's
 * rates take: one division where 1/exprel took two. */
#ifndef NEURODE_VMATH_H
#define NEURODE_VMATH_H

#include <stddef.h>

typedef enum {
  VM_EXP, VM_LOG, VM_LOG10, VM_SIN, VM_COS, VM_TAN, VM_ASIN, VM_ACOS, VM_ATAN,
  VM_SINH, VM_COSH, VM_TANH, VM_EXPM1, VM_EXPREL, VM_EXPRELR, /* one argument */
  VM_POW, VM_ATAN2,                                            /* two */
  VM__COUNT
} VmathFn;

/* d[k] = fn(x[k]) (or fn(x[k], y[k])) for k < m; d may alias x or y. */
void vmath_array(VmathFn fn, double *d, const double *x, const double *y, size_t m);

/* The same with a chosen vector width: 1 (portable C), 2 (SSE2) or 4 (AVX);
 * a width the CPU lacks falls back to a narrower one.  For tests. */
void vmath_array_width(int width, VmathFn fn, double *d, const double *x, const double *y,
                       size_t m);

/* One value: equal, bit for bit, to the array versions. */
double vmath1(VmathFn fn, double x);
double vmath2(VmathFn fn, double x, double y);
/* vmath1(VM_EXP, x), vmath1(VM_EXPREL, x) and vmath1(VM_EXPRELR, x)
 * without the dispatch. */
double vmath_exp(double x);
double vmath_exprel(double x);
double vmath_exprelr(double x);

/* For code that calls SLEEF itself (the native backend): SLEEF's name of
 * fn ("exp") and its arity; NULL for VM_EXPREL, which is exp followed by
 * (e - 1)/x, or vmath_exprel_series(x) where |x| < 1/2, and for VM_EXPRELR,
 * x/(e - 1) or vmath_exprelr_series(x) there. */
const char *vmath_name(VmathFn fn, int *arity);
double vmath_exprel_series(double x);
/* The series' coefficients, highest power first, evaluated by Horner's
 * rule: r = c[0]; r = r*x + c[k] (code that writes it out must keep the
 * order to get the same bits). */
enum { VMATH_EXPREL_TERMS = 15 };
extern const double vmath_exprel_coef[VMATH_EXPREL_TERMS];
/* x/(e^x - 1) near 0: 1 + x*(-1/2 + x*E(x^2)), E's coefficients highest
 * power first, by Horner's rule in z = x*x: e = c[0]; e = e*z + c[k]. */
double vmath_exprelr_series(double x);
enum { VMATH_EXPRELR_TERMS = 7 };
extern const double vmath_exprelr_coef[VMATH_EXPRELR_TERMS];

static inline double nd_exp(double x) { return vmath1(VM_EXP, x); }

#endif
