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
#include <time.h>
#include <unistd.h>

#include "mem.h"

#define GP_MARKER "\x01neurode-sync"
/* The default of $NEURODE_GNUPLOT_TIMEOUT, and how long gp_close lets
 * gnuplot finish after its input ends (a file being written, a window
 * closing) before it is sent SIGTERM, then after that SIGKILL. */
enum { GP_DEFAULT_TIMEOUT_S = 30, GP_GRACE_MS = 2000, GP_TERM_MS = 1000 };

struct Gnuplot {
  pid_t pid;     /* also its process group: a wrapper's children end with it */
  int in_fd;     /* gnuplot's standard input, non-blocking */
  int out_fd;    /* its standard output (plots of text terminals, print) */
  int err_fd;    /* its standard error (messages) */
  char *pend;    /* commands not yet written: gp_sync writes them */
  size_t npend, pend_cap;
  int timeout_ms; /* gp_sync gives up after this long without progress */
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

/* $NEURODE_GNUPLOT_TIMEOUT in milliseconds, or -1 after writing why not. */
static int timeout_ms(char *err, size_t errsize)
{
  const char *v = getenv("NEURODE_GNUPLOT_TIMEOUT");
  if (!v || !*v) return GP_DEFAULT_TIMEOUT_S * 1000;
  char *end;
  errno = 0;
  double s = strtod(v, &end);
  /* A day bounds it well inside poll's int milliseconds. */
  if (*end || errno || !(s >= 0.001 && s <= 86400)) {
    snprintf(err, errsize, "NEURODE_GNUPLOT_TIMEOUT is '%s': give the seconds to wait for "
                           "gnuplot, from 0.001 to 86400", v);
    return -1;
  }
  return (int)(s * 1000 + 0.5);
}

Gnuplot *gp_open(char *err, size_t errsize)
{
  const char *prog = getenv("NEURODE_GNUPLOT");
  if (!prog || !*prog) prog = "gnuplot";
  int wait_ms = timeout_ms(err, errsize);
  if (wait_ms < 0) return NULL;
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
    /* Its own process group, so that gp_close can end everything it started
     * and a Ctrl-C at the terminal interrupts neurode, not the plot. */
    setpgid(0, 0);
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
  setpgid(pid, pid); /* also here: whichever runs first */
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
  g->in_fd = to[1];
  g->out_fd = from[0];
  g->err_fd = errp[0];
  g->timeout_ms = wait_ms;
  set_cloexec(to[1]), set_cloexec(from[0]), set_cloexec(errp[0]);
  /* Writes wait in gp_sync's poll, with the timeout, never in write(). */
  fcntl(to[1], F_SETFL, fcntl(to[1], F_GETFL) | O_NONBLOCK);
  /* print goes to standard output, in order with the plots, so the sync
   * marker arrives after everything gnuplot drew before it. */
  gp_printf(g, "set print \"-\"\nprint \"terminals:\", GPVAL_TERMINALS\n");
  char msg[256];
  size_t len = 0;
  FILE *mem = open_memstream(&g->terminals, &len);
  GpStatus st = mem ? gp_sync(g, mem, msg, sizeof msg) : GP_ERROR;
  if (mem) fclose(mem);
  if (st == GP_TIMEOUT) {
    snprintf(err, errsize, "%s", msg);
    gp_close(g);
    return NULL;
  }
  if (st == GP_ERROR || !g->terminals) {
    snprintf(err, errsize, "gnuplot did not start: %s", mem && msg[0] ? msg : "no answer");
    gp_close(g);
    return NULL;
  }
  return g;
}

/* Has pid exited within ms milliseconds?  (Reaped if so.) */
static bool reaped_within(pid_t pid, int ms)
{
  const struct timespec tick = {0, 5 * 1000 * 1000};
  for (int waited = 0;; waited += 5) {
    pid_t r = waitpid(pid, NULL, WNOHANG);
    if (r == pid || (r < 0 && errno == ECHILD)) return true;
    if (waited >= ms) return false;
    nanosleep(&tick, NULL);
  }
}

/* Signal gnuplot's process group, or gnuplot alone if it has none. */
static void signal_gnuplot(pid_t pid, int sig)
{
  if (kill(-pid, sig) != 0) kill(pid, sig);
}

void gp_close(Gnuplot *g)
{
  if (!g) return;
  /* Best effort and non-blocking: a gnuplot that reads nothing must not
   * hold us here.  (The end of its input says the same.) */
  ssize_t said = g->dead ? 0 : write(g->in_fd, "quit\n", 5);
  (void)said;
  close(g->in_fd);
  close(g->out_fd);
  close(g->err_fd);
  /* gnuplot ends at the end of its input; one that does not is stopped, and
   * reaped in every case, so that no process is left behind. */
  if (!reaped_within(g->pid, GP_GRACE_MS)) {
    signal_gnuplot(g->pid, SIGTERM);
    if (!reaped_within(g->pid, GP_TERM_MS)) {
      signal_gnuplot(g->pid, SIGKILL);
      while (waitpid(g->pid, NULL, 0) < 0 && errno == EINTR) continue;
    }
  }
  free(g->pend);
  free(g->terminals);
  free(g);
}

/* Append n bytes to the commands waiting for gp_sync. */
static void put(Gnuplot *g, const char *s, size_t n)
{
  GROW(g->pend, g->pend_cap, g->npend + n + 1);
  memcpy(g->pend + g->npend, s, n);
  g->npend += n;
}

void gp_printf(Gnuplot *g, const char *fmt, ...)
{
  va_list ap, again;
  va_start(ap, fmt);
  va_copy(again, ap);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (n > 0) {
    GROW(g->pend, g->pend_cap, g->npend + (size_t)n + 1);
    vsnprintf(g->pend + g->npend, (size_t)n + 1, fmt, again);
    g->npend += (size_t)n;
  }
  va_end(again);
}

void gp_data_begin(Gnuplot *g, const char *name)
{
  gp_printf(g, "$%s << EOD\n", name);
}

void gp_data_row(Gnuplot *g, const double *v, size_t n)
{
  if (n && isnan(v[0])) {
    put(g, "\n", 1);
    return;
  }
  for (size_t i = 0; i < n; i++) {
    if (i) put(g, " ", 1);
    if (isfinite(v[i])) gp_printf(g, "%.9g", v[i]);
    else put(g, "NaN", 3);
  }
  put(g, "\n", 1);
}

void gp_data_end(Gnuplot *g)
{
  put(g, "EOD\n", 4);
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

/* What gnuplot wrote to one pipe. */
typedef struct Buf {
  char *p;
  size_t len, cap;
} Buf;

/* Read what fd holds into b; false at the end of the pipe. */
static bool read_some(int fd, Buf *b)
{
  GROW(b->p, b->cap, b->len + 4096 + 1);
  ssize_t got = read(fd, b->p + b->len, b->cap - b->len - 1);
  if (got < 0) return errno == EINTR || errno == EAGAIN;
  if (got == 0) return false;
  b->len += (size_t)got;
  b->p[b->len] = '\0';
  return true;
}

typedef enum { EX_MARKER, EX_EOF, EX_TIMEOUT } Exchange;

/* Write the pending commands while reading both of gnuplot's pipes (so that
 * neither side can block the other), until the marker appears on its
 * standard output (cut from o), its pipes end, or nothing moves for
 * timeout_ms. */
static Exchange exchange(Gnuplot *g, Buf *o, Buf *e)
{
  const size_t mlen = strlen(GP_MARKER);
  size_t sent = 0;
  for (;;) {
    struct pollfd fds[3] = {{g->out_fd, POLLIN, 0}, {g->err_fd, POLLIN, 0},
                            {sent < g->npend ? g->in_fd : -1, POLLOUT, 0}};
    int rc = poll(fds, 3, g->timeout_ms);
    if (rc < 0 && errno == EINTR) continue;
    if (rc <= 0) return EX_TIMEOUT;
    if (fds[2].revents) {
      ssize_t w = write(g->in_fd, g->pend + sent, g->npend - sent);
      if (w > 0) sent += (size_t)w;
      /* EPIPE: gnuplot has gone; read its last words. */
      else if (w < 0 && errno != EAGAIN && errno != EINTR) sent = g->npend;
    }
    size_t searched = o->len >= mlen ? o->len - mlen + 1 : 0;
    bool ended = false;
    for (int k = 0; k < 2; k++)
      if (fds[k].revents && !read_some(fds[k].fd, k ? e : o)) ended = true;
    /* gnuplot's output may be binary (an image when `set output` failed). */
    char *mark = o->len >= mlen ? find_bytes(o->p + searched, o->len - searched, GP_MARKER, mlen)
                                : NULL;
    if (mark) {
      o->len = (size_t)(mark - o->p);
      return EX_MARKER;
    }
    if (ended) return EX_EOF;
  }
}

GpStatus gp_sync(Gnuplot *g, FILE *out, char *msg, size_t msgsize)
{
  msg[0] = '\0';
  if (g->dead) {
    g->npend = 0;
    snprintf(msg, msgsize, "gnuplot has exited");
    return GP_ERROR;
  }
  gp_printf(g, "print \"%s\"\n", GP_MARKER);
  Buf o = {0}, e = {0};
  Exchange ex = exchange(g, &o, &e);
  g->npend = 0;
  if (ex == EX_TIMEOUT) {
    g->dead = true;
    snprintf(msg, msgsize, "gnuplot did not answer within %g s (NEURODE_GNUPLOT_TIMEOUT sets "
                           "how long to wait)", g->timeout_ms / 1000.0);
    free(o.p), free(e.p);
    return GP_TIMEOUT;
  }
  /* Messages written before the marker are already in the pipe: drain. */
  for (;;) {
    struct pollfd fd = {g->err_fd, POLLIN, 0};
    if (poll(&fd, 1, 0) <= 0 || !(fd.revents & POLLIN) || !read_some(g->err_fd, &e)) break;
  }
  if (out && o.len) fwrite(o.p, 1, o.len, out);
  if (out) fflush(out);
  GpStatus st = GP_OK;
  bool only_warnings;
  clean_message(e.p ? e.p : "", msg, msgsize, &only_warnings);
  if (msg[0]) st = only_warnings ? GP_WARNING : GP_ERROR;
  if (ex == EX_EOF) {
    g->dead = true;
    if (!msg[0]) snprintf(msg, msgsize, "gnuplot has exited");
    st = GP_ERROR;
  }
  free(o.p);
  free(e.p);
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
