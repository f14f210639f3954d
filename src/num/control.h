/* control.h: step-size control of adaptive methods (GSL's control object).
 *
 * The error of a trial step is measured as the largest component of
 * |err_i| / (atol + rtol * max(|y_i|, |y_new_i|)), so 1 means "just within
 * tolerance"; the next step size follows the usual controller for a method
 * whose table order is p (rk45: 5, the order of its solution; its estimate
 * is of order 4): h * safety * err^(-1/p), limited to grow at most `grow`
 * times and shrink at most to `shrink` of the step.  The whole population
 * shares this norm (one clock: see evolve.h). */
#ifndef NEURODE_CONTROL_H
#define NEURODE_CONTROL_H

#include <stdbool.h>
#include <stddef.h>

typedef struct Control {
  double rtol, atol;
  double safety, grow, shrink; /* 0.9, 5, 0.2 by control_init */
  double min_relative;         /* a step below min_relative*max(1,|t|) has failed */
} Control;

void control_init(Control *c, double rtol, double atol);

/* The scaled error of a trial step; *worst: the component that decides it
 * (NaN counts as infinitely bad). */
double control_error(const Control *c, const double *y, const double *y_new, const double *yerr,
                     size_t n, size_t *worst);

/* After a trial step of size *h with error err by a method of order
 * `order`: true if it is accepted; *h becomes the size of the next try. */
bool control_adjust(const Control *c, double err, int order, double *h);

/* Is h too small to make progress at t? */
static inline bool control_too_small(const Control *c, double h, double t)
{
  double at = t < 0 ? -t : t;
  return h < c->min_relative * (at > 1 ? at : 1);
}

#endif
