/* workspace.c: a session's model text and its compiled form; see workspace.h. */
#include "workspace.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "parse.h"
#include "stdpath.h"

void workspace_init(Workspace *w)
{
  memset(w, 0, sizeof *w);
}

void workspace_free(Workspace *w)
{
  system_free(w->sys);
  model_free(w->model);
  for (size_t i = 0; i < w->nasts; i++) {
    ast_free(w->asts[i]);
    free(w->asts[i]);
  }
  for (size_t i = 0; i < w->nsrcs; i++) source_free(w->srcs[i]);
  free(w->asts);
  free(w->srcs);
  free(w->stmts);
  free(w->path);
  memset(w, 0, sizeof *w);
}

void workspace_adopt_source(Workspace *w, Source *src)
{
  GROW(w->srcs, w->srcs_cap, w->nsrcs + 1);
  w->srcs[w->nsrcs++] = src;
}

Ast *workspace_new_ast(Workspace *w)
{
  Ast *ast = xmalloc(sizeof *ast);
  ast_init(ast);
  GROW(w->asts, w->asts_cap, w->nasts + 1);
  w->asts[w->nasts++] = ast;
  return ast;
}

int workspace_load_file(Workspace *w, const char *name, Diag *diag)
{
  char *path = stdpath_resolve(name);
  if (!path) {
    diag_fail(diag, "cannot open model '%s': %s", name, strerror(errno));
    if (!strchr(name, '/'))
      diag_note(diag, "models are also looked for in $NEURODE_PATH and %s", stdpath_stdlib_dir());
    return EXIT_RUNTIME;
  }
  Source *src = source_from_file(path, path);
  if (!src) {
    diag_fail(diag, "cannot read model '%s': %s", path, strerror(errno));
    free(path);
    return EXIT_RUNTIME;
  }
  workspace_adopt_source(w, src);
  Ast *ast = workspace_new_ast(w);
  if (!parse_model(src, ast, diag, NULL)) {
    free(path);
    return EXIT_USAGE;
  }
  w->nstmts = 0;
  for (size_t i = 0; i < ast->n; i++) {
    GROW(w->stmts, w->stmts_cap, w->nstmts + 1);
    w->stmts[w->nstmts++] = ast->stmts[i];
  }
  free(w->path);
  w->path = path;
  return 0;
}

bool workspace_build(Workspace *w, Diag *diag)
{
  Model *m = model_build(w->stmts, w->nstmts, diag);
  if (!m) return false;
  System *s = system_new(m, diag);
  if (!s) {
    model_free(m);
    return false;
  }
  system_free(w->sys);
  model_free(w->model);
  w->model = m;
  w->sys = s;
  return true;
}
