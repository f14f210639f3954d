/* continuation.c: pseudo-arclength continuation; see continuation.h. */
#include "continuation.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "linalg.h"
#include "mem.h"

enum { MAX_POINTS = 20000, MAX_CORRECT = 12, MAX_BISECT = 80 };

typedef struct Cont {
  const Jacobian *J;
  Instance *in;
  size_t S, m;        /* m = S + 1 unknowns (y, p) */
  double *f, *fy, *fp; /* at the last evaluation */
  double *a, *b;       /* an m x m system */
} Cont;

static void eval(Cont *C, const double *u)
{
  instance_set_param(C->in, (size_t)C->J->param, u[C->S]);
  jacobian_eval_param(C->J, C->in, 0, u, 0, C->f, C->fy, C->fp);
}

/* The augmented matrix [[F_y, F_p], [t^T]] into C->a. */
static void augmented(Cont *C, const double *t)
{
  size_t S = C->S, m = C->m;
  for (size_t i = 0; i < S; i++) {
    for (size_t j = 0; j < S; j++) C->a[i * m + j] = C->fy[i * S + j];
    C->a[i * m + S] = C->fp[i];
  }
  for (size_t j = 0; j < m; j++) C->a[S * m + j] = t[j];
}

static double norm(const double *v, size_t m)
{
  double s = 0;
  for (size_t i = 0; i < m; i++) s += v[i] * v[i];
  return sqrt(s);
}

/* Newton on F(u) = 0, t.(u - u_pred) = 0 from u = u_pred; false if it does
 * not converge (or with t NULL: p fixed, the plain equilibrium). */
static bool correct(Cont *C, double *u, const double *t, int *iters)
{
  size_t S = C->S, m = C->m;
  double *u_pred = xmalloc((m + 1) * sizeof *u_pred), *tt = xcalloc(m + 1, sizeof *tt);
  memcpy(u_pred, u, m * sizeof *u);
  if (t) memcpy(tt, t, m * sizeof *tt);
  else tt[S] = 1; /* p stays */
  bool ok = false;
  for (int it = 0; it < MAX_CORRECT && !ok; it++) {
    eval(C, u);
    augmented(C, tt);
    for (size_t i = 0; i < S; i++) C->b[i] = -C->f[i];
    double g = 0;
    for (size_t j = 0; j < m; j++) g += tt[j] * (u[j] - u_pred[j]);
    C->b[S] = -g;
    if (!linalg_solve(m, C->a, C->b)) break;
    double step = norm(C->b, m);
    for (size_t j = 0; j < m; j++) u[j] += C->b[j];
    if (!(step == step)) break;
    if (step <= 1e-11 * (1 + norm(u, m))) {
      eval(C, u);
      ok = true;
      if (iters) *iters = it + 1;
    }
  }
  free(u_pred);
  free(tt);
  return ok;
}

/* The unit tangent at u (F evaluated there), oriented along prev. */
static bool tangent(Cont *C, const double *prev, double *t)
{
  size_t S = C->S, m = C->m;
  augmented(C, prev);
  for (size_t i = 0; i < m; i++) C->b[i] = i == S ? 1 : 0;
  if (!linalg_solve(m, C->a, C->b)) return false;
  double n = norm(C->b, m), dot = 0;
  for (size_t j = 0; j < m; j++) dot += C->b[j] * prev[j];
  for (size_t j = 0; j < m; j++) t[j] = (dot < 0 ? -1 : 1) * C->b[j] / n;
  return true;
}

/* The test functions at the last evaluation: the real part of the
 * rightmost complex pair (NAN without one) and the sign of det F_y; and
 * whether every eigenvalue decays. */
static void tests(Cont *C, double *hopf, double *omega, double *det, bool *stable)
{
  size_t S = C->S;
  double *re = xmalloc((S + 1) * sizeof *re), *im = xmalloc((S + 1) * sizeof *im);
  *hopf = NAN, *omega = 0, *det = 1, *stable = true;
  if (linalg_eigenvalues(S, C->fy, re, im)) {
    for (size_t k = 0; k < S; k++) {
      if (re[k] >= 0) *stable = false;
      if (im[k] > 0 && (isnan(*hopf) || re[k] > *hopf)) *hopf = re[k], *omega = im[k];
      if (im[k] == 0) *det *= re[k];
      else *det *= fabs(re[k] * re[k] + im[k] * im[k]) > 0 ? 1 : 0;
    }
  } else {
    *det = NAN;
  }
  free(re);
  free(im);
}

static void add_point(Branch *b, const double *u, bool stable)
{
  size_t S = b->S;
  if (b->n == b->cap) {
    b->cap = b->cap ? 2 * b->cap : 256;
    b->p = xrealloc(b->p, b->cap * sizeof *b->p);
    b->y = xrealloc(b->y, b->cap * S * sizeof *b->y);
    b->stable = xrealloc(b->stable, b->cap * sizeof *b->stable);
  }
  b->p[b->n] = u[S];
  memcpy(b->y + b->n * S, u, S * sizeof *u);
  b->stable[b->n++] = stable;
}

/* Bisect along the step from u0 (tangent t0) over (0, ds] for the sign
 * change of a test function (which: 0 Hopf, 1 fold); the point into u. */
