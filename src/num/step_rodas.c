/* step_rodas.c: RODAS4 (Hairer and Wanner, Solving ODEs II, section IV.7),
 * a Rosenbrock method of order 4 with an embedded order-3 estimate: L-stable
 * and stiffly accurate, for stiff equations (relaxation oscillations, fast
 * gates, chemical kinetics).  Each step factors M = I/(h gamma) - J once per
 * element (J: the model's exact Jacobian, sys->rhs_jac) and solves six
 * linear systems with it -- no Newton iteration, one Jacobian and six
 * evaluations of f per step.  In the transformed form
 *   Y_i = y + sum_{j<i} a_ij K_j,   M K_i = f(t + alpha_i h, Y_i)
 *         + sum_{j<i} (c_ij/h) K_j + h gamma_i df/dt,
 *   y1 = y + sum m_j K_j,   the error estimate K_6.
 * The coefficients are the published ones (rodas.f). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "stepper.h"

enum { STAGES = 6, MAX_BLOCK = 32 };

static const double gamma_ii = 0.25;
static const double alpha[STAGES] = {0, 0.386, 0.210, 0.630, 1, 1};
static const double gam[STAGES] = {0.25, -0.1043, 0.1035, -0.0362, 0, 0};
/* a_ij, c_ij (i > j), row by row. */
static const double A[15] = {
  1.544, 0.9466785280815826, 0.2557011698983284, 3.314825187068521, 2.896124015972201,
  0.9986419139977817, 1.221224509226641, 6.019134481288629, 12.53708332932087,
  -0.687886036105895, 1.221224509226641, 6.019134481288629, 12.53708332932087,
  -0.687886036105895, 1};
static const double C[15] = {
  -5.6688, -2.430093356833875, -0.2063599157091915, -0.1073529058151375, -9.594562251023355,
  -20.47028614809616, 7.496443313967647, -10.24680431464352, -33.99990352819905,
  11.7089089320616, 8.083246795921522, -7.981132988064893, -31.52159432874371,
  16.31930543123136, -6.058818238834054};
static const double M[STAGES] = {1.221224509226641, 6.019134481288629, 12.53708332932087,
                                 -0.687886036105895, 1, 1};

typedef struct {
  size_t dim;
  double *f, *jac, *dfdt, *lu, *k, *yi, *rhs;
  int *piv;
} Rodas;

static void *rodas_alloc(size_t dim)
{
  Rodas *s = xcalloc(1, sizeof *s);
  s->dim = dim;
  s->f = xmalloc((dim + 1) * sizeof *s->f);
  s->dfdt = xmalloc((dim + 1) * sizeof *s->dfdt);
  s->k = xmalloc((STAGES * dim + 1) * sizeof *s->k);
  s->yi = xmalloc((dim + 1) * sizeof *s->yi);
  s->rhs = xmalloc((dim + 1) * sizeof *s->rhs);
  return s;
}

/* Factor each element's block of M = I/(h gamma) - J in place (row
 * pivoting); false if one is singular. */
static bool factor(double *lu, int *piv, size_t S, size_t n, double diag)
{
  for (size_t e = 0; e < n; e++) {
    double *a = lu + e * S * S;
    int *p = piv + e * S;
    for (size_t i = 0; i < S; i++) a[i * S + i] += diag;
    for (size_t c = 0; c < S; c++) {
      size_t best = c;
      for (size_t r = c + 1; r < S; r++)
        if (fabs(a[r * S + c]) > fabs(a[best * S + c])) best = r;
      p[c] = (int)best;
      if (a[best * S + c] == 0) return false;
      if (best != c)
        for (size_t j = 0; j < S; j++) {
          double t = a[c * S + j];
          a[c * S + j] = a[best * S + j], a[best * S + j] = t;
        }
      for (size_t r = c + 1; r < S; r++) {
        double m = a[r * S + c] /= a[c * S + c];
        for (size_t j = c + 1; j < S; j++) a[r * S + j] -= m * a[c * S + j];
      }
    }
  }
  return true;
}

