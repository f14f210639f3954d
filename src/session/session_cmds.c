/* session_cmds.c: the command table, the line classifier and the commands
 * that are not plots (those are in cmd_plot.c); see session_cmds.h. */
#include "session_cmds.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "parse.h"
#include "sink.h"

/* ---- arguments ---------------------------------------------------------- */

bool cmd_error(Cmd *c, Loc loc, const char *fmt, ...)
{
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  diag_error(c->diag, c->src, loc, "%s", msg);
  return false;
}

Loc cmd_end_loc(const Cmd *c)
{
  Loc l = {(uint32_t)c->src->len, (uint32_t)c->src->len};
  while (l.start > 0 && isspace((unsigned char)c->src->text[l.start - 1])) l.start--;
  l.end = l.start;
  return l;
}

/* Split the arguments: words, "quoted strings", and ',' '=' '|' alone. */
static bool tokenize(Cmd *c, size_t from)
{
  const char *t = c->src->text;
  size_t i = from, n = c->src->len;
  while (i < n) {
    while (i < n && isspace((unsigned char)t[i])) i++;
    if (i >= n || t[i] == '#') break;
    if (c->nargs == CMD_MAX_ARGS) {
      Loc l = {(uint32_t)i, (uint32_t)n};
      return cmd_error(c, l, "too many arguments");
    }
    Arg *a = &c->args[c->nargs];
    size_t start = i;
    if (t[i] == '"') {
      size_t j = i + 1;
      while (j < n && t[j] != '"' && t[j] != '\n') j++;
      if (j >= n || t[j] != '"') {
        Loc l = {(uint32_t)i, (uint32_t)j};
        return cmd_error(c, l, "unterminated string");
      }
      a->text = arena_strndup(&c->arena, t + i + 1, j - i - 1);
      a->quoted = true;
      i = j + 1;
    } else if (t[i] == ',' || t[i] == '=' || t[i] == '|') {
      a->text = arena_strndup(&c->arena, t + i, 1);
      i++;
    } else {
      /* V@x=2.5 is one word: a position on the domain. */
      while (i < n && !isspace((unsigned char)t[i]) && t[i] != ',' && t[i] != '"' && t[i] != '|' &&
             (t[i] != '=' || memchr(t + start, '@', i - start)))
        i++;
      a->text = arena_strndup(&c->arena, t + start, i - start);
    }
    a->loc.start = (uint32_t)start;
    a->loc.end = (uint32_t)i;
    c->nargs++;
  }
  return true;
}

bool cmd_no_more_args(Cmd *c, size_t used)
{
  if (c->nargs > used)
    return cmd_error(c, c->args[used].loc, "unexpected '%s'; usage: %s", c->args[used].text,
                     c->cmd->usage);
  return true;
}

bool cmd_need_model(Cmd *c)
{
  if (c->s->ws.model) return true;
  return cmd_error(c, c->name_loc, "there is no model yet: 'load FILE', or type equations such as "
                                   "dV/dt = -V");
}

bool cmd_need_samples(Cmd *c)
{
  if (!cmd_need_model(c)) return false;
  if (c->mode != CMD_RUN || record_nrows(c->s->record) > 0) return true;
  return cmd_error(c, c->name_loc, "nothing to %s yet: 'run' the model first",
                   strcmp(c->cmd->name, "save") == 0 ? "save" : "plot");
}

bool cmd_names_shape(Cmd *c, size_t from, size_t to)
{
  bool want_name = true;
  for (size_t i = from; i < to; i++) {
    const char *t = c->args[i].text;
    bool comma = strcmp(t, ",") == 0;
    if (strcmp(t, "=") == 0 || strcmp(t, "|") == 0)
      return cmd_error(c, c->args[i].loc, "unexpected '%s'; usage: %s", t, c->cmd->usage);
    if (comma == want_name)
      return cmd_error(c, c->args[i].loc, comma ? "a variable is missing before this ','"
                                                : "a ',' is missing before '%s'", t);
    want_name = comma;
  }
  if (want_name && to > from)
    return cmd_error(c, c->args[to - 1].loc, "a variable is missing after this ','");
  return true;
}

static bool parse_positive(const char *s, double *v)
{
  char *end;
  errno = 0;
  *v = strtod(s, &end);
  return *s && !*end && errno == 0 && isfinite(*v) && *v > 0 && !strpbrk(s, "xXnN");
}

/* ---- the commands ------------------------------------------------------- */

static bool do_load(Cmd *c)
{
  if (c->nargs != 1)
    return cmd_error(c, c->nargs ? c->args[1].loc : cmd_end_loc(c), "usage: %s", c->cmd->usage);
  if (c->mode == CMD_SYNTAX) return true;
  return session_load(c->s, c->args[0].text);
}

static bool do_run(Cmd *c)
{
  Session *s = c->s;
  if (!cmd_no_more_args(c, 1)) return false;
  double T = 0;
  bool cont = false;
  if (c->nargs == 1) {
    const char *v = c->args[0].text;
    if (*v == '+') cont = true, v++;
    if (!parse_positive(v, &T))
      return cmd_error(c, c->args[0].loc, "expected a duration, e.g. 'run 200', or 'run +50' "
                                          "to continue from the current state");
  }
  if (c->mode == CMD_SYNTAX) return true;
  if (!cmd_need_model(c)) return false;
  if (c->mode == CMD_CHECK) return true;
  if (c->nargs == 0) {
    RunSpec spec;
    session_spec(s, &spec, &T);
  }
  return session_run(s, T, cont);
}

