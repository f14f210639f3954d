/* gnuplot.c: the gnuplot process; see gnuplot.h. */
#include "gnuplot.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include "arena.h"
#include "sink.h"

#define GP_MARKER "\x01neurode-sync"
enum { GP_TIMEOUT_MS = 120000 };

struct Gnuplot {
  pid_t pid;
  FILE *in;      /* gnuplot's standard input */
  int out_fd;    /* its standard output (plots of text terminals, print) */
  int err_fd;    /* its standard error (messages) */
  char *terminals;
  bool dead;
};

/* memmem, which ISO C lacks: gnuplot's output may contain NUL bytes. */
static char *find_bytes(char *hay, size_t n, const char *needle, size_t m)
{
  for (size_t i = 0; i + m <= n; i++)
    if (hay[i] == needle[0] && memcmp(hay + i, needle, m) == 0) return hay + i;
  return NULL;
}

static void set_cloexec(int fd)
{
  fcntl(fd, F_SETFD, fcntl(fd, F_GETFD) | FD_CLOEXEC);
}

Gnuplot *gp_open(char *err, size_t errsize)
{
  const char *prog = getenv("NEURODE_GNUPLOT");
  if (!prog || !*prog) prog = "gnuplot";
  int to[2], from[2], errp[2], status[2];
  if (pipe(to) || pipe(from) || pipe(errp) || pipe(status)) {
    snprintf(err, errsize, "cannot start gnuplot: %s", strerror(errno));
    return NULL;
  }
  set_cloexec(status[1]);
  /* A dead gnuplot must not kill us with SIGPIPE: writes then fail. */
  signal(SIGPIPE, SIG_IGN);
  pid_t pid = fork();
  if (pid < 0) {
    snprintf(err, errsize, "cannot start gnuplot: %s", strerror(errno));
    return NULL;
  }
  if (pid == 0) {
    dup2(to[0], 0);
    dup2(from[1], 1);
    dup2(errp[1], 2);
    close(to[0]), close(to[1]), close(from[0]), close(from[1]), close(errp[0]), close(errp[1]);
    close(status[0]);
    char *argv[] = {(char *)prog, NULL};
    execvp(prog, argv);
    int e = errno;
    if (write(status[1], &e, sizeof e) < 0) _exit(126);
    _exit(127);
  }
  close(to[0]), close(from[1]), close(errp[1]), close(status[1]);
  int child_errno = 0;
  ssize_t got;
  do got = read(status[0], &child_errno, sizeof child_errno);
  while (got < 0 && errno == EINTR);
  close(status[0]);
  if (got > 0) {
    waitpid(pid, NULL, 0);
    close(to[1]), close(from[0]), close(errp[0]);
    if (child_errno == ENOENT)
      snprintf(err, errsize, "gnuplot is not installed (Debian: apt-get install gnuplot-nox, "
                             "or gnuplot-qt for plot windows)");
    else
      snprintf(err, errsize, "cannot run '%s': %s", prog, strerror(child_errno));
    return NULL;
  }
  Gnuplot *g = xcalloc(1, sizeof *g);
  g->pid = pid;
  g->in = fdopen(to[1], "w");
  g->out_fd = from[0];
  g->err_fd = errp[0];
  set_cloexec(to[1]), set_cloexec(from[0]), set_cloexec(errp[0]);
  /* print goes to standard output, in order with the plots, so the sync
   * marker arrives after everything gnuplot drew before it. */
  gp_printf(g, "set print \"-\"\nprint \"terminals:\", GPVAL_TERMINALS\n");
  char msg[256];
  size_t len = 0;
  FILE *mem = open_memstream(&g->terminals, &len);
  GpStatus st = mem ? gp_sync(g, mem, msg, sizeof msg) : GP_ERROR;
  if (mem) fclose(mem);
  if (st == GP_ERROR || !g->terminals) {
    snprintf(err, errsize, "gnuplot did not start: %s", mem && msg[0] ? msg : "no answer");
    gp_close(g);
    return NULL;
  }
  return g;
}

void gp_close(Gnuplot *g)
{
  if (!g) return;
  if (g->in) {
    fputs("quit\n", g->in);
    fclose(g->in);
  }
  close(g->out_fd);
  close(g->err_fd);
  waitpid(g->pid, NULL, 0);
  free(g->terminals);
  free(g);
}

void gp_printf(Gnuplot *g, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vfprintf(g->in, fmt, ap);
  va_end(ap);
}

void gp_data_begin(Gnuplot *g, const char *name)
{
  fprintf(g->in, "$%s << EOD\n", name);
}

void gp_data_row(Gnuplot *g, const double *v, size_t n)
{
  if (n && isnan(v[0])) {
    fputc('\n', g->in);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    if (i) fputc(' ', g->in);
    if (isfinite(v[i])) fprintf(g->in, "%.9g", v[i]);
    else fputs("NaN", g->in);
  }
  fputc('\n', g->in);
}

void gp_data_end(Gnuplot *g)
{
  fputs("EOD\n", g->in);
}

/* gnuplot's messages, one per line, without what makes them hard to read
 * here: the '"-" line N:' or 'line N:' prefix, the echoed command and its
 * caret, runs of spaces. */
