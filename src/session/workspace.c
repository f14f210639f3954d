/* workspace.c: a session's model text and its compiled form; see workspace.h. */
#include "workspace.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "parse.h"
#include "stdpath.h"

void workspace_init(Workspace *w)
{
  memset(w, 0, sizeof *w);
}

void workspace_free(Workspace *w)
{
  settings_free(&w->opts);
  compiled_unref(w->cm);
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

static bool stmt_defines(const Stmt *s)
{
  return s->kind == ST_PARAM || s->kind == ST_FUNC || s->kind == ST_ASSIGN || s->kind == ST_DERIV ||
         s->kind == ST_TABLE;
}

/* Statements that define the same thing: a later one replaces the earlier. */
static bool same_slot(const Stmt *a, const Stmt *b)
{
  if (!a->name || !b->name) {
    /* Events are named by their condition: typing it again replaces one.
     * A model has one refractory period. */
    if (a->kind == ST_REFRACTORY && b->kind == ST_REFRACTORY) return true;
    if (a->kind != ST_EVENT || b->kind != ST_EVENT) return false;
    Loc la = a->value->loc, lb = b->value->loc;
    return la.end - la.start == lb.end - lb.start &&
           memcmp(a->src->text + la.start, b->src->text + lb.start, la.end - la.start) == 0;
  }
  if (strcmp(a->name, b->name) != 0) return false;
  bool def_a = stmt_defines(a), def_b = stmt_defines(b);
  return def_a ? def_b : a->kind == b->kind;
}

/* ---- use: another file's parameters and functions -------------------------- */

enum { MAX_USE_DEPTH = 8 };

/* Where `use NAME` is found: beside the file that says it, then by name
 * (stdpath.h) -- so a model next to its own library of rates finds it, and
 * `use hh` finds the stdlib's. */
static char *use_path(const Stmt *st)
{
  const char *name = st->text, *from = st->src->name;
  const char *slash = strrchr(from, '/');
  if (name[0] != '/' && slash) {
    size_t dir = (size_t)(slash - from) + 1;
    for (int ext = 0; ext < 2; ext++) {
      char *p = xmalloc(dir + strlen(name) + 4);
      memcpy(p, from, dir);
      strcpy(p + dir, name);
      if (ext) strcat(p, ".nd");
      FILE *f = fopen(p, "r");
      if (f) {
        fclose(f);
        return p;
      }
      free(p);
    }
  }
  return stdpath_resolve(name);
}

static bool defines(const Stmt *st)
{
  return st->kind == ST_PARAM || st->kind == ST_FUNC;
}

/* The parameters and functions of the file a use statement names (and of
 * the files it uses), appended to *out. */
static bool read_use(Workspace *w, const Stmt *use, Stmt ***out, size_t *n, size_t *cap,
                     int depth, Diag *diag)
{
  if (depth >= MAX_USE_DEPTH) {
    diag_error(diag, use->src, use->loc, "'use' nested more than %d deep (do two files use "
               "each other?)", MAX_USE_DEPTH);
    return false;
  }
  char *path = use_path(use);
  Source *src = path ? source_from_file(path, path, (size_t)16 << 20) : NULL;
  if (!src) {
    diag_error(diag, use->src, use->name_loc, "cannot use '%s': %s", use->text,
               strerror(errno ? errno : ENOENT));
    char best[256];
    if (stdpath_closest(use->text, best, sizeof best)) diag_note(diag, "did you mean '%s'?", best);
    else diag_note(diag, "a model is looked for beside this file, then by name in the stdlib");
    free(path);
    return false;
  }
  free(path);
  workspace_adopt_source(w, src);
  Ast *ast = workspace_new_ast(w);
  if (!parse_model(src, ast, diag, NULL)) {
    diag_note_at(diag, use->src, use->loc, "in the file used here");
    return false;
  }
  bool ok = true;
  for (size_t i = 0; i < ast->n && ok; i++) {
    Stmt *st = ast->stmts[i];
    if (st->kind == ST_USE) ok = read_use(w, st, out, n, cap, depth + 1, diag);
    else if (defines(st)) {
      GROW(*out, *cap, *n + 1);
      (*out)[(*n)++] = st;
    }
  }
  return ok;
}

/* A chunk's statements with what its `use` lines bring in front of them;
 * the chunk's own definition of a name wins over a used one. */
static bool with_uses(Workspace *w, const Ast *ast, Stmt ***out, size_t *n, Diag *diag)
{
  size_t cap = 0, nused = 0;
  Stmt **used = NULL;
  bool ok = true;
  for (size_t i = 0; i < ast->n && ok; i++)
    if (ast->stmts[i]->kind == ST_USE) ok = read_use(w, ast->stmts[i], &used, &nused, &cap, 0, diag);
  *n = 0;
  cap = 0;
  *out = NULL;
  for (size_t u = 0; u < nused; u++) {
    bool own = false;
    for (size_t i = 0; i < ast->n && !own; i++)
      own = ast->stmts[i]->name && stmt_defines(ast->stmts[i]) &&
            strcmp(ast->stmts[i]->name, used[u]->name) == 0;
    for (size_t k = 0; k < *n && !own; k++) /* two used files: the later one wins */
      if (strcmp((*out)[k]->name, used[u]->name) == 0) (*out)[k] = used[u], own = true;
    if (own) continue;
    GROW(*out, cap, *n + 1);
    (*out)[(*n)++] = used[u];
  }
  for (size_t i = 0; i < ast->n; i++) {
    GROW(*out, cap, *n + 1);
    (*out)[(*n)++] = ast->stmts[i];
  }
  free(used);
  return ok;
}

int workspace_add_text(Workspace *w, const char *text, const char *name, int first_line,
                       bool replace, bool build, Diag *diag)
{
  Source *src = source_from_chunk(name, text, first_line);
  Ast *ast = xmalloc(sizeof *ast);
  ast_init(ast);
  /* Parse quietly first: an unfinished statement is not an error yet. */
  FILE *null = fopen("/dev/null", "w");
  Diag quiet;
  diag_init(&quiet, null ? null : diag->out);
  bool incomplete = false;
  bool ok = parse_model(src, ast, &quiet, &incomplete);
  if (null) fclose(null);
  if (!ok && incomplete) {
    ast_free(ast);
    free(ast);
    source_free(src);
    return 2;
  }
  if (!ok) {
    /* Again, for the messages. */
    ast_free(ast);
    ast_init(ast);
    parse_model(src, ast, diag, NULL);
  }
  workspace_adopt_source(w, src);
  GROW(w->asts, w->asts_cap, w->nasts + 1);
  w->asts[w->nasts++] = ast;
  if (!ok) return 1;
  Stmt **added;
  size_t nadded;
  if (!with_uses(w, ast, &added, &nadded, diag)) {
    free(added);
    return 1;
  }

  Stmt **saved = xmalloc((w->nstmts + 1) * sizeof *saved);
  size_t nsaved = w->nstmts;
  if (nsaved) memcpy(saved, w->stmts, nsaved * sizeof *saved);
  for (size_t i = 0; i < nadded; i++) {
    Stmt *st = added[i];
    if (replace) {
      size_t k = 0;
      for (size_t j = 0; j < w->nstmts; j++)
        if (!same_slot(w->stmts[j], st)) w->stmts[k++] = w->stmts[j];
      w->nstmts = k;
    }
    GROW(w->stmts, w->stmts_cap, w->nstmts + 1);
    w->stmts[w->nstmts++] = st;
  }
  free(added);
  if (build && !workspace_build(w, diag)) {
    GROW(w->stmts, w->stmts_cap, nsaved + 1);
    if (nsaved) memcpy(w->stmts, saved, nsaved * sizeof *saved);
    w->nstmts = nsaved;
    free(saved);
    return 1;
  }
  free(saved);
  return 0;
}

bool workspace_build(Workspace *w, Diag *diag)
{
  Model *m = model_build(w->stmts, w->nstmts, diag);
  if (!m) return false;
  Settings opts;
  bool ok = settings_from_model(m, &opts, diag);
  Compiled *c = ok ? compiled_new(m, diag) : NULL;
  if (!c) {
    settings_free(&opts);
    model_free(m);
    return false;
  }
  compiled_unref(w->cm);
  settings_free(&w->opts);
  w->cm = c;
  w->model = c->m;
  w->opts = opts;
  return true;
}

void workspace_take_text(Workspace *w, Workspace *from)
{
  for (size_t i = 0; i < from->nsrcs; i++) workspace_adopt_source(w, from->srcs[i]);
  for (size_t i = 0; i < from->nasts; i++) {
    GROW(w->asts, w->asts_cap, w->nasts + 1);
    w->asts[w->nasts++] = from->asts[i];
  }
  from->nsrcs = from->nasts = 0;
}