static bool do_reset(Cmd *c)
{
  if (!cmd_no_more_args(c, 0)) return false;
  if (c->mode != CMD_RUN) return true;
  session_reset(c->s);
  if (c->s->interactive) fprintf(c->s->out, "t = 0, no samples\n");
  return true;
}

/* set NAME = EXPR for a parameter or an initial value. */
static bool set_override(Cmd *c, const Symbol *sym, size_t eq_arg)
{
  Session *s = c->s;
  Override **list = sym->kind == SYM_PARAM ? &s->povr : &s->iovr;
  size_t *n = sym->kind == SYM_PARAM ? &s->npovr : &s->niovr;
  size_t *cap = sym->kind == SYM_PARAM ? &s->povr_cap : &s->iovr_cap;
  Ast *ast = workspace_new_ast(&s->ws);
  const Expr *e = parse_expr(c->src, c->args[eq_arg].loc.end, &ast->arena, c->diag);
  if (!e) return false;
  size_t i = 0;
  while (i < *n && strcmp((*list)[i].name, sym->name) != 0) i++;
  Override old = {0};
  bool had = i < *n;
  if (had) old = (*list)[i];
  else {
    GROW(*list, *cap, *n + 1);
    (*n)++;
  }
  (*list)[i].name = sym->name;
  (*list)[i].value = e;
  (*list)[i].src = c->src;
  /* Check it now, so a bad value is refused here and not at the next run. */
  Instance *in = session_instance(s);
  double *scratch = xmalloc((in->layout.size + 1) * sizeof *scratch);
  bool ok = instance_setup(in, s->povr, s->npovr, s->iovr, s->niovr, scratch, c->diag);
  free(scratch);
  if (!ok || c->mode == CMD_CHECK) {
    /* Checked, not kept (check mode), or refused. */
    if (!ok || c->mode == CMD_CHECK) {
      if (had) (*list)[i] = old;
      else (*n)--;
    }
  }
  return ok;
}

static bool do_set(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs < 3 || strcmp(c->args[1].text, "=") != 0)
    return cmd_error(c, c->nargs ? c->args[c->nargs > 1 ? 1 : 0].loc : cmd_end_loc(c),
                     "usage: %s", c->cmd->usage);
  const char *name = c->args[0].text;
  Loc nloc = c->args[0].loc;
  if (c->mode == CMD_SYNTAX) return true;
  if (!session_finish(s)) return false;
  const Symbol *sym = s->ws.model ? model_lookup(s->ws.model, name) : NULL;
  if (sym && (sym->kind == SYM_PARAM || sym->kind == SYM_STATE)) return set_override(c, sym, 1);
  if (sym)
    return cmd_error(c, nloc, "'%s' is %s; redefine it by typing its equation", name,
                     sym->kind == SYM_INTER ? "an intermediate" : "a function");
  const SettingDef *d = setting_find(name, false);
  if (!d || !(d->where & IN_SET)) {
    const char *cands[512];
    size_t nc = 0;
    for (int i = 0; i < SETTING__COUNT; i++)
      if (setting_table[i].where & IN_SET) cands[nc++] = setting_table[i].name;
    for (size_t i = 0; s->ws.model && i < s->ws.model->nsyms && nc < 512; i++)
      if (s->ws.model->syms[i].kind == SYM_PARAM || s->ws.model->syms[i].kind == SYM_STATE)
        cands[nc++] = s->ws.model->syms[i].name;
    const char *best = diag_closest(name, cands, nc);
    cmd_error(c, nloc, "cannot set '%s': it is not a parameter, a state variable or a setting",
              name);
    char names[256];
    setting_names(IN_SET, names, sizeof names);
    if (best) diag_note(c->diag, "did you mean '%s'?", best);
    else diag_note(c->diag, "settings: %s", names);
    return false;
  }
  /* The value: one word, or (keep) the rest of the line. */
  size_t vstart = c->args[2].loc.start, vend = c->args[c->nargs - 1].loc.end;
  if (d->kind != SK_VARS && !cmd_no_more_args(c, 3)) return false;
  char *text = arena_strndup(&c->arena, c->src->text + vstart, vend - vstart);
  if (c->args[2].quoted && c->nargs == 3) text = c->args[2].text;
  Settings trial;
  settings_init(&trial);
  settings_copy(&trial, &s->set);
  char label[64];
  snprintf(label, sizeof label, "'%s'", name);
  SettingError err;
  if (!setting_parse(&trial, d, text, label, &err)) {
    settings_free(&trial);
    Loc vloc = {(uint32_t)vstart, (uint32_t)vend};
    cmd_error(c, vloc, "%s", err.msg);
    if (err.hint[0]) diag_note(c->diag, "%s", err.hint);
    return false;
  }
  if (d->kind == SK_VARS && trial.keep && s->ws.model) {
    char cerr[320];
    GridShape g;
    Columns *cols = columns_parse(s->ws.model, session_copies(s), session_grid(s, &g) ? &g : NULL,
                                  trial.keep, cerr, sizeof cerr);
    if (!cols) {
      settings_free(&trial);
      Loc vloc = {(uint32_t)vstart, (uint32_t)vend};
      return cmd_error(c, vloc, "%s", cerr);
    }
    columns_free(cols);
  }
  if (c->mode == CMD_CHECK) {
    /* Later lines are checked against what this one sets. */
    settings_free(&s->set);
    s->set = trial;
    return true;
  }
  bool new_size = d->id == SET_COPIES &&
                  (size_t)trial.num[SET_COPIES] != session_copies(s);
  settings_free(&s->set);
  s->set = trial;
  if (new_size) session_reset(s); /* a population of another size starts afresh */
  return true;
}

