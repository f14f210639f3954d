/* trace.c: the last run in memory; see trace.h. */
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static void free_names(Trace *t)
{
  for (size_t i = 0; t->names && i < t->ncols; i++) free(t->names[i]);
  free(t->names);
  t->names = NULL;
}

static int trace_begin(Sink *s, const char *const *names, size_t ncols)
{
  Trace *t = (Trace *)s;
  bool same = t->names && ncols == t->ncols;
  for (size_t i = 0; same && i < ncols; i++) same = strcmp(names[i], t->names[i]) == 0;
  if (same) return 0; /* continuing */
  free_names(t);
  t->nrows = 0;
  t->ncols = ncols;
  t->names = xmalloc(ncols * sizeof *t->names);
  for (size_t i = 0; i < ncols; i++) t->names[i] = xstrdup(names[i]);
  return 0;
}

static int trace_row_in(Sink *s, const double *vals)
{
  Trace *t = (Trace *)s;
  size_t need = (t->nrows + 1) * t->ncols;
  if (need > t->max_values) {
    snprintf(s->error, sizeof s->error,
             "the run would keep more than %zu values in memory; write fewer rows with "
             "'set every = K' or fewer copies", t->max_values);
    return -1;
  }
  GROW(t->rows, t->cap, need);
  memcpy(t->rows + t->nrows * t->ncols, vals, t->ncols * sizeof *vals);
  t->nrows++;
  return 0;
}

static int trace_end(Sink *s)
{
  (void)s;
  return 0;
}

static void trace_sink_free(Sink *s)
{
  (void)s; /* owned by its Trace: trace_free */
}

static const SinkType trace_type = {trace_begin, trace_row_in, trace_end, trace_sink_free};

Trace *trace_new(size_t max_values)
{
  Trace *t = xcalloc(1, sizeof *t);
  t->base.type = &trace_type;
  t->max_values = max_values;
  return t;
}

void trace_clear(Trace *t)
{
  free_names(t);
  t->nrows = t->ncols = 0;
}

void trace_free(Trace *t)
{
  if (!t) return;
  free_names(t);
  free(t->rows);
  free(t);
}
