/* step_rk4.c: the classical fourth-order Runge-Kutta method,
 *   y1 = y + h/6 (k1 + 2 k2 + 2 k3 + k4).
 * The weighted sum of the stages is accumulated in y_out as they are
 * computed, so the method needs two work vectors besides the output. */
#include <stdlib.h>

#include "mem.h"
#include "stepper.h"

typedef struct {
  size_t dim;
  double *k, *tmp;
} Rk4;

static void *rk4_alloc(size_t dim)
{
  Rk4 *s = xmalloc(sizeof *s);
  s->dim = dim;
  s->k = xmalloc((dim + 1) * sizeof *s->k);
  s->tmp = xmalloc((dim + 1) * sizeof *s->tmp);
  return s;
}

static int rk4_apply(void *state, OdeSystem *sys, double t, double h, const double *y,
                     double *y_out, double *yerr, const double *dydt_in, double *dydt_out)
{
  Rk4 *s = state;
  (void)yerr, (void)dydt_out;
  size_t n = sys->dim;
  double *k = s->k, *tmp = s->tmp;
  const double h2 = 0.5 * h, h6 = h / 6.0;
  int rc;
  const double *k1 = dydt_in;
  if (!k1) {
    sys->nevals++;
    if ((rc = sys->rhs(sys->ctx, t, y, k))) return rc;
    k1 = k;
  }
  sys->nevals += 3;
  for (size_t i = 0; i < n; i++) {
    y_out[i] = k1[i];
    tmp[i] = y[i] + h2 * k1[i];
  }
  if ((rc = sys->rhs(sys->ctx, t + h2, tmp, k))) return rc;
  for (size_t i = 0; i < n; i++) {
    y_out[i] += 2 * k[i];
    tmp[i] = y[i] + h2 * k[i];
  }
  if ((rc = sys->rhs(sys->ctx, t + h2, tmp, k))) return rc;
  for (size_t i = 0; i < n; i++) {
    y_out[i] += 2 * k[i];
    tmp[i] = y[i] + h * k[i];
  }
  if ((rc = sys->rhs(sys->ctx, t + h, tmp, k))) return rc;
  for (size_t i = 0; i < n; i++) y_out[i] = y[i] + h6 * (y_out[i] + k[i]);
  return 0;
}

static void rk4_free(void *state)
{
  Rk4 *s = state;
  free(s->k);
  free(s->tmp);
  free(s);
}

const StepperType stepper_rk4 = {
  .name = "rk4",
  .summary = "classical Runge-Kutta, order 4",
  .order = 4,
  .can_use_dydt_in = true,
  .alloc = rk4_alloc,
  .apply = rk4_apply,
  .free = rk4_free,
};
