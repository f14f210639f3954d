/* session_cmds.c: the commands; see session_cmds.h. */
#include "session_cmds.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "arena.h"
#include "columns.h"
#include "contour.h"
#include "parse.h"
#include "sink.h"

/* ---- arguments ---------------------------------------------------------- */

enum { MAX_ARGS = 64 };

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
  Arg args[MAX_ARGS];
  size_t nargs;
  Arena arena;
};

static bool cmd_error(Cmd *c, Loc loc, const char *fmt, ...) DIAG_PRINTF(3, 4);
static bool cmd_error(Cmd *c, Loc loc, const char *fmt, ...)
{
  char msg[512];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  diag_error(c->s->diag, c->src, loc, "%s", msg);
  return false;
}

static Loc end_loc(const Cmd *c)
{
  Loc l = {(uint32_t)c->src->len, (uint32_t)c->src->len};
  while (l.start > 0 && isspace((unsigned char)c->src->text[l.start - 1])) l.start--;
  l.end = l.start;
  return l;
}

/* Split the arguments: words, "quoted strings", ',' and '='. */
static bool tokenize(Cmd *c, size_t from)
{
  const char *t = c->src->text;
  size_t i = from, n = c->src->len;
  while (i < n) {
    while (i < n && isspace((unsigned char)t[i])) i++;
    if (i >= n || t[i] == '#') break;
    if (c->nargs == MAX_ARGS) {
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
      while (i < n && !isspace((unsigned char)t[i]) && t[i] != ',' && t[i] != '=' && t[i] != '"' &&
             t[i] != '|')
        i++;
      a->text = arena_strndup(&c->arena, t + start, i - start);
    }
    a->loc.start = (uint32_t)start;
    a->loc.end = (uint32_t)i;
    c->nargs++;
  }
  return true;
}

static bool no_more_args(Cmd *c, size_t used)
{
  if (c->nargs > used)
    return cmd_error(c, c->args[used].loc, "unexpected '%s'; usage: %s", c->args[used].text,
                     c->cmd->usage);
  return true;
}

static bool parse_positive(const char *s, double *v)
{
  char *end;
  errno = 0;
  *v = strtod(s, &end);
  return *s && !*end && errno == 0 && isfinite(*v) && *v > 0;
}

static bool need_model(Cmd *c)
{
  if (c->s->ws.model) return true;
  return cmd_error(c, c->name_loc, "there is no model yet: 'load FILE', or type equations such as "
                                   "dV/dt = -V");
}

static bool need_samples(Cmd *c)
{
  if (!need_model(c)) return false;
  if (c->s->trace->nrows > 0) return true;
  return cmd_error(c, c->name_loc, "nothing to %s yet: 'run' the model first",
                   strcmp(c->cmd->name, "save") == 0 ? "save" : "plot");
}

/* ---- values along the last run ------------------------------------------ */

/* The columns named in args[from..to) (comma-separated) as a Columns. */
static Columns *columns_of(Cmd *c, size_t from, size_t to)
{
  /* Each name alone first, so that an error points at the one at fault. */
  for (size_t i = from; i < to; i++) {
    if (strcmp(c->args[i].text, ",") == 0) continue;
    char err[320];
    Columns *one = columns_parse(c->s->ws.model, c->s->set.n, c->args[i].text, err, sizeof err);
    if (!one) {
      const char *msg = strncmp(err, "--vars: ", 8) == 0 ? err + 8 : err;
      cmd_error(c, c->args[i].loc, "%s", msg);
      return NULL;
    }
    columns_free(one);
  }
  char spec[1024] = "";
  size_t used = 0;
  for (size_t i = from; i < to; i++)
    used += (size_t)snprintf(spec + used, used < sizeof spec ? sizeof spec - used : 0, "%s",
                             c->args[i].text);
  char err[320];
  Columns *cols = columns_parse(c->s->ws.model, c->s->set.n, spec, err, sizeof err);
  if (!cols) {
    Loc l = loc_span(c->args[from].loc, c->args[to - 1].loc);
    /* columns_parse speaks of --vars; here the names are arguments. */
    const char *msg = strncmp(err, "--vars: ", 8) == 0 ? err + 8 : err;
    cmd_error(c, l, "%s", msg);
  }
  return cols;
}

/* rows x (cols->n) values of the columns at every sample of the trace. */
static double *sample_columns(Session *s, const Columns *cols)
{
  const Trace *tr = s->trace;
  double *out = xmalloc((tr->nrows * cols->n + 1) * sizeof *out);
  Sampler *sm = sampler_new(s->ws.sys, cols);
  for (size_t r = 0; r < tr->nrows; r++) {
    const double *row = trace_row(tr, r);
    sampler_row(sm, row[0], row + 1, out + r * cols->n);
  }
  sampler_free(sm);
  return out;
}

/* "hh.nd (I_ext=10)": the model and what was set. */
static void plot_title(const Session *s, char *buf, size_t size)
{
  const char *path = s->ws.path ? s->ws.path : "model";
  const char *base = strrchr(path, '/');
  size_t used = (size_t)snprintf(buf, size, "%s", base ? base + 1 : path);
  for (size_t i = 0; i < s->npovr && used < size; i++) {
    const Override *o = &s->povr[i];
    const char *eq = strchr(o->src->text, '=');
    const char *v = eq ? eq + 1 : "";
    while (*v == ' ') v++;
    used += (size_t)snprintf(buf + used, size - used, "%s%s=%.*s", i ? ", " : "  (", o->name,
                             (int)strcspn(v, "\n#"), v);
    if (i + 1 == s->npovr && used < size) used += (size_t)snprintf(buf + used, size - used, ")");
  }
}