/* "copies = 5000, dt = 0.1, I_ext = 10": what `set` changed. */
static void command_describe_settings(const Session *s, char *buf, size_t size)
{
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; i < SETTING__COUNT && used < size; i++) {
    if (!settings_has(&s->set, (SettingId)i)) continue;
    char v[128];
    setting_format(&s->set, (SettingId)i, v, sizeof v);
    used += (size_t)snprintf(buf + used, size - used, "%s%s = %s", used ? ", " : "",
                             setting_table[i].name, v);
  }
  const Override *lists[2] = {s->povr, s->iovr};
  size_t counts[2] = {s->npovr, s->niovr};
  for (int l = 0; l < 2; l++)
    for (size_t i = 0; i < counts[l] && used < size; i++) {
      const Override *o = &lists[l][i];
      int len = (int)(o->value->loc.end - o->value->loc.start);
      used += (size_t)snprintf(buf + used, size - used, "%s%s = %.*s", used ? ", " : "", o->name,
                               len, o->src->text + o->value->loc.start);
    }
}

static void show_options(Session *s)
{
  Settings all;
  session_settings(s, &all);
  for (int i = 0; i < SETTING__COUNT; i++) {
    const SettingDef *d = &setting_table[i];
    if (!(d->where & IN_SET)) continue;
    char v[128];
    setting_format(&all, d->id, v, sizeof v);
    const char *from = settings_has(&s->set, d->id) ? "set"
                       : s->ws.model && settings_has(&s->ws.opts, d->id) ? "model"
                                                                          : "default";
    fprintf(s->out, "  %-9s = %-14s (%s)\n", d->name, v, from);
  }
  fprintf(s->out, "  %-9s = %s\n", "output", plot_output(s->plot));
  settings_free(&all);
}

static bool is_overridden(const Override *o, size_t n, const char *name)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(o[i].name, name) == 0) return true;
  return false;
}

static bool show_values(Cmd *c, bool params)
{
  Session *s = c->s;
  const Model *m = s->ws.model;
  Instance *in = session_instance(s);
  size_t N = in->N;
  double *y0 = xmalloc((in->layout.size + 1) * sizeof *y0);
  if (!instance_setup(in, s->povr, s->npovr, s->iovr, s->niovr, y0, c->diag)) {
    free(y0);
    return false;
  }
  if (params) {
    for (size_t p = 0; p < m->nparams; p++) {
      fprintf(s->out, "  %-12s = ", m->params[p]->name);
      if (in->params.array[p]) {
        double lo = INFINITY, hi = -INFINITY;
        size_t nan = 0;
        for (size_t k = 0; k < N; k++) {
          double v = in->params.array[p][k];
          if (isnan(v)) nan++;
          else lo = fmin(lo, v), hi = fmax(hi, v);
        }
        if (nan == N) fprintf(s->out, "NaN in every copy");
        else fprintf(s->out, "%.10g .. %.10g over the copies%s", lo, hi, nan ? " (and NaN)" : "");
      } else {
        fprintf(s->out, "%.10g", in->params.scalar[p]);
      }
      fprintf(s->out, "%s\n", is_overridden(s->povr, s->npovr, m->params[p]->name) ? "  (set)" : "");
    }
  } else {
    bool now = s->have_state && s->y;
    const double *y = now ? s->y : y0;
    GridShape g;
    char which[96] = "";
    if (session_grid(s, &g)) /* the first point of a domain */
      snprintf(which, sizeof which, ", at %s = %g", m->domain->name, g.lo);
    else if (N > 1)
      snprintf(which, sizeof which, ", copy 0");
    fprintf(s->out, "  at t = %.10g%s%s\n", now ? s->t_now : 0.0, now ? "" : " (initial values)",
            which);
    for (size_t i = 0; i < m->nstates; i++)
      fprintf(s->out, "  %-12s = %.10g%s\n", m->states[i]->name,
              y[layout_offset(&in->layout, i, 0)],
              !now && is_overridden(s->iovr, s->niovr, m->states[i]->name)
                  ? "  (initial value set)" : "");
    if (m->ninters) {
      size_t *all = xmalloc(m->ninters * sizeof *all);
      for (size_t j = 0; j < m->ninters; j++) all[j] = j;
      Probe *probe = probe_new(in, all, m->ninters);
      double *iv = xmalloc(m->ninters * N * sizeof *iv);
      probe_eval(probe, now ? s->t_now : 0, y, iv);
      for (size_t j = 0; j < m->ninters; j++)
        fprintf(s->out, "  %-12s = %.10g  (intermediate)\n", m->inters[j]->name, iv[j * N]);
      free(iv);
      probe_free(probe);
      free(all);
    }
  }
  free(y0);
  return true;
}

