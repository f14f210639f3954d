/* session.h: a working session with a model -- the REPL's, or a script's.
 *
 * The only mutable state of the program outside main: the model text
 * (Workspace), settings typed with `set`, parameter and initial-value
 * overrides, the current state and time, the last run's samples (Trace) and
 * the plot output.  session_line takes one logical line -- a command
 * (session_cmds.c) or model text -- and says whether it needs more lines to
 * be complete.  Errors never leave the session: they are reported through
 * the Diag and the model stays as it was before the bad line. */
#ifndef NEURODE_SESSION_H
#define NEURODE_SESSION_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "diag.h"
#include "driver.h"
#include "lower.h"
#include "plot.h"
#include "stepper.h"
#include "trace.h"
#include "workspace.h"

/* Settings typed with `set`; unset ones come from the model's options. */
typedef struct Settings {
  bool has_t_end, has_dt, has_rtol, has_atol, has_every, has_method, has_seed;
  double t_end, dt, rtol, atol;
  long every;
  const StepperType *method;
  unsigned long seed;
  size_t n; /* copies in the population (1) */
} Settings;

typedef struct Session {
  Workspace ws;
  Diag *diag;
  FILE *out;           /* answers of show/help, dumb plots */
  bool interactive;    /* a person at a terminal: short confirmations */
  Settings set;
  Override *povr, *iovr; /* set NAME = EXPR for parameters / initial values */
  size_t npovr, niovr, povr_cap, iovr_cap;
  bool model_pending;  /* script mode: statements added, not yet built */
  double *y;           /* current state, nstates*n */
  double t_now;
  bool have_state;
  Trace *trace;
  Plot *plot;
  volatile sig_atomic_t *interrupt;
  void (*progress)(void *ctx, double fraction);
  void *progress_ctx;
  bool quit;
} Session;

typedef enum {
  LINE_OK = 0,
  LINE_ERROR = 1,      /* reported; the session is unchanged */
  LINE_INCOMPLETE = 2  /* an unfinished statement: give it more lines */
} LineResult;

void session_init(Session *s, Diag *diag, FILE *out, volatile sig_atomic_t *interrupt);
void session_free(Session *s);

/* One logical line (several physical lines for an unfinished statement).
 * src_name and first_line are for messages.  In script mode, model lines
 * accumulate as a file does (a duplicate is an error) until the first
 * command; interactively each line edits the model at once, a new
 * definition replacing the old one. */
LineResult session_line(Session *s, const char *text, const char *src_name, int first_line,
                        bool script);
/* Build statements still pending (script mode, at the end of the input). */
bool session_finish(Session *s);

/* Load a model file as the whole model (the `load` command, -i FILE). */
bool session_load(Session *s, const char *path);

/* Run for a duration T: from the initial values, or with cont from the
 * current state (run +T).  False after an error (the samples up to it are
 * kept). */
bool session_run(Session *s, double T, bool cont);
/* Forget the state and the samples: the next run starts at t = 0. */
void session_reset(Session *s);

/* Is the line's first word a command (not model text)? */
bool session_is_command(const char *text);

/* The settings in force: the session's, else the model's, else defaults
 * (spec's method, dt, every, rtol, atol; *length: the duration of `run`). */
void session_spec(const Session *s, RunSpec *spec, double *length);

#endif
