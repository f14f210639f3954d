/* oscillation.c: a limit cycle's period from located crossings; see oscillation.h. */
#include "oscillation.h"

#include <math.h>
#include <stdlib.h>

#include "evolve.h"
#include "mem.h"

enum { MAX_CROSSINGS = 64 };

/* var at t inside the last step, from the dense output. */
static double var_at(Evolve *e, OdeSystem *sys, size_t idx, double t)
{
  double v = NAN;
  if (evolve_dense_some(e, sys, t, &idx, 1, &v) != 0) return NAN;
  return v;
}

OscStatus oscillation_measure(Instance *in, size_t var, const double *y0, double transient,
                              double t_max, size_t cycles, Oscillation *out)
{
  OdeSystem sys = instance_ode(in);
  Evolve *e = evolve_new(&stepper_rk45, sys.dim);
  Control ctl;
  control_init(&ctl, 1e-10, 1e-12);
  evolve_set(e, 0, y0);
  size_t idx = layout_offset(&in->layout, var, 0);
  double h = 1e-3 * fmax(transient, 1), lo = INFINITY, hi = -INFINITY;
  unsigned long rejected = 0;
  size_t worst;
  OscStatus st = OSC_OK;
  /* The transient: the range over its second half. */
  while (evolve_t(e) < transient) {
    if (evolve_adaptive(e, &sys, &ctl, transient, &h, &rejected, &worst) != 0) {
      st = OSC_FAILED;
      break;
    }
    double v = evolve_y(e)[idx];
    if (!isfinite(v)) {
      st = OSC_FAILED;
      break;
    }
    if (evolve_t(e) >= 0.5 * transient) lo = fmin(lo, v), hi = fmax(hi, v);
  }
  double level = 0.5 * (lo + hi);
  if (st == OSC_OK && !(hi - lo > 1e-9 * fmax(1, fabs(hi)))) st = OSC_CONSTANT;
  double c[MAX_CROSSINGS];
  size_t n = 0;
  double cyc_lo = INFINITY, cyc_hi = -INFINITY, last_lo = NAN, last_hi = NAN;
  while (st == OSC_OK && n <= cycles && evolve_t(e) < t_max) {
    if (evolve_adaptive(e, &sys, &ctl, t_max, &h, &rejected, &worst) != 0) {
      st = OSC_FAILED;
      break;
    }
    double ta = e->t_prev, tb = evolve_t(e);
    double va = e->y_prev[idx], vb = evolve_y(e)[idx];
    /* The cycle's extremes: the step's ends and three points inside. */
    for (int q = 0; q <= 4; q++) {
      double v = q == 0 ? va : q == 4 ? vb : var_at(e, &sys, idx, ta + (tb - ta) * q / 4);
      cyc_lo = fmin(cyc_lo, v), cyc_hi = fmax(cyc_hi, v);
    }
    if (!(va < level && vb >= level)) continue;
    /* Illinois on the dense output. */
    double a = ta, b = tb, ga = va - level, gb = vb - level;
    int side = 0;
    for (int it = 0; it < 100 && b - a > 1e-13 * fmax(1, fabs(b)); it++) {
      double m = b - gb * (b - a) / (gb - ga);
      if (!(m > a && m < b)) m = 0.5 * (a + b);
      double gm = var_at(e, &sys, idx, m) - level;
      if (gm >= 0) {
        b = m, gb = gm;
        if (side == 1) ga *= 0.5;
        side = 1;
      } else {
        a = m, ga = gm;
        if (side == -1) gb *= 0.5;
        side = -1;
      }
    }
    if (n < MAX_CROSSINGS) c[n] = b;
    n++;
    if (out->y_last && evolve_dense(e, &sys, b, out->y_last) != 0) st = OSC_FAILED;
    last_lo = cyc_lo, last_hi = cyc_hi; /* the cycle that ended here */
    cyc_lo = INFINITY, cyc_hi = -INFINITY;
  }
  if (n > MAX_CROSSINGS) n = MAX_CROSSINGS;
  if (st == OSC_OK && n < 3) st = OSC_TOO_FEW;
  if (st == OSC_OK) {
    size_t k = n - 1; /* intervals */
    double mean = (c[n - 1] - c[0]) / (double)k, spread = 0;
    for (size_t i = 1; i < n; i++) spread = fmax(spread, fabs(c[i] - c[i - 1] - mean) / mean);
    out->period = mean;
    out->spread = spread;
    out->level = level;
    out->min = last_lo, out->max = last_hi;
    out->t_first = c[0], out->t_last = c[n - 1];
    out->cycles = k;
    if (spread > 1e-6) st = OSC_IRREGULAR;
  } else {
    out->level = level;
    out->min = lo, out->max = hi;
    out->cycles = n ? n - 1 : 0;
  }
  evolve_free(e);
  return st;
}

