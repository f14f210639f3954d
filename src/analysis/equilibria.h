/* equilibria.h: where f(y) = 0, and how the dynamics behave near there.
 *
 * Newton's method from a grid of seeds filling a box of state space, all
 * seeds at once (one evaluation of f and J per iteration for the whole
 * grid, through the VM); steps longer than the box are shortened, so a
 * seed far from any root wanders at most out of the box and is dropped.
 * Roots that agree to 1e-6 of the box are one.  Each equilibrium's type
 * comes from the eigenvalues of J there (LAPACK dgeev). */
#ifndef NEURODE_EQUILIBRIA_H
#define NEURODE_EQUILIBRIA_H

#include <stdbool.h>
#include <stddef.h>

#include "jacobian.h"

typedef struct Equilibrium {
  double *y;         /* S values */
  double *re, *im;   /* the S eigenvalues of J(y) */
  const char *type;  /* "stable node", "unstable focus", "saddle", ... */
  bool stable;       /* every eigenvalue's real part below 0 */
  double residual;   /* max |f_i(y)| */
} Equilibrium;

/* Equilibria of copy `copy` of in within lo..hi (S values each, lo < hi)
 * from per_dim seeds along each axis; *out is a malloc'd array sorted by
 * the first state (equilibria_free), the count is returned. */
size_t equilibria_find(const Jacobian *J, Instance *in, size_t copy, const double *lo,
                       const double *hi, size_t per_dim, double t, Equilibrium **out);
void equilibria_free(Equilibrium *e, size_t n);

/* The type of an equilibrium from its eigenvalues. */
const char *equilibrium_type(size_t S, const double *re, const double *im, bool *stable);

#endif
