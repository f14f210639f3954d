/* session.c: a working session with a model; see session.h.  The commands
 * themselves are in session_cmds.c. */
#include "session.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "parse.h"
#include "stdpath.h"

/* The last run's samples are kept up to this many numbers (400 MB). */
#define TRACE_MAX_VALUES 50000000u
/* Model text and one line are refused beyond these sizes (a runaway input). */
enum { MAX_TEXT = 64 << 20, MAX_LINE = 1 << 20 };

void session_init(Session *s, const CommandSet *cmds, Diag *diag, FILE *out,
                  volatile sig_atomic_t *interrupt)
{
  memset(s, 0, sizeof *s);
  s->cmds = cmds;
  workspace_init(&s->ws);
  s->diag = diag;
  s->out = out;
  settings_init(&s->set);
  s->record = record_new(TRACE_MAX_VALUES);
  s->plot = plot_new(out);
  s->interrupt = interrupt;
}

void session_free(Session *s)
{
  plot_free(s->plot);
  record_free(s->record);
  instance_free(s->inst);
  free(s->y);
  free(s->povr);
  free(s->iovr);
  free(s->pending);
  free(s->pending_name);
  settings_free(&s->set);
  workspace_free(&s->ws);
  memset(s, 0, sizeof *s);
}

void session_settings(const Session *s, Settings *out)
{
  settings_defaults(out);
  if (s->ws.model) settings_model_defaults(out, s->ws.model);
  if (s->ws.model) settings_overlay(out, &s->ws.opts);
  settings_overlay(out, &s->set);
}

void session_spec(const Session *s, RunSpec *spec, double *length)
{
  Settings all;
  session_settings(s, &all);
  settings_spec(&all, spec, length);
  settings_free(&all);
}

size_t session_copies(const Session *s)
{
  GridShape shape;
  /* On a domain the copies are its points (a size that cannot be computed is
   * reported when a run starts: grid_shape there). */
  if (s->ws.model && s->ws.model->domain)
    return grid_shape(s->ws.cm, s->povr, s->npovr, &shape, NULL) ? shape.n : 3;
  return settings_has(&s->set, SET_COPIES) ? (size_t)s->set.num[SET_COPIES] : 1;
}

bool session_grid(const Session *s, GridShape *g)
{
  return s->ws.model && s->ws.model->domain && grid_shape(s->ws.cm, s->povr, s->npovr, g, NULL);
}

Instance *session_instance(Session *s)
{
  if (!s->ws.cm) return NULL;
  size_t N = session_copies(s);
  if (!s->inst || s->inst->c != s->ws.cm || s->inst->N != N) {
    instance_free(s->inst);
    s->inst = instance_new(s->ws.cm, N);
  }
  return s->inst;
}

const ParamValues *session_run_params(const Session *s)
{
  const RunRecord *r = s->record;
  return r->nsegs ? &r->segs[r->nsegs - 1].params : NULL;
}

Columns *session_keep_columns(Session *s)
{
  char err[320];
  GridShape g;
  Columns *c = columns_parse(s->ws.model, session_copies(s), session_grid(s, &g) ? &g : NULL,
                             s->set.keep, err, sizeof err);
  if (!c) diag_usage(s->diag, "set keep: %s", err);
  return c;
}

/* ---- keeping state consistent with the model ---------------------------- */

static void forget_state(Session *s)
{
  free(s->y);
  s->y = NULL;
  s->have_state = false;
  s->t_now = 0;
  s->t_origin = 0;
  s->k_now = 0;
  s->grid_dt = 0;
  record_clear(s->record);
}

/* Overrides of names the model no longer has as such are dropped; what
 * happens to each is said when someone is watching. */
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

/* Model text into the workspace: rebuilt at once, or (a file) appended and
 * built later.  Returns 0, 1 after errors, 2 when unfinished. */
