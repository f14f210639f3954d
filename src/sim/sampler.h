/* sampler.h: the values of chosen columns (columns.h) at one state -- a row
 * of output.  States are read from the state vector, intermediates computed
 * by a Probe, parameters taken from the Instance.  The driver uses one for
 * each row it writes.  The Sampler borrows its Instance and Columns; free it
 * with sampler_free. */
#ifndef NEURODE_SAMPLER_H
#define NEURODE_SAMPLER_H

#include "columns.h"
#include "instance.h"

typedef struct Sampler {
  Instance *in;
  const Columns *cols;
  Probe *probe;     /* NULL when no intermediate is asked for */
  double *probe_out;
} Sampler;

Sampler *sampler_new(Instance *in, const Columns *cols);
void sampler_free(Sampler *s);
/* out[k] = column k (cols->n values) at time t and state y. */
void sampler_row(Sampler *s, double t, const double *y, double *out);

#endif
