/* diffusion.h: the diffusion part of a reaction-diffusion system on a 1-D
 * grid, as an operator the steppers are given beside the right-hand side.
 *
 * The grid has n points, both ends included, spaced dx apart.  Component c
 * of the state (a variable on the grid: c is not the model's numbering) is
 * the n values y[offset[c] ..]; it obeys dX/dt = D(x) d2X/dx2 + R, with D
 * given at every point.  Each end of each component either has its value
 * given (a clamp: X = b(t)) or its slope (dX/dx = g(t): 0 is a sealed end,
 * anything else a current injected there); the slope is imposed through a
 * ghost point mirrored about the end, which keeps the end's error second
 * order.
 *
 * The solver is the tridiagonal (Thomas) algorithm for an unbranched cable;
 * a tree of sections (Hines ordering) would be a second solver over the same
 * operator, with a parent index per point instead of k - 1. */
#ifndef NEURODE_DIFFUSION_H
#define NEURODE_DIFFUSION_H

#include <stdbool.h>
#include <stddef.h>

typedef struct DiffusionEnd {
  bool value;   /* the end's value is given, else its slope dX/dx */
  double given; /* that value or slope at the time asked for */
  double rate;  /* a given value: its time derivative (a clamp that moves) */
} DiffusionEnd;

typedef struct Diffusion {
  size_t n;             /* points */
  double dx;
  size_t ncomp;         /* diffusing components */
  const size_t *offset; /* component c is y[offset[c] .. offset[c] + n) */
  double *const *coef;  /* component c's D at each point */
  /* Fill ends[2c] (x_0) and ends[2c + 1] (x_{n-1}) for every component at
   * time t; 0, or a right-hand-side style failure. */
  int (*ends)(void *ctx, double t, DiffusionEnd *ends);
  void *ctx;
} Diffusion;

/* d2X/dx2 of one component x[0..n) with its two ends' conditions (not
 * multiplied by D); 0 at an end whose value is given. */
void diffusion_second_derivative(const Diffusion *d, const double *x, const DiffusionEnd end[2],
                                 double *out);

/* Solve (I - a (D L + diag(j))) u = rhs for component c, in place (rhs
 * becomes u): L is the second difference with the homogeneous form of the
 * ends' conditions -- an increment of a given slope has slope 0, and at an
 * end whose value is given (value_end) u is what rhs holds there.  j (the
 * reaction's own derivative at each point, may be NULL) keeps the implicit
 * step exact for linear reactions.  O(n), no allocation: work holds 3n
 * values.  diffusion_factor and diffusion_substitute are its two halves, for
 * several right-hand sides with one matrix (fac: 3n values). */
void diffusion_solve(const Diffusion *d, size_t c, double a, const double *j,
                     const bool value_end[2], double *rhs, double *work);
void diffusion_factor(const Diffusion *d, size_t c, double a, const double *j,
                      const bool value_end[2], double *fac);
void diffusion_substitute(const Diffusion *d, const double *fac, double *u);

/* out += D L x for component c (its increment x: the ends' conditions in
 * their homogeneous form, as diffusion_solve takes them). */
void diffusion_apply(const Diffusion *d, size_t c, const double *x, const bool value_end[2],
                     double *out);

/* The largest step an explicit method takes stably: dx^2 / (2 max D). */
double diffusion_stable_step(const Diffusion *d);

#endif
