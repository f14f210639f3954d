/* sink.h: where sampled rows go -- a CSV file now; the same interface will
 * carry spike lists, the REPL's in-memory traces and gnuplot.
 *
 * A Sink is opened by its module's constructor, receives begin (column names,
 * names[0] is "t"), any number of rows of ncols values, then end; sink_close
 * frees it.  Each call returns 0 or -1 after an I/O error, described by
 * sink->error (e.g. "cannot write 'v.csv': No space left on device"). */
#ifndef NEURODE_SINK_H
#define NEURODE_SINK_H

#include <stddef.h>

typedef struct Sink Sink;

typedef struct SinkType {
  const char *name;
  int (*begin)(Sink *s, const char *const *names, size_t ncols);
  int (*row)(Sink *s, const double *vals);
  int (*end)(Sink *s);
  void (*free)(Sink *s);
} SinkType;

struct Sink {
  const SinkType *type;
  char error[320];
};

static inline int sink_begin(Sink *s, const char *const *names, size_t n) { return s->type->begin(s, names, n); }
static inline int sink_row(Sink *s, const double *vals) { return s->type->row(s, vals); }
static inline int sink_end(Sink *s) { return s->type->end(s); }
void sink_close(Sink *s);

/* CSV to a file, or to standard output for "-".  Returns NULL and writes the
 * reason to err when the file cannot be opened. */
Sink *sink_csv_open(const char *path, char *err, size_t errsize);

/* Shortest text that strtod reads back to exactly v ("%.17g" at worst). */
int format_double(char *buf, size_t size, double v);

#endif
