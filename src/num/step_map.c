/* step_map.c: discrete time.  The system's "right-hand side" of a discrete
 * model is its update, X(t+1) = F(t, X), so a step is one evaluation:
 * y_out = F(t, y), every update reading the old values (synchronous).  The
 * step is always 1: t counts steps. */
#include <stdlib.h>

#include "stepper.h"

static void *map_alloc(size_t dim)
{
  (void)dim;
  return NULL;
}

static int map_apply(void *state, OdeSystem *sys, double t, double h, const double *y,
                     double *y_out, double *yerr, const double *dydt_in, double *dydt_out)
{
  (void)state, (void)h, (void)yerr, (void)dydt_in, (void)dydt_out;
  sys->nevals++;
  return sys->rhs(sys->ctx, t, y, y_out);
}

static void map_free(void *state)
{
  (void)state;
}

const StepperType stepper_map = {
  .name = "map",
  .summary = "discrete time: X(t+1) = ... (chosen for such models)",
  .order = 1,
  .discrete = true,
  .alloc = map_alloc,
  .apply = map_apply,
  .free = map_free,
};
