/* equilibria.c: Newton from a grid of seeds; see equilibria.h. */
#include "equilibria.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "linalg.h"
#include "mem.h"

enum { MAX_NEWTON = 80 };

const char *equilibrium_type(size_t S, const double *re, const double *im, bool *stable)
{
  double big = 0;
  for (size_t k = 0; k < S; k++) big = fmax(big, hypot(re[k], im[k]));
  double eps = 1e-9 * fmax(big, 1e-300);
  size_t neg = 0, pos = 0, zero = 0;
  bool complex = false;
  for (size_t k = 0; k < S; k++) {
    if (re[k] < -eps) neg++;
    else if (re[k] > eps) pos++;
    else zero++;
    if (im[k] != 0) complex = true;
  }
  *stable = neg == S;
  if (zero) {
    bool pair = false;
    for (size_t k = 0; k < S; k++) pair |= fabs(re[k]) <= eps && im[k] != 0;
    if (pair && zero == 2 && pos == 0) return S == 2 ? "centre" : "centre (non-hyperbolic)";
    return "non-hyperbolic (an eigenvalue with zero real part)";
  }
  if (neg == S) return complex ? "stable focus" : "stable node";
  if (pos == S) return complex ? "unstable focus" : "unstable node";
  return complex ? "saddle-focus (unstable)" : "saddle (unstable)";
}

static double norm_inf(size_t S, const double *v, size_t n, size_t k)
{
  double m = 0;
  for (size_t i = 0; i < S; i++) m = fmax(m, fabs(v[i * n + k]));
  return m;
}

size_t equilibria_find(const Jacobian *J, Instance *in, size_t copy, const double *lo,
                       const double *hi, size_t per_dim, double t, Equilibrium **out)
{
  size_t S = J->S, n = 1;
  for (size_t s = 0; s < S; s++) n *= per_dim;
  double *y = xmalloc((S * n + 1) * sizeof *y), *f = xmalloc((S * n + 1) * sizeof *f);
  double *jac = xmalloc((S * S * n + 1) * sizeof *jac);
  double *a = xmalloc((S * S + 1) * sizeof *a), *dx = xmalloc((S + 1) * sizeof *dx);
  bool *alive = xmalloc((n + 1) * sizeof *alive), *conv = xcalloc(n + 1, sizeof *conv);
  /* The seeds: the centres of per_dim cells along each axis. */
  for (size_t k = 0; k < n; k++) {
    size_t r = k;
    for (size_t s = 0; s < S; s++) {
      y[s * n + k] = lo[s] + (hi[s] - lo[s]) * ((double)(r % per_dim) + 0.5) / (double)per_dim;
      r /= per_dim;
    }
    alive[k] = true;
  }
  jacobian_eval(J, in, copy, n, y, t, f, jac);
  for (int it = 0; it < MAX_NEWTON; it++) {
    bool moved = false;
    for (size_t k = 0; k < n; k++) {
      if (!alive[k]) continue;
      for (size_t i = 0; i < S; i++) {
        dx[i] = -f[i * n + k];
        for (size_t j = 0; j < S; j++) a[i * S + j] = jac[(i * S + j) * n + k];
      }
      if (!linalg_solve(S, a, dx)) {
        alive[k] = false;
        continue;
      }
      /* No step longer than half the box along any axis. */
      double shrink = 1;
      for (size_t s = 0; s < S; s++)
        if (fabs(dx[s]) > 0.5 * (hi[s] - lo[s])) shrink = fmin(shrink, 0.5 * (hi[s] - lo[s]) / fabs(dx[s]));
      /* Converged: every step tiny against the value (or the box, near 0). */
      conv[k] = true;
      for (size_t s = 0; s < S; s++) {
        double w = hi[s] - lo[s];
        conv[k] &= fabs(dx[s]) <= 1e-10 * (fabs(y[s * n + k]) + 1e-6 * w);
        y[s * n + k] += shrink * dx[s];
        if (!(y[s * n + k] >= lo[s] - w && y[s * n + k] <= hi[s] + w)) alive[k] = false;
      }
      if (alive[k] && !conv[k]) moved = true;
    }
    jacobian_eval(J, in, copy, n, y, t, f, jac);
    if (!moved) break;
  }
  /* Keep the roots (a small residual, inside the box), one of each. */
  Equilibrium *eq = NULL;
  size_t neq = 0, cap = 0;
  for (size_t k = 0; k < n; k++) {
    if (!alive[k] || !conv[k]) continue;
    /* And f there is rounding: small against J y, the size of its terms. */
    double res = norm_inf(S, f, n, k), terms = 0;
    for (size_t i = 0; i < S; i++)
      for (size_t j = 0; j < S; j++)
        terms = fmax(terms, fabs(jac[(i * S + j) * n + k] * y[j * n + k]));
    if (!(res <= 1e-8 * terms + 1e-12)) continue;
    bool inside = true, same = false;
    for (size_t s = 0; s < S; s++) {
      double w = hi[s] - lo[s];
      inside &= y[s * n + k] >= lo[s] - 1e-9 * w && y[s * n + k] <= hi[s] + 1e-9 * w;
    }
    if (!inside) continue;
    for (size_t e = 0; e < neq && !same; e++) {
      bool close = true;
      for (size_t s = 0; s < S; s++) close &= fabs(eq[e].y[s] - y[s * n + k]) <= 1e-6 * (hi[s] - lo[s]);
      if (close && res < eq[e].residual) { /* keep the better of the two */
        for (size_t s = 0; s < S; s++) eq[e].y[s] = y[s * n + k];
        eq[e].residual = res;
      }
      same = close;
    }
    if (same) continue;
    GROW(eq, cap, neq + 1);
    Equilibrium *q = &eq[neq++];
    q->y = xmalloc((S + 1) * sizeof *q->y);
    q->re = xcalloc(S + 1, sizeof *q->re);
    q->im = xcalloc(S + 1, sizeof *q->im);
    for (size_t s = 0; s < S; s++) q->y[s] = y[s * n + k];
    q->residual = res;
  }
  /* Eigenvalues at each root. */
  double *f1 = xmalloc((S + 1) * sizeof *f1);
  for (size_t e = 0; e < neq; e++) {
    jacobian_eval(J, in, copy, 1, eq[e].y, t, f1, a);
    if (!linalg_eigenvalues(S, a, eq[e].re, eq[e].im))
      for (size_t s = 0; s < S; s++) eq[e].re[s] = eq[e].im[s] = NAN;
    eq[e].type = equilibrium_type(S, eq[e].re, eq[e].im, &eq[e].stable);
  }
  /* By the first state, then the next. */
  for (size_t i = 1; i < neq; i++)
    for (size_t j = i; j > 0; j--) {
      size_t s = 0;
      while (s + 1 < S && eq[j - 1].y[s] == eq[j].y[s]) s++;
      if (eq[j - 1].y[s] <= eq[j].y[s]) break;
      Equilibrium tmp = eq[j - 1];
      eq[j - 1] = eq[j], eq[j] = tmp;
    }
  free(f1), free(y), free(f), free(jac), free(a), free(dx), free(alive), free(conv);
  *out = eq;
  return neq;
}

void equilibria_free(Equilibrium *e, size_t n)
{
  for (size_t i = 0; i < n; i++) {
    free(e[i].y);
    free(e[i].re);
    free(e[i].im);
  }
  free(e);
}
