/* session_cmds.h: the commands of the REPL and of scripts, as a const table.
 * Adding a command is one row and one handler; `help` and TAB completion
 * read the same table. */
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
/* Run the command line in src; false after reporting an error. */
bool command_run(Session *s, const Source *src);

/* Words `set` accepts besides the model's names. */
extern const char *const session_option_names[];
extern const size_t session_option_count;

#endif
