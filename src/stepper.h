/* stepper.h: one-step methods for y' = f(t, y), as const tables (GSL style).
 *
 * A method is one file ending in `const StepperType stepper_<name>`; adding
 * one is that file plus a row in steppers.c.  The driver (driver.h) owns the
 * loop, the sampling, error control policy and interrupts; a stepper only
 * knows how to take one step.
 *
 * Contract for apply: advance from (t, y) by h and write the result to
 * y_out (never aliasing y).  y itself is never modified, so a failed or
 * rejected step leaves the state as it was.  Adaptive methods also write an
 * error estimate to yerr.  Returns 0 on success, > 0 for a recoverable
 * failure (retry with a smaller step), < 0 for a fatal one -- the same
 * convention as the right-hand-side callbacks (SUNDIALS style).
 *
 * Methods that reuse f(t + h, y_out) as the first stage of the next step
 * (FSAL) recognise the next call by (t, y pointer); call reset whenever the
 * state is changed from outside. */
#ifndef NEURODE_STEPPER_H
#define NEURODE_STEPPER_H

#include <stdbool.h>
#include <stddef.h>

typedef struct OdeSystem {
  size_t dim;
  void *ctx;
  /* dydt = f(t, y) */
  int (*rhs)(void *ctx, double t, const double *y, double *dydt);
  /* dydt = f(t, y) and diag = df_i/dy_i for the components whose equation is
   * linear in their own variable (0 for the others).  May be NULL. */
  int (*rhs_diag)(void *ctx, double t, const double *y, double *dydt, double *diag);
  unsigned long nevals; /* right-hand-side evaluations, counted by the steppers */
} OdeSystem;

typedef struct StepperType {
  const char *name;
  const char *summary;  /* one line for --help and the man page */
  int order;
  bool adaptive;        /* fills yerr and supports interp */
  bool needs_diag;      /* uses OdeSystem.rhs_diag */
  void *(*alloc)(size_t dim);
  int (*apply)(void *state, OdeSystem *sys, double t, double h, const double *y,
               double *y_out, double *yerr);
  /* After a successful apply: the solution at t + theta*h, 0 <= theta <= 1. */
  void (*interp)(const void *state, double theta, double *y_out);
  void (*reset)(void *state);
  void (*free)(void *state);
} StepperType;

extern const StepperType stepper_euler, stepper_rk2, stepper_rk4, stepper_rk45,
    stepper_expeuler;

/* NULL if no method has that name. */
const StepperType *stepper_find(const char *name);
/* "euler, rk2, rk4, rk45, expeuler": the table's names, for messages. */
void stepper_list(char *buf, size_t size);
extern const StepperType *const stepper_table[];
extern const size_t stepper_count;

#endif
