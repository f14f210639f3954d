/* cmd_analysis.c: the questions a phase-plane tool answers, asked without a
 * window: fixed (equilibria and their stability).  Each also runs from the
 * command line: `neurode fixed FILE [ARGS]` is `load FILE` then `fixed ARGS`
 * (cli.c). */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "driver.h"
#include "continuation.h"
#include "contour.h"
#include "equilibria.h"
#include "measure.h"
#include "oscillation.h"
#include "sink.h"
#include "mem.h"
#include "session.h"
#include "trace.h"

/* The model as one copy with the session's values, and the state to start
 * from: the initial values (a fresh instance the analysis owns). */
static bool analysable(Cmd *c)
{
  Session *s = c->s;
  const Model *m = s->ws.model;
  if (m->domain || session_copies(s) != 1)
    return cmd_error(c, c->name_loc, "'%s' studies one copy of a model%s", c->cmd->name,
                     m->domain ? "; this one is on a domain" : ": 'set copies = 1' first");
  if (m->discrete)
    return cmd_error(c, c->name_loc, "'%s' is for continuous models (dX/dt = ...); this one is "
                                     "discrete", c->cmd->name);
  return true;
}

static Instance *one_copy(Cmd *c, double **y0)
{
  Session *s = c->s;
  if (!analysable(c)) return NULL;
  Instance *in = instance_new(s->ws.cm, 1);
  Settings all;
  session_settings(s, &all);
  instance_set_seed(in, all.num[SET_SEED]);
  settings_free(&all);
  *y0 = xmalloc((in->layout.size + 1) * sizeof **y0);
  if (!instance_setup(in, s->povr, s->npovr, s->iovr, s->niovr, *y0, c->diag)) {
    free(*y0);
    instance_free(in);
    return NULL;
  }
  return in;
}

/* Each state's range over a run of the settings' length from y0 (where
 * the dynamics live); false after reporting a failed run. */
static bool state_ranges(Cmd *c, Instance *in, const double *y0, double *lo, double *hi)
{
  Session *s = c->s;
  size_t S = in->c->nstates;
  RunSpec spec;
  double length;
  session_spec(s, &spec, &length);
  spec.t0 = 0, spec.k0 = 0, spec.t_end = length, spec.write_initial = true;
  spec.spikes = NULL, spec.progress = NULL, spec.interrupt = s->interrupt;
  spec.every = 1;
  char err[320];
  Columns *cols = columns_parse(in->c->m, 1, NULL, NULL, err, sizeof err);
  Trace *rows = trace_new((size_t)1 << 26);
  double *y = xmalloc((S + 1) * sizeof *y);
  memcpy(y, y0, S * sizeof *y);
  /* Only a look around: a run that blows up still shows where things go. */
  FILE *null = fopen("/dev/null", "w");
  Diag quiet;
  diag_init(&quiet, null ? null : stderr);
  RunResult r = driver_run(in, &spec, y, cols, trace_sink(rows), &quiet);
  if (null) fclose(null);
  if (r.status != RUN_DONE && r.status != RUN_BLOWUP && r.status != RUN_INTERRUPTED)
    cmd_error(c, c->name_loc, "the run that finds the box failed at t = %g", r.t);
  for (size_t v = 0; v < S; v++) lo[v] = hi[v] = y0[v];
  for (size_t k = 0; k < rows->nrows; k++)
    for (size_t v = 0; v < S; v++) {
      double x = trace_row(rows, k)[1 + v];
      if (isfinite(x)) lo[v] = fmin(lo[v], x), hi[v] = fmax(hi[v], x);
    }
  trace_free(rows);
  columns_free(cols);
  free(y);
  return r.status == RUN_DONE || r.status == RUN_BLOWUP || r.status == RUN_INTERRUPTED;
}

/* The box Newton searches: each state's range widened by half on each
 * side, or a box around a state that hardly moved. */
static bool search_box(Cmd *c, Instance *in, const double *y0, double *lo, double *hi)
{
  bool ok = state_ranges(c, in, y0, lo, hi);
  for (size_t v = 0; v < in->c->nstates; v++) {
    double w = hi[v] - lo[v];
    if (!(w > 0.01 * fmax(1, fabs(lo[v])))) {
      double mid = 0.5 * (lo[v] + hi[v]);
      lo[v] = mid - fmax(1, fabs(mid)), hi[v] = mid + fmax(1, fabs(mid));
    } else {
      lo[v] -= 0.5 * w, hi[v] += 0.5 * w;
    }
  }
  return ok;
}

/* Newton's seeds along each axis: about 4096 in all, 2 to 40 per axis. */
static size_t seeds_per_axis(size_t S)
{
  size_t per = (size_t)floor(pow(4096.0, 1.0 / (double)S) + 1e-9);
  return per < 2 ? 2 : per > 40 ? 40 : per;
}