/* A column's name in a legend, or (with_label) on an axis, where the
 * model's label (with its unit) replaces the name.  In a population the copy
 * is named by the parameters that differ between copies ("V (I_ext=2)"),
 * or by its index when none does. */
static const char *column_label(const Session *s, const Columns *cols, size_t k, bool with_label,
                                char *buf, size_t size)
{
  const char *name = cols->names[k + 1];
  const char *br = strchr(name, '[');
  char base[128];
  snprintf(base, sizeof base, "%.*s", (int)(br ? (size_t)(br - name) : strlen(name)), name);
  const char *label = with_label ? model_label(s->ws.model, base) : base;
  size_t used = (size_t)snprintf(buf, size, "%s", label);
  if (!br) return buf;
  const System *sys = s->ws.sys;
  size_t copy = cols->cols[k].elem, shown = 0;
  for (size_t p = 0; p < sys->nparams && used < size; p++) {
    if (!sys->param_array[p]) continue;
    used += (size_t)snprintf(buf + used, size - used, "%s%s=%.6g", shown++ ? ", " : " (",
                             model_param_name(s->ws.model, p), sys->param_array[p][copy]);
  }
  if (used < size) snprintf(buf + used, size - used, shown ? ")" : "%s", shown ? "" : br);
  return buf;
}

static bool plot_failed(Cmd *c, const char *err)
{
  diag_fail(c->s->diag, "%s", err);
  return false;
}

/* ---- the commands ------------------------------------------------------- */

static bool do_load(Cmd *c)
{
  if (c->nargs != 1) return cmd_error(c, c->name_loc, "usage: %s", c->cmd->usage);
  return session_load(c->s, c->args[0].text);
}

static bool do_run(Cmd *c)
{
  Session *s = c->s;
  if (!need_model(c) || !no_more_args(c, 1)) return false;
  RunSpec spec;
  double T;
  session_spec(s, &spec, &T);
  bool cont = false;
  if (c->nargs == 1) {
    const char *v = c->args[0].text;
    if (*v == '+') cont = true, v++;
    if (!parse_positive(v, &T))
      return cmd_error(c, c->args[0].loc, "expected a duration, e.g. 'run 200', or 'run +50' "
                                          "to continue from the current state");
  }
  return session_run(s, T, cont);
}

static bool do_reset(Cmd *c)
{
  if (!no_more_args(c, 0)) return false;
  session_reset(c->s);
  if (c->s->interactive) fprintf(c->s->out, "t = 0, no samples\n");
  return true;
}

const char *const session_option_names[] = {"t", "dt", "method", "rtol", "atol", "every", "seed", "copies"};
const size_t session_option_count = sizeof session_option_names / sizeof session_option_names[0];

/* set NAME = EXPR for a parameter or an initial value. */
static bool set_override(Cmd *c, const Symbol *sym, size_t eq_arg)
{
  Session *s = c->s;
  Override **list = sym->kind == SYM_PARAM ? &s->povr : &s->iovr;
  size_t *n = sym->kind == SYM_PARAM ? &s->npovr : &s->niovr;
  size_t *cap = sym->kind == SYM_PARAM ? &s->povr_cap : &s->iovr_cap;
  Ast *ast = workspace_new_ast(&s->ws);
  const Expr *e = parse_expr(c->src, c->args[eq_arg].loc.end, &ast->arena, s->diag);
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
  size_t dim = s->ws.sys->nstates * s->set.n;
  double *scratch = xmalloc((dim + 1) * sizeof *scratch);
  bool ok = system_setup(s->ws.sys, s->set.n, s->povr, s->npovr, s->iovr, s->niovr, scratch, s->diag);
  free(scratch);
  if (!ok) {
    if (had) (*list)[i] = old;
    else (*n)--;
  }
  return ok;
}

