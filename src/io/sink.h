/* sink.h: where sampled rows go -- a CSV file, or the session's memory
 * (trace.h).  Spike lists are sparse events, not rows: they will get an
 * interface of their own (spikes.h); written as CSV they use a CSV sink and
 * sink_csv_line.
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
  int (*begin)(Sink *s, const char *const *names, size_t ncols);
  int (*row)(Sink *s, const double *vals);
  int (*end)(Sink *s);
  void (*free)(Sink *s);
} SinkType;

struct Sink {
  const SinkType *type;
  char error[400];
};

static inline int sink_begin(Sink *s, const char *const *names, size_t n) { return s->type->begin(s, names, n); }
static inline int sink_row(Sink *s, const double *vals) { return s->type->row(s, vals); }
static inline int sink_end(Sink *s) { return s->type->end(s); }
void sink_close(Sink *s);

/* CSV to a file, or to standard output for "-".  Returns NULL and writes the
 * reason to err when the file cannot be opened.
 *
 * A file is written whole or not at all: rows go to a temporary file beside
 * it, and sink_commit (after end) renames it onto the path, so a failed run
 * never destroys an earlier good output.  Every row is complete or absent,
 * also after a full disk.  Closing without a commit keeps the rows written
 * so far as PATH.partial (sink_partial_path names it; NULL when nothing was
 * kept).  On standard output a reader that went away (a closed pipe) ends
 * the process quietly, as other Unix tools do. */
Sink *sink_csv_open(const char *path, char *err, size_t errsize);
int sink_commit(Sink *s);
/* A whole line of text (ending in a newline, at most 64 KB) into a CSV
 * sink: rows that are not all numbers. */
int sink_csv_line(Sink *s, const char *text, size_t n);
void sink_abandon(Sink *s);
const char *sink_partial_path(const Sink *s);

/* Rows that go nowhere. */
Sink *sink_null_open(void);

/* Text that strtod reads back to exactly v: the first of "%.15g", "%.16g",
 * "%.17g" that does.  That is the shortest for every normal v (0.03, not
 * 0.029999999999999999); a subnormal may get more digits than it needs
 * (4.94065645841247e-324, not 5e-324).  At most 24 chars; returns the
 * length and truncates as snprintf does. */
int format_double(char *buf, size_t size, double v);

#endif