bool do_fixed(Cmd *c)
{
  Session *s = c->s;
  /* fixed [VAR LO HI]...: the box along the named variables. */
  if (c->nargs % 3 != 0)
    return cmd_error(c, c->nargs ? c->args[c->nargs - 1].loc : cmd_end_loc(c),
                     "usage: %s (each variable with its range: v -3 3)", c->cmd->usage);
  for (size_t a = 0; a < c->nargs; a += 3)
    for (size_t b = 1; b < 3; b++) {
      char *end;
      strtod(c->args[a + b].text, &end);
      if (*end || end == c->args[a + b].text)
        return cmd_error(c, c->args[a + b].loc, "expected a number; usage: %s", c->cmd->usage);
    }
  if (c->mode == CMD_SYNTAX) return true;
  if (!cmd_need_model(c)) return false;
  const Model *m = s->ws.model;
  size_t S = m->nstates;
  if (S > 16)
    return cmd_error(c, c->name_loc, "'fixed' searches models of up to 16 state variables "
                                     "(this one has %zu)", S);
  size_t *given = xcalloc(S + 1, sizeof *given); /* 1 + the argument of its range */
  for (size_t a = 0; a < c->nargs; a += 3) {
    const Symbol *sym = model_lookup(m, c->args[a].text);
    if (!sym || sym->kind != SYM_STATE) {
      free(given);
      return cmd_error(c, c->args[a].loc, "'%s' is not a state variable", c->args[a].text);
    }
    if (!(strtod(c->args[a + 1].text, NULL) < strtod(c->args[a + 2].text, NULL))) {
      free(given);
      return cmd_error(c, loc_span(c->args[a + 1].loc, c->args[a + 2].loc), "the range of '%s' "
                       "must go from a lower to a higher value", c->args[a].text);
    }
    given[sym->index] = a + 1;
  }
  double *y0 = NULL;
  Instance *in = c->mode == CMD_RUN ? one_copy(c, &y0) : NULL;
  if (c->mode != CMD_RUN || !in) {
    free(given);
    return c->mode != CMD_RUN;
  }
  double *lo = xmalloc((S + 1) * sizeof *lo), *hi = xmalloc((S + 1) * sizeof *hi);
  bool ok = search_box(c, in, y0, lo, hi);
  for (size_t v = 0; v < S; v++) {
    if (given[v]) {
      lo[v] = strtod(c->args[given[v]].text, NULL);
      hi[v] = strtod(c->args[given[v] + 1].text, NULL);
    }
  }
  Jacobian *J = ok ? jacobian_new(in->c) : NULL;
  if (ok && !J) ok = cmd_error(c, c->name_loc, "the model is too large for its Jacobian");
  if (ok) {
    size_t per = seeds_per_axis(S), seeds = 1;
    for (size_t v = 0; v < S; v++) seeds *= per;
    Equilibrium *eq;
    size_t n = equilibria_find(J, in, 0, lo, hi, per, 0, &eq);
    fprintf(s->out, "%zu %s (Newton from %zu points in", n,
            n == 1 ? "equilibrium" : "equilibria", seeds);
    for (size_t v = 0; v < S; v++)
      fprintf(s->out, "%s %s [%.4g, %.4g]", v ? "," : "", model_state_name(m, v), lo[v], hi[v]);
    fprintf(s->out, "; Jacobian %s)\n", J->exact ? "exact" : "by central differences");
    for (size_t e = 0; e < n; e++) {
      fprintf(s->out, " ");
      for (size_t v = 0; v < S; v++)
        fprintf(s->out, "%s %s = %.10g", v ? "," : "", model_state_name(m, v), eq[e].y[v]);
      fprintf(s->out, ": %s\n   eigenvalues", eq[e].type);
      for (size_t v = 0; v < S; v++) {
        if (eq[e].im[v] < 0 && v > 0 && eq[e].im[v - 1] == -eq[e].im[v]) continue; /* its pair */
        if (eq[e].im[v] != 0)
          fprintf(s->out, "%s %.10g +- %.10gi", v ? "," : "", eq[e].re[v], fabs(eq[e].im[v]));
        else
          fprintf(s->out, "%s %.10g", v ? "," : "", eq[e].re[v]);
      }
      fprintf(s->out, "\n");
    }
    if (n == 0) {
      diag_fail(c->diag, "no equilibrium found in the box");
      diag_note(c->diag, "give a box of your own: 'fixed %s LO HI ...'", model_state_name(m, 0));
      ok = false;
    }
    equilibria_free(eq, n);
  }
  jacobian_free(J);
  free(lo), free(hi), free(y0), free(given);
  instance_free(in);
  return ok;
}

/* ---- period ---------------------------------------------------------------- */

bool do_period(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs != 1 && c->nargs != 3)
    return cmd_error(c, c->nargs ? c->args[c->nargs - 1].loc : cmd_end_loc(c), "usage: %s",
                     c->cmd->usage);
  double transient = NAN;
  if (c->nargs == 3) {
    char *end;
    transient = strtod(c->args[2].text, &end);
    if (strcmp(c->args[1].text, "after") != 0 || *end || !(transient > 0))
      return cmd_error(c, loc_span(c->args[1].loc, c->args[2].loc), "expected 'after T' with "
                       "a time T > 0; usage: %s", c->cmd->usage);
  }
  if (c->mode == CMD_SYNTAX) return true;
  if (!cmd_need_model(c)) return false;
  const Symbol *sym = model_lookup(s->ws.model, c->args[0].text);
  if (!sym || sym->kind != SYM_STATE)
    return cmd_error(c, c->args[0].loc, "'%s' is not a state variable", c->args[0].text);
  double *y0 = NULL;
  Instance *in = c->mode == CMD_RUN ? one_copy(c, &y0) : NULL;
  if (!in) return c->mode != CMD_RUN;
  if (isnan(transient)) {
    RunSpec spec;
    session_spec(s, &spec, &transient);
  }
  Oscillation o = {0};
  double t_max = transient + 20 * transient + 1000;
  OscStatus st = oscillation_measure(in, (size_t)sym->index, y0, transient, t_max, 10, &o);
  const char *v = c->args[0].text;
  bool ok = st == OSC_OK;
  switch (st) {
  case OSC_OK:
    fprintf(s->out, "period %.10g (%s rises through %.6g every %.10g; %zu cycles from t = %.6g, "
            "intervals within %.1g)\n", o.period, v, o.level, o.period, o.cycles, o.t_first,
            o.spread);
    fprintf(s->out, "amplitude %.10g (%s from %.10g to %.10g)\n", o.max - o.min, v, o.min, o.max);
    break;
  case OSC_CONSTANT:
    diag_fail(c->diag, "no period found: %s settles to %.10g after t = %g", v, o.max, transient);
    break;
  case OSC_TOO_FEW:
    diag_fail(c->diag, "no period found in t = %g .. %g: %s rose through %.6g %zu %s after "
              "the transient", transient, t_max, v, o.level, o.cycles + (o.cycles ? 1 : 0),
              o.cycles ? "times" : "time");
    break;
  case OSC_IRREGULAR:
    diag_fail(c->diag, "no period found: the intervals between %s's rises through %.6g "
              "differ by %.2g%% (still a transient, or not periodic)", v, o.level, 100 * o.spread);
    diag_note(c->diag, "a longer transient: 'period %s after T'", v);
    break;
  case OSC_FAILED:
    diag_fail(c->diag, "the run for the period failed (a blow-up?)");
    break;
  }
  free(y0);
  instance_free(in);
  return ok;
}

