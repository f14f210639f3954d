/* step_rk45.c: Dormand-Prince 5(4) with an embedded error estimate, FSAL, and
 * Shampine's fourth-order continuous extension for dense output (Hairer,
 * Norsett & Wanner, Solving ODEs I, II.5 and II.6).  Step-size control lives
 * in control.h and evolve.h; this file takes one trial step.  Its last stage
 * is f(t + h, y_out): it goes out as dydt_out, and comes back as the next
 * step's dydt_in (first same as last). */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "stepper.h"

/* The Butcher tableau. */
static const double
    c2 = 1.0 / 5, c3 = 3.0 / 10, c4 = 4.0 / 5, c5 = 8.0 / 9,
    a21 = 1.0 / 5,
    a31 = 3.0 / 40, a32 = 9.0 / 40,
    a41 = 44.0 / 45, a42 = -56.0 / 15, a43 = 32.0 / 9,
    a51 = 19372.0 / 6561, a52 = -25360.0 / 2187, a53 = 64448.0 / 6561, a54 = -212.0 / 729,
    a61 = 9017.0 / 3168, a62 = -355.0 / 33, a63 = 46732.0 / 5247, a64 = 49.0 / 176,
    a65 = -5103.0 / 18656,
    b1 = 35.0 / 384, b3 = 500.0 / 1113, b4 = 125.0 / 192, b5 = -2187.0 / 6784, b6 = 11.0 / 84,
    /* e = b - b*, the difference between the 5th- and 4th-order weights */
    e1 = 71.0 / 57600, e3 = -71.0 / 16695, e4 = 71.0 / 1920, e5 = -17253.0 / 339200,
    e6 = 22.0 / 525, e7 = -1.0 / 40,
    /* dense output */
    d1 = -12715105075.0 / 11282082432, d3 = 87487479700.0 / 32700410799,
    d4 = -10690763975.0 / 1880347072, d5 = 701980252875.0 / 199316789632,
    d6 = -1453857185.0 / 822651844, d7 = 69997945.0 / 29380423;

typedef struct {
  size_t dim;  /* allocated */
  size_t used; /* values in the last step (a subset may use fewer) */
  double *k1, *k2, *k3, *k4, *k5, *k6, *k7, *tmp;
  double *r1, *r2, *r3, *r4, *r5; /* dense-output coefficients of the last step */
} Rk45;

static void *rk45_alloc(size_t dim)
{
  Rk45 *s = xcalloc(1, sizeof *s);
  s->dim = dim;
  double **v[] = {&s->k1, &s->k2, &s->k3, &s->k4, &s->k5, &s->k6, &s->k7, &s->tmp,
                  &s->r1, &s->r2, &s->r3, &s->r4, &s->r5};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) *v[i] = xmalloc((dim + 1) * sizeof(double));
  return s;
}

static int rk45_apply(void *state, OdeSystem *sys, double t, double h, const double *y,
                      double *y_out, double *yerr, const double *dydt_in, double *dydt_out)
{
  Rk45 *s = state;
  size_t n = s->used = sys->dim;
  double *k2 = s->k2, *k3 = s->k3, *k4 = s->k4, *k5 = s->k5, *k6 = s->k6, *tmp = s->tmp;
  /* The last stage goes straight to the caller's dydt_out when it wants it. */
  double *k7 = dydt_out ? dydt_out : s->k7;
  int rc;
  const double *k1 = dydt_in;
  if (!k1) {
    sys->nevals++;
    if ((rc = sys->rhs(sys->ctx, t, y, s->k1))) return rc;
    k1 = s->k1;
  }

  sys->nevals += 6;
  for (size_t i = 0; i < n; i++) tmp[i] = y[i] + h * a21 * k1[i];
  if ((rc = sys->rhs(sys->ctx, t + c2 * h, tmp, k2))) return rc;
  for (size_t i = 0; i < n; i++) tmp[i] = y[i] + h * (a31 * k1[i] + a32 * k2[i]);
  if ((rc = sys->rhs(sys->ctx, t + c3 * h, tmp, k3))) return rc;
  for (size_t i = 0; i < n; i++) tmp[i] = y[i] + h * (a41 * k1[i] + a42 * k2[i] + a43 * k3[i]);
  if ((rc = sys->rhs(sys->ctx, t + c4 * h, tmp, k4))) return rc;
  for (size_t i = 0; i < n; i++)
    tmp[i] = y[i] + h * (a51 * k1[i] + a52 * k2[i] + a53 * k3[i] + a54 * k4[i]);
  if ((rc = sys->rhs(sys->ctx, t + c5 * h, tmp, k5))) return rc;
  for (size_t i = 0; i < n; i++)
    tmp[i] = y[i] + h * (a61 * k1[i] + a62 * k2[i] + a63 * k3[i] + a64 * k4[i] + a65 * k5[i]);
  if ((rc = sys->rhs(sys->ctx, t + h, tmp, k6))) return rc;
  for (size_t i = 0; i < n; i++)
    y_out[i] = y[i] + h * (b1 * k1[i] + b3 * k3[i] + b4 * k4[i] + b5 * k5[i] + b6 * k6[i]);
  if ((rc = sys->rhs(sys->ctx, t + h, y_out, k7))) return rc;

  for (size_t i = 0; i < n; i++) {
    yerr[i] = h * (e1 * k1[i] + e3 * k3[i] + e4 * k4[i] + e5 * k5[i] + e6 * k6[i] + e7 * k7[i]);
    double dy = y_out[i] - y[i];
    double bspl = h * k1[i] - dy;
    s->r1[i] = y[i];
    s->r2[i] = dy;
    s->r3[i] = bspl;
    s->r4[i] = dy - h * k7[i] - bspl;
    s->r5[i] = h * (d1 * k1[i] + d3 * k3[i] + d4 * k4[i] + d5 * k5[i] + d6 * k6[i] + d7 * k7[i]);
  }
  return 0;
}

static void rk45_interp(const void *state, double theta, const size_t *idx, size_t n,
                        double *y_out)
{
  const Rk45 *s = state;
  double th1 = 1.0 - theta;
  if (!idx) n = s->used;
  for (size_t j = 0; j < n; j++) {
    size_t i = idx ? idx[j] : j;
    y_out[j] = s->r1[i] +
               theta * (s->r2[i] + th1 * (s->r3[i] + theta * (s->r4[i] + th1 * s->r5[i])));
  }
}

static void rk45_free(void *state)
{
  Rk45 *s = state;
  double *v[] = {s->k1, s->k2, s->k3, s->k4, s->k5, s->k6, s->k7, s->tmp,
                 s->r1, s->r2, s->r3, s->r4, s->r5};
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) free(v[i]);
  free(s);
}

const StepperType stepper_rk45 = {
  .name = "rk45",
  .summary = "Dormand-Prince 5(4), adaptive steps (--rtol, --atol), dense output",
  .order = 5,
  .adaptive = true,
  .alloc = rk45_alloc,
  .apply = rk45_apply,
  .can_use_dydt_in = true,
  .gives_dydt_out = true,
  .interp = rk45_interp,
  .free = rk45_free,
};