/* The model's statements as text that loads back. */
static void write_model(const Session *s, FILE *out)
{
  for (size_t i = 0; i < s->ws.nstmts; i++) {
    const Stmt *st = s->ws.stmts[i];
    switch (st->kind) {
    case ST_LABEL:
      fprintf(out, "label %s = \"%s\"\n", st->name, st->text);
      continue;
    case ST_PARAM: fputs("param ", out); break;
    case ST_INIT: fputs("init ", out); break;
    case ST_OPTION: fputs("option ", out); break;
    default: break;
    }
    fprintf(out, "%.*s\n", (int)(st->loc.end - st->loc.start), st->src->text + st->loc.start);
  }
}

static bool do_show(Cmd *c)
{
  Session *s = c->s;
  if (!cmd_no_more_args(c, 1)) return false;
  const char *what = c->nargs ? c->args[0].text : "";
  static const char *const whats[] = {"", "options", "params", "vars", "model"};
  size_t k = 0;
  while (k < 5 && strcmp(whats[k], what) != 0) k++;
  if (k == 5) {
    const char *best = diag_closest(what, whats + 1, 4);
    cmd_error(c, c->args[0].loc, "show what? params, vars, options or model");
    if (best) diag_note(c->diag, "did you mean '%s'?", best);
    return false;
  }
  if (c->mode == CMD_SYNTAX) return true;
  if (k >= 2 && !cmd_need_model(c)) return false;
  if (c->mode == CMD_CHECK) return true;
  if (k == 1) {
    show_options(s);
    return true;
  }
  if (!session_finish(s)) return false;
  if (k == 0) {
    if (!s->ws.model) {
      fprintf(s->out, "no model yet; output to %s\n", plot_output(s->plot));
      return true;
    }
    const Model *m = s->ws.model;
    fprintf(s->out, "model %s: %zu %s, %zu %s, %zu %s, %zu %s\n",
            s->ws.path ? s->ws.path : "(typed)", m->nstates,
            diag_plural(m->nstates, "state", "states"), m->nparams,
            diag_plural(m->nparams, "parameter", "parameters"), m->ninters,
            diag_plural(m->ninters, "intermediate", "intermediates"), m->nfuncs,
            diag_plural(m->nfuncs, "function", "functions"));
    RunSpec spec;
    double length;
    session_spec(s, &spec, &length);
    char spikes[64] = "";
    if (model_has_spikes(m))
      snprintf(spikes, sizeof spikes, " and %zu %s", s->record->spikes.n,
               diag_plural(s->record->spikes.n, "spike", "spikes"));
    fprintf(s->out, "t = %.10g, %zu %s%s in memory; method %s, dt %g; output to %s\n", s->t_now,
            record_nrows(s->record), diag_plural(record_nrows(s->record), "sample", "samples"),
            spikes, spec.method->name, spec.dt, plot_output(s->plot));
    return true;
  }
  if (k == 2) return show_values(c, true);
  if (k == 3) return show_values(c, false);
  write_model(s, s->out);
  return true;
}

static bool save_model(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs != 2)
    return cmd_error(c, c->nargs > 2 ? c->args[2].loc : cmd_end_loc(c),
                     "usage: save model FILE");
  if (c->mode == CMD_SYNTAX) return true;
  if (!cmd_need_model(c) || !session_finish(s)) return false;
  if (c->mode == CMD_CHECK) return true;
  char err[320];
  const char *path = c->args[1].text;
  FILE *f = strcmp(path, "-") == 0 ? stdout : fopen(path, "w");
  if (!f) {
    diag_fail(c->diag, "cannot open '%s' for writing: %s", path, strerror(errno));
    return false;
  }
  fprintf(f, "# model saved by neurode from %s\n", s->ws.path ? s->ws.path : "lines typed");
  write_model(s, f);
  char set[1024];
  command_describe_settings(s, set, sizeof set);
  if (set[0]) fprintf(f, "# the session also had: %s\n", set);
  bool ok = fflush(f) == 0 && !ferror(f);
  if (!ok) snprintf(err, sizeof err, "%s", strerror(errno));
  if (f != stdout && fclose(f) != 0 && ok) {
    ok = false;
    snprintf(err, sizeof err, "%s", strerror(errno));
  }
  if (!ok) diag_fail(c->diag, "cannot write '%s': %s", path, err);
  else if (s->interactive && f != stdout)
    fprintf(s->out, "wrote the model (%zu %s) to %s\n", s->ws.nstmts,
            diag_plural(s->ws.nstmts, "statement", "statements"), path);
  return ok;
}