/* ---- sweep and threshold: runs at many values of a parameter ------------------ */

/* What to measure: M [VAR [THRESHOLD]] at args[from..). */
typedef struct Want {
  MeasureKind kind;
  const char *var;   /* NULL: the first state */
  double threshold;  /* NAN: the middle of var's range over all the runs */
  bool events;       /* spikes from the model's spike events */
} Want;

static bool parse_want(Cmd *c, size_t from, Want *w)
{
  if (from >= c->nargs || strcmp(c->args[from].text, "measure") != 0 || from + 1 >= c->nargs)
    return cmd_error(c, from < c->nargs ? c->args[from].loc : cmd_end_loc(c),
                     "expected 'measure M' (spikes, rate, max, min, mean, final or period); "
                     "usage: %s", c->cmd->usage);
  if (!measure_kind(c->args[from + 1].text, &w->kind))
    return cmd_error(c, c->args[from + 1].loc, "unknown measure '%s': spikes, rate, max, min, "
                     "mean, final or period", c->args[from + 1].text);
  w->var = from + 2 < c->nargs ? c->args[from + 2].text : NULL;
  w->threshold = NAN;
  if (from + 3 < c->nargs) {
    char *end;
    w->threshold = strtod(c->args[from + 3].text, &end);
    if (*end || end == c->args[from + 3].text || measure_needs_var(w->kind))
      return cmd_error(c, c->args[from + 3].loc, measure_needs_var(w->kind)
                       ? "'%s' takes a variable only" : "expected a threshold", c->args[from + 1].text);
  }
  if (from + 4 < c->nargs) return cmd_error(c, c->args[from + 4].loc, "usage: %s", c->cmd->usage);
  if (measure_needs_var(w->kind) && !w->var)
    return cmd_error(c, cmd_end_loc(c), "'%s' of which variable? e.g. 'measure %s V'",
                     c->args[from + 1].text, c->args[from + 1].text);
  return true;
}

/* The variable a measure reads, checked against the model. */
static bool want_var(Cmd *c, size_t arg, Want *w)
{
  const Model *m = c->s->ws.model;
  bool named = w->var != NULL;
  if (!named) w->var = model_state_name(m, 0);
  const Symbol *sym = model_lookup(m, w->var);
  if (!sym || (sym->kind != SYM_STATE && sym->kind != SYM_INTER))
    return cmd_error(c, c->args[arg].loc, "unknown variable '%s' (a state or an intermediate)",
                     w->var);
  /* Spikes come from the model's events unless a variable is named. */
  w->events = !measure_needs_var(w->kind) && model_has_spikes(m) && !named;
  return true;
}

typedef struct Job {
  Instance *in;
  double *y;
  RunSpec spec;
  Columns *cols;
  Trace *rows;
  SpikeList spikes;
  Diag diag;      /* its own: the messages of a failed run, printed in order */
  char *msg;
  size_t msglen;
  FILE *msgf;
  RunResult res;
} Job;

typedef struct Pool {
  Job *jobs;
  size_t n, next;
  pthread_mutex_t lock;
} Pool;

static void *worker(void *arg)
{
  Pool *p = arg;
  for (;;) {
    pthread_mutex_lock(&p->lock);
    size_t k = p->next++;
    pthread_mutex_unlock(&p->lock);
    if (k >= p->n) return NULL;
    Job *j = &p->jobs[k];
    j->res = driver_run(j->in, &j->spec, j->y, j->cols, trace_sink(j->rows), &j->diag);
  }
}

/* One run per value of parameter `param` (the session's other values), the
 * measure of each into out[k]; false after reporting a value that cannot be
 * set or a run that failed.  As many threads as 'threads' says: the runs
 * are independent, each has its own instance; results and messages come
 * back in order. */
