/* step_rk2.c: the explicit midpoint method, order 2.
 *   k1 = f(t, y),  k2 = f(t + h/2, y + h/2 k1),  y1 = y + h k2 */
#include <stdlib.h>

#include "mem.h"
#include "stepper.h"

typedef struct {
  size_t dim;
  double *k, *tmp;
} Rk2;

static void *rk2_alloc(size_t dim)
{
  Rk2 *s = xmalloc(sizeof *s);
  s->dim = dim;
  s->k = xmalloc((dim + 1) * sizeof *s->k);
  s->tmp = xmalloc((dim + 1) * sizeof *s->tmp);
  return s;
}

static int rk2_apply(void *state, OdeSystem *sys, double t, double h, const double *y,
                     double *y_out, double *yerr, const double *dydt_in, double *dydt_out)
{
  Rk2 *s = state;
  (void)yerr, (void)dydt_out;
  size_t n = sys->dim;
  int rc;
  const double *k1 = dydt_in;
  if (!k1) {
    sys->nevals++;
    if ((rc = sys->rhs(sys->ctx, t, y, s->k))) return rc;
    k1 = s->k;
  }
  for (size_t i = 0; i < n; i++) s->tmp[i] = y[i] + 0.5 * h * k1[i];
  sys->nevals++;
  if ((rc = sys->rhs(sys->ctx, t + 0.5 * h, s->tmp, s->k))) return rc;
  for (size_t i = 0; i < n; i++) y_out[i] = y[i] + h * s->k[i];
  return 0;
}

static void rk2_free(void *state)
{
  Rk2 *s = state;
  free(s->k);
  free(s->tmp);
  free(s);
}

const StepperType stepper_rk2 = {
  .name = "rk2",
  .summary = "explicit midpoint Runge-Kutta, order 2",
  .order = 2,
  .can_use_dydt_in = true,
  .alloc = rk2_alloc,
  .apply = rk2_apply,
  .free = rk2_free,
};
