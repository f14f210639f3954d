/* test_steppers.c: every method through the same problems with exact
 * solutions (the GSL test.c idea).  The convergence order is measured as the
 * slope of log(error) against log(h) and must be within 0.15 of the method's
 * order; rk45's error estimate, dense output and FSAL are checked too. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "stepper.h"

typedef struct Problem {
  const char *name;
  size_t dim;
  double t_end;
  void (*init)(double *y);
  void (*exact)(double t, double *y);
  int (*rhs)(void *ctx, double t, const double *y, double *dydt);
  int (*rhs_diag)(void *ctx, double t, const double *y, double *dydt, double *diag);
  double h_coarse; /* steps h_coarse, /2, /4, /8 */
  int (*rhs_jac)(void *ctx, double t, const double *y, double *dydt, double *jac, double *dfdt);
} Problem;

/* y' = y cos t, y(0) = 1: y = exp(sin t).  Nonlinear in t, linear in y. */
static void growth_init(double *y) { y[0] = 1; }
static void growth_exact(double t, double *y) { y[0] = exp(sin(t)); }
static int growth_rhs(void *ctx, double t, const double *y, double *f)
{
  (void)ctx;
  f[0] = y[0] * cos(t);
  return 0;
}
static int growth_diag(void *ctx, double t, const double *y, double *f, double *d)
{
  growth_rhs(ctx, t, y, f);
  d[0] = cos(t);
  return 0;
}

static int growth_jac(void *ctx, double t, const double *y, double *f, double *j, double *ft)
{
  growth_rhs(ctx, t, y, f);
  j[0] = cos(t);
  ft[0] = -y[0] * sin(t);
  return 0;
}

/* The harmonic oscillator x' = v, v' = -x: x = cos t, v = -sin t. */
static void osc_init(double *y) { y[0] = 1, y[1] = 0; }
static void osc_exact(double t, double *y) { y[0] = cos(t), y[1] = -sin(t); }
static int osc_rhs(void *ctx, double t, const double *y, double *f)
{
  (void)ctx, (void)t;
  f[0] = y[1];
  f[1] = -y[0];
  return 0;
}
static int osc_diag(void *ctx, double t, const double *y, double *f, double *d)
{
  osc_rhs(ctx, t, y, f);
  d[0] = d[1] = 0; /* neither equation contains its own variable */
  return 0;
}

static int osc_jac(void *ctx, double t, const double *y, double *f, double *j, double *ft)
{
  osc_rhs(ctx, t, y, f);
  j[0] = 0, j[1] = 1, j[2] = -1, j[3] = 0;
  ft[0] = ft[1] = 0;
  return 0;
}

/* The logistic y' = y(1 - y), y(0) = 0.1: y = 1/(1 + 9 e^-t).  Nonlinear. */
static void logi_init(double *y) { y[0] = 0.1; }
static void logi_exact(double t, double *y) { y[0] = 1 / (1 + 9 * exp(-t)); }
static int logi_rhs(void *ctx, double t, const double *y, double *f)
{
  (void)ctx, (void)t;
  f[0] = y[0] * (1 - y[0]);
  return 0;
}
static int logi_diag(void *ctx, double t, const double *y, double *f, double *d)
{
  logi_rhs(ctx, t, y, f);
  d[0] = 0; /* not linear in y: exponential Euler falls back to Euler */
  return 0;
}

/* The implicit methods (cn, be) are for grids; on these problems they get
 * a grid with nothing diffusing: W is the diagonal of the Jacobian alone. */
static int no_ends(void *ctx, double t, DiffusionEnd *ends)
{
  (void)ctx, (void)t, (void)ends;
  return 0;
}
static const Diffusion no_diffusion = {1, 1.0, 0, NULL, NULL, no_ends, NULL};

static int logi_jac(void *ctx, double t, const double *y, double *f, double *j, double *ft)
{
  logi_rhs(ctx, t, y, f);
  j[0] = 1 - 2 * y[0];
  ft[0] = 0;
  return 0;
}