static bool do_set(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs < 3 || strcmp(c->args[1].text, "=") != 0)
    return cmd_error(c, c->nargs ? c->args[c->nargs > 1 ? 1 : 0].loc : end_loc(c),
                     "usage: %s", c->cmd->usage);
  const char *name = c->args[0].text;
  Loc nloc = c->args[0].loc;
  if (!session_finish(s)) return false;
  const Symbol *sym = s->ws.model ? model_lookup(s->ws.model, name) : NULL;
  if (sym && (sym->kind == SYM_PARAM || sym->kind == SYM_STATE)) return set_override(c, sym, 1);
  if (sym)
    return cmd_error(c, nloc, "'%s' is %s; redefine it by typing its equation", name,
                     sym->kind == SYM_INTER ? "an intermediate" : "a function");
  size_t k = 0;
  while (k < session_option_count && strcmp(session_option_names[k], name) != 0) k++;
  if (k == session_option_count) {
    const char *cands[256];
    size_t nc = 0;
    for (size_t i = 0; i < session_option_count; i++) cands[nc++] = session_option_names[i];
    for (size_t i = 0; s->ws.model && i < s->ws.model->nsyms && nc < 256; i++)
      if (s->ws.model->syms[i].kind == SYM_PARAM || s->ws.model->syms[i].kind == SYM_STATE)
        cands[nc++] = s->ws.model->syms[i].name;
    const char *best = diag_closest(name, cands, nc);
    cmd_error(c, nloc, "cannot set '%s': it is not a parameter, a state variable or an option",
              name);
    if (best) diag_note(s->diag, "did you mean '%s'?", best);
    else diag_note(s->diag, "options: t, dt, method, rtol, atol, every, seed, copies");
    return false;
  }
  if (!no_more_args(c, 3)) return false;
  const char *v = c->args[2].text;
  Loc vloc = c->args[2].loc;
  Settings *st = &s->set;
  if (strcmp(name, "method") == 0) {
    const StepperType *m = stepper_find(v);
    if (!m) {
      cmd_error(c, vloc, "unknown method '%s'", v);
      diag_note(s->diag, "known methods: %s", stepper_names());
      return false;
    }
    st->method = m, st->has_method = true;
  } else if (strcmp(name, "every") == 0 || strcmp(name, "copies") == 0 || strcmp(name, "seed") == 0) {
    char *end;
    errno = 0;
    unsigned long long x = strtoull(v, &end, 10);
    bool zero_ok = strcmp(name, "seed") == 0;
    if (!*v || *end || errno || *v == '-' || (!zero_ok && x == 0) ||
        (name[0] == 'c' && x > 100000000ULL))
      return cmd_error(c, vloc, "'%s' takes a whole number%s", name, zero_ok ? "" : " of 1 or more");
    if (name[0] == 'e') st->every = (long)x, st->has_every = true;
    else if (name[0] == 's') st->seed = (unsigned long)x, st->has_seed = true;
    else if (st->n != (size_t)x) {
      st->n = (size_t)x;
      session_reset(s); /* a population of another size starts afresh */
    }
  } else {
    double x;
    if (!parse_positive(v, &x)) return cmd_error(c, vloc, "'%s' takes a positive number", name);
    if (strcmp(name, "t") == 0) st->t_end = x, st->has_t_end = true;
    else if (strcmp(name, "dt") == 0) st->dt = x, st->has_dt = true;
    else if (strcmp(name, "rtol") == 0) st->rtol = x, st->has_rtol = true;
    else st->atol = x, st->has_atol = true;
  }
  return true;
}

static void show_options(Session *s)
{
  const ModelOptions *mo = s->ws.model ? &s->ws.model->opts : NULL;
  const Settings *st = &s->set;
  RunSpec spec;
  double length;
  session_spec(s, &spec, &length);
#define ORIGIN(has, mhas) ((has) ? "set" : (mo && mo->mhas) ? "model" : "default")
  fprintf(s->out, "  t      = %-10g (%s): the length of 'run'\n", length, ORIGIN(st->has_t_end, has_t_end));
  fprintf(s->out, "  dt     = %-10g (%s)\n", spec.dt, ORIGIN(st->has_dt, has_dt));
  fprintf(s->out, "  method = %-10s (%s)\n", spec.method->name, ORIGIN(st->has_method, has_method));
  fprintf(s->out, "  rtol   = %-10g (%s)\n", spec.rtol, ORIGIN(st->has_rtol, has_rtol));
  fprintf(s->out, "  atol   = %-10g (%s)\n", spec.atol, ORIGIN(st->has_atol, has_atol));
  fprintf(s->out, "  every  = %-10ld (%s)\n", spec.every, ORIGIN(st->has_every, has_every));
  fprintf(s->out, "  seed   = %-10lu (%s)\n", st->seed, st->has_seed ? "set" : "default");
  fprintf(s->out, "  copies = %-10zu (%s): the population's size\n", st->n,
          st->n != 1 ? "set" : "default");
  fprintf(s->out, "  output = %s\n", plot_output(s->plot));
#undef ORIGIN
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
  System *sys = s->ws.sys;
  size_t N = s->set.n;
  double *y0 = xmalloc((sys->nstates * N + 1) * sizeof *y0);
  if (!system_setup(sys, N, s->povr, s->npovr, s->iovr, s->niovr, y0, s->diag)) {
    free(y0);
    return false;
  }
  if (params) {
    for (size_t p = 0; p < m->nparams; p++) {
      fprintf(s->out, "  %-12s = ", m->params[p]->name);
      if (sys->param_array[p]) {
        double lo = INFINITY, hi = -INFINITY;
        for (size_t k = 0; k < N; k++)
          lo = fmin(lo, sys->param_array[p][k]), hi = fmax(hi, sys->param_array[p][k]);
        fprintf(s->out, "%.10g .. %.10g over the copies", lo, hi);
      } else {
        fprintf(s->out, "%.10g", sys->param_scalar[p]);
      }
      fprintf(s->out, "%s\n", is_overridden(s->povr, s->npovr, m->params[p]->name) ? "  (set)" : "");
    }
  } else {
    const double *y = s->have_state ? s->y : y0;
    fprintf(s->out, "  at t = %.10g%s%s\n", s->have_state ? s->t_now : 0.0,
            s->have_state ? "" : " (initial values)", N > 1 ? ", copy 0" : "");
    for (size_t i = 0; i < m->nstates; i++)
      fprintf(s->out, "  %-12s = %.10g%s\n", m->states[i]->name, y[i * N],
              is_overridden(s->iovr, s->niovr, m->states[i]->name) ? "  (initial value set)" : "");
    if (m->ninters) {
      size_t *all = xmalloc(m->ninters * sizeof *all);
      for (size_t j = 0; j < m->ninters; j++) all[j] = j;
      Observer *obs = observer_new(sys, all, m->ninters);
      double *iv = xmalloc(m->ninters * N * sizeof *iv);
      observer_eval(obs, s->have_state ? s->t_now : 0, y, iv);
      for (size_t j = 0; j < m->ninters; j++)
        fprintf(s->out, "  %-12s = %.10g  (intermediate)\n", m->inters[j]->name, iv[j * N]);
      free(iv);
      observer_free(obs);
      free(all);
    }
  }
  free(y0);
  return true;
}

