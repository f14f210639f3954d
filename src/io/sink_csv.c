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
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

#include "mem.h"
#include "shortest.h"
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

/* The longest text: "-2.2250738585072014e-308", 24 chars and a NUL. */
enum { FORMAT_MAX = 32 };

/* The definition of the output: the first of "%.15g", "%.16g", "%.17g" that
 * reads back to v.  Kept as the slow path for the few inputs where the fast
 * one below cannot show that it gives the same bytes.  Into a buffer of its
 * own, so that what is read back is never a caller's truncated copy. */
static size_t format_by_printf(char text[FORMAT_MAX], double v)
{
  int n = 0;
  for (int prec = 15; prec <= 17; prec++) {
    n = snprintf(text, FORMAT_MAX, "%.*g", prec, v);
    if (prec == 17 || strtod(text, NULL) == v || v != v) break;
  }
  return (size_t)n;
}

/* Whether v = m 2^q lies exactly halfway between two decimals of the grid
 * 10^-k, i.e. whether 2 v 10^k is an odd integer.  Then printf rounds half
 * to even, and the shortest digits are documented to round away from zero
 * (double-conversion 3.2 in fact rounds these to even too: not relied on). */
static bool halfway(uint64_t m, int q, int k)
{
  if (__builtin_ctzll(m) + q + 1 + k != 0) return false; /* not odd, or not an integer */
  if (k >= 0) return true;
  if (k < -22) return false; /* 5^23 > 2^53 > m */
  uint64_t p5 = 1;
  for (int i = 0; i < -k; i++) p5 *= 5;
  return m % p5 == 0;
}

/* The bytes of format_by_printf, from the shortest round-trip digits (D of
 * them, shortest.h) instead of up to three printf and strtod calls.
 *
 * Why they agree, for a normal v with ulp u (|v| >= 2^52 u):
 * - D <= 15: the digits d lie within u/2 of v, and u/2 <= 2^-53 |v| is less
 *   than half a unit in the 15th digit (>= 5e-16 |v|); so d, padded to 15
 *   digits, is the nearest 15-digit decimal, which "%.15g" prints (no tie is
 *   possible) and which reads back.
 * - D = 16 or 17: no shorter decimal reads back, so printf gets as far as
 *   "%.*g" with D digits: the D-digit decimal r nearest v.  r is no farther
 *   from v than d and d reads back, so r = d unless r is as near as d on the
 *   other side (a tie: left to printf), or the interval that reads back is
 *   narrower below v than above (v a power of two: left to printf too).
 * Subnormals have fewer bits than 15 digits need, so the first point fails
 * (5e-324 reads back but printf writes 4.94065645841247e-324): left to
 * printf, as is everything rare enough not to matter.  What remains is %g's
 * layout at precision P = max(15, D): trailing zeros dropped, exponent form
 * when the exponent X < -4 or X >= P, the exponent at least two digits. */
static size_t format_shortest(char text[FORMAT_MAX], double v)
{
  uint64_t bits;
  memcpy(&bits, &v, sizeof bits);
  int biased = (int)(bits >> 52 & 0x7ff);
  uint64_t frac = bits & ((UINT64_C(1) << 52) - 1);
  char *t = text;
  if (bits >> 63) *t++ = '-'; /* printf shows the sign of -0 and -nan too */
  if (biased == 0x7ff) {
    memcpy(t, frac ? "nan" : "inf", 3);
    t += 3;
  } else if (biased == 0) {
    if (frac) return format_by_printf(text, v);
    *t++ = '0';
  } else {
    char d[SHORTEST_MAX_DIGITS + 1];
    int point;
    int nd = shortest_digits(v, d, &point);
    if (nd >= 16 && (frac == 0 || halfway(frac | UINT64_C(1) << 52, biased - 1075, nd - point)))
      return format_by_printf(text, v);
    int x = point - 1; /* v = d1.d2... x 10^x */
    int prec = nd > 15 ? nd : 15;
    if (x < -4 || x >= prec) {
      *t++ = d[0];
      if (nd > 1) {
        *t++ = '.';
        memcpy(t, d + 1, (size_t)nd - 1);
        t += nd - 1;
      }
      *t++ = 'e';
      *t++ = x < 0 ? '-' : '+';
      int ax = x < 0 ? -x : x;
      if (ax >= 100) *t++ = (char)('0' + ax / 100);
      *t++ = (char)('0' + ax / 10 % 10);
      *t++ = (char)('0' + ax % 10);
    } else if (x < 0) {
      memcpy(t, "0.0000", (size_t)(1 - x));
      t += 1 - x;
      memcpy(t, d, (size_t)nd);
      t += nd;
    } else if (nd <= x + 1) {
      memcpy(t, d, (size_t)nd);
      t += nd;
      memset(t, '0', (size_t)(x + 1 - nd));
      t += x + 1 - nd;
    } else {
      memcpy(t, d, (size_t)x + 1);
      t += x + 1;
      *t++ = '.';
      memcpy(t, d + x + 1, (size_t)(nd - x - 1));
      t += nd - x - 1;
    }
  }
  *t = '\0';
  return (size_t)(t - text);
}

int format_double(char *buf, size_t size, double v)
{
  char text[FORMAT_MAX];
  size_t n = format_shortest(text, v);
  /* snprintf's contract, which callers may rely on: the full length is
   * returned, and what fits is written with its NUL. */
  if (size > 0) {
    size_t k = n < size ? n : size - 1;
    memcpy(buf, text, k);
    buf[k] = '\0';
  }
  return (int)n;
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