static const Problem problems[] = {
  {"growth", 1, 2.0, growth_init, growth_exact, growth_rhs, growth_diag, 0.1, growth_jac},
  {"oscillator", 2, 3.0, osc_init, osc_exact, osc_rhs, osc_diag, 0.1, osc_jac},
  {"logistic", 1, 4.0, logi_init, logi_exact, logi_rhs, logi_diag, 0.2, logi_jac},
};

/* Fixed steps of size h to t_end; returns the largest error at any step
 * (an error at one time alone can vanish by cancellation). */
static double run_fixed(const StepperType *M, const Problem *p, double h, OdeSystem *sys)
{
  double y[4], y1[4], yerr[4], ex[4];
  void *st = M->alloc(p->dim);
  p->init(y);
  long n = lround(p->t_end / h);
  double err = 0;
  int failed = 0;
  for (long k = 0; k < n; k++) {
    failed |= M->apply(st, sys, (double)k * h, h, y, y1, yerr, NULL, NULL);
    memcpy(y, y1, p->dim * sizeof *y);
    p->exact((double)(k + 1) * h, ex);
    for (size_t i = 0; i < p->dim; i++) err = fmax(err, fabs(y[i] - ex[i]));
  }
  M->free(st);
  return failed ? INFINITY : err;
}

static void test_orders(void)
{
  for (size_t m = 0; m < stepper_count; m++) {
    const StepperType *M = stepper_table[m];
    if (M->discrete) continue; /* not a solver: test_map */
    for (size_t q = 0; q < sizeof problems / sizeof problems[0]; q++) {
      const Problem *p = &problems[q];
      OdeSystem sys = {p->dim, NULL, p->rhs, p->rhs_diag, 0, M->split ? &no_diffusion : NULL, p->rhs_jac, p->dim};
      /* Order 4 reaches round-off quickly: start coarser.  Order 5 is
       * pre-asymptotic above h = 0.1 on these problems (slopes near 5.3). */
      double h0 = M->order >= 5 ? 0.1 : M->order >= 4 && !M->uses_jacobian ? 4 * p->h_coarse : p->h_coarse;
      double e[4];
      for (int k = 0; k < 4; k++) e[k] = run_fixed(M, p, h0 / (1 << k), &sys);
      /* Least-squares slope of log2(error) against log2(h). */
      double sx = 0, sy = 0, sxx = 0, sxy = 0;
      for (int k = 0; k < 4; k++) {
        double x = -k, yv = log2(e[k]);
        sx += x, sy += yv, sxx += x * x, sxy += x * yv;
      }
      double slope = (4 * sxy - sx * sy) / (4 * sxx - sx * sx);
      check(fabs(slope - M->order) <= 0.15, "steppers: %s on %s converges with order %.3f (expected %d)",
            M->name, p->name, slope, M->order);
    }
  }
}

/* Exponential Euler is exact for y' = a - b y with constant a, b. */
static int lin_rhs(void *ctx, double t, const double *y, double *f)
{
  (void)ctx, (void)t;
  f[0] = 3 - 2 * y[0];
  return 0;
}
static int lin_diag(void *ctx, double t, const double *y, double *f, double *d)
{
  lin_rhs(ctx, t, y, f);
  d[0] = -2;
  return 0;
}

static void test_expeuler_exact(void)
{
  OdeSystem sys = {1, NULL, lin_rhs, lin_diag, 0, NULL, NULL, 1};
  void *st = stepper_expeuler.alloc(1);
  double y = 0, y1, err = 0;
  for (int k = 0; k < 10; k++) {
    if (stepper_expeuler.apply(st, &sys, k * 0.5, 0.5, &y, &y1, NULL, NULL, NULL) != 0) err = INFINITY;
    y = y1;
    double exact = 1.5 * (1 - exp(-2 * 0.5 * (k + 1)));
    err = fmax(err, fabs(y - exact));
  }
  stepper_expeuler.free(st);
  check(err < 1e-14, "steppers: expeuler is exact for a linear equation with a step of 0.5 "
                     "(error %.2g)", err);
}