static int add_model_text(Session *s, const char *text, const char *name, int first_line,
                          bool replace, bool build)
{
  size_t nold;
  char **old = state_names(s->ws.model, &nold);
  int rc = workspace_add_text(&s->ws, text, name, first_line, replace, build, s->diag);
  if (rc == 0 && build) model_changed(s, old, nold);
  free_names(old, nold);
  return rc;
}

bool session_finish(Session *s)
{
  if (!s->pending_len) return true;
  int rc = add_model_text(s, s->pending, s->pending_name, s->pending_line, s->seen_command, true);
  s->pending_len = 0;
  return rc == 0;
}

/* Script mode: keep a model line for the next build.  Lines join the
 * pending piece while they follow on from it (the same input, the next line
 * number), so a long model file becomes one Source and one parse. */
static bool keep_pending(Session *s, const char *text, const char *name, int first_line)
{
  size_t n = strlen(text);
  bool follows = s->pending_len && s->pending_name && strcmp(s->pending_name, name) == 0 &&
                 s->pending_next == first_line;
  if (s->pending_len && !follows && !session_finish(s)) return false;
  if (s->pending_len + n > MAX_TEXT) {
    diag_fail(s->diag, "%s: the model text is longer than %d MB; is this a model file?", name,
              MAX_TEXT >> 20);
    return false;
  }
  if (!s->pending_len) {
    free(s->pending_name);
    s->pending_name = xstrdup(name);
    s->pending_line = s->pending_next = first_line;
  }
  GROW(s->pending, s->pending_cap, s->pending_len + n + 2);
  memcpy(s->pending + s->pending_len, text, n);
  s->pending_len += n;
  if (!n || text[n - 1] != '\n') s->pending[s->pending_len++] = '\n';
  s->pending[s->pending_len] = '\0';
  for (size_t i = 0; i < n; i++) s->pending_next += text[i] == '\n';
  if (!n || text[n - 1] != '\n') s->pending_next++;
  return true;
}

/* ---- loading and running -------------------------------------------------- */

bool session_load(Session *s, const char *path)
{
  /* Read the file into a fresh workspace; keep the old one until it works. */
  Workspace old = s->ws;
  CommandMode old_mode = s->mode;
  size_t old_commands = s->ncommands;
  bool old_seen = s->seen_command;
  size_t nold;
  char **old_states = state_names(old.model, &nold);
  workspace_init(&s->ws);
  /* The `set` values are judged against the new model below, not while
   * its text is read. */
  size_t np = s->npovr, ni = s->niovr;
  s->npovr = s->niovr = 0;
  s->mode = COMMANDS_SKIP;
  s->ncommands = 0;
  s->seen_command = false;
  s->pending_len = 0;
  bool missing = false;
  bool ok = session_read_file(s, path, &missing) && session_finish(s);
  if (ok && !s->ws.model) {
    diag_usage(s->diag, "%s defines no model (no equations, parameters or intermediates)", path);
    ok = false;
  }
  size_t skipped = s->ncommands;
  s->npovr = np;
  s->niovr = ni;
  s->mode = old_mode;
  s->ncommands = old_commands;
  s->seen_command = old_seen;
  if (!ok) {
    workspace_free(&s->ws);
    s->ws = old;
    free_names(old_states, nold);
    return false;
  }
  /* The `set` values point into the old text: it lives on with the new. */
  workspace_take_text(&s->ws, &old);
  workspace_free(&old);
  forget_state(s);
  /* What carries over: the settings, and the values set for names that are
   * still parameters or state variables (neurode(1), 'load'). */
  bool was_interactive = s->interactive;
  s->interactive = false; /* dropped ones are listed below instead */
  char dropped[512] = "";
  size_t used = 0;
  for (size_t i = 0; i < np; i++) {
    const Symbol *sym = model_lookup(s->ws.model, s->povr[i].name);
    if (!(sym && sym->kind == SYM_PARAM) && used < sizeof dropped)
      used += (size_t)snprintf(dropped + used, sizeof dropped - used, "%s%s", used ? ", " : "",
                               s->povr[i].name);
  }
  for (size_t i = 0; i < ni; i++) {
    const Symbol *sym = model_lookup(s->ws.model, s->iovr[i].name);
    if (!(sym && sym->kind == SYM_STATE) && used < sizeof dropped)
      used += (size_t)snprintf(dropped + used, sizeof dropped - used, "%s%s", used ? ", " : "",
                               s->iovr[i].name);
  }
  prune_overrides(s, s->povr, &s->npovr, SYM_PARAM);
  prune_overrides(s, s->iovr, &s->niovr, SYM_STATE);
  /* Their names now belong to the new model. */
  for (size_t i = 0; i < s->npovr; i++) s->povr[i].name = model_lookup(s->ws.model, s->povr[i].name)->name;
  for (size_t i = 0; i < s->niovr; i++) s->iovr[i].name = model_lookup(s->ws.model, s->iovr[i].name)->name;
  s->interactive = was_interactive;
  free_names(old_states, nold);
  if (s->interactive) {
    const Model *m = s->ws.model;
    fprintf(s->out, "loaded %s: %zu %s, %zu %s\n", s->ws.path, m->nstates,
            diag_plural(m->nstates, "state", "states"), m->nparams,
            diag_plural(m->nparams, "parameter", "parameters"));
    char kept[1024];
    s->cmds->describe_settings(s, kept, sizeof kept);
    if (kept[0]) fprintf(s->out, "kept from before: %s\n", kept);
    if (dropped[0]) fprintf(s->out, "dropped ('set' of names this model does not have): %s\n", dropped);
    if (skipped)
      fprintf(s->out, "skipped %zu command %s of the file\n", skipped,
              diag_plural(skipped, "line", "lines"));
  }
  return true;
}