/* b (laid out as the state) = M^-1 b, element by element. */
static void solve(const double *lu, const int *piv, size_t S, size_t n, double *b)
{
  double x[MAX_BLOCK];
  for (size_t e = 0; e < n; e++) {
    const double *a = lu + e * S * S;
    const int *p = piv + e * S;
    for (size_t i = 0; i < S; i++) x[i] = b[i * n + e];
    for (size_t c = 0; c < S; c++) {
      double t = x[c];
      x[c] = x[p[c]], x[p[c]] = t;
      for (size_t r = c + 1; r < S; r++) x[r] -= a[r * S + c] * x[c];
    }
    for (size_t c = S; c-- > 0;) {
      for (size_t j = c + 1; j < S; j++) x[c] -= a[c * S + j] * x[j];
      x[c] /= a[c * S + c];
    }
    for (size_t i = 0; i < S; i++) b[i * n + e] = x[i];
  }
}

static int rodas_apply(void *state, OdeSystem *sys, double t, double h, const double *y,
                       double *y_out, double *yerr, const double *dydt_in, double *dydt_out)
{
  Rodas *s = state;
  (void)dydt_in, (void)dydt_out;
  size_t dim = sys->dim, S = sys->block, n = dim / S;
  if (!s->jac) { /* sized by the first system: its blocks */
    s->jac = xmalloc((S * S * n + 1) * sizeof *s->jac);
    s->lu = xmalloc((S * S * n + 1) * sizeof *s->lu);
    s->piv = xmalloc((S * n + 1) * sizeof *s->piv);
  }
  int rc;
  sys->nevals++;
  if ((rc = sys->rhs_jac(sys->ctx, t, y, s->f, s->jac, s->dfdt))) return rc;
  /* M = I/(h gamma) - J, block by block (row-major within a block). */
  for (size_t e = 0; e < n; e++)
    for (size_t i = 0; i < S; i++)
      for (size_t j = 0; j < S; j++) s->lu[e * S * S + i * S + j] = -s->jac[(i * S + j) * n + e];
  if (!factor(s->lu, s->piv, S, n, 1 / (h * gamma_ii))) return 1; /* a smaller step */
  size_t idx = 0;
  for (int i = 0; i < STAGES; i++) {
    double *ki = s->k + (size_t)i * dim;
    if (i == 0) {
      memcpy(s->rhs, s->f, dim * sizeof *s->rhs);
    } else {
      memcpy(s->yi, y, dim * sizeof *s->yi);
      for (int j = 0; j < i; j++)
        for (size_t v = 0; v < dim; v++) s->yi[v] += A[idx + (size_t)j] * s->k[(size_t)j * dim + v];
      sys->nevals++;
      if ((rc = sys->rhs(sys->ctx, t + alpha[i] * h, s->yi, s->rhs))) return rc;
      for (int j = 0; j < i; j++)
        for (size_t v = 0; v < dim; v++) s->rhs[v] += C[idx + (size_t)j] / h * s->k[(size_t)j * dim + v];
      idx += (size_t)i;
    }
    for (size_t v = 0; v < dim; v++) ki[v] = s->rhs[v] + h * gam[i] * s->dfdt[v];
    solve(s->lu, s->piv, S, n, ki);
  }
  for (size_t v = 0; v < dim; v++) {
    double sum = y[v];
    for (int j = 0; j < STAGES; j++) sum += M[j] * s->k[(size_t)j * dim + v];
    y_out[v] = sum;
    if (yerr) yerr[v] = s->k[(size_t)(STAGES - 1) * dim + v];
  }
  return 0;
}

static void rodas_free(void *state)
{
  Rodas *s = state;
  free(s->f), free(s->jac), free(s->dfdt), free(s->lu), free(s->k), free(s->yi), free(s->rhs);
  free(s->piv);
  free(s);
}

const StepperType stepper_rodas = {
  .name = "rodas",
  .summary = "RODAS4: stiff (Rosenbrock, L-stable) with error control, order 4(3)",
  .order = 4,
  .adaptive = true,
  .uses_jacobian = true,
  .alloc = rodas_alloc,
  .apply = rodas_apply,
  .free = rodas_free,
};