static bool measure_at(Cmd *c, const Symbol *param, const double *values, size_t n, Want *w,
                       double *out, size_t *failed)
{
  *failed = 0;
  Session *s = c->s;
  const Model *m = s->ws.model;
  RunSpec spec;
  double length;
  session_spec(s, &spec, &length);
  spec.t0 = 0, spec.k0 = 0, spec.t_end = length, spec.write_initial = true, spec.every = 1;
  spec.progress = NULL, spec.interrupt = NULL;
  /* The runs share the threads, one each: never more threads than asked. */
  unsigned nthreads = spec.threads > 1 ? spec.threads : 1;
  spec.threads = 1;
  Settings all;
  session_settings(s, &all);
  double seed = all.num[SET_SEED];
  settings_free(&all);
  Override *ovr = xmalloc((s->npovr + 2) * sizeof *ovr);
  size_t novr = 0;
  for (size_t i = 0; i < s->npovr; i++)
    if (strcmp(s->povr[i].name, param->name) != 0) ovr[novr++] = s->povr[i];
  Arena arena;
  arena_init(&arena);
  Job *jobs = xcalloc(n + 1, sizeof *jobs);
  bool ok = true;
  char err[320];
  for (size_t k = 0; k < n && ok; k++) {
    Job *j = &jobs[k];
    j->in = instance_new(s->ws.cm, 1);
    instance_set_seed(j->in, seed);
    ovr[novr].name = param->name;
    ovr[novr].value = ast_num(&arena, c->args[0].loc, values[k]);
    ovr[novr].src = c->src;
    j->y = xmalloc((j->in->layout.size + 1) * sizeof *j->y);
    ok = instance_setup(j->in, ovr, novr + 1, s->iovr, s->niovr, j->y, c->diag);
    j->spec = spec;
    spikes_init(&j->spikes);
    if (w->events) j->spec.spikes = &j->spikes.sink;
    j->cols = columns_parse(m, 1, NULL, w->var, err, sizeof err);
    j->rows = trace_new((size_t)1 << 27);
    j->msgf = open_memstream(&j->msg, &j->msglen);
    diag_init(&j->diag, j->msgf ? j->msgf : stderr);
  }
  if (ok) {
    Pool pool = {jobs, n, 0, PTHREAD_MUTEX_INITIALIZER};
    pthread_t *th = xcalloc(nthreads, sizeof *th);
    unsigned started = 0;
    for (unsigned i = 0; i < nthreads; i++) started += pthread_create(&th[i], NULL, worker, &pool) == 0;
    if (started == 0) worker(&pool);
    for (unsigned i = 0; i < started; i++) pthread_join(th[i], NULL);
    free(th);
    pthread_mutex_destroy(&pool.lock);
  }
  /* The threshold for spikes without events: the middle of the range over
   * every run (a run that never fires stays below it). */
  double lo = INFINITY, hi = -INFINITY;
  for (size_t k = 0; k < n && ok; k++)
    for (size_t r = 0; r < jobs[k].rows->nrows; r++) {
      double v = trace_row(jobs[k].rows, r)[1];
      if (isfinite(v)) lo = fmin(lo, v), hi = fmax(hi, v);
    }
  if (isnan(w->threshold)) w->threshold = 0.5 * (lo + hi);
  for (size_t k = 0; k < n; k++) {
    Job *j = &jobs[k];
    if (j->msgf) fclose(j->msgf);
    if (ok && j->res.status != RUN_DONE) {
      fprintf(c->diag->out, "%s", j->msg ? j->msg : "");
      diag_fail(c->diag, "the run at %s = %g failed: its measure is NaN", param->name, values[k]);
      (*failed)++;
    }
    if (ok) {
      size_t nr = j->rows->nrows;
      double *t = xmalloc((nr + 1) * sizeof *t), *v = xmalloc((nr + 1) * sizeof *v);
      for (size_t r = 0; r < nr; r++) t[r] = trace_row(j->rows, r)[0], v[r] = trace_row(j->rows, r)[1];
      out[k] = j->res.status == RUN_DONE ? measure_value(w->kind, t, v, nr, w->events ? j->spikes.t : NULL,
                                                         j->spikes.n, w->threshold) : NAN;
      free(t), free(v);
    }
    free(j->msg);
    spikes_free(&j->spikes);
    trace_free(j->rows);
    columns_free(j->cols);
    free(j->y);
    instance_free(j->in);
  }
  free(jobs);
  free(ovr);
  arena_free(&arena);
  return ok;
}

/* NAME must be a parameter. */
static const Symbol *param_arg(Cmd *c, size_t i)
{
  const Symbol *sym = model_lookup(c->s->ws.model, c->args[i].text);
  if (!sym || sym->kind != SYM_PARAM) {
    cmd_error(c, c->args[i].loc, "'%s' is not a parameter of the model", c->args[i].text);
    return NULL;
  }
  return sym;
}

static bool number_arg(Cmd *c, size_t i, double *v)
{
  char *end;
  *v = strtod(c->args[i].text, &end);
  if (*end || end == c->args[i].text || !isfinite(*v))
    return cmd_error(c, c->args[i].loc, "expected a number; usage: %s", c->cmd->usage);
  return true;
}

/* How a measure is described in a table's header. */
static void want_label(const Want *w, char *buf, size_t size)
{
  if (measure_needs_var(w->kind)) snprintf(buf, size, "%s %s", measure_name(w->kind), w->var);
  else snprintf(buf, size, "%s", measure_name(w->kind));
}

static void say_spikes(Cmd *c, const Want *w)
{
  if (measure_needs_var(w->kind)) return;
  if (w->events)
    fprintf(c->s->out, "# %s: from the model's spike events\n", measure_name(w->kind));
  else
    fprintf(c->s->out, "# %s: upward crossings of %s through %.6g%s\n", measure_name(w->kind),
            w->var, w->threshold, c->nargs > 0 ? "" : "");
}

/* Rows "x,y", each number as the CSV sinks write it (reads back exactly). */
static void print_pairs(FILE *out, const double *x, const double *y, size_t n)
{
  char a[40], b[40];
  for (size_t k = 0; k < n; k++) {
    format_double(a, sizeof a, x[k]);
    format_double(b, sizeof b, y[k]);
    fprintf(out, "%s,%s\n", a, b);
  }
}

/* y against x, where a plot goes somewhere of its own (a window, a file,
 * or a person at a terminal): in a text plot on standard output it would
 * mix with the table just printed.  False after reporting a plot failure. */