/* The first upward crossing of level by var after t_from, located in the
 * dense output; advances e.  NAN if none before t_max. */
static double next_crossing(Evolve *e, OdeSystem *sys, const Control *ctl, double *h, size_t idx,
                            double level, double t_from, double t_max)
{
  unsigned long rejected = 0;
  size_t worst;
  while (evolve_t(e) < t_max) {
    if (evolve_adaptive(e, sys, ctl, t_max, h, &rejected, &worst) != 0) return NAN;
    double ta = e->t_prev, tb = evolve_t(e), va = e->y_prev[idx], vb = evolve_y(e)[idx];
    if (tb <= t_from || !(va < level && vb >= level)) continue;
    double a = ta, b = tb, ga = va - level, gb = vb - level;
    for (int it = 0; it < 200 && b - a > 1e-13 * fmax(1, fabs(b)); it++) {
      double m = 0.5 * (a + b), gm = var_at(e, sys, idx, m) - level;
      if (gm >= 0) b = m, gb = gm;
      else a = m, ga = gm;
    }
    (void)ga, (void)gb;
    if (b > t_from) return b;
  }
  return NAN;
}

double oscillation_phase_shift(Instance *in, size_t var, const double *y, double period,
                               double level, double phase, size_t kick, double amount,
                               size_t cycles)
{
  OdeSystem sys = instance_ode(in);
  Evolve *e = evolve_new(&stepper_rk45, sys.dim);
  Control ctl;
  control_init(&ctl, 1e-10, 1e-12);
  evolve_set(e, 0, y);
  size_t idx = layout_offset(&in->layout, var, 0), kidx = layout_offset(&in->layout, kick, 0);
  double h = 1e-3 * period, t_kick = phase * period;
  unsigned long rejected = 0;
  size_t worst;
  double shift = NAN;
  bool ok = true;
  while (ok && evolve_t(e) < t_kick)
    ok = evolve_adaptive(e, &sys, &ctl, t_kick, &h, &rejected, &worst) == 0;
  if (ok) {
    double *yk = xmalloc((sys.dim + 1) * sizeof *yk);
    for (size_t i = 0; i < sys.dim; i++) yk[i] = evolve_y(e)[i];
    yk[kidx] += amount;
    evolve_set(e, t_kick, yk);
    free(yk);
    /* The crossing nearest `cycles` periods on, against the unperturbed one. */
    double target = (double)cycles * period, c = NAN, t_from = t_kick;
    while (true) {
      double next = next_crossing(e, &sys, &ctl, &h, idx, level, t_from, target + 2 * period);
      if (isnan(next)) break;
      c = next;
      if (next > target - 0.5 * period) break;
      t_from = next;
    }
    if (!isnan(c)) {
      double d = (target - c) / period;
      shift = d - floor(d + 0.5); /* into [-1/2, 1/2) */
      if (shift == -0.5) shift = 0.5;
    }
  }
  evolve_free(e);
  return shift;
}