/* rk45: the embedded estimate is of the order of the true local error, the
 * dense output is accurate to O(h^5) locally, and its last stage comes out as
 * dydt_out and saves the next step's first (FSAL, explicit: no pointers). */
static void test_rk45(void)
{
  const Problem *p = &problems[0];
  OdeSystem sys = {1, NULL, p->rhs, p->rhs_diag, 0, NULL, p->rhs_jac, 1};
  void *st = stepper_rk45.alloc(1);
  double y[2] = {1, 0}, y1[1], yerr[1], ex[1], mid[1], f_end[1], y2[1];
  double h = 0.2, t = 0.3;
  growth_exact(t, y);
  int rc = stepper_rk45.apply(st, &sys, t, h, y, y1, yerr, NULL, f_end);
  check(rc == 0, "steppers: rk45 takes a step");
  growth_exact(t + h, ex);
  double local = fabs(y1[0] - ex[0]);
  check(fabs(yerr[0]) > local && fabs(yerr[0]) < 1e3 * local + 1e-15,
        "steppers: rk45 error estimate %.2g bounds the local error %.2g", fabs(yerr[0]), local);
  double worst = 0;
  for (int k = 1; k < 10; k++) {
    stepper_rk45.interp(st, k / 10.0, NULL, 0, mid);
    growth_exact(t + h * k / 10.0, ex);
    worst = fmax(worst, fabs(mid[0] - ex[0]));
  }
  check(worst < 1e-6, "steppers: rk45 dense output within a step is accurate (error %.2g)", worst);
  double f_exact[1];
  p->rhs(NULL, t + h, y1, f_exact);
  check(f_end[0] == f_exact[0], "steppers: rk45's dydt_out is f at the end of the step");
  unsigned long before = sys.nevals;
  rc = stepper_rk45.apply(st, &sys, t + h, h, y1, y2, yerr, f_end, NULL);
  check(rc == 0 && sys.nevals - before == 6,
        "steppers: rk45 given dydt_in takes 6 evaluations (got %lu)", sys.nevals - before);
  before = sys.nevals;
  double y3[1];
  rc = stepper_rk45.apply(st, &sys, t + h, h, y1, y3, yerr, NULL, NULL);
  check(rc == 0 && sys.nevals - before == 7 && y3[0] == y2[0],
        "steppers: without dydt_in it takes 7, for the same result");
  stepper_rk45.free(st);
}

/* A map's step is its update, exactly, whatever h: the logistic map. */
static int logistic_map(void *ctx, double t, const double *y, double *f)
{
  (void)ctx, (void)t;
  f[0] = 3.7 * y[0] * (1 - y[0]);
  f[1] = y[1] + 1;
  return 0;
}

static void test_map(void)
{
  const StepperType *M = stepper_find("map");
  void *st = M->alloc(2);
  OdeSystem sys = {2, NULL, logistic_map, NULL, 0, NULL, NULL, 2};
  double y[2] = {0.2, 0}, out[2];
  int ok = 1;
  for (int k = 0; k < 50 && ok; k++) {
    double want = 3.7 * y[0] * (1 - y[0]);
    ok = M->apply(st, &sys, k, 1.0, y, out, NULL, NULL, NULL) == 0 && out[0] == want &&
         out[1] == k + 1;
    y[0] = out[0], y[1] = out[1];
  }
  check(ok && sys.nevals == 50 && M->discrete,
        "steppers: map steps by the update itself, one evaluation per step (x50 = %.17g)", y[0]);
  M->free(st);
}

int main(void)
{
  test_orders();
  test_map();
  test_expeuler_exact();
  test_rk45();
  return check_failures ? 1 : 0;
}
