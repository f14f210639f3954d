/* sampler.h: the values of chosen columns (columns.h) at one state -- a row
 * of output.  States are read from the state vector, intermediates computed
 * by an Observer, parameters taken from the System.  Used by the driver for
 * each row it writes and by the session for the samples it keeps.
 * The Sampler borrows its System and Columns; free it with sampler_free. */
#ifndef NEURODE_SAMPLER_H
#define NEURODE_SAMPLER_H

#include "columns.h"
#include "system.h"

typedef struct Sampler {
  System *sys;
  const Columns *cols;
  Observer *obs;    /* NULL when no intermediate is asked for */
  double *obs_out;
} Sampler;

Sampler *sampler_new(System *sys, const Columns *cols);
void sampler_free(Sampler *s);
/* out[k] = column k (cols->n values) at time t and state y. */
void sampler_row(Sampler *s, double t, const double *y, double *out);

#endif
