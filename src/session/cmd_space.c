/* cmd_space.c: the commands for a model on a domain -- profile (V against
 * x at one time) and velocity (how fast a wave travels between two points). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "mem.h"
#include "session.h"

static bool need_domain(Cmd *c)
{
  if (c->s->ws.model->domain) return true;
  return cmd_error(c, c->name_loc, "'%s' is for a model on a domain (domain x = [0, L] with n "
                   "points), and this one has none", c->cmd->name);
}

/* The last sample at or before t (the last one when t is NAN). */
static size_t row_at(const RunRecord *r, double t)
{
  size_t n = record_nrows(r), row = n - 1;
  if (isnan(t)) return row;
  while (row > 0 && record_time(r, row) > t) row--;
  return row;
}

bool do_profile(Cmd *c)
{
  Session *s = c->s;
  size_t to = c->nargs;
  double at = NAN;
  if (to >= 2 && strcmp(c->args[to - 2].text, "at") == 0) {
    char *end;
    at = strtod(c->args[to - 1].text, &end);
    if (*end || end == c->args[to - 1].text)
      return cmd_error(c, c->args[to - 1].loc, "'at' takes a time, e.g. 'profile V at 2.5'");
    to -= 2;
  }
  if (to == 0) return cmd_error(c, cmd_end_loc(c), "usage: %s", c->cmd->usage);
  if (!cmd_names_shape(c, 0, to)) return false;
  if (c->mode == CMD_SYNTAX) return true;
  if (!cmd_need_model(c) || !need_domain(c) || !cmd_need_samples(c)) return false;
  GridShape g;
  if (!session_grid(s, &g)) return cmd_error(c, c->name_loc, "the domain's size cannot be computed");
  Columns *cols = cmd_columns(c, 0, to);
  if (!cols) return false;
  /* Each name must cover the whole grid: V, not V[3]. */
  size_t N = g.n, nvars = cols->n / N;
  for (size_t k = 0; k < cols->n; k++)
    if (cols->n % N || cols->cols[k].elem != k % N || cols->cols[k].reduce != RED_NONE) {
      columns_free(cols);
      return cmd_error(c, loc_span(c->args[0].loc, c->args[to - 1].loc), "a profile is of whole "
                       "variables on the domain: write the names alone, e.g. 'profile V'");
    }
  if (c->mode == CMD_CHECK) {
    columns_free(cols);
    return true;
  }
  double *v = cmd_sample(c, cols, c->args[0].loc);
  if (!v) {
    columns_free(cols);
    return false;
  }
  size_t row = row_at(s->record, at), ncols = nvars + 1;
  double *table = xmalloc(N * ncols * sizeof *table);
  const char **names = xcalloc(ncols, sizeof *names);
  int *panel = xcalloc(ncols, sizeof *panel);
  for (size_t k = 0; k < N; k++) {
    table[k * ncols] = g.lo + (double)k * g.dx;
    for (size_t j = 0; j < nvars; j++) table[k * ncols + 1 + j] = v[row * cols->n + j * N + k];
  }
  for (size_t j = 0; j < nvars; j++) names[1 + j] = model_label(s->ws.model, model_state_name(s->ws.model, cols->cols[j * N].index));
  char title[256], ylab[256] = "";
  cmd_plot_title(s, title, sizeof title);
  size_t used = strlen(title);
  snprintf(title + used, sizeof title - used, "  at t = %.6g", record_time(s->record, row));
  for (size_t j = 0, u = 0; j < nvars && u < sizeof ylab; j++)
    u += (size_t)snprintf(ylab + u, sizeof ylab - u, "%s%s", j ? ", " : "", names[1 + j]);
  const char *ylabs[1] = {ylab};
  PlotLabels lab = {title, model_label(s->ws.model, s->ws.model->domain->name), NULL, NULL};
  Series sr = {table, N, ncols, names, panel, 1, ylabs, false};
  char err[512];
  bool ok = plot_series(s->plot, &sr, &lab, err, sizeof err);
  free(table);
  free(names);
  free(panel);
  free(v);
  columns_free(cols);
  if (!ok) diag_fail(c->diag, "%s", err);
  return ok;
}

