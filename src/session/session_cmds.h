/* session_cmds.h: the commands of the REPL and of scripts, as a const table.
 * Adding a command is one row and one handler; `help`, TAB completion and
 * the line classifier read the same table.
 *
 * A handler runs in one of three modes.  It always reads its arguments
 * first (their shape: how many, numbers, separators) and stops there when
 * only the syntax is asked for -- that is how a line is told to be a command
 * rather than model text.  It then checks them against the model (names,
 * options) and stops there under `neurode check`.  Only then does it act. */
#ifndef NEURODE_SESSION_CMDS_H
#define NEURODE_SESSION_CMDS_H

#include <stdbool.h>
#include <stddef.h>

#include "session.h"
#include "source.h"

/* What TAB completes in a command's arguments. */
typedef enum {
  COMPLETE_NONE,
  COMPLETE_COMMANDS,  /* help */
  COMPLETE_SETTABLE,  /* set: parameters, states, options */
  COMPLETE_VARIABLES, /* plot: states, intermediates, parameters, 'vs' */
  COMPLETE_STATES,    /* phase: state variables */
  COMPLETE_STATES_OR_FILES,  /* raster: states; files when no name matches */
  COMPLETE_SERIES_OR_FILES,  /* heatmap: states, intermediates; else files */
  COMPLETE_MODELS,    /* load: models on the search path (no .nd), files */
  COMPLETE_FILE_THEN_VARS,   /* save: a file, then states, intermediates, params */
  COMPLETE_FILES,     /* file names */
  COMPLETE_OUTPUT,    /* output: window, dumb, files */
  COMPLETE_SHOW       /* show: params, vars, options, model */
} CompleteKind;

typedef struct Cmd Cmd;

typedef struct Command {
  const char *name;
  const char *usage;
  const char *summary; /* one line for `help` */
  const char *help;    /* the rest of `help NAME` */
  bool (*run)(Cmd *c);
  CompleteKind complete;
} Command;

extern const Command command_table[];
extern const size_t command_count;

const Command *command_find(const char *name);

/* The session's view of the commands (session.h): the line classifier
 * (see LineKind), running or checking a command line, and describing what
 * `set` changed ("" when nothing). */
extern const CommandSet command_set;

#endif