static void clean_message(const char *raw, char *msg, size_t size, bool *only_warnings)
{
  size_t used = 0;
  *only_warnings = true;
  msg[0] = '\0';
  const char *p = raw;
  while (*p) {
    const char *eol = strchr(p, '\n');
    size_t len = eol ? (size_t)(eol - p) : strlen(p);
    char line[1024];
    snprintf(line, sizeof line, "%.*s", (int)len, p);
    p += len + (eol ? 1 : 0);
    char *text = line;
    while (*text == ' ' || *text == '\t') text++;
    if (strncmp(text, "\"-\"", 3) == 0) text += 3;
    while (*text == ' ' || *text == ',') text++;
    if (strncmp(text, "line ", 5) == 0) {
      char *colon = strchr(text, ':');
      if (colon) text = colon + 1;
    }
    /* collapse spaces */
    char *w = text, *r = text;
    for (; *r; r++)
      if (!(*r == ' ' && (w == text || w[-1] == ' '))) *w++ = *r;
    *w = '\0';
    while (w > text && w[-1] == ' ') *--w = '\0';
    bool noise = !*text || strncmp(text, "gnuplot>", 8) == 0 || strspn(text, "^ ") == strlen(text);
    if (noise || used >= size) continue;
    if (strncasecmp(text, "warning: ", 9) != 0) *only_warnings = false;
    used += (size_t)snprintf(msg + used, size - used, "%s%s", used ? "; " : "", text);
  }
}

GpStatus gp_sync(Gnuplot *g, FILE *out, char *msg, size_t msgsize)
{
  msg[0] = '\0';
  if (g->dead) {
    snprintf(msg, msgsize, "gnuplot has exited");
    return GP_ERROR;
  }
  fprintf(g->in, "print \"%s\"\n", GP_MARKER);
  if (fflush(g->in) != 0) {
    g->dead = true;
    snprintf(msg, msgsize, "gnuplot has exited");
    return GP_ERROR;
  }
  size_t ocap = 4096, olen = 0, ecap = 1024, elen = 0;
  char *obuf = xmalloc(ocap), *ebuf = xmalloc(ecap);
  const size_t mlen = strlen(GP_MARKER);
  bool found = false, eof = false;
  while (!found && !eof) {
    struct pollfd fds[2] = {{g->out_fd, POLLIN, 0}, {g->err_fd, POLLIN, 0}};
    int rc = poll(fds, 2, GP_TIMEOUT_MS);
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) {
      snprintf(msg, msgsize, "gnuplot did not answer");
      free(obuf), free(ebuf);
      return GP_ERROR;
    }
    for (int k = 0; k < 2; k++) {
      if (!(fds[k].revents & (POLLIN | POLLHUP))) continue;
      char **buf = k ? &ebuf : &obuf;
      size_t *len = k ? &elen : &olen, *cap = k ? &ecap : &ocap;
      if (*cap - *len < 4096) *buf = xrealloc(*buf, *cap *= 2);
      ssize_t got = read(fds[k].fd, *buf + *len, *cap - *len - 1);
      if (got <= 0) {
        if (got == 0 || errno != EINTR) eof = true;
        continue;
      }
      *len += (size_t)got;
      (*buf)[*len] = '\0';
    }
    /* gnuplot's output may be binary (an image when `set output` failed). */
    char *mark = olen >= mlen ? find_bytes(obuf, olen, GP_MARKER, mlen) : NULL;
    if (mark) {
      found = true;
      olen = (size_t)(mark - obuf);
    }
  }
  /* Messages written before the marker are already in the pipe: drain. */
  for (;;) {
    struct pollfd fd = {g->err_fd, POLLIN, 0};
    if (poll(&fd, 1, 0) <= 0 || !(fd.revents & POLLIN)) break;
    if (ecap - elen < 4096) ebuf = xrealloc(ebuf, ecap *= 2);
    ssize_t got = read(g->err_fd, ebuf + elen, ecap - elen - 1);
    if (got <= 0) break;
    elen += (size_t)got;
  }
  ebuf[elen] = '\0';
  if (out && olen) fwrite(obuf, 1, olen, out);
  if (out) fflush(out);
  GpStatus st = GP_OK;
  bool only_warnings;
  clean_message(ebuf, msg, msgsize, &only_warnings);
  if (msg[0]) st = only_warnings ? GP_WARNING : GP_ERROR;
  if (!found) {
    g->dead = true;
    if (!msg[0]) snprintf(msg, msgsize, "gnuplot has exited");
    st = GP_ERROR;
  }
  free(obuf);
  free(ebuf);
  return st;
}

bool gp_alive(const Gnuplot *g)
{
  return !g->dead;
}

bool gp_has_terminal(const Gnuplot *g, const char *name)
{
  size_t n = strlen(name);
  for (const char *p = g->terminals; p && (p = strstr(p, name)); p += n) {
    bool start = p == g->terminals || p[-1] == ' ' || p[-1] == ':';
    bool end = p[n] == ' ' || p[n] == '\n' || p[n] == '\0';
    if (start && end) return true;
  }
  return false;
}
