/* session.c: a working session with a model; see session.h.  The commands
 * themselves are in session_cmds.c. */
#include "session.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "session_cmds.h"

/* The last run's samples are kept up to this many numbers (400 MB). */
#define TRACE_MAX_VALUES 50000000u

void session_init(Session *s, Diag *diag, FILE *out, volatile sig_atomic_t *interrupt)
{
  memset(s, 0, sizeof *s);
  workspace_init(&s->ws);
  s->diag = diag;
  s->out = out;
  s->set.n = 1;
  s->trace = trace_new(TRACE_MAX_VALUES);
  s->plot = plot_new(out);
  s->interrupt = interrupt;
}

void session_free(Session *s)
{
  plot_free(s->plot);
  trace_free(s->trace);
  free(s->y);
  free(s->povr);
  free(s->iovr);
  workspace_free(&s->ws);
  memset(s, 0, sizeof *s);
}

void session_spec(const Session *s, RunSpec *spec, double *length)
{
  const Settings *st = &s->set;
  run_defaults(s->ws.model ? &s->ws.model->opts : NULL, spec, length);
  if (st->has_t_end) *length = st->t_end;
  if (st->has_dt) spec->dt = st->dt;
  if (st->has_rtol) spec->rtol = st->rtol;
  if (st->has_atol) spec->atol = st->atol;
  if (st->has_every) spec->every = st->every;
  if (st->has_method) spec->method = st->method;
}

/* ---- keeping state consistent with the model ---------------------------- */

static void forget_state(Session *s)
{
  free(s->y);
  s->y = NULL;
  s->have_state = false;
  s->t_now = 0;
  trace_clear(s->trace);
}

/* Overrides of names the model no longer has as such are dropped. */
static void prune_overrides(Session *s, Override *o, size_t *n, SymKind kind)
{
  size_t k = 0;
  for (size_t i = 0; i < *n; i++) {
    const Symbol *sym = model_lookup(s->ws.model, o[i].name);
    if (sym && sym->kind == kind) o[k++] = o[i];
    else if (s->interactive)
      fprintf(s->out, "note: 'set %s' no longer applies and was dropped\n", o[i].name);
  }
  *n = k;
}

/* After the model changed: the state carries over only if the state
 * variables are the same. */
static void model_changed(Session *s, char **old_states, size_t nold)
{
  const Model *m = s->ws.model;
  bool same = nold == m->nstates;
  for (size_t i = 0; same && i < nold; i++) same = strcmp(old_states[i], m->states[i]->name) == 0;
  if (!same && s->have_state) {
    if (s->interactive)
      fprintf(s->out, "note: the state variables changed; the next run starts from the "
                      "initial values\n");
    forget_state(s);
  }
  prune_overrides(s, s->povr, &s->npovr, SYM_PARAM);
  prune_overrides(s, s->iovr, &s->niovr, SYM_STATE);
}

static char **state_names(const Model *m, size_t *n)
{
  *n = m ? m->nstates : 0;
  char **names = xmalloc((*n + 1) * sizeof *names);
  for (size_t i = 0; i < *n; i++) names[i] = xstrdup(m->states[i]->name);
  return names;
}

static void free_names(char **names, size_t n)
{
  for (size_t i = 0; i < n; i++) free(names[i]);
  free(names);
}

bool session_load(Session *s, const char *path)
{
  Workspace fresh;
  workspace_init(&fresh);
  if (workspace_load_file(&fresh, path, session_is_command, s->diag) != 0 ||
      !workspace_build(&fresh, s->diag)) {
    workspace_free(&fresh);
    return false;
  }
  workspace_free(&s->ws);
  s->ws = fresh;
  s->model_pending = false;
  s->npovr = s->niovr = 0;
  forget_state(s);
  if (s->interactive)
    fprintf(s->out, "loaded %s: %zu state%s, %zu parameter%s\n", s->ws.path, s->ws.model->nstates,
            s->ws.model->nstates == 1 ? "" : "s", s->ws.model->nparams,
            s->ws.model->nparams == 1 ? "" : "s");
  return true;
}

