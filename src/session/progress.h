/* progress.h: a progress bar for long runs, on one terminal line.
 *
 *     [################                        ]  40%  Ctrl-C stops
 *
 * The bar is drawn only when its stream is a terminal and the run has
 * lasted more than PROGRESS_DELAY seconds, so short runs, pipes and files
 * never see it.  It is redrawn in place (carriage return) when the shown
 * percentage changes.  A Progress is a plain value with no global state:
 * whoever runs simulations owns one (the REPL session; `neurode run`).
 *
 * Use with the driver and the diagnostics:
 *
 *     Progress bar;
 *     progress_init(&bar, stderr, "Ctrl-C stops");   // hint may be NULL
 *     diag->before_message = progress_before_message;
 *     diag->before_ctx = &bar;
 *     spec.progress = progress_callback;             // RunSpec
 *     spec.progress_ctx = &bar;
 *     progress_start(&bar);
 *     driver_run(...);
 *     progress_clear(&bar);
 *
 * The before_message hook erases the bar before any error, warning or note
 * is printed, so the message starts at column 0; the next update draws the
 * bar again below it.  Anything else written to the terminal during a run
 * must call progress_clear first for the same reason. */
#ifndef NEURODE_PROGRESS_H
#define NEURODE_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

#define PROGRESS_DELAY 1.0 /* seconds of a run before the bar appears */

typedef struct Progress {
  FILE *out;
  const char *hint; /* after the percentage; not copied */
  bool tty;         /* out is a terminal: else nothing is ever drawn */
  bool show_hint;   /* the terminal is wide enough for it */
  bool started, shown;
  double t0;        /* when the run started (monotonic seconds) */
  int width;        /* of the bar, in characters */
  int percent;      /* last drawn */
} Progress;

/* hint: a static string shown after the percentage, or NULL. */
void progress_init(Progress *p, FILE *out, const char *hint);
/* A run starts now: the delay counts from here. */
void progress_start(Progress *p);
/* The run is this far along (0..1).  Starts the clock if progress_start was
 * not called. */
void progress_update(Progress *p, double fraction);
/* Erase the bar if it is drawn, leaving the cursor at column 0. */
void progress_clear(Progress *p);

/* Adapters with the signatures of RunSpec.progress and Diag.before_message;
 * ctx is the Progress. */
void progress_callback(void *ctx, double fraction);
void progress_before_message(void *ctx);

#endif
