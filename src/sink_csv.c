/* sink_csv.c: comma-separated values, one row per sample; see sink.h.
 *
 * Every number is printed so that it reads back bit-exact, in the shortest
 * such form (0.03 rather than 0.029999999999999999). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "sink.h"

typedef struct CsvSink {
  Sink base;
  FILE *f;
  char *path;
  size_t ncols;
  char *buf; /* stdio buffer */
} CsvSink;

int format_double(char *buf, size_t size, double v)
{
  int n = 0;
  for (int prec = 15; prec <= 17; prec++) {
    n = snprintf(buf, size, "%.*g", prec, v);
    if (prec == 17 || strtod(buf, NULL) == v || v != v) break;
  }
  return n;
}

static int io_error(CsvSink *c, const char *what)
{
  int e = errno ? errno : EIO;
  if (c->f == stdout)
    snprintf(c->base.error, sizeof c->base.error, "cannot %s to standard output: %s", what,
             strerror(e));
  else
    snprintf(c->base.error, sizeof c->base.error, "cannot %s '%s': %s", what, c->path,
             strerror(e));
  return -1;
}

static int csv_begin(Sink *s, const char *const *names, size_t ncols)
{
  CsvSink *c = (CsvSink *)s;
  c->ncols = ncols;
  for (size_t i = 0; i < ncols; i++) {
    if (i) putc(',', c->f);
    fputs(names[i], c->f);
  }
  putc('\n', c->f);
  return ferror(c->f) ? io_error(c, "write") : 0;
}

static int csv_row(Sink *s, const double *vals)
{
  CsvSink *c = (CsvSink *)s;
  char num[40];
  for (size_t i = 0; i < c->ncols; i++) {
    if (i) putc(',', c->f);
    int n = format_double(num, sizeof num, vals[i]);
    fwrite(num, 1, (size_t)n, c->f);
  }
  putc('\n', c->f);
  return ferror(c->f) ? io_error(c, "write") : 0;
}

static int csv_end(Sink *s)
{
  CsvSink *c = (CsvSink *)s;
  errno = 0;
  if (fflush(c->f) != 0 || ferror(c->f)) return io_error(c, "write");
  return 0;
}

static void csv_free(Sink *s)
{
  CsvSink *c = (CsvSink *)s;
  if (c->f && c->f != stdout) fclose(c->f);
  else if (c->f) fflush(c->f);
  free(c->buf);
  free(c->path);
  free(c);
}

static const SinkType csv_type = {"csv", csv_begin, csv_row, csv_end, csv_free};

Sink *sink_csv_open(const char *path, char *err, size_t errsize)
{
  FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
  if (!f) {
    snprintf(err, errsize, "cannot open '%s' for writing: %s", path, strerror(errno));
    return NULL;
  }
  CsvSink *c = xcalloc(1, sizeof *c);
  c->base.type = &csv_type;
  c->f = f;
  c->path = xstrdup(f == stdout ? "standard output" : path);
  enum { BUFSIZE = 1 << 16 };
  if (f != stdout) {
    c->buf = xmalloc(BUFSIZE);
    setvbuf(f, c->buf, _IOFBF, BUFSIZE);
  }
  return &c->base;
}

void sink_close(Sink *s)
{
  if (s) s->type->free(s);
}