static bool plot_curve(Cmd *c, const double *x, const double *y, size_t n, const char *xlabel,
                       const char *ylabel, bool dots)
{
  Session *s = c->s;
  if (!s->interactive && plot_is_text(s->plot)) return true;
  double *table = xmalloc((2 * n + 1) * sizeof *table);
  for (size_t k = 0; k < n; k++) table[2 * k] = x[k], table[2 * k + 1] = y[k];
  const char *names[2] = {xlabel, ylabel}, *ylabs[1] = {ylabel};
  int panel[2] = {0, 0};
  char title[256], err[512];
  cmd_plot_title(s, title, sizeof title);
  PlotLabels lab = {title, xlabel, NULL, NULL};
  Series sr = {table, n, 2, names, panel, 1, ylabs, dots};
  bool ok = plot_series(s->plot, &sr, &lab, err, sizeof err);
  if (!ok) diag_fail(c->diag, "%s", err);
  free(table);
  return ok;
}

bool do_sweep(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs < 6) return cmd_error(c, c->nargs ? c->args[c->nargs - 1].loc : cmd_end_loc(c),
                                     "usage: %s", c->cmd->usage);
  double from, to, step;
  if (!number_arg(c, 1, &from) || !number_arg(c, 2, &to) || !number_arg(c, 3, &step)) return false;
  if (step == 0 || (to - from) / step < 0)
    return cmd_error(c, c->args[3].loc, "a step of %g never goes from %g to %g", step, from, to);
  double count = floor((to - from) / step + 1e-9) + 1;
  if (count > 100000) return cmd_error(c, c->args[3].loc, "that is %.0f runs; take a larger step", count);
  Want w;
  if (!parse_want(c, 4, &w)) return false;
  if (c->mode == CMD_SYNTAX) return true;
  if (!cmd_need_model(c)) return false;
  const Symbol *param = param_arg(c, 0);
  if (!param || !want_var(c, w.var ? 6 : 5, &w)) return false;
  if (!analysable(c)) return false;
  if (c->mode != CMD_RUN) return true;
  size_t n = (size_t)count;
  double *values = xmalloc((n + 1) * sizeof *values), *out = xmalloc((n + 1) * sizeof *out);
  for (size_t k = 0; k < n; k++) values[k] = from + (double)k * step; /* never summed */
  size_t failed;
  bool ok = measure_at(c, param, values, n, &w, out, &failed);
  if (ok) {
    char label[160];
    want_label(&w, label, sizeof label);
    say_spikes(c, &w);
    fprintf(s->out, "%s,%s\n", param->name, label);
    print_pairs(s->out, values, out, n);
    if (!plot_curve(c, values, out, n, model_label(s->ws.model, param->name), label, true))
      ok = false;
  }
  free(values), free(out);
  return ok && failed == 0; /* the table is whole, but a run failed: exit 1 */
}

bool do_threshold(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs < 5) return cmd_error(c, c->nargs ? c->args[c->nargs - 1].loc : cmd_end_loc(c),
                                     "usage: %s", c->cmd->usage);
  double lo, hi, tol = NAN;
  if (!number_arg(c, 1, &lo) || !number_arg(c, 2, &hi)) return false;
  size_t last = c->nargs;
  if (last >= 2 && strcmp(c->args[last - 2].text, "tol") == 0) {
    if (!number_arg(c, last - 1, &tol)) return false;
    if (!(tol > 0)) return cmd_error(c, c->args[last - 1].loc, "the tolerance must be above 0");
    last -= 2;
  }
  if (!(hi > lo)) return cmd_error(c, loc_span(c->args[1].loc, c->args[2].loc),
                                   "the bracket must go from a lower to a higher value");
  size_t nargs = c->nargs;
  c->nargs = last; /* the measure's words end before tol */
  Want w;
  bool parsed = parse_want(c, 3, &w);
  c->nargs = nargs;
  if (!parsed) return false;
  if (isnan(tol)) tol = 1e-4 * (hi - lo);
  if (c->mode == CMD_SYNTAX) return true;
  if (!cmd_need_model(c)) return false;
  const Symbol *param = param_arg(c, 0);
  c->nargs = last;
  bool var_ok = param && want_var(c, w.var ? 5 : 4, &w);
  c->nargs = nargs;
  if (!var_ok) return false;
  if (!analysable(c)) return false;
  if (c->mode != CMD_RUN) return true;
  /* The two ends first (one run each, together), then bisection. */
  double ends[2] = {lo, hi}, m[2];
  size_t failed;
  if (!measure_at(c, param, ends, 2, &w, m, &failed) || failed) return false;
  char label[160];
  want_label(&w, label, sizeof label);
  if (!(m[0] == 0) || !(m[1] != 0 && !isnan(m[1]))) {
    diag_fail(c->diag, "%s does not change from 0 to nonzero between %s = %g (%g) and %g (%g)",
              label, param->name, lo, m[0], hi, m[1]);
    diag_note(c->diag, "give a bracket where it does: 'threshold %s LO HI measure ...'", param->name);
    return false;
  }
  double mlo = m[0], mhi = m[1];
  int steps = 0;
  while (hi - lo > tol && steps < 200) {
    /* Two points inside at once (one per core): the bracket shrinks threefold. */
    double in[2] = {lo + (hi - lo) / 3, lo + 2 * (hi - lo) / 3}, mi[2];
    if (!measure_at(c, param, in, 2, &w, mi, &failed) || failed) return false;
    if (mi[0] != 0) hi = in[0], mhi = mi[0];
    else if (mi[1] != 0) lo = in[0], mlo = mi[0], hi = in[1], mhi = mi[1];
    else lo = in[1], mlo = mi[1];
    steps++;
  }
  say_spikes(c, &w);
  fprintf(s->out, "%s threshold between %.10g (%s %g) and %.10g (%s %g)\n", param->name, lo,
          label, mlo, hi, label, mhi);
  return true;
}

/* ---- continue ------------------------------------------------------------- */

/* The equilibria at param = from, as 'fixed' finds them; false after
 * reporting none. */