static bool do_save(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs < 1) return cmd_error(c, cmd_end_loc(c), "usage: %s", c->cmd->usage);
  if (strcmp(c->args[0].text, "model") == 0 && !c->args[0].quoted) return save_model(c);
  if (c->nargs > 1 && !cmd_names_shape(c, 1, c->nargs)) return false;
  if (c->mode == CMD_SYNTAX) return true;
  if (!cmd_need_samples(c)) return false;
  Columns *cols;
  if (c->nargs > 1) {
    cols = cmd_columns(c, 1, c->nargs);
  } else {
    char err[320];
    GridShape g;
    cols = columns_parse(s->ws.model, s->record->N, session_grid(s, &g) ? &g : NULL, s->set.keep,
                         err, sizeof err);
  }
  if (!cols) return false;
  if (c->mode == CMD_CHECK) {
    columns_free(cols);
    return true;
  }
  double *v = cmd_sample(c, cols, c->nargs > 1 ? loc_span(c->args[1].loc, c->args[c->nargs - 1].loc)
                                               : c->name_loc);
  if (!v) {
    columns_free(cols);
    return false;
  }
  char err[320];
  Sink *sink = sink_csv_open(c->args[0].text, err, sizeof err);
  if (!sink) {
    columns_free(cols);
    free(v);
    diag_fail(c->diag, "%s", err);
    return false;
  }
  double *row = xmalloc((cols->n + 1) * sizeof *row);
  int rc = sink_begin(sink, (const char *const *)cols->names, cols->n + 1);
  for (size_t r = 0; rc == 0 && r < record_nrows(s->record); r++) {
    row[0] = record_time(s->record, r);
    memcpy(row + 1, v + r * cols->n, cols->n * sizeof *row);
    rc = sink_row(sink, row);
  }
  if (rc == 0) rc = sink_commit(sink);
  if (rc != 0) diag_fail(c->diag, "%s", sink->error);
  else if (s->interactive)
    fprintf(s->out, "wrote %zu %s of t and %zu %s to %s\n", record_nrows(s->record),
            diag_plural(record_nrows(s->record), "row", "rows"), cols->n,
            diag_plural(cols->n, "column", "columns"), c->args[0].text);
  sink_close(sink);
  free(row);
  free(v);
  columns_free(cols);
  return rc == 0;
}

static bool do_output(Cmd *c)
{
  if (c->nargs != 1)
    return cmd_error(c, c->nargs ? c->args[1].loc : cmd_end_loc(c), "usage: %s", c->cmd->usage);
  if (c->mode == CMD_SYNTAX) return true;
  char err[320];
  if (!plot_set_output(c->s->plot, c->args[0].text, err, sizeof err))
    return cmd_error(c, c->args[0].loc, "%s", err);
  if (c->s->interactive && c->mode == CMD_RUN)
    fprintf(c->s->out, "plots go to %s\n", plot_output(c->s->plot));
  return true;
}

/* figure SETTING ...: settings kept by the Plot for every later plot. */
static bool do_figure(Cmd *c)
{
  static const char *const forms[][2] = {
    {"title", "figure title \"TEXT\" | figure title auto"},
    {"xrange", "figure xrange LO HI | figure xrange auto"},
    {"yrange", "figure yrange LO HI | figure yrange auto"},
    {"log", "figure log x | log y | log xy | log off"},
    {"size", "figure size W H"},
    {"reset", "figure reset"},
  };
  enum { TITLE, XRANGE, YRANGE, LOG, SIZE, RESET, NFORMS };
  Plot *p = c->s->plot;
  if (c->nargs == 0) {
    if (c->mode == CMD_RUN) plot_describe_figure(p, c->s->out);
    return true;
  }
  size_t f = 0;
  while (f < NFORMS && strcmp(forms[f][0], c->args[0].text) != 0) f++;
  if (f == NFORMS)
    return cmd_error(c, c->args[0].loc, "no figure setting '%s': title, xrange, yrange, log, "
                                        "size or reset", c->args[0].text);
  const char *usage = forms[f][1];
  bool is_auto = (f == TITLE || f == XRANGE || f == YRANGE) && c->nargs == 2 &&
                 !c->args[1].quoted && strcmp(c->args[1].text, "auto") == 0;
  size_t want = f == RESET ? 1 : f == TITLE || f == LOG || is_auto ? 2 : 3;
  if (c->nargs != want)
    return cmd_error(c, c->nargs > want ? c->args[want].loc : cmd_end_loc(c), "usage: %s", usage);
  double v[2] = {0, 0};
  for (size_t i = 1; want == 3 && i < 3; i++) {
    char *end;
    v[i - 1] = strtod(c->args[i].text, &end);
    if (end == c->args[i].text || *end)
      return cmd_error(c, c->args[i].loc, "expected a number, not '%s'; usage: %s",
                       c->args[i].text, usage);
  }
  if (c->mode == CMD_SYNTAX) return true;
  /* Checked by setting it: a figure setting touches only later plots. */
  char err[320];
  bool ok = true;
  if (f == TITLE) plot_set_title(p, is_auto ? NULL : c->args[1].text);
  else if (f == XRANGE || f == YRANGE)
    ok = plot_set_range(p, f == XRANGE ? 'x' : 'y', is_auto ? NULL : v, err, sizeof err);
  else if (f == LOG) ok = plot_set_log(p, c->args[1].text, err, sizeof err);
  else if (f == SIZE) ok = plot_set_size(p, v[0], v[1], err, sizeof err);
  else plot_reset_figure(p);
  if (!ok)
    return cmd_error(c, loc_span(c->args[1].loc, c->args[c->nargs - 1].loc), "%s; usage: %s", err,
                     usage);
  return true;
}