static bool do_show(Cmd *c)
{
  Session *s = c->s;
  if (!no_more_args(c, 1)) return false;
  const char *what = c->nargs ? c->args[0].text : "";
  if (strcmp(what, "options") == 0) {
    show_options(s);
    return true;
  }
  if (!session_finish(s)) return false;
  if (!*what) {
    if (!s->ws.model) {
      fprintf(s->out, "no model yet; output to %s\n", plot_output(s->plot));
      return true;
    }
    const Model *m = s->ws.model;
    fprintf(s->out, "model %s: %zu states, %zu parameters, %zu intermediates, %zu functions\n",
            s->ws.path ? s->ws.path : "(typed)", m->nstates, m->nparams, m->ninters, m->nfuncs);
    RunSpec spec;
    double length;
    session_spec(s, &spec, &length);
    fprintf(s->out, "t = %.10g, %zu samples in memory; method %s, dt %g; output to %s\n",
            s->t_now, s->trace->nrows, spec.method->name, spec.dt, plot_output(s->plot));
    return true;
  }
  if (!need_model(c)) return false;
  if (strcmp(what, "params") == 0) return show_values(c, true);
  if (strcmp(what, "vars") == 0) return show_values(c, false);
  if (strcmp(what, "model") == 0) {
    for (size_t i = 0; i < s->ws.nstmts; i++) {
      const Stmt *st = s->ws.stmts[i];
      const char *kw = st->kind == ST_PARAM ? "param " : st->kind == ST_INIT ? "init "
                       : st->kind == ST_OPTION ? "option " : st->kind == ST_LABEL ? "label " : "";
      fprintf(s->out, "%s%.*s\n", kw, (int)(st->loc.end - st->loc.start), st->src->text + st->loc.start);
    }
    return true;
  }
  return cmd_error(c, c->args[0].loc, "show what? params, vars, options or model");
}

static bool do_plot(Cmd *c)
{
  Session *s = c->s;
  if (!need_samples(c)) return false;
  if (c->nargs == 0) return cmd_error(c, end_loc(c), "plot what? e.g. 'plot V', 'plot v, w vs t' or 'plot V | m, h, n'");
  size_t vs = c->nargs;
  for (size_t i = 0; i < c->nargs; i++)
    if (strcmp(c->args[i].text, "vs") == 0) vs = i;
  /* Panels: groups of names separated by '|'. */
  enum { MAX_PANELS = 8 };
  size_t from[MAX_PANELS], to[MAX_PANELS], np = 0;
  size_t start = 0;
  for (size_t i = 0; i <= vs; i++) {
    if (i < vs && strcmp(c->args[i].text, "|") != 0) continue;
    if (i == start)
      return cmd_error(c, i < c->nargs ? c->args[i].loc : end_loc(c), "a variable is missing here");
    if (np == MAX_PANELS) return cmd_error(c, c->args[i].loc, "at most %d panels", MAX_PANELS);
    from[np] = start, to[np] = i, np++;
    start = i + 1;
  }
  Columns *xs = NULL;
  if (vs < c->nargs) {
    if (vs + 2 != c->nargs) return cmd_error(c, c->args[vs].loc, "after 'vs' give one variable");
    if (strcmp(c->args[vs + 1].text, "t") != 0) {
      if (!(xs = columns_of(c, vs + 1, vs + 2))) return false;
      if (xs->n != 1) {
        columns_free(xs);
        return cmd_error(c, c->args[vs + 1].loc, "after 'vs' give one variable (one copy)");
      }
    }
  }
  Columns *ys[MAX_PANELS] = {NULL};
  size_t total = 0;
  bool ok = true;
  for (size_t q = 0; q < np && ok; q++) {
    ok = (ys[q] = columns_of(c, from[q], to[q])) != NULL;
    if (ok) total += ys[q]->n;
  }
  if (ok && total > 50) {
    ok = cmd_error(c, loc_span(c->args[0].loc, c->args[vs - 1].loc),
                   "that is %zu lines: plot some copies (V[0:10]) or use 'heatmap'", total);
  }
  if (!ok) {
    for (size_t q = 0; q < np; q++) columns_free(ys[q]);
    columns_free(xs);
    return false;
  }
  size_t nrows = s->trace->nrows, ncols = total + 1;
  double *table = xmalloc(nrows * ncols * sizeof *table);
  double *xv = xs ? sample_columns(s, xs) : NULL;
  for (size_t r = 0; r < nrows; r++) table[r * ncols] = xv ? xv[r] : trace_row(s->trace, r)[0];
  const char **names = xcalloc(ncols, sizeof *names);
  char **owned = xcalloc(ncols, sizeof *owned);
  int *panel = xcalloc(ncols, sizeof *panel);
  char *ylab[MAX_PANELS];
  char lbuf[256];
  size_t col = 1;
  for (size_t q = 0; q < np; q++) {
    double *yv = sample_columns(s, ys[q]);
    for (size_t k = 0; k < ys[q]->n; k++, col++) {
      for (size_t r = 0; r < nrows; r++) table[r * ncols + col] = yv[r * ys[q]->n + k];
      names[col] = owned[col] = xstrdup(column_label(s, ys[q], k, false, lbuf, sizeof lbuf));
      panel[col] = (int)q;
    }
    free(yv);
    /* A panel's y axis: the label of its one variable, or their names. */
    char yb[256] = "";
    size_t used = 0;
    for (size_t a = from[q]; a < to[q] && used < sizeof yb; a++)
      if (strcmp(c->args[a].text, ",") != 0)
        used += (size_t)snprintf(yb + used, sizeof yb - used, "%s%s", used ? ", " : "",
                                 model_label(s->ws.model, c->args[a].text));
    ylab[q] = xstrdup(yb);
  }
  char title[256], xbuf[256];
  plot_title(s, title, sizeof title);
  PlotLabels lab = {title, xs ? column_label(s, xs, 0, true, xbuf, sizeof xbuf) : model_label(s->ws.model, "t"),
                    NULL, NULL};
  Series sr = {table, nrows, ncols, names, panel, np, (const char *const *)ylab};
  char err[512];
  ok = plot_series(s->plot, &sr, &lab, err, sizeof err);
  for (size_t k = 0; k < ncols; k++) free(owned[k]);
  for (size_t q = 0; q < np; q++) {
    free(ylab[q]);
    columns_free(ys[q]);
  }
  free(owned);
  free(names);
  free(panel);
  free(table);
  free(xv);
  columns_free(xs);
  return ok || plot_failed(c, err);
}