static bool start_equilibria(Cmd *c, Instance *in, const Jacobian *J, const Symbol *param,
                             double from, const double *y0, Equilibrium **eq, size_t *neq)
{
  size_t S = in->c->nstates;
  double *lo = xmalloc((S + 1) * sizeof *lo), *hi = xmalloc((S + 1) * sizeof *hi);
  instance_set_param(in, (size_t)param->index, from);
  bool ok = search_box(c, in, y0, lo, hi);
  *neq = ok ? equilibria_find(J, in, 0, lo, hi, seeds_per_axis(S), 0, eq) : 0;
  free(lo), free(hi);
  if (ok && *neq == 0) {
    diag_fail(c->diag, "no equilibrium at %s = %g to start from", param->name, from);
    ok = false;
  }
  return ok;
}

/* "  Hopf at I = 0.33 (v = -0.97, w = -0.33): frequency ..., period ..." */
static void say_bifurcation(FILE *out, const Model *m, const char *pn, const Bifurcation *f)
{
  fprintf(out, "  %s at %s = %.10g (", f->kind == BIF_HOPF ? "Hopf" : "fold", pn, f->p);
  for (size_t v = 0; v < m->nstates; v++)
    fprintf(out, "%s%s = %.8g", v ? ", " : "", model_state_name(m, v), f->y[v]);
  if (f->kind == BIF_HOPF) fprintf(out, "): frequency %.6g, period %.6g\n", f->omega, 2 * M_PI / f->omega);
  else fprintf(out, ")\n");
}

bool do_continue(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs != 3) return cmd_error(c, c->nargs > 3 ? c->args[3].loc : cmd_end_loc(c),
                                      "usage: %s", c->cmd->usage);
  double from, to;
  if (!number_arg(c, 1, &from) || !number_arg(c, 2, &to)) return false;
  if (from == to) return cmd_error(c, c->args[2].loc, "the range of the parameter is empty");
  if (c->mode == CMD_SYNTAX) return true;
  if (!cmd_need_model(c)) return false;
  const Symbol *param = param_arg(c, 0);
  if (!param) return false;
  const Model *m = s->ws.model;
  size_t S = m->nstates;
  if (S > 16) return cmd_error(c, c->name_loc, "'continue' follows models of up to 16 states");
  double *y0 = NULL;
  Instance *in = c->mode == CMD_RUN ? one_copy(c, &y0) : NULL;
  if (!in) return c->mode != CMD_RUN;
  Jacobian *J = jacobian_new_param(in->c, param->index);
  bool ok = J != NULL;
  if (!ok) cmd_error(c, c->name_loc, "an equation has no exact derivative (a rule is missing): "
                                     "continuation needs one");
  Equilibrium *eq = NULL;
  size_t neq = 0;
  if (ok) ok = start_equilibria(c, in, J, param, from, y0, &eq, &neq);
  const char *pn = param->name;
  for (size_t e = 0; e < neq && ok; e++) {
    Branch b;
    char why[256] = "";
    bool done = continuation_run(J, in, eq[e].y, from, to, &b, why, sizeof why);
    fprintf(s->out, "%s from %g to %g, from", pn, from, to);
    for (size_t v = 0; v < S; v++) fprintf(s->out, "%s %s = %.10g", v ? "," : "", model_state_name(m, v), eq[e].y[v]);
    fprintf(s->out, " (%s): %zu points\n", eq[e].type, b.n);
    /* Stretches of one stability, each change with the bifurcation found
     * there (in the order of the branch); the last point may overshoot TO. */
    double start_p = b.n ? b.p[0] : from;
    size_t next_bif = 0;
    for (size_t k = 1; k <= b.n; k++) {
      bool change = k < b.n && b.stable[k] != b.stable[k - 1];
      if (k < b.n && !change) continue;
      double end_p = k < b.n ? 0.5 * (b.p[k - 1] + b.p[k]) : b.p[b.n - 1];
      const Bifurcation *f = NULL;
      for (size_t i = next_bif; i < b.nbif && change && !f; i++)
        if (b.bif[i].after == k - 1) f = &b.bif[i], next_bif = i + 1;
      if (f) end_p = f->p;
      if (k == b.n && (end_p - to) * (to - from) > 0) end_p = to;
      fprintf(s->out, "  %s %.8g .. %.8g: %s\n", pn, start_p, end_p, b.stable[k - 1] ? "stable" : "unstable");
      if (f) say_bifurcation(s->out, m, pn, f);
      start_p = end_p;
    }
    /* Folds where the stability does not change (a saddle's) too. */
    for (size_t i = 0; i < b.nbif; i++) {
      const Bifurcation *f = &b.bif[i];
      bool said = false;
      for (size_t k = 1; k < b.n && !said; k++)
        said = b.stable[k] != b.stable[k - 1] && f->after == k - 1;
      if (!said) say_bifurcation(s->out, m, pn, f);
    }
    if (!done) {
      diag_fail(c->diag, "%s", why);
      ok = false;
    } else if (why[0]) {
      diag_warn(c->diag, "%s", why);
    }
    branch_free(&b);
  }
  equilibria_free(eq, neq);
  jacobian_free(J);
  free(y0);
  instance_free(in);
  return ok;
}

/* ---- the phase response curve ------------------------------------------------ */