static bool do_help(Cmd *c)
{
  Session *s = c->s;
  if (!cmd_no_more_args(c, 1)) return false;
  const Command *cmd = NULL;
  if (c->nargs == 1 && !(cmd = command_find(c->args[0].text))) {
    const char *names[64];
    for (size_t i = 0; i < command_count; i++) names[i] = command_table[i].name;
    const char *best = diag_closest(c->args[0].text, names, command_count);
    cmd_error(c, c->args[0].loc, "no command '%s'; 'help' lists them", c->args[0].text);
    if (best) diag_note(c->diag, "did you mean '%s'?", best);
    return false;
  }
  if (c->mode != CMD_RUN) return true;
  if (cmd) {
    fprintf(s->out, "%s\n  %s\n%s", cmd->usage, cmd->summary, cmd->help);
    return true;
  }
  size_t width = 0;
  for (size_t i = 0; i < command_count; i++)
    if (strlen(command_table[i].usage) > width) width = strlen(command_table[i].usage);
  fprintf(s->out, "Commands (help NAME for more):\n");
  for (size_t i = 0; i < command_count; i++)
    fprintf(s->out, "  %-*s  %s\n", (int)width, command_table[i].usage, command_table[i].summary);
  fprintf(s->out, "Anything else is model text: param a = 1, f(x) = ..., I = ..., dV/dt = ..., "
                  "init V = ...\n(a new definition replaces the old one).  Ctrl-C stops a run; "
                  "Ctrl-D quits.\n");
  return true;
}

static bool do_quit(Cmd *c)
{
  if (!cmd_no_more_args(c, 0)) return false;
  if (c->mode == CMD_RUN) c->s->quit = true;
  return true;
}

