/* trace.h: the samples of the last run kept in memory (the REPL's data for
 * plot and save).
 *
 * A Trace is a Sink: the driver writes rows into it (t, then the columns it
 * was begun with).  trace_sink gives the Sink view; the Trace owns its rows
 * and names (trace_free).  Appending continues a trace with the same columns
 * (run +T). */
#ifndef NEURODE_TRACE_H
#define NEURODE_TRACE_H

#include <stdbool.h>
#include <stddef.h>

#include "sink.h"

typedef struct Trace {
  Sink base;       /* first: a Trace is a Sink */
  double *rows;    /* nrows x ncols, row-major; column 0 is t */
  size_t nrows, ncols, cap;
  char **names;
  size_t max_values; /* refuse to grow beyond this many values */
} Trace;

Trace *trace_new(size_t max_values);
void trace_free(Trace *t);
void trace_clear(Trace *t);
static inline Sink *trace_sink(Trace *t) { return &t->base; }
static inline const double *trace_row(const Trace *t, size_t r) { return t->rows + r * t->ncols; }

#endif
