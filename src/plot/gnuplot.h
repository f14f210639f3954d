/* gnuplot.h: one gnuplot process, fed through a pipe (never linked).
 *
 * Commands are written to gnuplot's standard input; data goes inline as
 * datablocks ($name << EOD ... EOD), never as temporary files.  gp_sync
 * waits until gnuplot has processed everything sent so far: text gnuplot
 * printed (a `dumb` terminal's plot) is copied to `out`, and whatever it
 * wrote to its standard error is returned as its message.
 *
 * The program is $NEURODE_GNUPLOT, or `gnuplot` found in $PATH.  gp_open
 * returns NULL and a message naming the package when it cannot start.
 * gnuplot runs in its own process group.  Commands are buffered here and
 * written by gp_sync, which gives up when gnuplot neither reads nor writes
 * for $NEURODE_GNUPLOT_TIMEOUT seconds (default 30).  gp_close ends the
 * process (closing any window it opened): it closes gnuplot's input, waits
 * up to 2 s, then sends its process group SIGTERM and then SIGKILL, and
 * always reaps it. */
#ifndef NEURODE_GNUPLOT_H
#define NEURODE_GNUPLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct Gnuplot Gnuplot;

Gnuplot *gp_open(char *err, size_t errsize);
void gp_close(Gnuplot *g);

#if defined(__GNUC__)
__attribute__((format(printf, 2, 3)))
#endif
void gp_printf(Gnuplot *g, const char *fmt, ...);

/* A datablock of rows of n numbers; a NaN row becomes a blank line (a break
 * between line segments). */
void gp_data_begin(Gnuplot *g, const char *name);
void gp_data_row(Gnuplot *g, const double *v, size_t n);
void gp_data_end(Gnuplot *g);

/* GP_TIMEOUT: gnuplot did not answer in time; msg is then a sentence of
 * ours, not gnuplot's, and the process counts as dead (gp_alive). */
typedef enum { GP_OK = 0, GP_WARNING = 1, GP_ERROR = -1, GP_TIMEOUT = -2 } GpStatus;

/* Send what was written, and wait for gnuplot to process it.  What it
 * printed goes to out (NULL: discarded); msg receives its error or warning
 * text (one line per message, without gnuplot's location prefix), or ""
 * when it said nothing. */
GpStatus gp_sync(Gnuplot *g, FILE *out, char *msg, size_t msgsize);

/* Is the process still there?  (gnuplot reading a pipe exits at some
 * errors; the caller then closes it and opens a new one when needed.) */
bool gp_alive(const Gnuplot *g);

/* Does this gnuplot have the terminal (e.g. "pngcairo", "qt")? */
bool gp_has_terminal(const Gnuplot *g, const char *name);

#endif