const Command command_table[] = {
  {"load", "load FILE", "replace the model with a model file",
   "  The file is found like 'neurode run' finds it (path, $NEURODE_PATH, stdlib);\n"
   "  its command lines, if it is a script, are skipped.  Settings made with 'set'\n"
   "  are kept, and so are values set for names the new model still has; the\n"
   "  state and the samples are not.  What is kept and dropped is listed.\n",
   do_load, COMPLETE_MODELS},
  {"run", "run [T | +T]", "run for T time units (default: setting t) from the initial values",
   "  'run +T' continues from the current state and time instead, adding to the\n"
   "  samples; fixed steps stay on the same grid of times.  Ctrl-C stops a run\n"
   "  and keeps what was computed.\n",
   do_run, COMPLETE_NONE},
  {"reset", "reset", "forget the state and the samples: the next run starts at t = 0", "",
   do_reset, COMPLETE_NONE},
  {"set", "set NAME = VALUE", "set a parameter, an initial value, or a setting",
   "  A parameter or an initial value takes an expression of parameters\n"
   "  (set I_ext = 2*gL); it applies from the next run, and to 'run +T'.\n"
   "  Settings ('show options' lists them): t (length of run), dt, method,\n"
   "  rtol, atol, every (keep every K-th step), max_steps, seed, copies (the\n"
   "  size of a population: its parameters and initial values may use i and\n"
   "  N), keep (the variables a run keeps, e.g. 'set keep = V[0:10], m').\n"
   "  A model's own names come first: in a model with a state n, 'set n' is n.\n",
   do_set, COMPLETE_SETTABLE},
  {"show", "show [params|vars|options|model]", "show the model, values and settings",
   "  params: parameter values; vars: the current (or initial) state and\n"
   "  intermediates; options: the settings in force and where they come from;\n"
   "  model: the model's statements, as text that loads back.\n",
   do_show, COMPLETE_SHOW},
  {"plot", "plot Y1[, Y2 ...] [| Y3 ...] [vs X]", "plot variables of the last run against t (or X)",
   "  Variables are states, intermediates or parameters; in a population V[3]\n"
   "  or V[0:5] name copies.  '|' starts another panel below, sharing the x\n"
   "  axis: 'plot V | m, h, n'.\n",
   do_plot, COMPLETE_VARIABLES},
  {"phase", "phase X Y", "phase plane: trajectory, nullclines and direction field",
   "  X and Y are state variables; the others are held at their current values.\n",
   do_phase, COMPLETE_STATES},
  {"raster", "raster [VAR [THRESHOLD] | FILE]", "spike raster of a population, or of a spike list",
   "  Alone, the spikes of the last run's events (on V >= ...), at their exact\n"
   "  times, one row per copy, above the population rate.  With VAR (or for a model without events), the\n"
   "  upward crossings of VAR through THRESHOLD (default: the middle of its\n"
   "  range) between samples.  A FILE holds rows 't, index' or 't, group,\n"
   "  index' (what 'neurode run --spikes' writes).\n",
   do_raster, COMPLETE_STATES_OR_FILES},
  {"rate", "rate [BIN]", "the population's firing rate over time, from the last run's spikes",
   "  Spikes per copy per unit of t in bins of width BIN (default: about 50\n"
   "  bins of a round width; whole steps for a discrete model).\n",
   do_rate, COMPLETE_NONE},
  {"heatmap", "heatmap VAR | FILE", "a population variable over copies and time, or a matrix",
   "  FILE is a CSV of numbers (e.g. a weight matrix), drawn row by row.\n",
   do_heatmap, COMPLETE_SERIES_OR_FILES},
  {"profile", "profile VAR[, VAR ...] [at T]", "variables on a domain against x, at the end of the last run",
   "  'at T': at the last sample at or before T instead (kymograph: 'heatmap V').\n",
   do_profile, COMPLETE_STATES},
  {"velocity", "velocity VAR THRESHOLD X1 X2", "how fast a wave travels from X1 to X2 on a domain",
   "  From the times VAR first rises through THRESHOLD at the grid points\n"
   "  nearest X1 and X2 in the last run's samples (interpolated between them),\n"
   "  in units of x per unit of t (named when the labels of x and t give units).\n",
   do_velocity, COMPLETE_STATES},
  {"fixed", "fixed [VAR LO HI ...]", "the equilibria, their eigenvalues and stability",
   "  Newton's method from a grid of points filling a box of state space: by\n"
   "  default each variable's range over a run of the setting t from the\n"
   "  initial values, widened by half on each side; 'fixed v -3 3' sets v's.\n"
   "  The Jacobian is the equations' own derivative (symbolic); each\n"
   "  equilibrium's eigenvalues give its type (stable or unstable node or\n"
   "  focus, saddle, centre).  'neurode fixed FILE' does the same.\n",
   do_fixed, COMPLETE_STATES},
  {"nullclines", "nullclines X Y [XLO XHI YLO YHI]", "the curves dX/dt = 0 and dY/dt = 0, as CSV",
   "  In the plane of two state variables (the others at their current, or\n"
   "  initial, values), on a 201 x 201 grid of the box (default: around a run\n"
   "  of the setting t): one row per segment, nullcline,x1,y1,x2,y2 -- what\n"
   "  'phase' draws.\n",
   do_nullclines, COMPLETE_STATES},
  {"period", "period VAR [after T]", "the period and amplitude of a limit cycle",
   "  From the initial values: a transient of length T (default: setting t),\n"
   "  then the upward crossings of the middle of VAR's range, located inside\n"
   "  the steps of rk45 at rtol 1e-10; the period is the mean of the last 10\n"
   "  intervals, refused when they differ by more than 1e-6 (not periodic).\n",
   do_period, COMPLETE_STATES},
  {"sweep", "sweep PARAM FROM TO STEP measure M [VAR [THRESHOLD]]", "a measure of runs over a range of a parameter",
   "  One run of the setting t per value (two at a time), from the initial\n"
   "  values; prints CSV.  M: spikes (the model's spike events, or upward\n"
   "  crossings of VAR, default the first state, through THRESHOLD, default\n"
   "  the middle of its range over all the runs), rate (spikes per unit of t\n"
   "  in the second half of each run), max, min, mean, final or period of VAR.\n",
   do_sweep, COMPLETE_SETTABLE},
  {"threshold", "threshold PARAM LO HI measure M [VAR [THRESHOLD]] [tol T]", "where a measure first becomes nonzero",
   "  Bisection of [LO, HI] (the measure 0 at LO, nonzero at HI) until it is\n"
   "  narrower than T (default (HI - LO)/10^4); e.g. the onset of repetitive\n"
   "  firing: 'threshold I_ext 0 20 measure rate tol 0.01'.\n",
   do_threshold, COMPLETE_SETTABLE},
  {"continue", "continue PARAM FROM TO", "follow the equilibria as a parameter changes; Hopf and folds",
   "  From each equilibrium at PARAM = FROM (as 'fixed' finds them), by\n"
   "  pseudo-arclength continuation (round folds) to TO: where it is stable,\n"
   "  and where that changes -- a Hopf bifurcation (a complex pair of\n"
   "  eigenvalues crosses the imaginary axis: its frequency) or a fold (a real\n"
   "  one crosses 0) -- located to 1e-10.  Parameters defined from PARAM keep\n"
   "  their values.\n",
   do_continue, COMPLETE_SETTABLE},
  {"bifurcation", "bifurcation PARAM FROM TO [VAR]", "plot the equilibria against a parameter, and the cycles",
   "  The branch that 'continue' follows (stable solid, unstable dashed, the\n"
   "  bifurcations circled), with the minimum and maximum of VAR (default the\n"
   "  first state) on the periodic orbits found by simulation where the\n"
   "  equilibrium is unstable (30 values of PARAM).\n",
   do_bifurcation, COMPLETE_SETTABLE},
  {"prc", "prc VAR AMOUNT [N]", "the phase response curve of an oscillator",
   "  Phase 0 is an upward crossing of the middle of VAR's range on the limit\n"
   "  cycle (after a transient of the setting t); at N phases (default 20) of\n"
   "  the cycle VAR is kicked by AMOUNT, and the phase shift is read 10 cycles\n"
   "  later (> 0: the kick advanced the cycle).  CSV, and a plot where plots\n"
   "  go to a window or a file.\n",
   do_prc, COMPLETE_STATES},
  {"save", "save PATH [VARS] | save model FILE", "write the last run as CSV, or the model",
   "  Columns: t, then VARS (default: what the run kept), as 'neurode run --vars'.\n"
   "  'save model FILE' writes the model's statements (typed ones too) as a\n"
   "  model file.\n",
   do_save, COMPLETE_FILE_THEN_VARS},
  {"output", "output window|dumb|FILE", "where plots go",
   "  window: a gnuplot window (needs $DISPLAY); dumb: text in the terminal;\n"
   "  FILE.png, FILE.svg, FILE.pdf: a file, rewritten by each plot (it holds\n"
   "  the last one).  The default is window with a display, else dumb.\n",
   do_output, COMPLETE_OUTPUT},
  {"figure", "figure [SETTING VALUE]", "title, axis ranges, log axes and size of the next plots",
   "  figure                      show the settings\n"
   "  figure title \"TEXT\"         a fixed title (figure title auto: each plot's own)\n"
   "  figure xrange LO HI         a fixed x range (figure xrange auto: autoscaled);\n"
   "  figure yrange LO HI         the same for y, in every panel, on one y axis\n"
   "  figure log x|y|xy|off       logarithmic axes (their ranges must be above 0)\n"
   "  figure size W H             PNG and SVG size in pixels, 100 to 10000 (default\n"
   "                              960 640); a PDF is W/100 x H/100 inches\n"
   "  figure reset                everything back to the defaults\n"
   "  Settings apply to every kind of plot until changed.\n",
   do_figure, COMPLETE_NONE},
  {"help", "help [COMMAND]", "list the commands, or explain one", "", do_help, COMPLETE_COMMANDS},
  {"quit", "quit", "leave (Ctrl-D does too)", "", do_quit, COMPLETE_NONE},
};
const size_t command_count = sizeof command_table / sizeof command_table[0];

