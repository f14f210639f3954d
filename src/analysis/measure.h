/* measure.h: one number from a run -- how many spikes, how fast, how big,
 * how long a cycle.  The measures of `sweep` and `threshold`.
 *
 * A run is given as samples of one variable (times t[0..n), values
 * v[0..n)) and, for a model with spike events, its spike times.  Without
 * events a spike is an upward crossing of a threshold between samples. */
#ifndef NEURODE_MEASURE_H
#define NEURODE_MEASURE_H

#include <stdbool.h>
#include <stddef.h>

typedef enum {
  MEASURE_SPIKES, /* how many spikes */
  MEASURE_RATE,   /* spikes per unit of t in the run's second half (the onset left out) */
  MEASURE_MAX, MEASURE_MIN, MEASURE_MEAN, MEASURE_FINAL,
  MEASURE_PERIOD  /* the mean interval of the last upward crossings of the middle of the
                     second half's range (NAN when fewer than 3) */
} MeasureKind;

/* "spikes" -> MEASURE_SPIKES; false for an unknown name. */
bool measure_kind(const char *name, MeasureKind *kind);
const char *measure_name(MeasureKind kind);
/* Does it need a variable (max V) rather than spikes? */
bool measure_needs_var(MeasureKind kind);

/* The value; spike times (sorted) are used when spikes is not NULL, else
 * the upward crossings of threshold by v. */
double measure_value(MeasureKind kind, const double *t, const double *v, size_t n,
                     const double *spikes, size_t nspikes, double threshold);

#endif