/* A state variable (one copy) named by an argument. */
static bool state_arg(Cmd *c, size_t i, size_t *state, size_t *copy)
{
  Columns *cols = columns_of(c, i, i + 1);
  if (!cols) return false;
  bool ok = cols->n == 1 && cols->cols[0].kind == COL_STATE;
  if (ok) {
    *state = cols->cols[0].index;
    *copy = cols->cols[0].elem;
  }
  columns_free(cols);
  if (!ok)
    return cmd_error(c, c->args[i].loc, "'%s' is not one state variable%s", c->args[i].text,
                     c->s->set.n > 1 ? " of one copy (e.g. V[0])" : "");
  return true;
}

enum { GRID = 121, FIELD = 21 };

static bool do_phase(Cmd *c)
{
  Session *s = c->s;
  if (!need_samples(c)) return false;
  if (c->nargs != 2) return cmd_error(c, c->nargs ? c->args[0].loc : end_loc(c), "usage: %s", c->cmd->usage);
  size_t xs, ys, xk, yk;
  if (!state_arg(c, 0, &xs, &xk) || !state_arg(c, 1, &ys, &yk)) return false;
  if (xk != yk) return cmd_error(c, c->args[1].loc, "both variables must be of the same copy");
  if (xs == ys) return cmd_error(c, c->args[1].loc, "choose two different state variables");
  System *sys = s->ws.sys;
  const Trace *tr = s->trace;
  size_t N = s->set.n, S = sys->nstates, nrows = tr->nrows;
  double *traj = xmalloc(2 * nrows * sizeof *traj);
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (size_t r = 0; r < nrows; r++) {
    const double *row = trace_row(tr, r) + 1;
    traj[2 * r] = row[xs * N + xk];
    traj[2 * r + 1] = row[ys * N + yk];
    x0 = fmin(x0, traj[2 * r]), x1 = fmax(x1, traj[2 * r]);
    y0 = fmin(y0, traj[2 * r + 1]), y1 = fmax(y1, traj[2 * r + 1]);
  }
  /* The plane around the trajectory; other states at their current values. */
  double px = x1 > x0 ? 0.15 * (x1 - x0) : 1, py = y1 > y0 ? 0.15 * (y1 - y0) : 1;
  x0 -= px, x1 += px, y0 -= py, y1 += py;
  size_t G = GRID * GRID;
  double *pts = xmalloc(S * G * sizeof *pts), *f = xmalloc(S * G * sizeof *f);
  double gx[GRID], gy[GRID];
  for (size_t j = 0; j < GRID; j++) gx[j] = x0 + (x1 - x0) * (double)j / (GRID - 1);
  for (size_t i = 0; i < GRID; i++) gy[i] = y0 + (y1 - y0) * (double)i / (GRID - 1);
  for (size_t v = 0; v < S; v++)
    for (size_t g = 0; g < G; g++) pts[v * G + g] = s->y[v * N + xk];
  for (size_t i = 0; i < GRID; i++)
    for (size_t j = 0; j < GRID; j++) {
      pts[xs * G + i * GRID + j] = gx[j];
      pts[ys * G + i * GRID + j] = gy[i];
    }
  system_eval_at(sys, xk, G, pts, s->t_now, f);
  double *xnull, *ynull;
  size_t nxn = contour_zero(f + xs * G, gx, GRID, gy, GRID, &xnull);
  size_t nyn = contour_zero(f + ys * G, gx, GRID, gy, GRID, &ynull);
  /* The direction field: unit arrows scaled to the plot's proportions. */
  size_t F = FIELD * FIELD;
  double *field = xmalloc(4 * F * sizeof *field);
  double *fp = xmalloc(S * F * sizeof *fp), *ff = xmalloc(S * F * sizeof *ff);
  for (size_t v = 0; v < S; v++)
    for (size_t g = 0; g < F; g++) fp[v * F + g] = s->y[v * N + xk];
  for (size_t i = 0; i < FIELD; i++)
    for (size_t j = 0; j < FIELD; j++) {
      fp[xs * F + i * FIELD + j] = x0 + (x1 - x0) * ((double)j + 0.5) / FIELD;
      fp[ys * F + i * FIELD + j] = y0 + (y1 - y0) * ((double)i + 0.5) / FIELD;
    }
  system_eval_at(sys, xk, F, fp, s->t_now, ff);
  size_t nf = 0;
  for (size_t g = 0; g < F; g++) {
    double u = ff[xs * F + g] / (x1 - x0), w = ff[ys * F + g] / (y1 - y0);
    double len = hypot(u, w);
    if (!(len > 0) || !isfinite(len)) continue;
    double scale = 0.6 / FIELD / len;
    field[4 * nf] = fp[xs * F + g];
    field[4 * nf + 1] = fp[ys * F + g];
    field[4 * nf + 2] = u * scale * (x1 - x0);
    field[4 * nf + 3] = w * scale * (y1 - y0);
    nf++;
  }
  char xt[160], yt[160], title[256], lb1[160], lb2[160];
  const char *xn = model_state_name(s->ws.model, xs), *yn = model_state_name(s->ws.model, ys);
  snprintf(xt, sizeof xt, "d%s/dt = 0", xn);
  snprintf(yt, sizeof yt, "d%s/dt = 0", yn);
  plot_title(s, title, sizeof title);
  snprintf(lb1, sizeof lb1, "%s", model_label(s->ws.model, xn));
  snprintf(lb2, sizeof lb2, "%s", model_label(s->ws.model, yn));
  PhasePlane pp = {traj, nrows, xnull, ynull, nxn, nyn, xt, yt, field, nf};
  PlotLabels lab = {title, lb1, lb2, NULL};
  char err[512];
  bool ok = plot_phase(s->plot, &pp, &lab, err, sizeof err);
  free(traj), free(pts), free(f), free(xnull), free(ynull), free(field), free(fp), free(ff);
  return ok || plot_failed(c, err);
}