const Command *command_find(const char *name)
{
  for (size_t i = 0; i < command_count; i++)
    if (strcmp(command_table[i].name, name) == 0) return &command_table[i];
  if (strcmp(name, "exit") == 0) return command_find("quit");
  return NULL;
}

/* ---- running and classifying lines --------------------------------------- */

static size_t first_word(const char *t, size_t *start)
{
  size_t i = 0;
  while (t[i] == ' ' || t[i] == '\t') i++;
  *start = i;
  while (isalnum((unsigned char)t[i]) || t[i] == '_') i++;
  return i - *start;
}

static bool run_cmd(Session *s, const Source *src, CmdMode mode, Diag *diag)
{
  Cmd *c = xcalloc(1, sizeof *c); /* 64 arguments: not on the stack */
  c->s = s;
  c->src = src;
  c->mode = mode;
  c->diag = diag;
  arena_init(&c->arena);
  size_t w, len = first_word(src->text, &w);
  char word[32];
  snprintf(word, sizeof word, "%.*s", (int)len, src->text + w);
  c->cmd = command_find(word);
  c->name_loc.start = (uint32_t)w;
  c->name_loc.end = (uint32_t)(w + len);
  bool ok = c->cmd && tokenize(c, w + len) && c->cmd->run(c);
  arena_free(&c->arena);
  free(c);
  return ok;
}

static bool command_run(Session *s, const Source *src, bool check_only)
{
  return run_cmd(s, src, check_only ? CMD_CHECK : CMD_RUN, s->diag);
}

/* Is the text valid model text (parsed quietly, nothing kept)? */
static bool valid_model_text(const char *text)
{
  FILE *null = fopen("/dev/null", "w");
  if (!null) return false;
  Diag quiet;
  diag_init(&quiet, null);
  Source *src = source_from_chunk("<line>", text, 2); /* not 1: keep a byte-order mark */
  Ast ast;
  ast_init(&ast);
  bool incomplete = false;
  bool ok = parse_model(src, &ast, &quiet, &incomplete) && ast.n > 0;
  ast_free(&ast);
  source_free(src);
  fclose(null);
  return ok;
}

/* NAME ... = ...: an '=' that is not part of ==, <=, >=, != (the shape of
 * every definition). */
static bool has_definition_shape(const char *t)
{
  for (const char *p = t; *p && *p != '#'; p++)
    if (*p == '=' && p[1] != '=' && (p == t || !strchr("=<>!", p[-1]))) return true;
  return false;
}

static LineKind command_classify(Session *s, const char *text, const char **suggestion)
{
  size_t w, len = first_word(text, &w);
  *suggestion = NULL;
  if (len == 0 || len >= 32) return LINE_IS_MODEL;
  char word[32];
  snprintf(word, sizeof word, "%.*s", (int)len, text + w);
  const Command *cmd = command_find(word);
  if (!cmd) {
    /* A mistyped command: close to one, and not model text. */
    const char *names[64];
    size_t n = 0;
    for (size_t i = 0; i < command_count && n < 63; i++) names[n++] = command_table[i].name;
    names[n++] = "exit";
    const char *best = diag_closest(word, names, n);
    if (best && !has_definition_shape(text) && !valid_model_text(text)) {
      *suggestion = best;
      return LINE_IS_UNKNOWN_COMMAND;
    }
    return LINE_IS_MODEL;
  }
  if (valid_model_text(text)) return LINE_IS_MODEL; /* plot = 3, run(x) = x */
  /* Do its arguments fit the command?  Asked quietly. */
  FILE *null = fopen("/dev/null", "w");
  Diag quiet;
  diag_init(&quiet, null ? null : stderr);
  Source *src = source_from_chunk("<line>", text, 2);
  bool fits = run_cmd(s, src, CMD_SYNTAX, &quiet);
  source_free(src);
  if (null) fclose(null);
  if (fits) return LINE_IS_COMMAND;
  /* reset v = ...: a definition with a syntax error, not a command. */
  return has_definition_shape(text) && strcmp(word, "set") != 0 ? LINE_IS_MODEL : LINE_IS_COMMAND;
}

const CommandSet command_set = {command_classify, command_run, command_describe_settings};
