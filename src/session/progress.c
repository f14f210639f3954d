/* progress.c: the progress bar of long runs; see progress.h. */
#include <config.h>

#include "progress.h"

#include <math.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

enum { BAR_WIDTH = 40, BAR_MIN = 10 };

static double now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

void progress_init(Progress *p, FILE *out, const char *hint)
{
  memset(p, 0, sizeof *p);
  p->out = out;
  p->hint = hint;
  p->tty = isatty(fileno(out));
  p->width = BAR_WIDTH;
  p->show_hint = hint != NULL;
}

/* A line that wraps cannot be redrawn with a carriage return: fit the bar,
 * then drop the hint, to the terminal's width. */
static void fit(Progress *p)
{
  struct winsize ws;
  p->width = BAR_WIDTH;
  p->show_hint = p->hint != NULL;
  if (ioctl(fileno(p->out), TIOCGWINSZ, &ws) != 0 || ws.ws_col == 0) return;
  int cols = ws.ws_col - 1, fixed = 7; /* "[" "] " "100%" */
  int hint = p->hint ? 2 + (int)strlen(p->hint) : 0;
  if (p->width + fixed + hint > cols) p->width = cols - fixed - hint;
  if (p->width < BAR_MIN && hint) {
    p->show_hint = false;
    p->width = cols - fixed;
  }
  if (p->width > BAR_WIDTH) p->width = BAR_WIDTH;
  if (p->width < 0) p->width = 0;
}

void progress_start(Progress *p)
{
  p->started = true;
  p->t0 = now();
  p->percent = -1;
  if (p->tty) fit(p);
}

void progress_update(Progress *p, double fraction)
{
  if (!p->tty) return;
  if (!p->started) progress_start(p);
  if (!(fraction >= 0)) fraction = 0; /* and NaN */
  if (fraction > 1) fraction = 1;
  int percent = (int)floor(100 * fraction);
  if (p->shown && percent == p->percent) return; /* nothing new to draw */
  if (now() - p->t0 < PROGRESS_DELAY) return;
  int filled = (int)(fraction * p->width + 0.5);
  fprintf(p->out, "\r[");
  for (int i = 0; i < p->width; i++) fputc(i < filled ? '#' : ' ', p->out);
  fprintf(p->out, "] %3d%%", percent);
  if (p->show_hint) fprintf(p->out, "  %s", p->hint);
  fflush(p->out);
  p->shown = true;
  p->percent = percent;
}

void progress_clear(Progress *p)
{
  if (!p->shown) return;
  fputs("\r\033[K", p->out);
  fflush(p->out);
  p->shown = false;
}

void progress_callback(void *ctx, double fraction)
{
  progress_update(ctx, fraction);
}

void progress_before_message(void *ctx)
{
  progress_clear(ctx);
}
