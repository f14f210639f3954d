/* step_implicit.c: implicit methods on a grid (sys->diffusion), with the
 * diffusion and the reaction solved together -- no splitting, so no
 * splitting error where a boundary drives the cable.
 *
 * Both solve linear systems with W = D L + diag(J): D L the diffusion
 * (tridiagonal: the Thomas algorithm, O(n)) and J each variable's own
 * derivative of its reaction (for HH: minus the membrane conductance over
 * Cm, -(alpha + beta) for a gate).  W leaves out the couplings between
 * variables (V <-> gates), so it is only an approximation of the Jacobian.
 *
 * cn: Crank-Nicolson -- the trapezoidal rule
 *       y1 = y + h/2 (f(t, y) + f(t + h, y1)),
 *     solved by a linearly implicit predictor and one modified-Newton
 *     correction with W (2 evaluations of f, 2 solves per step):
 *       (I - h/2 W) k = h f(t, y),           y* = y + k
 *       (I - h/2 W) d = -(y* - y - h/2 (f(t, y) + f(t + h, y*))),   y1 = y* + d.
 *     The predictor errs by O(h^2) per step, and one correction multiplies
 *     that by O(h (J - W)): second order whatever the coupling.  For a
 *     linear reaction (the passive cable) W is the exact Jacobian and this
 *     is exactly Crank-Nicolson.  One evaluation per step: f(t + h, y*) +
 *     W d stands for f(t + h, y1) (first same as last; the difference is
 *     (J - W) d, of third order), and W is taken where f was -- a stale W
 *     costs accuracy only through the correction, not the order.  After the state is set from outside (a
 *     start, an event) the first step is two half steps of backward Euler
 *     (Rannacher's start: a current switched on excites the stiffest modes,
 *     which Crank-Nicolson damps only slowly, its factor tending to -1).
 * be: backward Euler, linearised: (I - h W)(y1 - y) = h f(t + h, y).  First
 *     order, one evaluation; damps every mode at once. */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "stepper.h"

typedef struct {
  double *f, *f1, *j, *j1, *work, *inv, *half;
  unsigned char *diffusing; /* per value: on a diffusing component */
  const Diffusion *marked;   /* the grid diffusing was built for */
  DiffusionEnd *ends;
  size_t nends;
  bool fresh; /* the state was just set: Crank-Nicolson starts with backward Euler */
} Implicit;

static void *implicit_alloc(size_t dim)
{
  Implicit *s = xcalloc(1, sizeof *s);
  double **v[] = {&s->f, &s->f1, &s->j, &s->j1, &s->inv, &s->half};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) *v[i] = xmalloc((dim + 1) * sizeof(double));
  s->work = xmalloc((3 * dim + 3) * sizeof *s->work); /* each component's factors */
  s->diffusing = xmalloc(dim + 1);
  s->fresh = true;
  return s;
}

/* Which values belong to a diffusing component (built for each new grid). */
static void mark_diffusing(Implicit *s, const Diffusion *d, size_t dim)
{
  if (s->marked == d) return;
  memset(s->diffusing, 0, dim * sizeof *s->diffusing);
  for (size_t c = 0; c < d->ncomp; c++)
    memset(s->diffusing + d->offset[c], 1, d->n * sizeof *s->diffusing);
  s->marked = d;
}

/* u = (I - a W)^{-1} u, in place.  At an end whose value is given, u is the
 * step to that value at t1 (hit) or 0 (a correction keeps it).  With
 * factor, W (a and j) is new: its factors are computed and kept for the
 * solves that follow with the same W. */
static int solve(Implicit *s, const OdeSystem *sys, double a, double t1, bool hit, bool factor,
                 const double *y, double *u)
{
  const Diffusion *d = sys->diffusion;
  size_t dim = sys->dim;
  int rc;
  if (s->nends < 2 * d->ncomp) {
    free(s->ends);
    s->ends = xcalloc(2 * d->ncomp + 1, sizeof *s->ends);
    s->nends = 2 * d->ncomp;
  }
  /* A correction (same W, same t1) keeps the predictor's ends. */
  if ((factor || hit) && (rc = d->ends(d->ctx, t1, s->ends))) return rc;
  mark_diffusing(s, d, dim);
  /* Off the diffusing components W is diagonal. */
  if (factor)
    for (size_t i = 0; i < dim; i++) s->inv[i] = 1 / (1 - a * s->j[i]);
  for (size_t i = 0; i < dim; i++)
    if (!s->diffusing[i]) u[i] *= s->inv[i];
  for (size_t c = 0; c < d->ncomp; c++) {
    size_t o = d->offset[c], n = d->n;
    double *x = u + o, *fac = s->work + 3 * o;
    const DiffusionEnd *e = s->ends + 2 * c;
    bool value_end[2] = {e[0].value, e[1].value};
    if (factor) diffusion_factor(d, c, a, s->j + o, value_end, fac);
    if (e[0].value) x[0] = hit ? e[0].given - y[o] : 0;
    if (e[1].value) x[n - 1] = hit ? e[1].given - y[o + n - 1] : 0;
    diffusion_substitute(d, fac, x);
  }
  return 0;
}

