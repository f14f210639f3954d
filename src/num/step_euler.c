/* step_euler.c: forward Euler, order 1.  y1 = y + h f(t, y). */
#include <stdlib.h>

#include "mem.h"
#include "stepper.h"

typedef struct {
  size_t dim;
  double *k;
} Euler;

static void *euler_alloc(size_t dim)
{
  Euler *s = xmalloc(sizeof *s);
  s->dim = dim;
  s->k = xmalloc((dim + 1) * sizeof *s->k);
  return s;
}

static int euler_apply(void *state, OdeSystem *sys, double t, double h, const double *y,
                       double *y_out, double *yerr, const double *dydt_in, double *dydt_out)
{
  Euler *s = state;
  (void)yerr, (void)dydt_out;
  const double *k = dydt_in;
  if (!k) {
    sys->nevals++;
    int rc = sys->rhs(sys->ctx, t, y, s->k);
    if (rc) return rc;
    k = s->k;
  }
  for (size_t i = 0; i < sys->dim; i++) y_out[i] = y[i] + h * k[i];
  return 0;
}

static void euler_free(void *state)
{
  Euler *s = state;
  free(s->k);
  free(s);
}

const StepperType stepper_euler = {
  .name = "euler",
  .summary = "forward Euler, order 1",
  .order = 1,
  .can_use_dydt_in = true,
  .alloc = euler_alloc,
  .apply = euler_apply,
  .free = euler_free,
};
