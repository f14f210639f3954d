/* sampler.c: column values at a state; see sampler.h. */
#include "sampler.h"

#include <stdlib.h>

#include "arena.h"

Sampler *sampler_new(System *sys, const Columns *cols)
{
  Sampler *s = xcalloc(1, sizeof *s);
  s->sys = sys;
  s->cols = cols;
  if (cols->ninters) {
    s->obs = observer_new(sys, cols->inters, cols->ninters);
    s->obs_out = xmalloc(cols->ninters * sys->N * sizeof *s->obs_out);
  }
  return s;
}

void sampler_free(Sampler *s)
{
  if (!s) return;
  observer_free(s->obs);
  free(s->obs_out);
  free(s);
}

void sampler_row(Sampler *s, double t, const double *y, double *out)
{
  const System *sys = s->sys;
  size_t N = sys->N;
  if (s->obs) observer_eval(s->obs, t, y, s->obs_out);
  for (size_t k = 0; k < s->cols->n; k++) {
    const Column *col = &s->cols->cols[k];
    switch (col->kind) {
    case COL_STATE: out[k] = y[col->index * N + col->elem]; break;
    case COL_INTER: out[k] = s->obs_out[col->obs * N + col->elem]; break;
    case COL_PARAM:
      out[k] = sys->param_array[col->index] ? sys->param_array[col->index][col->elem]
                                            : sys->param_scalar[col->index];
      break;
    }
  }
}
