/* step_implicit.c: linearly implicit theta-methods on a grid (sys->diffusion).
 *
 * One evaluation of f and of the diagonal of its Jacobian J at (t + theta h,
 * y), then one solve:
 *     (I - theta h W) (y1 - y) = h f(t + theta h, y),   W = D L + diag(J),
 * where D L is the diffusion (tridiagonal: the Thomas algorithm, O(n)) and
 * J the reaction's derivative of each variable with respect to itself (for
 * HH: minus the membrane conductance, and -(alpha + beta) for a gate).
 *   cn (theta = 1/2): Crank-Nicolson.  For a linear reaction (the passive
 *     cable) W is the exact Jacobian and the step is exactly Crank-Nicolson:
 *     second order in dt and dx, unconditionally stable.  With nonlinear
 *     coupled reactions (HH) the couplings W leaves out (V <-> gates) make
 *     it first order in dt with a small constant -- NEURON's secondorder=2
 *     makes the same linearisation of the membrane current.
 *   be (theta = 1): backward Euler, first order, damps the stiffest modes at
 *     once (robust for rough initial data or switched boundary values).
 * The ends' conditions enter f (a given slope, through the ghost point, at
 * t + theta h); a given value is met exactly at t + h.  No splitting, so no
 * splitting error at the boundaries (where Strang splitting of the passive
 * cable errs by 1e-3 at dt = 0.01). */
#include <stdlib.h>

#include "mem.h"
#include "stepper.h"

typedef struct {
  double *f, *j, *work, *mid;
  DiffusionEnd *ends;
  size_t nends;
  bool fresh; /* the state was just set: Crank-Nicolson starts with backward Euler */
} Implicit;

static void *implicit_alloc(size_t dim)
{
  Implicit *s = xcalloc(1, sizeof *s);
  s->f = xmalloc((dim + 1) * sizeof *s->f);
  s->j = xmalloc((dim + 1) * sizeof *s->j);
  s->work = xmalloc((dim + 1) * sizeof *s->work);
  s->mid = xmalloc((dim + 1) * sizeof *s->mid);
  s->fresh = true;
  return s;
}

static int theta_step(Implicit *s, OdeSystem *sys, double theta, double t, double h,
                      const double *y, double *y_out)
{
  const Diffusion *d = sys->diffusion;
  size_t dim = sys->dim;
  int rc;
  sys->nevals++;
  if ((rc = sys->rhs_diag(sys->ctx, t + theta * h, y, s->f, s->j))) return rc;
  double a = theta * h;
  /* Off the diffusing components W is diagonal. */
  for (size_t i = 0; i < dim; i++) y_out[i] = h * s->f[i] / (1 - a * s->j[i]);
  if (s->nends < 2 * d->ncomp) {
    free(s->ends);
    s->ends = xcalloc(2 * d->ncomp + 1, sizeof *s->ends);
    s->nends = 2 * d->ncomp;
  }
  if ((rc = d->ends(d->ctx, t + h, s->ends))) return rc;
  for (size_t c = 0; c < d->ncomp; c++) {
    size_t o = d->offset[c], n = d->n;
    double *u = y_out + o;
    for (size_t k = 0; k < n; k++) u[k] = h * s->f[o + k];
    const DiffusionEnd *e = s->ends + 2 * c;
    bool value_end[2] = {e[0].value, e[1].value};
    if (e[0].value) u[0] = e[0].given - y[o];
    if (e[1].value) u[n - 1] = e[1].given - y[o + n - 1];
    diffusion_solve(d, c, a, s->j + o, value_end, u, s->work);
  }
  for (size_t i = 0; i < dim; i++) y_out[i] += y[i];
  return 0;
}

static int cn_apply(void *state, OdeSystem *sys, double t, double h, const double *y,
                    double *y_out, double *yerr, const double *dydt_in, double *dydt_out)
{
  (void)yerr, (void)dydt_in, (void)dydt_out;
  Implicit *s = state;
  if (!s->fresh) return theta_step(s, sys, 0.5, t, h, y, y_out);
  /* Rannacher's start: a switched-on current or a reset excites the
   * stiffest modes, which Crank-Nicolson damps only slowly (its factor tends
   * to -1); two half steps of backward Euler damp them and keep the order. */
  s->fresh = false;
  int rc = theta_step(s, sys, 1.0, t, 0.5 * h, y, s->mid);
  return rc ? rc : theta_step(s, sys, 1.0, t + 0.5 * h, 0.5 * h, s->mid, y_out);
}

static void cn_reset(void *state)
{
  Implicit *s = state;
  s->fresh = true;
}

static int be_apply(void *state, OdeSystem *sys, double t, double h, const double *y,
                    double *y_out, double *yerr, const double *dydt_in, double *dydt_out)
{
  (void)yerr, (void)dydt_in, (void)dydt_out;
  return theta_step(state, sys, 1.0, t, h, y, y_out);
}

static void implicit_free(void *state)
{
  Implicit *s = state;
  free(s->f);
  free(s->j);
  free(s->work);
  free(s->mid);
  free(s->ends);
  free(s);
}

const StepperType stepper_cn = {
  .name = "cn",
  .summary = "on a domain: Crank-Nicolson, linearly implicit (order 2 for a passive cable)",
  .order = 2,
  .uses_diag = true,
  .split = true,
  .alloc = implicit_alloc,
  .apply = cn_apply,
  .reset = cn_reset,
  .free = implicit_free,
};

const StepperType stepper_be = {
  .name = "be",
  .summary = "on a domain: backward Euler, linearly implicit, order 1",
  .order = 1,
  .uses_diag = true,
  .split = true,
  .alloc = implicit_alloc,
  .apply = be_apply,
  .free = implicit_free,
};