/* Linearised backward Euler from (t, y) over h. */
static int be_step(Implicit *s, OdeSystem *sys, double t, double h, const double *y, double *y_out)
{
  int rc;
  sys->nevals++;
  if ((rc = sys->rhs_diag(sys->ctx, t + h, y, s->f, s->j))) return rc;
  for (size_t i = 0; i < sys->dim; i++) y_out[i] = h * s->f[i];
  if ((rc = solve(s, sys, h, t + h, true, true, y, y_out))) return rc;
  for (size_t i = 0; i < sys->dim; i++) y_out[i] += y[i];
  return 0;
}

static int cn_apply(void *state, OdeSystem *sys, double t, double h, const double *restrict y,
                    double *restrict y_out, double *yerr, const double *dydt_in,
                    double *restrict dydt_out)
{
  (void)yerr, (void)dydt_in, (void)dydt_out;
  Implicit *s = state;
  size_t dim = sys->dim;
  int rc;
  if (s->fresh) {
    s->fresh = false;
    rc = be_step(s, sys, t, 0.5 * h, y, s->half);
    if (rc == 0) rc = be_step(s, sys, t + 0.5 * h, 0.5 * h, s->half, y_out);
    if (rc == 0 && dydt_out) {
      sys->nevals++;
      rc = sys->rhs_diag(sys->ctx, t + h, y_out, dydt_out, s->j);
    }
    return rc;
  }
  double a = 0.5 * h;
  if (dydt_in) {
    memcpy(s->f, dydt_in, dim * sizeof *s->f);
  } else {
    sys->nevals++;
    if ((rc = sys->rhs_diag(sys->ctx, t, y, s->f, s->j))) return rc;
  }
  for (size_t i = 0; i < dim; i++) y_out[i] = h * s->f[i];
  if ((rc = solve(s, sys, a, t + h, true, true, y, y_out))) return rc;
  for (size_t i = 0; i < dim; i++) y_out[i] += y[i]; /* the predictor y* */
  sys->nevals++;
  if ((rc = sys->rhs_diag(sys->ctx, t + h, y_out, s->f1, s->j1))) return rc;
  double *d = s->half; /* the residual, then the correction, in place */
  for (size_t i = 0; i < dim; i++) d[i] = -(y_out[i] - y[i] - a * (s->f[i] + s->f1[i]));
  if ((rc = solve(s, sys, a, t + h, false, false, y, d))) return rc;
  for (size_t i = 0; i < dim; i++) y_out[i] += d[i];
  /* f(t + h, y1) ~ f(t + h, y*) + W d, with W where f was taken. */
  const Diffusion *df = sys->diffusion;
  for (size_t i = 0; dydt_out && i < dim; i++) dydt_out[i] = s->f1[i] + s->j1[i] * d[i];
  for (size_t c = 0; dydt_out && c < df->ncomp; c++) {
    const DiffusionEnd *e = s->ends + 2 * c;
    bool value_end[2] = {e[0].value, e[1].value};
    diffusion_apply(df, c, d + df->offset[c], value_end, dydt_out + df->offset[c]);
  }
  double *tmp = s->j;
  s->j = s->j1, s->j1 = tmp;
  return 0;
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
  return be_step(state, sys, t, h, y, y_out);
}

static void implicit_free(void *state)
{
  Implicit *s = state;
  free(s->f);
  free(s->f1);
  free(s->j);
  free(s->j1);
  free(s->work);
  free(s->diffusing);
  free(s->inv);
  free(s->half);
  free(s->ends);
  free(s);
}

const StepperType stepper_cn = {
  .name = "cn",
  .summary = "on a domain: Crank-Nicolson (trapezoidal rule, one Newton correction), order 2",
  .order = 2,
  .uses_diag = true,
  .split = true,
  .can_use_dydt_in = true,
  .gives_dydt_out = true,
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
