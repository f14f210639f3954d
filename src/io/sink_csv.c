/* sink_csv.c: comma-separated values, one row per sample; see sink.h.
 *
 * Every number is printed so that it reads back bit-exact, in the shortest
 * such form (0.03 rather than 0.029999999999999999).  Rows are gathered in a
 * buffer of whole rows and written with write(2), so the file on disk always
 * ends at a row's end: after a short write the file is cut back to the last
 * newline that reached it. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "mem.h"
#include "sink.h"

enum { BUF_SIZE = 1 << 16 };

typedef struct CsvSink {
  Sink base;
  int fd;
  bool is_stdout;
  bool direct;      /* a device or pipe: written in place, nothing renamed */
  char *path;       /* the target ("standard output" for -) */
  char *tmp;        /* the file being written, renamed onto path at commit */
  char *partial;    /* where an unfinished output was kept */
  bool committed;
  size_t ncols;
  off_t written;    /* bytes of whole rows on disk */
  char *buf;
  size_t len;
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

static int io_error(CsvSink *c, const char *what, int e)
{
  if (c->is_stdout)
    snprintf(c->base.error, sizeof c->base.error, "cannot %s to standard output: %s", what,
             strerror(e));
  else
    snprintf(c->base.error, sizeof c->base.error, "cannot %s '%s': %s", what, c->path,
             strerror(e));
  return -1;
}

/* Write the buffer (whole rows).  On failure, what reached the disk is cut
 * back to its last complete row. */
static int drain(CsvSink *c)
{
  size_t done = 0;
  while (done < c->len) {
    ssize_t got = write(c->fd, c->buf + done, c->len - done);
    if (got < 0 && errno == EINTR) continue;
    if (got <= 0) {
      int e = got < 0 ? errno : ENOSPC;
      if (c->is_stdout && e == EPIPE) {
        /* The reader has gone (| head): end the way other tools do. */
        signal(SIGPIPE, SIG_DFL);
        raise(SIGPIPE);
      }
      size_t whole = done;
      while (whole > 0 && c->buf[whole - 1] != '\n') whole--;
      if (!c->is_stdout && !c->direct && ftruncate(c->fd, c->written + (off_t)whole) != 0) {
        /* nothing better to do: the error below is reported either way */
      }
      c->written += (off_t)whole;
      c->len = 0;
      return io_error(c, "write", e);
    }
    done += (size_t)got;
  }
  c->written += (off_t)c->len;
  c->len = 0;
  return 0;
}

static int put(CsvSink *c, const char *text, size_t n)
{
  if (c->len + n > BUF_SIZE && drain(c) != 0) return -1;
  memcpy(c->buf + c->len, text, n);
  c->len += n;
  return 0;
}

static int csv_begin(Sink *s, const char *const *names, size_t ncols)
{
  CsvSink *c = (CsvSink *)s;
  c->ncols = ncols;
  for (size_t i = 0; i < ncols; i++) {
    size_t n = strlen(names[i]);
    if ((i && put(c, ",", 1)) || put(c, names[i], n)) return -1;
  }
  return put(c, "\n", 1);
}

static int csv_row(Sink *s, const double *vals)
{
  CsvSink *c = (CsvSink *)s;
  /* One row at a time into the buffer, so it holds only whole rows. */
  char row[4096];
  size_t n = 0;
  char *big = NULL;
  size_t need = c->ncols * 26 + 2;
  char *out = need <= sizeof row ? row : (big = xmalloc(need));
  for (size_t i = 0; i < c->ncols; i++) {
    if (i) out[n++] = ',';
    n += (size_t)format_double(out + n, 26, vals[i]);
  }
  out[n++] = '\n';
  int rc = c->len + n > BUF_SIZE && c->len ? drain(c) : 0;
  if (rc == 0) {
    if (n > BUF_SIZE) {
      /* A row wider than the buffer goes straight out. */
      char *saved = c->buf;
      size_t saved_len = c->len;
      c->buf = out;
      c->len = n;
      rc = drain(c);
      c->buf = saved;
      c->len = saved_len;
    } else {
      memcpy(c->buf + c->len, out, n);
      c->len += n;
    }
  }
  free(big);
  return rc;
}