bool do_prc(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs != 2 && c->nargs != 3)
    return cmd_error(c, c->nargs > 3 ? c->args[3].loc : cmd_end_loc(c), "usage: %s", c->cmd->usage);
  double amount, count = 20;
  if (!number_arg(c, 1, &amount)) return false;
  if (c->nargs == 3 && (!number_arg(c, 2, &count) || !(count >= 2 && count <= 10000 && count == floor(count))))
    return cmd_error(c, c->args[2].loc, "the number of phases is a whole number from 2 to 10000");
  if (c->mode == CMD_SYNTAX) return true;
  if (!cmd_need_model(c)) return false;
  const Model *m = s->ws.model;
  const Symbol *sym = model_lookup(m, c->args[0].text);
  if (!sym || sym->kind != SYM_STATE)
    return cmd_error(c, c->args[0].loc, "'%s' is not a state variable", c->args[0].text);
  double *y0 = NULL;
  Instance *in = c->mode == CMD_RUN ? one_copy(c, &y0) : NULL;
  if (!in) return c->mode != CMD_RUN;
  RunSpec spec;
  double transient;
  session_spec(s, &spec, &transient);
  size_t S = m->nstates, var = (size_t)sym->index, n = (size_t)count;
  Oscillation o = {0};
  o.y_last = xmalloc((S + 1) * sizeof *o.y_last);
  OscStatus st = oscillation_measure(in, var, y0, transient, 21 * transient + 1000, 10, &o);
  bool ok = st == OSC_OK;
  if (!ok) {
    diag_fail(c->diag, "no limit cycle to take the phase of: %s", st == OSC_CONSTANT ? "the solution settles"
              : st == OSC_IRREGULAR ? "the intervals between crossings differ" : "too few crossings");
    diag_note(c->diag, "'period %s' says more", c->args[0].text);
  }
  double *shift = xmalloc((n + 1) * sizeof *shift), *phase = xmalloc((n + 1) * sizeof *phase);
  for (size_t k = 0; ok && k < n; k++) {
    phase[k] = (double)k / (double)n;
    shift[k] = oscillation_phase_shift(in, var, o.y_last, o.period, o.level, phase[k], var, amount, 10);
  }
  if (ok) {
    fprintf(s->out, "# phase 0: %s rises through %.10g at t = %.10g (from the initial values); "
            "period %.10g; kick %s += %g; shift after 10 cycles, > 0 an advance\n",
            c->args[0].text, o.level, o.t_last, o.period, c->args[0].text, amount);
    fprintf(s->out, "phase,shift\n");
    print_pairs(s->out, phase, shift, n);
    if (!plot_curve(c, phase, shift, n, "phase of the kick (cycles)", "phase shift (cycles)", false))
      ok = false;
  }
  free(shift), free(phase), free(o.y_last), free(y0);
  instance_free(in);
  return ok;
}

/* ---- nullclines ------------------------------------------------------------- */

enum { NULL_GRID = 201 };

bool do_nullclines(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs != 2 && c->nargs != 6)
    return cmd_error(c, c->nargs ? c->args[c->nargs - 1].loc : cmd_end_loc(c), "usage: %s",
                     c->cmd->usage);
  double box[4] = {NAN, NAN, NAN, NAN};
  for (size_t a = 2; a < c->nargs; a++)
    if (!number_arg(c, a, &box[a - 2])) return false;
  if (c->nargs == 6 && !(box[0] < box[1] && box[2] < box[3]))
    return cmd_error(c, loc_span(c->args[2].loc, c->args[5].loc), "the box goes XLO XHI YLO YHI, "
                     "each from a lower to a higher value");
  if (c->mode == CMD_SYNTAX) return true;
  if (!cmd_need_model(c)) return false;
  const Model *m = s->ws.model;
  if (m->nstates < 2)
    return cmd_error(c, c->name_loc, "nullclines are curves in the plane of two state variables; "
                                     "this model has %zu", m->nstates);
  size_t var[2];
  for (int k = 0; k < 2; k++) {
    const Symbol *sym = model_lookup(m, c->args[k].text);
    if (!sym || sym->kind != SYM_STATE)
      return cmd_error(c, c->args[k].loc, "'%s' is not a state variable", c->args[k].text);
    var[k] = (size_t)sym->index;
  }
  if (var[0] == var[1]) return cmd_error(c, c->args[1].loc, "two different state variables, please");
  double *y0 = NULL;
  Instance *in = c->mode == CMD_RUN ? one_copy(c, &y0) : NULL;
  if (!in) return c->mode != CMD_RUN;
  size_t S = m->nstates;
  bool ok = true;
  if (isnan(box[0])) { /* the plane around where the model goes */
    double *lo = xmalloc((S + 1) * sizeof *lo), *hi = xmalloc((S + 1) * sizeof *hi);
    ok = state_ranges(c, in, y0, lo, hi);
    for (int k = 0; k < 2; k++) {
      double w = hi[var[k]] - lo[var[k]], pad = w > 0 ? 0.15 * w : 1;
      box[2 * k] = lo[var[k]] - pad, box[2 * k + 1] = hi[var[k]] + pad;
    }
    free(lo), free(hi);
  }
  /* The others at their values where the model starts (or the state now). */
  const double *at = s->have_state && s->y && s->record->N == 1 ? s->y : y0;
  size_t G = NULL_GRID * NULL_GRID;
  double *pts = xmalloc((S * G + 1) * sizeof *pts), *f = xmalloc((S * G + 1) * sizeof *f);
  double gx[NULL_GRID], gy[NULL_GRID];
  for (size_t j = 0; j < NULL_GRID; j++) {
    gx[j] = box[0] + (box[1] - box[0]) * (double)j / (NULL_GRID - 1);
    gy[j] = box[2] + (box[3] - box[2]) * (double)j / (NULL_GRID - 1);
  }
  for (size_t v = 0; v < S; v++)
    for (size_t g = 0; g < G; g++) pts[v * G + g] = at[v];
  for (size_t i = 0; i < NULL_GRID; i++)
    for (size_t j = 0; j < NULL_GRID; j++) {
      pts[var[0] * G + i * NULL_GRID + j] = gx[j];
      pts[var[1] * G + i * NULL_GRID + j] = gy[i];
    }
  if (ok) {
    instance_eval_at(in, 0, G, pts, s->have_state ? s->t_now : 0, f);
    fprintf(s->out, "nullcline,%s1,%s1,%s2,%s2\n", c->args[0].text, c->args[1].text, c->args[0].text,
            c->args[1].text);
    char a[4][40];
    for (int k = 0; k < 2; k++) {
      double *segs = NULL;
      size_t n = contour_zero(f + var[k] * G, gx, NULL_GRID, gy, NULL_GRID, &segs);
      for (size_t q = 0; q < n; q++) {
        for (int z = 0; z < 4; z++) format_double(a[z], sizeof a[z], segs[4 * q + (size_t)z]);
        fprintf(s->out, "d%s/dt=0,%s,%s,%s,%s\n", m->states[var[k]]->name, a[0], a[1], a[2], a[3]);
      }
      free(segs);
    }
  }
  free(pts), free(f), free(y0);
  instance_free(in);
  return ok;
}