void session_reset(Session *s)
{
  forget_state(s);
}

/* How many values a run would keep: refuse a run that cannot fit before it
 * starts, rather than after seconds of computing. */
static bool fits_in_memory(Session *s, const RunSpec *spec, double T, size_t ncols, bool fresh)
{
  double rows;
  if (spec->method->adaptive) rows = floor(T / (spec->dt * (double)spec->every)) + 2;
  else rows = ceil(T / spec->dt - 1e-9) / (double)spec->every + 2;
  double have = fresh ? 0 : (double)record_nrows(s->record);
  size_t max = s->record->rows->max_values;
  double values = (have + rows) * (double)(ncols + 1);
  if (values <= (double)max) return true;
  diag_usage(s->diag, "this run would keep %.0f samples of %zu values: %.3g numbers (%.2g GB), "
                      "more than the %zu million (%.1f GB) a session keeps",
             have + rows, ncols + 1, values, values * 8 / 1e9, max / 1000000,
             (double)max * 8 / 1e9);
  diag_note(s->diag, "keep fewer samples ('set every = %.0f' keeps every %.0fth step), fewer "
                     "values ('set keep = %s' keeps only what you will plot or save), or use "
                     "fewer copies; 'neurode run' writes any size to a file",
            ceil(values / (double)max), ceil(values / (double)max),
            s->ws.model->nstates ? model_state_name(s->ws.model, 0) : "V");
  return false;
}

