/* measure.c: numbers from a run; see measure.h. */
#include "measure.h"

#include <math.h>
#include <string.h>

static const char *const names[] = {"spikes", "rate", "max", "min", "mean", "final", "period"};

bool measure_kind(const char *name, MeasureKind *kind)
{
  for (size_t k = 0; k < sizeof names / sizeof *names; k++)
    if (strcmp(name, names[k]) == 0) {
      *kind = (MeasureKind)k;
      return true;
    }
  return false;
}

const char *measure_name(MeasureKind kind) { return names[kind]; }

bool measure_needs_var(MeasureKind kind) { return kind != MEASURE_SPIKES && kind != MEASURE_RATE; }

/* Upward crossings of level at or after t_from: their times (linear
 * between samples) into out (may be NULL); the count. */
static size_t crossings(const double *t, const double *v, size_t n, double level, double t_from,
                        double *out, size_t max)
{
  size_t c = 0;
  for (size_t i = 1; i < n; i++)
    if (v[i - 1] < level && v[i] >= level) {
      double tc = t[i - 1] + (level - v[i - 1]) * (t[i] - t[i - 1]) / (v[i] - v[i - 1]);
      if (tc < t_from) continue;
      if (out && c < max) out[c] = tc;
      c++;
    }
  return c;
}

double measure_value(MeasureKind kind, const double *t, const double *v, size_t n,
                     const double *spikes, size_t nspikes, double threshold)
{
  if (n == 0) return NAN;
  double t0 = t[0], t1 = t[n - 1], half = 0.5 * (t0 + t1);
  switch (kind) {
  case MEASURE_SPIKES:
    return spikes ? (double)nspikes : (double)crossings(t, v, n, threshold, t0, NULL, 0);
  case MEASURE_RATE: {
    size_t c = 0;
    if (spikes) {
      for (size_t i = 0; i < nspikes; i++) c += spikes[i] >= half;
    } else {
      c = crossings(t, v, n, threshold, half, NULL, 0);
    }
    return t1 > half ? (double)c / (t1 - half) : NAN;
  }
  case MEASURE_MAX: {
    double m = -INFINITY;
    for (size_t i = 0; i < n; i++) m = fmax(m, v[i]);
    return m;
  }
  case MEASURE_MIN: {
    double m = INFINITY;
    for (size_t i = 0; i < n; i++) m = fmin(m, v[i]);
    return m;
  }
  case MEASURE_MEAN: { /* the time average (trapezoids) */
    double sum = 0;
    for (size_t i = 1; i < n; i++) sum += 0.5 * (v[i] + v[i - 1]) * (t[i] - t[i - 1]);
    return t1 > t0 ? sum / (t1 - t0) : v[0];
  }
  case MEASURE_FINAL:
    return v[n - 1];
  case MEASURE_PERIOD: {
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < n; i++)
      if (t[i] >= half) lo = fmin(lo, v[i]), hi = fmax(hi, v[i]);
    if (!(hi - lo > 1e-9 * fmax(1, fabs(hi)))) return NAN;
    double c[64];
    size_t k = crossings(t, v, n, 0.5 * (lo + hi), half, c, 64);
    if (k > 64) k = 64;
    return k >= 3 ? (c[k - 1] - c[0]) / (double)(k - 1) : NAN;
  }
  }
  return NAN;
}
