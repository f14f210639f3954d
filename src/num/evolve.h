/* evolve.h: a population advanced in time, one step at a time (GSL's
 * evolve object).  It owns the state and the stepper, knows nothing of
 * output, sampling or sinks (driver.h does those), and can say what the
 * solution is anywhere inside its last step (dense output).
 *
 * The population-clock contract (for events, which build on this):
 *   - A population shares one clock: every copy advances with the same t
 *     and the same step.
 *   - With fixed steps (networks, large populations), a threshold event is
 *     located inside the step per copy, from the dense output of that step;
 *     the copies that fired are reset at their own event time and only they
 *     are integrated again from there to the end of the step, as a small
 *     gathered sub-population (subset execution in the VM).  The others are
 *     not touched and do not pay for them.  Spike times keep the method's
 *     order; the step does not shrink.
 *   - Adaptive steps are global -- the error norm is the largest over all
 *     copies -- and stop at true roots (the step ends at the event): for small
 *     models and for analysis (bisection, periods, phase response).
 *
 * Whoever changes the state from outside (an event's reset, a kick) calls
 * evolve_set: derivatives the next step could have reused are forgotten, so
 * no stale stage survives a change. */
#ifndef NEURODE_EVOLVE_H
#define NEURODE_EVOLVE_H

#include <stdbool.h>
#include <stddef.h>

#include "control.h"
#include "stepper.h"

typedef struct Evolve {
  const StepperType *type;
  void *state;
  size_t dim;
  double *y, *y_prev;   /* the state now, and before the last step */
  double *f, *f_prev;   /* f(t, y) and f(t_prev, y_prev), when known */
  bool f_known, f_prev_known;
  double *yerr;
  double t, t_prev;     /* the last step went from t_prev to t */
  double h;             /* with this step size (t - t_prev up to rounding) */
  bool stepped;         /* a step was taken since evolve_set: dense output exists */
} Evolve;

enum { EVOLVE_OK = 0, EVOLVE_TOO_SMALL = 100 };

Evolve *evolve_new(const StepperType *type, size_t dim);
void evolve_free(Evolve *e);

/* Start (again) from (t, y): at the beginning, and after any change of the
 * state from outside. */
void evolve_set(Evolve *e, double t, const double *y);
static inline const double *evolve_y(const Evolve *e) { return e->y; }
static inline double evolve_t(const Evolve *e) { return e->t; }

/* One step of size h, to t + h (t_end, when given, replaces t + h exactly:
 * a grid time computed by the caller, never a sum).  Returns 0, or the
 * stepper's failure with the state as it was. */
int evolve_step(Evolve *e, OdeSystem *sys, double h, double t_end);

/* A fixed step taken outside the stepper, by code that gives its bits (the
 * native backend's fused kernel): evolve_outside_begin returns the state,
 * which the caller advances in place to t_new; evolve_outside_end records
 * the step as evolve_step would have (the state before it kept for dense
 * output).  On failure, evolve_set back to the state before. */
double *evolve_outside_begin(Evolve *e);
void evolve_outside_end(Evolve *e, double t_new, double h);

/* One accepted adaptive step ending no later than t1: tries *h, smaller
 * after each rejection (counted in *rejected), and leaves in *h the size to
 * try next.  Returns 0, the stepper's fatal failure (< 0), or
 * EVOLVE_TOO_SMALL when the step size fell below what makes progress
 * (*worst: the component that decided it; evolve_trial: the last try, to
 * tell a blow-up from stiffness). */
int evolve_adaptive(Evolve *e, OdeSystem *sys, const Control *c, double t1, double *h,
                    unsigned long *rejected, size_t *worst);
static inline const double *evolve_trial(const Evolve *e) { return e->y_prev; }

/* The solution at t inside the last step (t_prev <= t <= t): the method's
 * own dense output, else a cubic Hermite interpolant of the values and
 * derivatives at both ends (computed when first asked for; the one at the
 * end is then reused by the next step).  Returns 0 or a right-hand-side
 * failure. */
int evolve_dense(Evolve *e, OdeSystem *sys, double t, double *out);
/* The same for components idx[0..n) only, into out[0..n) (the derivatives
 * a Hermite interpolant needs are still computed whole, once per step). */
int evolve_dense_some(Evolve *e, OdeSystem *sys, double t, const size_t *idx, size_t n,
                      double *out);

#endif
