/* step_expeuler.c: exponential Euler, order 1, for equations linear in their
 * own variable (the gates of conductance models).
 *
 * Writing y_i' = f_i = a_i + b_i y_i with b_i = df_i/dy_i from the IR, the
 * exact solution over a step with a_i, b_i frozen is
 *     y_i(t + h) = y_i + h f_i exprel(h b_i),   exprel(z) = (e^z - 1)/z,
 * which is stable for any h when b_i < 0.  Components that are not linear in
 * themselves have b_i = 0 here, and the formula reduces to forward Euler. */
#include <stdlib.h>

#include "mem.h"
#include "opcodes.h"
#include "stepper.h"

typedef struct {
  size_t dim;
  double *f, *b;
} ExpEuler;

static void *expeuler_alloc(size_t dim)
{
  ExpEuler *s = xmalloc(sizeof *s);
  s->dim = dim;
  s->f = xmalloc((dim + 1) * sizeof *s->f);
  s->b = xmalloc((dim + 1) * sizeof *s->b);
  return s;
}

static int expeuler_apply(void *state, OdeSystem *sys, double t, double h, const double *y,
                          double *y_out, double *yerr, const double *dydt_in, double *dydt_out)
{
  ExpEuler *s = state;
  (void)yerr, (void)dydt_in, (void)dydt_out; /* it needs df/dy with f: one call gives both */
  sys->nevals++;
  int rc = sys->rhs_diag(sys->ctx, t, y, s->f, s->b);
  if (rc) return rc;
  for (size_t i = 0; i < sys->dim; i++) y_out[i] = y[i] + h * s->f[i] * nd_exprel(h * s->b[i]);
  return 0;
}

static void expeuler_free(void *state)
{
  ExpEuler *s = state;
  free(s->f);
  free(s->b);
  free(s);
}

const StepperType stepper_expeuler = {
  .name = "expeuler",
  .summary = "exponential Euler for equations linear in their own variable, order 1",
  .order = 1,
  .uses_diag = true,
  .alloc = expeuler_alloc,
  .apply = expeuler_apply,
  .free = expeuler_free,
};
