/* cmd.h: what the command handlers share (session_cmds.c, cmd_plot.c); not
 * for other modules.  A Cmd is one command line being run: its words, where
 * they are, the mode it runs in and where its messages go. */
#ifndef NEURODE_CMD_H
#define NEURODE_CMD_H

#include <stdbool.h>
#include <stddef.h>

#include "arena.h"
#include "columns.h"
#include "session_cmds.h"

enum { CMD_MAX_ARGS = 64 };

typedef enum {
  CMD_SYNTAX, /* the shape of the arguments only, no messages */
  CMD_CHECK,  /* and the names against the model */
  CMD_RUN     /* and do it */
} CmdMode;

typedef struct Arg {
  char *text;   /* unquoted */
  Loc loc;
  bool quoted;
} Arg;

struct Cmd {
  Session *s;
  const Source *src;
  const Command *cmd;
  Loc name_loc;
  Arg args[CMD_MAX_ARGS];
  size_t nargs;
  Arena arena;
  CmdMode mode;
  Diag *diag;   /* the session's, or a silent one for CMD_SYNTAX */
};

/* A located error about the command line; returns false. */
bool cmd_error(Cmd *c, Loc loc, const char *fmt, ...) DIAG_PRINTF(3, 4);
/* The end of the line, for "something is missing here". */
Loc cmd_end_loc(const Cmd *c);
/* Arguments beyond `used` are an error. */
bool cmd_no_more_args(Cmd *c, size_t used);
bool cmd_need_model(Cmd *c);
bool cmd_need_samples(Cmd *c);
/* A comma-separated list of names in args[from..to) is well formed: no
 * empty item (V,, w), no stray '=' or '|'. */
bool cmd_names_shape(Cmd *c, size_t from, size_t to);

/* The columns named in args[from..to) (comma-separated), each checked with
 * a located message and a suggestion; NULL after reporting. */
Columns *cmd_columns(Cmd *c, size_t from, size_t to);
/* rows x cols->n values of the columns at every sample of the last run;
 * NULL after reporting one that was not kept (name_loc: where it was named). */
double *cmd_sample(Cmd *c, const Columns *cols, Loc name_loc);
/* "hh.nd  (I_ext=10)": the model and what was set. */
void cmd_plot_title(const Session *s, char *buf, size_t size);
/* How plots name a variable: V[0:4] -> the label of V. */
const char *cmd_var_label(const Session *s, const char *arg);
/* A column's name in a legend ("V (I_ext=2)" for a copy). */
const char *cmd_column_label(const Session *s, const Columns *cols, size_t k, bool with_label,
                             char *buf, size_t size);
/* The parameter that differs between the copies, when exactly one does and
 * it changes monotonically with the copy (an f-I population); else -1. */
int cmd_varying_param(const Session *s);

bool do_plot(Cmd *c);
bool do_phase(Cmd *c);
bool do_raster(Cmd *c);
bool do_rate(Cmd *c);
bool do_heatmap(Cmd *c);
bool do_profile(Cmd *c);
bool do_velocity(Cmd *c);
bool do_fixed(Cmd *c);
bool do_period(Cmd *c);
bool do_sweep(Cmd *c);
bool do_threshold(Cmd *c);
bool do_continue(Cmd *c);
bool do_prc(Cmd *c);
bool do_nullclines(Cmd *c);
bool do_bifurcation(Cmd *c);

#endif
