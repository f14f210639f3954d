/* sampler.c: column values at a state; see sampler.h. */
#include "sampler.h"

#include <stdlib.h>

#include "mem.h"

Sampler *sampler_new(Instance *in, const Columns *cols)
{
  Sampler *s = xcalloc(1, sizeof *s);
  s->in = in;
  s->cols = cols;
  if (cols->ninters) {
    s->probe = probe_new(in, cols->inters, cols->ninters);
    s->probe_out = xmalloc((cols->ninters * in->N + 1) * sizeof *s->probe_out);
  }
  return s;
}

void sampler_free(Sampler *s)
{
  if (!s) return;
  probe_free(s->probe);
  free(s->probe_out);
  free(s);
}

void sampler_row(Sampler *s, double t, const double *y, double *out)
{
  const Instance *in = s->in;
  if (s->probe) probe_eval(s->probe, t, y, s->probe_out);
  for (size_t k = 0; k < s->cols->n; k++) {
    const Column *col = &s->cols->cols[k];
    switch (col->kind) {
    case COL_STATE: out[k] = y[layout_offset(&in->layout, col->index, col->elem)]; break;
    case COL_INTER: out[k] = s->probe_out[col->obs * in->N + col->elem]; break;
    case COL_PARAM: out[k] = instance_param(in, col->index, col->elem); break;
    }
  }
}