bool session_run(Session *s, double T, bool cont)
{
  if (!session_finish(s)) return false;
  if (!s->ws.model) {
    diag_usage(s->diag, "there is no model yet: 'load FILE', or type equations such as dV/dt = -V");
    return false;
  }
  if (s->ws.model->nstates == 0) {
    diag_usage(s->diag, "the model has no state variables (no dX/dt = ... equation): "
                        "there is nothing to integrate");
    return false;
  }
  Instance *in = session_instance(s);
  RunSpec spec;
  double length;
  session_spec(s, &spec, &length);
  Settings all;
  session_settings(s, &all);
  SettingError fit;
  bool fits = settings_fit_model(&all, s->ws.model, &fit);
  double seed = all.num[SET_SEED];
  settings_free(&all);
  if (!fits) {
    diag_usage(s->diag, "%s", fit.msg);
    diag_note(s->diag, "%s", fit.hint);
    return false;
  }
  bool fresh = !cont || !s->have_state || !s->y || !s->record->cols;
  /* A continued run adds rows to the samples it continues. */
  Columns *cols = fresh ? session_keep_columns(s) : s->record->cols;
  if (!cols) return false;
  if (!fits_in_memory(s, &spec, T, cols->n, fresh)) {
    if (fresh) columns_free(cols);
    return false;
  }
  size_t dim = in->layout.size;
  double *y0 = xmalloc((dim + 1) * sizeof *y0);
  instance_set_seed(in, seed);
  if (!instance_setup(in, s->povr, s->npovr, s->iovr, s->niovr, y0, s->diag)) {
    free(y0);
    if (fresh) columns_free(cols);
    return false;
  }
  if (fresh) {
    forget_state(s);
    instance_reset_events(in);
    s->y = y0;
    record_start(s->record, cols, in->N);
  } else {
    free(y0);
  }
  /* Fixed steps continue the grid of the run before when they can: the
   * same step, and the last run ended on it. */
  bool on_grid = !fresh && !spec.method->adaptive && spec.dt == s->grid_dt &&
                 s->t_now == s->t_origin + (double)s->k_now * s->grid_dt;
  if (!on_grid) {
    s->t_origin = s->t_now;
    s->k_now = 0;
  }
  spec.t0 = s->t_origin;
  spec.k0 = s->k_now;
  spec.t_end = s->t_now + T;
  spec.interrupt = s->interrupt;
  spec.write_initial = fresh;
  spec.progress = s->progress;
  spec.progress_ctx = s->progress_ctx;
  spec.spikes = &s->record->spikes.sink;
  record_segment(s->record, in);
  RunResult r = driver_run(in, &spec, s->y, cols, record_sink(s->record), s->diag);
  s->have_state = true;
  s->t_now = r.t;
  s->grid_dt = spec.dt;
  s->k_now = r.k;
  if (r.status == RUN_INTERRUPTED) {
    diag_info(s->diag, "interrupted at t = %.10g; the %zu %s so far are kept", r.t,
              record_nrows(s->record), diag_plural(record_nrows(s->record), "sample", "samples"));
    return s->interactive;
  }
  if (r.status != RUN_DONE) return false;
  if (s->interactive && s->diag->before_message) s->diag->before_message(s->diag->before_ctx);
  if (s->interactive)
    fprintf(s->out, "t = %.10g (%zu %s, %lu %s)\n", s->t_now, record_nrows(s->record),
            diag_plural(record_nrows(s->record), "sample", "samples"), r.steps,
            diag_plural(r.steps, "step", "steps"));
  return true;
}

/* ---- lines -------------------------------------------------------------- */

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
  bool as_file = script && !s->interactive;
  if (blank_or_comment(text)) {
    /* Inside a model piece, keep the line so line numbers stay right. */
    if (as_file && s->pending_len) return keep_pending(s, text, src_name, first_line) ? LINE_OK : LINE_ERROR;
    return LINE_OK;
  }
  const char *suggestion = NULL;
  switch (s->cmds->classify(s, text, &suggestion)) {
  case LINE_IS_COMMAND: {
    if (!session_finish(s)) return LINE_ERROR;
    s->seen_command = true;
    s->ncommands++;
    if (s->mode == COMMANDS_SKIP) return LINE_OK;
    Source *src = source_from_chunk(src_name, text, first_line);
    workspace_adopt_source(&s->ws, src); /* `set` expressions point into it */
    return s->cmds->run(s, src, s->mode == COMMANDS_CHECK) ? LINE_OK : LINE_ERROR;
  }
  case LINE_IS_UNKNOWN_COMMAND: {
    Source *src = source_from_chunk(src_name, text, first_line);
    workspace_adopt_source(&s->ws, src);
    const char *p = src->text;
    while (*p == ' ' || *p == '\t') p++;
    size_t w = strspn(p, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_");
    Loc loc = {(uint32_t)(p - src->text), (uint32_t)(p - src->text + w)};
    diag_error(s->diag, src, loc, "unknown command '%.*s' (did you mean '%s'?)", (int)w, p,
               suggestion);
    diag_note(s->diag, "'help' lists the commands; model text is written NAME = ..., "
                       "dX/dt = ..., param NAME = ...");
    return LINE_ERROR;
  }
  case LINE_IS_MODEL:
    break;
  }
  if (parse_incomplete(text, strlen(text))) return LINE_INCOMPLETE;
  /* Scripts read model lines like a file until their first command. */
  if (as_file) return keep_pending(s, text, src_name, first_line) ? LINE_OK : LINE_ERROR;
  int rc = add_model_text(s, text, src_name, first_line, true, true);
  return rc == 2 ? LINE_INCOMPLETE : rc == 0 ? LINE_OK : LINE_ERROR;
}

