/* workspace.h: the model a session is working on -- its text and what was
 * built from it.
 *
 * A Workspace owns every Source and AST it has read (a file, lines typed at
 * the REPL) and keeps the current statement list, in which a later
 * definition of a name replaces the earlier one (REPL) or is an error (file:
 * model_build reports the duplicate).  workspace_build checks the statements
 * and compiles them; on failure the previous model stays. */
#ifndef NEURODE_WORKSPACE_H
#define NEURODE_WORKSPACE_H

#include <stdbool.h>
#include <stddef.h>

#include "ast.h"
#include "diag.h"
#include "model.h"
#include "settings.h"
#include "compiled.h"

typedef struct Workspace {
  Source **srcs;
  size_t nsrcs, srcs_cap;
  Ast **asts;
  size_t nasts, asts_cap;
  Stmt **stmts;
  size_t nstmts, stmts_cap;
  char *path;    /* the file read, or NULL (typed at the prompt) */
  Model *model;  /* NULL until a successful build; owned by cm */
  Compiled *cm;  /* a reference (a past run's record may hold another) */
  Settings opts; /* the model's `option` lines */
} Workspace;

void workspace_init(Workspace *w);
void workspace_free(Workspace *w);

/* Check and compile the current statements.  Returns false after reporting
 * errors; the previous model, if any, is kept. */
bool workspace_build(Workspace *w, Diag *diag);

/* Add model text.  With replace, a definition replaces an earlier one of the
 * same name (the REPL); without, statements are appended (a file: model_build
 * reports duplicates).  With build, the model is rebuilt at once and on
 * failure the statement list is restored.  Returns 0, 1 after reporting
 * errors, or 2 when the text is an unfinished statement (nothing done). */
int workspace_add_text(Workspace *w, const char *text, const char *name, int first_line,
                       bool replace, bool build, Diag *diag);

/* Take over another workspace's Sources and ASTs (what the session's `set`
 * values point into, when a new model replaces it); from keeps its model. */
void workspace_take_text(Workspace *w, Workspace *from);

/* Keep a Source alive as long as the workspace (for --set expressions). */
void workspace_adopt_source(Workspace *w, Source *src);
Ast *workspace_new_ast(Workspace *w);

#endif