/* ---- the bifurcation diagram ------------------------------------------------- */

enum { ORBIT_SAMPLES = 30 };

bool do_bifurcation(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs != 3 && c->nargs != 4)
    return cmd_error(c, c->nargs > 4 ? c->args[4].loc : cmd_end_loc(c), "usage: %s", c->cmd->usage);
  double from, to;
  if (!number_arg(c, 1, &from) || !number_arg(c, 2, &to)) return false;
  if (from == to) return cmd_error(c, c->args[2].loc, "the range of the parameter is empty");
  if (c->mode == CMD_SYNTAX) return true;
  if (!cmd_need_model(c)) return false;
  const Model *m = s->ws.model;
  const Symbol *param = param_arg(c, 0);
  if (!param) return false;
  size_t var = 0;
  if (c->nargs == 4) {
    const Symbol *sym = model_lookup(m, c->args[3].text);
    if (!sym || sym->kind != SYM_STATE)
      return cmd_error(c, c->args[3].loc, "'%s' is not a state variable", c->args[3].text);
    var = (size_t)sym->index;
  }
  double *y0 = NULL;
  Instance *in = c->mode == CMD_RUN ? one_copy(c, &y0) : NULL;
  if (!in) return c->mode != CMD_RUN;
  size_t S = m->nstates;
  Jacobian *J = jacobian_new_param(in->c, param->index);
  bool ok = J != NULL;
  if (!ok) cmd_error(c, c->name_loc, "an equation has no exact derivative: continuation needs one");
  Equilibrium *eq = NULL;
  size_t neq = 0;
  if (ok) ok = start_equilibria(c, in, J, param, from, y0, &eq, &neq);
  Branch b = {0};
  char why[256] = "";
  if (ok && !continuation_run(J, in, eq[0].y, from, to, &b, why, sizeof why)) {
    diag_fail(c->diag, "%s", why);
    ok = false;
  }
  double *rows = NULL, *orbits = NULL, *pts = NULL;
  size_t norb = 0;
  if (ok) {
    rows = xmalloc((3 * b.n + 1) * sizeof *rows);
    for (size_t k = 0; k < b.n; k++)
      rows[3 * k] = b.p[k], rows[3 * k + 1] = b.y[k * S + var], rows[3 * k + 2] = b.stable[k];
    pts = xmalloc((2 * b.nbif + 1) * sizeof *pts);
    for (size_t i = 0; i < b.nbif; i++) pts[2 * i] = b.bif[i].p, pts[2 * i + 1] = b.bif[i].y[var];
    /* Where the equilibrium is unstable: simulate, from next to it. */
    RunSpec spec;
    double transient;
    session_spec(s, &spec, &transient);
    orbits = xmalloc((3 * ORBIT_SAMPLES + 1) * sizeof *orbits);
    double *start = xmalloc((S + 1) * sizeof *start);
    for (int q = 0; q < ORBIT_SAMPLES; q++) {
      double p = from + (to - from) * (q + 0.5) / ORBIT_SAMPLES;
      size_t near = 0;
      for (size_t k = 1; k < b.n; k++)
        if (fabs(b.p[k] - p) < fabs(b.p[near] - p)) near = k;
      if (b.n == 0 || b.stable[near]) continue;
      for (size_t v = 0; v < S; v++) start[v] = b.y[near * S + v] * (1 + 1e-3) + 1e-3;
      instance_set_param(in, (size_t)param->index, p);
      Oscillation o = {0};
      OscStatus st = oscillation_measure(in, var, start, transient, 4 * transient + 1000, 5, &o);
      if (st != OSC_OK && st != OSC_IRREGULAR) continue;
      orbits[3 * norb] = p, orbits[3 * norb + 1] = o.min, orbits[3 * norb + 2] = o.max;
      norb++;
    }
    free(start);
    fprintf(s->out, "%zu points of the branch of equilibria, %zu %s, periodic orbits at %zu values "
            "of %s\n", b.n, b.nbif, b.nbif == 1 ? "bifurcation" : "bifurcations", norb, param->name);
    char title[256], ylab[160];
    cmd_plot_title(s, title, sizeof title);
    snprintf(ylab, sizeof ylab, "%s", model_label(m, model_state_name(m, var)));
    PlotLabels lab = {title, model_label(m, param->name), ylab, NULL};
    Bifurcations bd = {rows, b.n, orbits, norb, pts, b.nbif};
    char perr[512];
    if (!plot_bifurcation(s->plot, &bd, &lab, perr, sizeof perr)) diag_fail(c->diag, "%s", perr), ok = false;
  }
  free(rows), free(orbits), free(pts);
  branch_free(&b);
  equilibria_free(eq, neq);
  jacobian_free(J);
  free(y0);
  instance_free(in);
  return ok;
}
