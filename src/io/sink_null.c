/* sink_null.c: a sink that keeps nothing (a run whose output is its
 * spikes); see sink.h. */
#include <stdlib.h>

#include "mem.h"
#include "sink.h"

static int null_begin(Sink *s, const char *const *names, size_t ncols)
{
  (void)s, (void)names, (void)ncols;
  return 0;
}

static int null_row(Sink *s, const double *vals)
{
  (void)s, (void)vals;
  return 0;
}

static int null_end(Sink *s)
{
  (void)s;
  return 0;
}

static void null_free(Sink *s)
{
  free(s);
}

static const SinkType null_type = {null_begin, null_row, null_end, null_free};

Sink *sink_null_open(void)
{
  Sink *s = xcalloc(1, sizeof *s);
  s->type = &null_type;
  return s;
}