static void locate(Cont *C, const double *u0, const double *t0, double ds, int which, double *u,
                   double *omega)
{
  size_t m = C->m;
  double lo = 0, hi = ds, h0, w0, d0;
  bool st;
  memcpy(u, u0, m * sizeof *u);
  eval(C, u);
  tests(C, &h0, &w0, &d0, &st);
  double s0 = which == 0 ? h0 : d0;
  for (int it = 0; it < MAX_BISECT && hi - lo > 1e-12 * fabs(ds); it++) {
    double mid = 0.5 * (lo + hi), h, w, d;
    for (size_t j = 0; j < m; j++) u[j] = u0[j] + mid * t0[j];
    if (!correct(C, u, t0, NULL)) break;
    tests(C, &h, &w, &d, &st);
    double s = which == 0 ? h : d;
    if ((s < 0) == (s0 < 0)) lo = mid;
    else hi = mid;
    *omega = w;
  }
}

static void add_bif(Branch *b, BifKind kind, const double *u, double omega)
{
  GROW(b->bif, b->bcap, b->nbif + 1);
  Bifurcation *f = &b->bif[b->nbif++];
  f->kind = kind;
  f->p = u[b->S];
  f->y = xmalloc((b->S + 1) * sizeof *f->y);
  memcpy(f->y, u, b->S * sizeof *u);
  f->omega = omega;
  f->after = b->n - 1;
}

bool continuation_run(const Jacobian *J, Instance *in, const double *y0, double p0, double p_end,
                      Branch *out, char *why, size_t whysize)
{
  size_t S = J->S, m = S + 1;
  Cont C = {J, in, S, m, NULL, NULL, NULL, NULL, NULL};
  C.f = xmalloc((S + 1) * sizeof *C.f);
  C.fy = xmalloc((S * S + 1) * sizeof *C.fy);
  C.fp = xmalloc((S + 1) * sizeof *C.fp);
  C.a = xmalloc((m * m + 1) * sizeof *C.a);
  C.b = xmalloc((m + 1) * sizeof *C.b);
  double *u = xmalloc((m + 1) * sizeof *u), *t = xcalloc(m + 1, sizeof *t);
  double *u0 = xmalloc((m + 1) * sizeof *u0), *t0 = xmalloc((m + 1) * sizeof *t0);
  double *loc = xmalloc((m + 1) * sizeof *loc);
  memset(out, 0, sizeof *out);
  out->S = S;
  memcpy(u, y0, S * sizeof *u);
  u[S] = p0;
  bool ok = correct(&C, u, NULL, NULL);
  if (!ok) snprintf(why, whysize, "no equilibrium near the starting state at %g", p0);
  double dir = p_end >= p0 ? 1 : -1, span = fabs(p_end - p0);
  t[S] = dir;
  if (ok) ok = tangent(&C, t, t);
  if (!ok && !why[0]) snprintf(why, whysize, "the branch has no tangent at its start (a fold?)");
  double ds = 0.01 * (span + 1), ds_max = 0.05 * (span + 1), ds_min = 1e-10 * (span + 1);
  double h_prev, w_prev, d_prev;
  bool st;
  if (ok) {
    tests(&C, &h_prev, &w_prev, &d_prev, &st);
    add_point(out, u, st);
  }
  while (ok && out->n < MAX_POINTS) {
    memcpy(u0, u, m * sizeof *u);
    memcpy(t0, t, m * sizeof *t);
    int iters = 0;
    for (size_t j = 0; j < m; j++) u[j] = u0[j] + ds * t0[j];
    if (!correct(&C, u, t0, &iters)) {
      memcpy(u, u0, m * sizeof *u);
      ds *= 0.5;
      if (ds < ds_min) {
        snprintf(why, whysize, "the branch could not be followed beyond %g (steps below %g)",
                 u0[S], ds_min);
        ok = false;
      }
      continue;
    }
    double h, w, d;
    tests(&C, &h, &w, &d, &st);
    if (!isnan(h) && !isnan(h_prev) && (h < 0) != (h_prev < 0)) {
      double om = w;
      locate(&C, u0, t0, ds, 0, loc, &om);
      add_bif(out, BIF_HOPF, loc, om);
    }
    if (!isnan(d) && !isnan(d_prev) && (d < 0) != (d_prev < 0)) {
      double om = 0;
      locate(&C, u0, t0, ds, 1, loc, &om);
      add_bif(out, BIF_FOLD, loc, 0);
    }
    /* Back at u (the located points moved the evaluation). */
    eval(&C, u);
    add_point(out, u, st);
    h_prev = h, d_prev = d;
    if ((u[S] - p_end) * dir >= 0 || (u[S] - p0) * dir < -1e-9 * (span + 1)) break;
    if (!tangent(&C, t0, t)) {
      snprintf(why, whysize, "the branch has no tangent at %g", u[S]);
      ok = false;
    }
    if (iters <= 3) ds = fmin(ds * 1.3, ds_max);
    else if (iters >= 6) ds *= 0.5;
  }
  free(C.f), free(C.fy), free(C.fp), free(C.a), free(C.b);
  free(u), free(t), free(u0), free(t0), free(loc);
  return ok || out->n > 1;
}

void branch_free(Branch *b)
{
  free(b->p);
  free(b->y);
  free(b->stable);
  for (size_t i = 0; i < b->nbif; i++) free(b->bif[i].y);
  free(b->bif);
  memset(b, 0, sizeof *b);
}
