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

static double value(const Sampler *s, const Column *col, size_t e, const double *y)
{
  const Instance *in = s->in;
  switch (col->kind) {
  case COL_STATE: return y[layout_offset(&in->layout, col->index, e)];
  case COL_INTER: return s->probe_out[col->obs * in->N + e];
  case COL_PARAM: return instance_param(in, col->index, e);
  }
  return 0;
}

void sampler_row(Sampler *s, double t, const double *y, double *out)
{
  const Instance *in = s->in;
  if (s->probe) probe_eval(s->probe, t, y, s->probe_out);
  for (size_t k = 0; k < s->cols->n; k++) {
    const Column *col = &s->cols->cols[k];
    if (col->reduce != RED_NONE) {
      double sum = 0;
      for (size_t e = 0; e < in->N; e++) sum += value(s, col, e, y);
      out[k] = col->reduce == RED_MEAN ? sum / (double)in->N : sum;
      continue;
    }
    switch (col->kind) {
    case COL_STATE: out[k] = y[layout_offset(&in->layout, col->index, col->elem)]; break;
    case COL_INTER: out[k] = s->probe_out[col->obs * in->N + col->elem]; break;
    case COL_PARAM: out[k] = instance_param(in, col->index, col->elem); break;
    }
  }
}
