/* continuation.h: an equilibrium followed as a parameter changes, and where
 * it changes stability.
 *
 * Pseudo-arclength continuation of F(y, p) = 0 (Keller): from a point and
 * the branch's unit tangent, a step along the tangent, then Newton on F = 0
 * plus "stay on the plane orthogonal to the tangent" -- so the branch is
 * followed round a fold, where p turns back.  The step grows when Newton
 * converges quickly and shrinks when it does not.  At each point the
 * eigenvalues of F_y are watched: a complex pair whose real part changes
 * sign is a Hopf bifurcation, det F_y changing sign (a real eigenvalue
 * through 0) a fold; each is located by bisection along the step, to 1e-10
 * of p.  F_y and F_p are exact (jacobian.h). */
#ifndef NEURODE_CONTINUATION_H
#define NEURODE_CONTINUATION_H

#include <stdbool.h>
#include <stddef.h>

#include "jacobian.h"

typedef enum { BIF_HOPF, BIF_FOLD } BifKind;

typedef struct Bifurcation {
  BifKind kind;
  double p;
  double *y;     /* S values */
  double omega;  /* Hopf: the imaginary part of the crossing pair */
  size_t after;  /* it lies between branch points after and after + 1 */
} Bifurcation;

typedef struct Branch {
  size_t S;
  double *p, *y;  /* point k: p[k], y[k*S ..] */
  bool *stable;
  size_t n, cap;
  Bifurcation *bif;
  size_t nbif, bcap;
} Branch;

/* From an equilibrium near y0 at p0 (J->param) to p_end, or until the
 * branch leaves [p0, p_end] after a fold.  in: one copy, whose value of
 * the parameter is changed as it goes.  False (why says it) when no
 * equilibrium is found near y0 or the branch cannot be followed. */
bool continuation_run(const Jacobian *J, Instance *in, const double *y0, double p0, double p_end,
                      Branch *out, char *why, size_t whysize);
void branch_free(Branch *b);

#endif