int sink_csv_line(Sink *s, const char *text, size_t n)
{
  CsvSink *c = (CsvSink *)s;
  if (c->len + n > BUF_SIZE && c->len && drain(c) != 0) return -1;
  if (n > BUF_SIZE) return -1; /* callers write short lines */
  memcpy(c->buf + c->len, text, n);
  c->len += n;
  return 0;
}

static int csv_end(Sink *s)
{
  CsvSink *c = (CsvSink *)s;
  return drain(c);
}

int sink_commit(Sink *s)
{
  if (s->type->end != csv_end) return 0;
  CsvSink *c = (CsvSink *)s;
  if (drain(c) != 0) return -1;
  if (c->is_stdout || c->direct) {
    c->committed = true;
    return 0;
  }
  if (close(c->fd) != 0) {
    c->fd = -1;
    return io_error(c, "write", errno);
  }
  c->fd = -1;
  if (rename(c->tmp, c->path) != 0) return io_error(c, "write", errno);
  c->committed = true;
  return 0;
}

const char *sink_partial_path(const Sink *s)
{
  if (s->type->end != csv_end) return NULL;
  return ((const CsvSink *)s)->partial;
}

/* Closing without a commit: what was written is kept as PATH.partial. */
static void keep_partial(CsvSink *c)
{
  if (c->is_stdout || c->committed || !c->tmp || c->partial) return;
  if (c->len) drain(c);
  if (c->fd >= 0) close(c->fd);
  c->fd = -1;
  if (c->written == 0) {
    unlink(c->tmp);
    free(c->tmp);
    c->tmp = NULL;
    return;
  }
  size_t n = strlen(c->path) + 10;
  c->partial = xmalloc(n);
  snprintf(c->partial, n, "%s.partial", c->path);
  if (rename(c->tmp, c->partial) != 0) {
    free(c->partial);
    c->partial = xstrdup(c->tmp);
  }
}

void sink_abandon(Sink *s)
{
  if (s->type->end == csv_end) keep_partial((CsvSink *)s);
}

static void csv_free(Sink *s)
{
  CsvSink *c = (CsvSink *)s;
  if (!c->committed) keep_partial(c);
  if (c->fd >= 0 && !c->is_stdout) close(c->fd);
  free(c->buf);
  free(c->path);
  free(c->tmp);
  free(c->partial);
  free(c);
}

static const SinkType csv_type = {csv_begin, csv_row, csv_end, csv_free};

Sink *sink_csv_open(const char *path, char *err, size_t errsize)
{
  CsvSink *c = xcalloc(1, sizeof *c);
  c->base.type = &csv_type;
  c->buf = xmalloc(BUF_SIZE);
  if (strcmp(path, "-") == 0) {
    c->fd = STDOUT_FILENO;
    c->is_stdout = true;
    c->path = xstrdup("standard output");
    fflush(stdout); /* what the program printed before comes first */
    return &c->base;
  }
  c->path = xstrdup(path);
  /* A device or a pipe (/dev/null, a FIFO) is written as it is: there is no
   * file to replace. */
  struct stat st;
  if (stat(path, &st) == 0 && !S_ISREG(st.st_mode) && !S_ISDIR(st.st_mode)) {
    c->fd = open(path, O_WRONLY | O_CLOEXEC);
    if (c->fd < 0) {
      snprintf(err, errsize, "cannot open '%s' for writing: %s", path, strerror(errno));
      free(c->buf);
      free(c->path);
      free(c);
      return NULL;
    }
    c->direct = true;
    return &c->base;
  }
  size_t n = strlen(path) + 16;
  c->tmp = xmalloc(n);
  snprintf(c->tmp, n, "%s.tmp.XXXXXX", path);
  c->fd = mkstemp(c->tmp);
  if (c->fd < 0) {
    int e = errno;
    snprintf(err, errsize, "cannot open '%s' for writing: %s", path, strerror(e));
    free(c->tmp);
    c->tmp = NULL;
    free(c->buf);
    free(c->path);
    free(c);
    return NULL;
  }
  /* mkstemp makes the file private; an output is as readable as any other. */
  mode_t mask = umask(0);
  umask(mask);
  fchmod(c->fd, 0666 & ~mask);
  return &c->base;
}

void sink_close(Sink *s)
{
  if (s) s->type->free(s);
}
