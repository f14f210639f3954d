/* jacobian.h: a model's right-hand side and its Jacobian, exactly.
 *
 * The equations are lowered again into an IR of the analysis' own (the
 * Compiled one stays immutable and shared) and differentiated symbolically
 * (ir_diff: the same rules the compiler uses for exponential Euler), then
 * compiled into one program whose outputs are f (S values) and J (S x S,
 * row-major: J[i*S + j] = d f_i / d y_j).  Evaluated at any points with an
 * instance's parameter values.  An equation whose derivative has no rule
 * makes jacobian_new fall back to central differences (exact is false). */
#ifndef NEURODE_JACOBIAN_H
#define NEURODE_JACOBIAN_H

#include <stdbool.h>
#include <stddef.h>

#include "instance.h"

typedef struct Jacobian {
  const Compiled *c;
  size_t S;
  Program *prog; /* f, then J (or f alone when not exact), then df/dp */
  bool exact;
  int param;     /* the parameter of df/dp, or -1 */
} Jacobian;

Jacobian *jacobian_new(const Compiled *c);
/* The same with df/dp of parameter p as well (exact only: NULL when a
 * derivative has no rule); jacobian_eval_param gives it. */
Jacobian *jacobian_new_param(const Compiled *c, int p);
void jacobian_eval_param(const Jacobian *J, Instance *in, size_t copy, const double *y, double t,
                         double *f, double *jac, double *fp);
void jacobian_free(Jacobian *J);

/* At n points ys (S*n values laid out as a population: state s of point k
 * at ys[s*n + k]) with the parameters of copy `copy` of in: f (S*n) and J
 * (S*S*n: entry (i, j) of point k at J[(i*S + j)*n + k]). */
void jacobian_eval(const Jacobian *J, Instance *in, size_t copy, size_t n, const double *ys,
                   double t, double *f, double *jac);

/* J by central differences of f alone (what a model without an exact
 * Jacobian gets; the tests compare the two). */
void jacobian_eval_fd(const Jacobian *J, Instance *in, size_t copy, size_t n, const double *ys,
                      double t, double *jac);

#endif
