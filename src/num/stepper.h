/* stepper.h: one-step methods for y' = f(t, y), as const tables (GSL style).
 *
 * A method is one file ending in `const StepperType stepper_<name>`; adding
 * one is that file plus a row in steppers.c (and a row of the order table
 * in tests/unit/test_steppers.c).  A stepper only knows how to take one
 * step; evolve.h drives it (step-size control, dense output, the state),
 * driver.h runs a simulation on top.
 *
 * Contract for apply: advance from (t, y) by h and write the result to
 * y_out (never aliasing y).  It works on sys->dim values, which may be fewer
 * than the dim the state was allocated for (a subset of a population).  y itself is never modified, so a failed or
 * rejected step leaves the state as it was.  Adaptive methods also write an
 * error estimate to yerr.  dydt_in, when not NULL, is f(t, y) exactly (the
 * caller had it: the last step's end); a method whose first stage is f(t, y)
 * uses it instead of evaluating f again (can_use_dydt_in).  dydt_out, when
 * not NULL, receives f(t + h, y_out) from a method that computes it anyway
 * (gives_dydt_out: first same as last).  Nothing is remembered between calls
 * through pointers: whoever changes the state (an event) simply passes no
 * dydt_in.  Returns 0 on success, > 0 for a recoverable failure (retry with
 * a smaller step), < 0 for a fatal one -- the convention of the
 * right-hand-side callbacks (SUNDIALS style). */
#ifndef NEURODE_STEPPER_H
#define NEURODE_STEPPER_H

#include <stdbool.h>
#include <stddef.h>

#include "diffusion.h"

typedef struct OdeSystem {
  size_t dim;
  void *ctx;
  /* dydt = f(t, y) */
  int (*rhs)(void *ctx, double t, const double *y, double *dydt);
  /* dydt = f(t, y) and diag = df_i/dy_i for the components whose equation is
   * linear in their own variable (0 for the others).  May be NULL. */
  int (*rhs_diag)(void *ctx, double t, const double *y, double *dydt, double *diag);
  unsigned long nevals; /* right-hand-side evaluations, counted by the steppers */
  /* On a grid: the diffusion operator inside f (diffusion.h), for the
   * implicit methods (split); NULL off a grid. */
  const Diffusion *diffusion;
  /* dydt = f(t, y), the Jacobian df/dy and df/dt, for the stiff methods: the
   * state is dim/block elements of block values each, laid out as a
   * population (value s of element k at s*n + k, n = dim/block); entry
   * (i, j) of element k's block is jac[(i*block + j)*n + k].  Couplings
   * between elements are not in it.  NULL when the model has none. */
  int (*rhs_jac)(void *ctx, double t, const double *y, double *dydt, double *jac, double *dfdt);
  size_t block;
} OdeSystem;

typedef struct StepperType {
  const char *name;
  const char *summary;  /* one line for --help */
  int order;
  bool adaptive;        /* fills yerr with an embedded error estimate */
  bool uses_diag;       /* calls rhs_diag (the system must provide it) */
  bool can_use_dydt_in; /* its first stage is f(t, y) */
  bool gives_dydt_out;  /* it computes f(t + h, y_out) */
  bool discrete;        /* not a solver: f is the next state (maps, t counts steps) */
  bool split;           /* needs sys->diffusion: solves the diffusion implicitly */
  bool uses_jacobian;   /* calls rhs_jac (the system must provide it) */
  void *(*alloc)(size_t dim);
  int (*apply)(void *state, OdeSystem *sys, double t, double h, const double *y,
               double *y_out, double *yerr, const double *dydt_in, double *dydt_out);
  /* After a successful apply: the method's own solution at t + theta*h,
   * 0 <= theta <= 1: every component (idx NULL), or components idx[0..n)
   * into y_out[0..n).  NULL: evolve.h interpolates (cubic Hermite). */
  void (*interp)(const void *state, double theta, const size_t *idx, size_t n, double *y_out);
  /* The state was set from outside (a start, an event): the next step
   * starts afresh (GSL's reset).  May be NULL. */
  void (*reset)(void *state);
  void (*free)(void *state);
} StepperType;

extern const StepperType stepper_euler, stepper_rk2, stepper_rk4, stepper_rk45,
    stepper_expeuler, stepper_map, stepper_cn, stepper_be, stepper_rodas;

/* NULL if no method has that name. */
const StepperType *stepper_find(const char *name);
/* "euler, rk2, rk4, rk45, expeuler": the table's names, for messages. */
void stepper_list(char *buf, size_t size);
extern const StepperType *const stepper_table[];
extern const size_t stepper_count;

#endif