/* The first upward crossing of thr in column k of v (rows x n), linearly
 * interpolated between samples; NAN when there is none. */
static double first_crossing(const RunRecord *r, const double *v, size_t n, size_t k, double thr)
{
  size_t rows = record_nrows(r);
  for (size_t i = 1; i < rows; i++) {
    double a = v[(i - 1) * n + k], b = v[i * n + k];
    if (a < thr && b >= thr) {
      double t0 = record_time(r, i - 1), t1 = record_time(r, i);
      return t0 + (thr - a) * (t1 - t0) / (b - a);
    }
  }
  return NAN;
}

/* "mm" from a label "x (mm)", or "". */
static void unit_of(const char *label, char *buf, size_t size)
{
  const char *open = strrchr(label, '('), *close = open ? strchr(open, ')') : NULL;
  if (open && close && close > open + 1) snprintf(buf, size, "%.*s", (int)(close - open - 1), open + 1);
  else buf[0] = '\0';
}

bool do_velocity(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs != 4) return cmd_error(c, c->nargs > 4 ? c->args[4].loc : cmd_end_loc(c), "usage: %s", c->cmd->usage);
  double num[3];
  for (int i = 0; i < 3; i++) {
    char *end;
    num[i] = strtod(c->args[1 + i].text, &end);
    if (*end || end == c->args[1 + i].text)
      return cmd_error(c, c->args[1 + i].loc, "expected a number; usage: %s", c->cmd->usage);
  }
  if (num[1] == num[2]) return cmd_error(c, c->args[3].loc, "the two positions must differ");
  if (c->mode == CMD_SYNTAX) return true;
  if (!cmd_need_model(c) || !need_domain(c) || !cmd_need_samples(c)) return false;
  const char *coord = s->ws.model->domain->name;
  char spec[512];
  snprintf(spec, sizeof spec, "%s@%s=%s,%s@%s=%s", c->args[0].text, coord, c->args[2].text,
           c->args[0].text, coord, c->args[3].text);
  GridShape g;
  char err[320] = "the domain's size cannot be computed with these values";
  Columns *cols = session_grid(s, &g) ? columns_parse(s->ws.model, g.n, &g, spec, err, sizeof err) : NULL;
  if (!cols) return cmd_error(c, loc_span(c->args[0].loc, c->args[3].loc), "%s", err);
  if (cols->n != 2 || cols->cols[0].kind != COL_STATE) {
    columns_free(cols);
    return cmd_error(c, c->args[0].loc, "'%s' is not a state variable on the domain", c->args[0].text);
  }
  if (c->mode == CMD_CHECK) {
    columns_free(cols);
    return true;
  }
  double *v = cmd_sample(c, cols, c->args[0].loc);
  if (!v) {
    columns_free(cols);
    return false;
  }
  double t1 = first_crossing(s->record, v, 2, 0, num[0]), t2 = first_crossing(s->record, v, 2, 1, num[0]);
  double x1 = g.lo + (double)cols->cols[0].elem * g.dx, x2 = g.lo + (double)cols->cols[1].elem * g.dx;
  free(v);
  columns_free(cols);
  if (isnan(t1) || isnan(t2)) {
    diag_fail(c->diag, "%s does not rise through %g at %s = %g%s in the last run", c->args[0].text,
              num[0], coord, isnan(t1) ? x1 : x2, isnan(t1) && isnan(t2) ? " (nor at the other point)" : "");
    diag_note(c->diag, "run longer, or choose a threshold the wave crosses");
    return false;
  }
  char ux[32], ut[32], units[96] = "";
  unit_of(model_label(s->ws.model, coord), ux, sizeof ux);
  unit_of(model_label(s->ws.model, "t"), ut, sizeof ut);
  if (ux[0] && ut[0])
    snprintf(units, sizeof units, " %s/%s%s", ux, ut, strcmp(ux, "mm") == 0 && strcmp(ut, "ms") == 0 ? " = m/s" : "");
  fprintf(s->out, "%s rises through %g at %s = %g at t = %.6g and at %s = %g at t = %.6g\n",
          c->args[0].text, num[0], coord, x1, t1, coord, x2, t2);
  fprintf(s->out, "velocity %.6g%s\n", (x2 - x1) / (t2 - t1), units);
  return true;
}
