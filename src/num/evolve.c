/* evolve.c: advancing the state; see evolve.h. */
#include "evolve.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

Evolve *evolve_new(const StepperType *type, size_t dim)
{
  Evolve *e = xcalloc(1, sizeof *e);
  e->type = type;
  e->dim = dim;
  e->state = type->alloc(dim);
  double **v[] = {&e->y, &e->y_prev, &e->f, &e->f_prev, &e->yerr};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) *v[i] = xcalloc(dim + 1, sizeof(double));
  return e;
}

void evolve_free(Evolve *e)
{
  if (!e) return;
  e->type->free(e->state);
  free(e->y);
  free(e->y_prev);
  free(e->f);
  free(e->f_prev);
  free(e->yerr);
  free(e);
}

void evolve_set(Evolve *e, double t, const double *y)
{
  if (y != e->y) memcpy(e->y, y, e->dim * sizeof *y);
  e->t = e->t_prev = t;
  e->f_known = e->f_prev_known = false;
  e->stepped = false;
  if (e->type->reset) e->type->reset(e->state);
}

static void swap(double **a, double **b)
{
  double *tmp = *a;
  *a = *b;
  *b = tmp;
}

/* The trial in y_prev (and f_prev) becomes the state. */
static void accept(Evolve *e, double t_new, double h)
{
  e->h = h; /* the step as taken: t_new - t may differ from it by rounding */
  swap(&e->y, &e->y_prev);
  swap(&e->f, &e->f_prev);
  bool had_f = e->f_known;
  e->f_known = e->type->gives_dydt_out;
  e->f_prev_known = had_f;
  e->t_prev = e->t;
  e->t = t_new;
  e->stepped = true;
}

static int trial(Evolve *e, OdeSystem *sys, double h)
{
  const StepperType *M = e->type;
  const double *f_in = e->f_known && M->can_use_dydt_in ? e->f : NULL;
  double *f_out = M->gives_dydt_out ? e->f_prev : NULL;
  return M->apply(e->state, sys, e->t, h, e->y, e->y_prev, e->yerr, f_in, f_out);
}

int evolve_step(Evolve *e, OdeSystem *sys, double h, double t_end)
{
  int rc = trial(e, sys, h);
  if (rc != 0) return rc;
  accept(e, t_end, h);
  return 0;
}

double *evolve_outside_begin(Evolve *e)
{
  memcpy(e->y_prev, e->y, e->dim * sizeof *e->y);
  return e->y;
}

void evolve_outside_end(Evolve *e, double t_new, double h)
{
  /* As accept after a trial that gave no derivative at its end: what was
   * known at the start is now known at t_prev. */
  swap(&e->f, &e->f_prev);
  e->f_prev_known = e->f_known;
  e->f_known = false;
  e->h = h;
  e->t_prev = e->t;
  e->t = t_new;
  e->stepped = true;
}

int evolve_adaptive(Evolve *e, OdeSystem *sys, const Control *c, double t1, double *h,
                    unsigned long *rejected, size_t *worst)
{
  double h_try = *h;
  for (;;) {
    bool last = e->t + h_try >= t1;
    if (last) h_try = t1 - e->t;
    int rc = trial(e, sys, h_try);
    if (rc < 0) return rc;
    double err = rc == 0 ? control_error(c, e->y, e->y_prev, e->yerr, e->dim, worst) : INFINITY;
    double h_next = h_try;
    if (control_adjust(c, err, e->type->order, &h_next)) {
      accept(e, last ? t1 : e->t + h_try, h_try);
      *h = h_next;
      return 0;
    }
    (*rejected)++;
    h_try = h_next;
    if (control_too_small(c, h_try, e->t)) {
      *h = h_try;
      return EVOLVE_TOO_SMALL;
    }
  }
}

int evolve_dense(Evolve *e, OdeSystem *sys, double t, double *out)
{
  return evolve_dense_some(e, sys, t, NULL, e->dim, out);
}

int evolve_dense_some(Evolve *e, OdeSystem *sys, double t, const size_t *idx, size_t n,
                      double *out)
{
  double h = e->h;
  if (!idx) n = e->dim;
  if (!e->stepped || h == 0) {
    for (size_t j = 0; j < n; j++) out[j] = e->y[idx ? idx[j] : j];
    return 0;
  }
  double th = (t - e->t_prev) / h;
  if (e->type->interp) {
    e->type->interp(e->state, th, idx, n, out);
    return 0;
  }
  int rc;
  if (!e->f_prev_known) {
    sys->nevals++;
    if ((rc = sys->rhs(sys->ctx, e->t_prev, e->y_prev, e->f_prev))) return rc;
    e->f_prev_known = true;
  }
  if (!e->f_known) {
    sys->nevals++;
    if ((rc = sys->rhs(sys->ctx, e->t, e->y, e->f))) return rc;
    e->f_known = true;
  }
  /* Cubic Hermite on [t_prev, t]: exact for cubics, third order. */
  double t1 = 1 - th;
  double h00 = (1 + 2 * th) * t1 * t1, h10 = th * t1 * t1;
  double h01 = th * th * (3 - 2 * th), h11 = -th * th * t1;
  for (size_t j = 0; j < n; j++) {
    size_t i = idx ? idx[j] : j;
    out[j] = h00 * e->y_prev[i] + h10 * h * e->f_prev[i] + h01 * e->y[i] + h11 * h * e->f[i];
  }
  return 0;
}