bool session_read_file(Session *s, const char *name, bool *missing)
{
  *missing = false;
  char *path = strcmp(name, "-") == 0 ? xstrdup("-") : stdpath_resolve(name);
  if (!path) {
    int e = errno;
    diag_fail(s->diag, "cannot open model '%s': %s", name, strerror(e));
    if (!strchr(name, '/')) {
      char dirs[2048];
      stdpath_describe(dirs, sizeof dirs);
      diag_note(s->diag, "models are looked for by name in %s", dirs);
      char best[256];
      if (stdpath_closest(name, best, sizeof best)) diag_note(s->diag, "did you mean '%s'?", best);
    }
    *missing = true;
    return false;
  }
  Source *src = strcmp(path, "-") == 0 ? source_from_stream(stdin, "<stdin>", MAX_TEXT)
                                       : source_from_file(path, path, MAX_TEXT);
  if (!src) {
    if (errno == EFBIG)
      diag_fail(s->diag, "cannot read '%s': it is larger than %d MB; is it a model file?", path,
                MAX_TEXT >> 20);
    else
      diag_fail(s->diag, "cannot read model '%s': %s", path, strerror(errno));
    free(path);
    *missing = true;
    return false;
  }
  free(s->ws.path);
  s->ws.path = path;
  /* A file reads like a file (model lines gathered, a duplicate is an
   * error) also in an interactive session (load, -i). */
  bool was_interactive = s->interactive;
  s->interactive = false;
  /* Physical lines into logical ones, as the REPL reads them. */
  const char *t = src->text;
  size_t start = 0, first = 0;
  int line = 1, first_line = 1;
  bool ok = true;
  char *buf = NULL;
  size_t cap = 0;
  while (ok && start < src->len) {
    size_t eol = start;
    while (eol < src->len && t[eol] != '\n') eol++;
    if (eol - start > MAX_LINE) {
      diag_fail(s->diag, "%s:%d: the line is longer than %d MB", src->name, line, MAX_LINE >> 20);
      ok = false;
      break;
    }
    size_t n = eol - first;
    GROW(buf, cap, n + 2);
    memcpy(buf, t + first, n);
    buf[n] = '\n';
    buf[n + 1] = '\0';
    LineResult r = session_line(s, buf, src->name, first_line, true);
    line++;
    start = eol + 1;
    if (r == LINE_INCOMPLETE) continue;
    if (r == LINE_ERROR) ok = false;
    first = start;
    first_line = line;
  }
  if (ok && first < src->len) {
    /* The file ends inside a statement: let the parser say where. */
    Source *rest = source_from_chunk(src->name, t + first, first_line);
    Ast ast;
    ast_init(&ast);
    int before = s->diag->errors;
    parse_model(rest, &ast, s->diag, NULL);
    if (s->diag->errors == before)
      diag_usage(s->diag, "%s: the file ends inside an unfinished statement", src->name);
    ast_free(&ast);
    source_free(rest);
    ok = false;
  }
  free(buf);
  source_free(src);
  if (ok) ok = session_finish(s);
  s->interactive = was_interactive;
  return ok;
}
