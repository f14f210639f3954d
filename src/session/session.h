/* session.h: a working session with a model -- the REPL's, a script's, or
 * the one `neurode run` and `neurode check` read a file into.
 *
 * The mutable state of a session: the model text (Workspace), settings
 * typed with `set`, parameter and initial-value overrides, the current state
 * and time, the last run's samples (Trace) and the plot output.
 *
 * session_line takes one logical line and decides what it is, by the
 * grammar and not by its first word alone (command_classify): model text
 * (`NAME ... = ...`, a statement) or a command.  What happens to a command
 * depends on the session's mode: it runs (a script, the REPL), it is checked
 * without running (`neurode check`), or it is skipped and counted (`neurode
 * run` reads only a script's model).  Errors never leave the session: they
 * are reported through the Diag and the model stays as it was before the bad
 * line. */
#ifndef NEURODE_SESSION_H
#define NEURODE_SESSION_H

#include <signal.h>
#include <stdbool.h>
#include <stdio.h>

#include "columns.h"
#include "diag.h"
#include "driver.h"
#include "overrides.h"
#include "plot.h"
#include "settings.h"
#include "stepper.h"
#include "record.h"
#include "workspace.h"

typedef struct Session Session;

/* What a logical line is.  A line that is valid model text is model text,
 * whatever its first word; a line whose first word is a command and whose
 * arguments fit that command is a command; a line of the form NAME ... =
 * ... is model text (with its syntax error); a first word close to a
 * command's name that is neither is an unknown command (*suggestion: the
 * command meant). */
typedef enum { LINE_IS_MODEL, LINE_IS_COMMAND, LINE_IS_UNKNOWN_COMMAND } LineKind;

/* The commands a session runs, given to it by whoever starts it (the
 * commands live above the session: session_cmds.h provides command_set). */
typedef struct CommandSet {
  LineKind (*classify)(Session *s, const char *text, const char **suggestion);
  /* Run (or with check_only, check) the command line in src. */
  bool (*run)(Session *s, const Source *src, bool check_only);
  /* "copies = 5000, dt = 0.1, I_ext = 10": what `set` changed. */
  void (*describe_settings)(const Session *s, char *buf, size_t size);
} CommandSet;

/* What becomes of a command line. */
typedef enum {
  COMMANDS_RUN,   /* a script or the REPL */
  COMMANDS_CHECK, /* neurode check: names, arities and options, nothing run */
  COMMANDS_SKIP   /* neurode run, load: a script's model only */
} CommandMode;

struct Session {
  const CommandSet *cmds;
  Workspace ws;
  Diag *diag;
  FILE *out;           /* answers of show/help, dumb plots */
  bool interactive;    /* a person at a terminal: short confirmations */
  CommandMode mode;
  size_t ncommands;    /* command lines seen (run, checked or skipped) */
  Settings set;        /* typed with `set`; over the model's options, over defaults */
  Override *povr, *iovr; /* set NAME = EXPR for parameters / initial values */
  size_t npovr, niovr, povr_cap, iovr_cap;
  /* Script mode: model lines since the last command, read as one piece of
   * a file when the next command (or the end) comes. */
  char *pending;
  size_t pending_len, pending_cap;
  char *pending_name;
  int pending_line, pending_next; /* its first line, and the line after it */
  bool seen_command;   /* after a command, model lines replace definitions */
  double *y;           /* current state, nstates*n */
  double t_now;
  bool have_state;
  /* Fixed steps continue on one grid, t = t_origin + k*dt, never summed. */
  double t_origin, grid_dt;
  unsigned long k_now;
  RunRecord *record;   /* the last run's samples and what made them */
  Instance *inst;      /* the current model's population (session_instance) */
  Plot *plot;
  volatile sig_atomic_t *interrupt;
  void (*progress)(void *ctx, double fraction);
  void *progress_ctx;
  bool quit;
};

typedef enum {
  LINE_OK = 0,
  LINE_ERROR = 1,      /* reported; the session is unchanged */
  LINE_INCOMPLETE = 2  /* an unfinished statement: give it more lines */
} LineResult;

void session_init(Session *s, const CommandSet *cmds, Diag *diag, FILE *out,
                  volatile sig_atomic_t *interrupt);
void session_free(Session *s);

/* One logical line (several physical lines for an unfinished statement).
 * src_name and first_line are for messages.  In script mode model lines
 * accumulate as a file does (a duplicate is an error) until the first
 * command, then each replaces the definition it repeats; interactively each
 * line edits the model at once. */
LineResult session_line(Session *s, const char *text, const char *src_name, int first_line,
                        bool script);
/* Build the model lines still pending (at a command, at the end). */
bool session_finish(Session *s);

/* Read a whole file through session_line, as a script (found through
 * stdpath; "-" is standard input).  Returns false after an error; *missing
 * says the file could not be read (a runtime error) rather than being wrong. */
bool session_read_file(Session *s, const char *name, bool *missing);

/* Load a model file as the whole model (the `load` command, -i FILE): its
 * commands are skipped, settings and the `set` values of names the new
 * model still has carry over. */
bool session_load(Session *s, const char *path);

/* Run for a duration T: from the initial values, or with cont from the
 * current state (run +T).  False after an error (the samples up to it are
 * kept). */
bool session_run(Session *s, double T, bool cont);
/* Forget the state and the samples: the next run starts at t = 0. */
void session_reset(Session *s);

/* The settings in force: the session's, else the model's, else defaults
 * (spec's method, dt, every, rtol, atol; *length: the duration of `run`). */
void session_spec(const Session *s, RunSpec *spec, double *length);
void session_settings(const Session *s, Settings *out); /* the same, as Settings */
/* The population's size. */
size_t session_copies(const Session *s);
/* The model's grid with the session's values (false: no domain, or one that
 * cannot be computed -- a run says why). */
bool session_grid(const Session *s, GridShape *g);

/* An instance of the current model with the session's population size
 * (made again when either changed); its parameter values are whatever was
 * last set up.  NULL when there is no model. */
Instance *session_instance(Session *s);
/* The parameter values of the last run (NULL before any): what plots of it
 * are labelled with. */
const ParamValues *session_run_params(const Session *s);

/* The columns a run keeps (`set keep`, default every state); NULL after
 * reporting a bad list. */
Columns *session_keep_columns(Session *s);

#endif