bool session_finish(Session *s)
{
  if (!s->model_pending) return true;
  size_t nold;
  char **old = state_names(s->ws.model, &nold);
  bool ok = workspace_build(&s->ws, s->diag);
  s->model_pending = false;
  if (ok) model_changed(s, old, nold);
  free_names(old, nold);
  return ok;
}

void session_reset(Session *s)
{
  forget_state(s);
}

bool session_run(Session *s, double T, bool cont)
{
  if (!session_finish(s)) return false;
  if (!s->ws.model) {
    diag_fail(s->diag, "there is no model yet: 'load FILE', or type equations such as dV/dt = -V");
    return false;
  }
  System *sys = s->ws.sys;
  size_t n = s->set.n, dim = sys->nstates * n;
  double *y0 = xmalloc((dim + 1) * sizeof *y0);
  if (!system_setup(sys, n, s->povr, s->npovr, s->iovr, s->niovr, y0, s->diag)) {
    free(y0);
    return false;
  }
  bool fresh = !cont || !s->have_state || !s->y;
  if (fresh) {
    forget_state(s);
    s->y = y0;
  } else {
    free(y0);
  }
  char err[320];
  Columns *cols = columns_parse(s->ws.model, n, NULL, err, sizeof err);
  RunSpec spec;
  double length;
  session_spec(s, &spec, &length);
  spec.t0 = s->t_now;
  spec.t_end = s->t_now + T;
  spec.interrupt = s->interrupt;
  spec.write_initial = fresh;
  spec.progress = s->progress;
  spec.progress_ctx = s->progress_ctx;
  if (s->interrupt) *s->interrupt = 0;
  RunResult r = driver_run(sys, &spec, s->y, cols, trace_sink(s->trace), s->diag);
  columns_free(cols);
  s->have_state = true;
  s->t_now = r.t;
  if (r.status == RUN_INTERRUPTED) {
    fprintf(stderr, "interrupted at t = %.10g; the %zu samples so far are kept\n", r.t,
            s->trace->nrows);
    return s->interactive;
  }
  if (r.status != RUN_DONE) return false;
  if (s->interactive)
    fprintf(s->out, "t = %.10g (%zu samples, %lu steps)\n", s->t_now, s->trace->nrows, r.steps);
  return true;
}

/* ---- lines -------------------------------------------------------------- */

bool session_is_command(const char *text)
{
  const char *p = text;
  while (*p == ' ' || *p == '\t') p++;
  const char *w = p;
  while (isalnum((unsigned char)*p) || *p == '_') p++;
  if (p == w) return false;
  char word[32];
  snprintf(word, sizeof word, "%.*s", (int)(p - w), w);
  if (!command_find(word)) return false;
  while (*p == ' ' || *p == '\t') p++;
  /* "plot = 3" or "phase(x) = ..." define names; they are model text. */
  return !(*p == '=' && p[1] != '=') && *p != '(' && *p != '\'';
}

static bool blank_or_comment(const char *text)
{
  for (const char *p = text; *p; p++) {
    if (*p == '#') return true;
    if (!isspace((unsigned char)*p)) return false;
  }
  return true;
}

LineResult session_line(Session *s, const char *text, const char *src_name, int first_line,
                        bool script)
{
  if (blank_or_comment(text)) return LINE_OK;
  if (session_is_command(text)) {
    if (!session_finish(s)) return LINE_ERROR;
    Source *src = source_from_chunk(src_name, text, first_line);
    workspace_adopt_source(&s->ws, src); /* `set` expressions point into it */
    return command_run(s, src) ? LINE_OK : LINE_ERROR;
  }
  /* Model text.  Scripts read like files until their first command. */
  bool as_file = script && (s->model_pending || !s->ws.model);
  size_t nold;
  char **old = state_names(s->ws.model, &nold);
  int rc = workspace_add_text(&s->ws, text, src_name, first_line, !as_file, !as_file, s->diag);
  if (rc == 0 && as_file) s->model_pending = true;
  if (rc == 0 && !as_file) model_changed(s, old, nold);
  free_names(old, nold);
  return rc == 2 ? LINE_INCOMPLETE : rc == 0 ? LINE_OK : LINE_ERROR;
}