/* A CSV file of numbers: rows of ncols (a non-numeric first line is a
 * header).  Returns the values, or NULL after reporting. */
static double *read_numbers(Cmd *c, const Arg *a, size_t *nrows, size_t *ncols)
{
  FILE *f = fopen(a->text, "r");
  if (!f) {
    diag_fail(c->s->diag, "cannot open '%s': %s", a->text, strerror(errno));
    return NULL;
  }
  double *v = NULL;
  size_t n = 0, cap = 0, width = 0, rows = 0;
  char line[65536];
  unsigned lineno = 0;
  while (fgets(line, sizeof line, f)) {
    lineno++;
    char *p = line;
    while (isspace((unsigned char)*p)) p++;
    if (!*p || *p == '#') continue;
    size_t w = 0;
    bool numeric = true;
    for (char *tok = p;; w++) {
      char *end;
      double x = strtod(tok, &end);
      if (end == tok) { numeric = false; break; }
      GROW(v, cap, n + 1);
      v[n++] = x;
      while (isspace((unsigned char)*end) && *end != '\n') end++;
      if (*end == ',' || *end == ' ' || *end == '\t') tok = end + 1;
      else if (*end == '\n' || *end == '\0') { w++; break; }
      else { numeric = false; break; }
    }
    if (!numeric) {
      n -= w; /* a header line */
      if (rows == 0) continue;
      diag_fail(c->s->diag, "%s:%u: expected numbers separated by commas", a->text, lineno);
      fclose(f);
      free(v);
      return NULL;
    }
    if (width && w != width) {
      diag_fail(c->s->diag, "%s:%u: %zu numbers where the first row has %zu", a->text, lineno, w, width);
      fclose(f);
      free(v);
      return NULL;
    }
    width = w;
    rows++;
  }
  fclose(f);
  if (!rows) {
    diag_fail(c->s->diag, "%s: no numbers in the file", a->text);
    free(v);
    return NULL;
  }
  *nrows = rows;
  *ncols = width;
  return v;
}

static bool looks_like_file(const Arg *a)
{
  return a->quoted || strchr(a->text, '/') || strchr(a->text, '.');
}

static bool do_raster(Cmd *c)
{
  Session *s = c->s;
  char title[256] = "spikes";
  double *spikes = NULL;
  size_t n = 0, cap = 0;
  PlotLabels lab = {title, "t", "index", NULL};
  if (c->nargs >= 1 && looks_like_file(&c->args[0])) {
    if (!no_more_args(c, 1)) return false;
    size_t rows, cols;
    double *v = read_numbers(c, &c->args[0], &rows, &cols);
    if (!v) return false;
    if (cols != 2) {
      free(v);
      diag_fail(s->diag, "%s: a spike list has two columns, t and index (found %zu)", c->args[0].text, cols);
      return false;
    }
    spikes = v;
    n = rows;
    snprintf(title, sizeof title, "%s", c->args[0].text);
  } else {
    if (!need_samples(c) || !no_more_args(c, 3)) return false;
    size_t var = 0;
    const Model *m = s->ws.model;
    if (c->nargs >= 1) {
      const Symbol *sym = model_lookup(m, c->args[0].text);
      if (!sym || sym->kind != SYM_STATE)
        return cmd_error(c, c->args[0].loc, "'%s' is not a state variable", c->args[0].text);
      var = (size_t)sym->index;
    }
    size_t N = s->set.n, rows = s->trace->nrows;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t r = 0; r < rows; r++)
      for (size_t k = 0; k < N; k++) {
        double x = trace_row(s->trace, r)[1 + var * N + k];
        lo = fmin(lo, x), hi = fmax(hi, x);
      }
    double thr = 0.5 * (lo + hi);
    size_t ta = c->nargs >= 2 && strcmp(c->args[1].text, ">") == 0 ? 2 : 1;
    if (c->nargs > ta) {
      char *end;
      thr = strtod(c->args[ta].text, &end);
      if (*end || end == c->args[ta].text)
        return cmd_error(c, c->args[ta].loc, "expected a threshold, e.g. 'raster V 50'");
    } else if (c->nargs > 1) {
      return cmd_error(c, c->args[1].loc, "expected a threshold, e.g. 'raster V 50'");
    }
    for (size_t k = 0; k < N; k++)
      for (size_t r = 1; r < rows; r++) {
        const double *a = trace_row(s->trace, r - 1), *b = trace_row(s->trace, r);
        double va = a[1 + var * N + k], vb = b[1 + var * N + k];
        if (va < thr && vb >= thr) {
          GROW(spikes, cap, 2 * n + 2);
          spikes[2 * n] = a[0] + (thr - va) * (b[0] - a[0]) / (vb - va);
          spikes[2 * n + 1] = (double)k;
          n++;
        }
      }
    plot_title(s, title, sizeof title);
    size_t used = strlen(title);
    snprintf(title + used, sizeof title - used, "  %s crossing %g upwards", m->states[var]->name, thr);
    lab.xlabel = model_label(m, "t");
    lab.ylabel = N > 1 ? "copy" : "";
  }
  char err[512];
  bool ok = plot_raster(s->plot, spikes, n, &lab, err, sizeof err);
  free(spikes);
  return ok || plot_failed(c, err);
}

