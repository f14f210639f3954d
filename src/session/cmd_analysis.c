/* cmd_analysis.c: the questions a phase-plane tool answers, asked without a
 * window: fixed (equilibria and their stability).  Each also runs from the
 * command line: `neurode fixed FILE [ARGS]` is `load FILE` then `fixed ARGS`
 * (cli.c). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "driver.h"
#include "equilibria.h"
#include "mem.h"
#include "session.h"
#include "trace.h"

/* The model as one copy with the session's values, and the state to start
 * from: the initial values (a fresh instance the analysis owns). */
static Instance *one_copy(Cmd *c, double **y0)
{
  Session *s = c->s;
  const Model *m = s->ws.model;
  if (m->domain || session_copies(s) != 1) {
    cmd_error(c, c->name_loc, "'%s' studies one copy of a model%s", c->cmd->name,
              m->domain ? "; this one is on a domain" : ": 'set copies = 1' first");
    return NULL;
  }
  if (m->discrete) {
    cmd_error(c, c->name_loc, "'%s' is for continuous models (dX/dt = ...); this one is "
                              "discrete", c->cmd->name);
    return NULL;
  }
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

/* Each state's range over a run of the settings' length from y0 (the box
 * where the dynamics live); false after reporting a failed run. */
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
    cmd_error(c, c->name_loc, "the run that finds the box failed at t = %g: give the box, "
              "e.g. 'fixed %s LO HI'", r.t, model_state_name(in->c->m, 0));
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
  bool ok = state_ranges(c, in, y0, lo, hi);
  for (size_t v = 0; v < S; v++) {
    double w = hi[v] - lo[v];
    if (!(w > 0.01 * fmax(1, fabs(lo[v])))) { /* it hardly moved: a box around it */
      double mid = 0.5 * (lo[v] + hi[v]);
      lo[v] = mid - fmax(1, fabs(mid)), hi[v] = mid + fmax(1, fabs(mid));
    } else {
      lo[v] -= 0.5 * w, hi[v] += 0.5 * w;
    }
    if (given[v]) {
      lo[v] = strtod(c->args[given[v]].text, NULL);
      hi[v] = strtod(c->args[given[v] + 1].text, NULL);
    }
  }
  Jacobian *J = ok ? jacobian_new(in->c) : NULL;
  if (ok && !J) ok = cmd_error(c, c->name_loc, "the model is too large for its Jacobian");
  if (ok) {
    size_t per = (size_t)floor(pow(4096.0, 1.0 / (double)S) + 1e-9);
    if (per < 2) per = 2;
    if (per > 40) per = 40;
    size_t seeds = 1;
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
