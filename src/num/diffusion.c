/* diffusion.c: the grid's diffusion operator and its implicit step; see diffusion.h. */
#include "diffusion.h"

#include <math.h>

void diffusion_second_derivative(const Diffusion *d, const double *x, const DiffusionEnd end[2],
                                 double *out)
{
  size_t n = d->n;
  double inv = 1 / (d->dx * d->dx);
  for (size_t k = 1; k + 1 < n; k++) out[k] = (x[k - 1] - 2 * x[k] + x[k + 1]) * inv;
  /* The ghost point beyond an end: x_{-1} = x_1 - 2 dx g, x_n = x_{n-2} + 2 dx g. */
  out[0] = end[0].value ? 0 : 2 * (x[1] - x[0] - d->dx * end[0].given) * inv;
  out[n - 1] = end[1].value ? 0 : 2 * (x[n - 2] - x[n - 1] + d->dx * end[1].given) * inv;
}

/* The Thomas algorithm: sub[k] u[k-1] + diag[k] u[k] + sup[k] u[k+1] =
 * rhs[k], eliminating downwards then substituting back.  Stable without
 * pivoting here: every row is diagonally dominant (D >= 0, a >= 0, and the
 * reaction's own derivative damps or is small against 1/a).  The
 * elimination depends on the matrix only, so it is done once (factor) for
 * any number of right-hand sides (substitute): fac holds, per row, the
 * reciprocal pivot, the multiplier of the row above and the new
 * superdiagonal. */
void diffusion_factor(const Diffusion *d, size_t c, double a, const double *j,
                      const bool value_end[2], double *fac)
{
  size_t n = d->n;
  const double *D = d->coef[c];
  double r = a / (d->dx * d->dx);
  double prev_cp = 0;
  for (size_t k = 0; k < n; k++) {
    double sub, diag, sup;
    double jk = j ? j[k] : 0;
    bool end = k == 0 || k == n - 1;
    if (end && value_end[k == 0 ? 0 : 1]) {
      sub = sup = 0;
      diag = 1;
    } else if (end) {
      /* The ghost point mirrors the neighbour: twice its coupling. */
      diag = 1 + 2 * r * D[k] - a * jk;
      sub = k == 0 ? 0 : -2 * r * D[k];
      sup = k == 0 ? -2 * r * D[k] : 0;
    } else {
      diag = 1 + 2 * r * D[k] - a * jk;
      sub = sup = -r * D[k];
    }
    double inv = 1 / (diag - sub * prev_cp);
    fac[3 * k] = inv;
    fac[3 * k + 1] = sub;
    fac[3 * k + 2] = prev_cp = sup * inv;
  }
}

void diffusion_substitute(const Diffusion *d, const double *fac, double *u)
{
  size_t n = d->n;
  double prev = 0;
  for (size_t k = 0; k < n; k++) prev = u[k] = (u[k] - fac[3 * k + 1] * prev) * fac[3 * k];
  for (size_t k = n - 1; k-- > 0;) u[k] -= fac[3 * k + 2] * u[k + 1];
}

void diffusion_solve(const Diffusion *d, size_t c, double a, const double *j,
                     const bool value_end[2], double *u, double *work)
{
  diffusion_factor(d, c, a, j, value_end, work);
  diffusion_substitute(d, work, u);
}

void diffusion_apply(const Diffusion *d, size_t c, const double *x, const bool value_end[2],
                     double *out)
{
  size_t n = d->n;
  const double *D = d->coef[c];
  double inv = 1 / (d->dx * d->dx);
  for (size_t k = 1; k + 1 < n; k++) out[k] += D[k] * (x[k - 1] - 2 * x[k] + x[k + 1]) * inv;
  if (!value_end[0]) out[0] += D[0] * 2 * (x[1] - x[0]) * inv;
  if (!value_end[1]) out[n - 1] += D[n - 1] * 2 * (x[n - 2] - x[n - 1]) * inv;
}

double diffusion_stable_step(const Diffusion *d)
{
  double most = 0;
  for (size_t c = 0; c < d->ncomp; c++)
    for (size_t k = 0; k < d->n; k++)
      if (fabs(d->coef[c][k]) > most) most = fabs(d->coef[c][k]);
  return most > 0 ? d->dx * d->dx / (2 * most) : INFINITY;
}