static bool do_heatmap(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs != 1) return cmd_error(c, c->nargs ? c->args[1].loc : end_loc(c), "usage: %s", c->cmd->usage);
  char err[512], title[256];
  PlotLabels lab = {title, "column", "row", NULL};
  bool ok;
  if (looks_like_file(&c->args[0])) {
    size_t rows, cols;
    double *z = read_numbers(c, &c->args[0], &rows, &cols);
    if (!z) return false;
    double *x = xmalloc(cols * sizeof *x), *y = xmalloc(rows * sizeof *y);
    for (size_t j = 0; j < cols; j++) x[j] = (double)j;
    for (size_t i = 0; i < rows; i++) y[i] = (double)i;
    snprintf(title, sizeof title, "%s", c->args[0].text);
    lab.zlabel = "value";
    ok = plot_heatmap(s->plot, x, cols, y, rows, z, &lab, err, sizeof err);
    free(x), free(y), free(z);
    return ok || plot_failed(c, err);
  }
  if (!need_samples(c)) return false;
  size_t N = s->set.n;
  if (N < 2)
    return cmd_error(c, c->args[0].loc, "a heatmap shows a variable over copies and time: "
                                        "'set copies = 100' and run a population first");
  Columns *cols = columns_of(c, 0, 1);
  if (!cols) return false;
  if (cols->n != N) {
    columns_free(cols);
    return cmd_error(c, c->args[0].loc, "give the variable without an index, e.g. 'heatmap V'");
  }
  double *v = sample_columns(s, cols);
  size_t rows = s->trace->nrows;
  size_t tstep = rows > 800 ? (rows + 799) / 800 : 1, nt = (rows + tstep - 1) / tstep;
  size_t kstep = N > 500 ? (N + 499) / 500 : 1, nk = (N + kstep - 1) / kstep;
  double *x = xmalloc(nt * sizeof *x), *y = xmalloc(nk * sizeof *y), *z = xmalloc(nt * nk * sizeof *z);
  for (size_t a = 0; a < nt; a++) x[a] = trace_row(s->trace, a * tstep)[0];
  for (size_t b = 0; b < nk; b++) {
    y[b] = (double)(b * kstep);
    for (size_t a = 0; a < nt; a++) z[b * nt + a] = v[a * tstep * N + b * kstep];
  }
  plot_title(s, title, sizeof title);
  char zb[160];
  snprintf(zb, sizeof zb, "%s", model_label(s->ws.model, c->args[0].text));
  lab.xlabel = model_label(s->ws.model, "t");
  lab.ylabel = "copy";
  lab.zlabel = zb;
  ok = plot_heatmap(s->plot, x, nt, y, nk, z, &lab, err, sizeof err);
  free(x), free(y), free(z), free(v);
  columns_free(cols);
  return ok || plot_failed(c, err);
}

static bool do_save(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs < 1) return cmd_error(c, end_loc(c), "usage: %s", c->cmd->usage);
  if (!need_samples(c)) return false;
  Columns *cols;
  if (c->nargs > 1) cols = columns_of(c, 1, c->nargs);
  else {
    char err[320];
    cols = columns_parse(s->ws.model, s->set.n, NULL, err, sizeof err);
  }
  if (!cols) return false;
  char err[320];
  Sink *sink = sink_csv_open(c->args[0].text, err, sizeof err);
  if (!sink) {
    columns_free(cols);
    diag_fail(s->diag, "%s", err);
    return false;
  }
  double *v = sample_columns(s, cols);
  double *row = xmalloc((cols->n + 1) * sizeof *row);
  int rc = sink_begin(sink, (const char *const *)cols->names, cols->n + 1);
  for (size_t r = 0; rc == 0 && r < s->trace->nrows; r++) {
    row[0] = trace_row(s->trace, r)[0];
    memcpy(row + 1, v + r * cols->n, cols->n * sizeof *row);
    rc = sink_row(sink, row);
  }
  if (rc == 0) rc = sink_end(sink);
  if (rc != 0) diag_fail(s->diag, "%s", sink->error);
  else if (s->interactive)
    fprintf(s->out, "wrote %zu rows of t and %zu column%s to %s\n", s->trace->nrows, cols->n,
            cols->n == 1 ? "" : "s", c->args[0].text);
  sink_close(sink);
  free(row);
  free(v);
  columns_free(cols);
  return rc == 0;
}

