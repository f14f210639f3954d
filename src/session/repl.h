/* repl.h: reading a session's lines -- from a person at a terminal (GNU
 * readline: editing, history, completion, Ctrl-C, a progress bar during
 * long runs; an unfinished statement continues on the next line until an
 * empty line ends it), or from a script or a pipe (no prompts, stop at the
 * first error).
 * Both return the exit status: 0, 1 after a runtime error, 2 after an error
 * in the model or a command. */
#ifndef NEURODE_REPL_H
#define NEURODE_REPL_H

#include <stdio.h>

#include "session.h"

int repl_interactive(Session *s);
int repl_script(Session *s, FILE *in, const char *name);

/* The flag Ctrl-C sets (the session's interrupt). */
extern volatile sig_atomic_t repl_interrupt;

#endif