static bool do_output(Cmd *c)
{
  if (c->nargs != 1) return cmd_error(c, c->nargs ? c->args[1].loc : end_loc(c), "usage: %s", c->cmd->usage);
  char err[320];
  if (!plot_set_output(c->s->plot, c->args[0].text, err, sizeof err))
    return cmd_error(c, c->args[0].loc, "%s", err);
  if (c->s->interactive) fprintf(c->s->out, "plots go to %s\n", plot_output(c->s->plot));
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
    plot_describe_figure(p, c->s->out);
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
    return cmd_error(c, c->nargs > want ? c->args[want].loc : end_loc(c), "usage: %s", usage);
  double v[2] = {0, 0};
  for (size_t i = 1; want == 3 && i < 3; i++) {
    char *end;
    v[i - 1] = strtod(c->args[i].text, &end);
    if (end == c->args[i].text || *end)
      return cmd_error(c, c->args[i].loc, "expected a number, not '%s'; usage: %s",
                       c->args[i].text, usage);
  }
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
  if (!no_more_args(c, 1)) return false;
  if (c->nargs == 1) {
    const Command *cmd = command_find(c->args[0].text);
    if (!cmd) return cmd_error(c, c->args[0].loc, "no command '%s'; 'help' lists them", c->args[0].text);
    fprintf(s->out, "%s\n  %s\n%s", cmd->usage, cmd->summary, cmd->help);
    return true;
  }
  fprintf(s->out, "Commands (help NAME for more):\n");
  for (size_t i = 0; i < command_count; i++)
    fprintf(s->out, "  %-28s %s\n", command_table[i].usage, command_table[i].summary);
  fprintf(s->out, "Anything else is model text: param a = 1, f(x) = ..., I = ..., dV/dt = ..., "
                  "init V = ...\n(a new definition replaces the old one).  Ctrl-C stops a run; "
                  "Ctrl-D quits.\n");
  return true;
}

static bool do_quit(Cmd *c)
{
  if (!no_more_args(c, 0)) return false;
  c->s->quit = true;
  return true;
}

const Command command_table[] = {
  {"load", "load FILE", "replace the model with a model file",
   "  The file is found like 'neurode run' finds it (path, $NEURODE_PATH, stdlib).\n"
   "  Settings made with 'set' are kept; the state and the samples are not.\n",
   do_load, COMPLETE_FILES},
  {"run", "run [T | +T]", "run for T time units (default: option t) from the initial values",
   "  'run +T' continues from the current state and time instead, adding to the\n"
   "  samples.  Ctrl-C stops a run and keeps what was computed.\n",
   do_run, COMPLETE_NONE},
  {"reset", "reset", "forget the state and the samples: the next run starts at t = 0", "",
   do_reset, COMPLETE_NONE},
  {"set", "set NAME = VALUE", "set a parameter, an initial value, or an option",
   "  A parameter or an initial value takes an expression of parameters\n"
   "  (set I_ext = 2*gL); it applies from the next run, and to 'run +T'.\n"
   "  Options: t (length of run), dt, method (euler, rk2, rk4, rk45, expeuler),\n"
   "  rtol, atol, every (keep every K-th step), seed, copies (the size of a\n"
   "  population: its parameters and initial values may use i and N).\n"
   "  A model's own names come first: in a model with a state n, 'set n' is n.\n",
   do_set, COMPLETE_SETTABLE},
  {"show", "show [params|vars|options|model]", "show the model, values and settings",
   "  params: parameter values; vars: the current (or initial) state and\n"
   "  intermediates; options: the settings in force and where they come from;\n"
   "  model: the model's statements.\n",
   do_show, COMPLETE_SHOW},
  {"plot", "plot Y1[, Y2 ...] [| Y3 ...] [vs X]", "plot variables of the last run against t (or X)",
   "  Variables are states, intermediates or parameters; in a population V[3]\n"
   "  or V[0:5] name copies.  '|' starts another panel below, sharing the x\n"
   "  axis: 'plot V | m, h, n'.\n",
   do_plot, COMPLETE_VARIABLES},
  {"phase", "phase X Y", "phase plane: trajectory, nullclines and direction field",
   "  X and Y are state variables; the others are held at their current values.\n",
   do_phase, COMPLETE_VARIABLES},
  {"raster", "raster [VAR [THRESHOLD] | FILE]", "spike raster of a population, or of a spike list",
   "  Spikes are upward crossings of VAR (default: the first state) through\n"
   "  THRESHOLD (default: the middle of its range), one row per copy.  A FILE\n"
   "  holds rows 't, index'.\n",
   do_raster, COMPLETE_VARIABLES},
  {"heatmap", "heatmap VAR | FILE", "a population variable over copies and time, or a matrix",
   "  FILE is a CSV of numbers (e.g. a weight matrix), drawn row by row.\n",
   do_heatmap, COMPLETE_VARIABLES},
  {"save", "save PATH [VARS]", "write the last run as CSV",
   "  Columns: t, then VARS (default: every state), as 'neurode run --vars'.\n",
   do_save, COMPLETE_FILES},
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

bool command_run(Session *s, const Source *src)
{
  Cmd c;
  memset(&c, 0, sizeof c);
  c.s = s;
  c.src = src;
  arena_init(&c.arena);
  const char *t = src->text;
  size_t i = 0;
  while (isspace((unsigned char)t[i])) i++;
  size_t w = i;
  while (isalnum((unsigned char)t[i]) || t[i] == '_') i++;
  char word[32];
  snprintf(word, sizeof word, "%.*s", (int)(i - w), t + w);
  c.cmd = command_find(word);
  c.name_loc.start = (uint32_t)w;
  c.name_loc.end = (uint32_t)i;
  bool ok = c.cmd && tokenize(&c, i) && c.cmd->run(&c);
  arena_free(&c.arena);
  return ok;
}
