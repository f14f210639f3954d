/* cmd_plot.c: the commands that draw (plot, phase, raster, heatmap) and
 * what they share with save: columns named on the command line and their
 * values along the last run; see cmd.h. */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "contour.h"
#include "equilibria.h"

/* ---- names and values ------------------------------------------------------ */

Columns *cmd_columns(Cmd *c, size_t from, size_t to)
{
  Session *s = c->s;
  size_t N = session_copies(s);
  GridShape g;
  /* Each name alone first, so that an error points at the one at fault. */
  for (size_t i = from; i < to; i++) {
    if (strcmp(c->args[i].text, ",") == 0) continue;
    char err[320];
    Columns *one = columns_parse(s->ws.model, N, session_grid(s, &g) ? &g : NULL, c->args[i].text,
                                 err, sizeof err);
    if (!one) {
      cmd_error(c, c->args[i].loc, "%s", err);
      return NULL;
    }
    columns_free(one);
  }
  char spec[4096] = "";
  size_t used = 0;
  for (size_t i = from; i < to && used < sizeof spec; i++)
    used += (size_t)snprintf(spec + used, sizeof spec - used, "%s", c->args[i].text);
  char err[320];
  Columns *cols = columns_parse(s->ws.model, N, session_grid(s, &g) ? &g : NULL, spec, err, sizeof err);
  if (!cols) cmd_error(c, loc_span(c->args[from].loc, c->args[to - 1].loc), "%s", err);
  return cols;
}

double *cmd_sample(Cmd *c, const Columns *cols, Loc name_loc)
{
  char err[320];
  RecordStatus why;
  double *v = record_values(c->s->record, cols, &why, err, sizeof err);
  if (!v) {
    cmd_error(c, name_loc, "%s", err);
    if (why == RECORD_NOT_KEPT)
      diag_note(c->diag, "'set keep = ...' with it (or 'set keep =' for every state) and run again");
  }
  return v;
}

void cmd_plot_title(const Session *s, char *buf, size_t size)
{
  const char *path = s->ws.path ? s->ws.path : "model";
  const char *base = strrchr(path, '/');
  size_t used = (size_t)snprintf(buf, size, "%s", base ? base + 1 : path);
  for (size_t i = 0; i < s->npovr && used < size; i++) {
    const Override *o = &s->povr[i];
    int len = (int)(o->value->loc.end - o->value->loc.start);
    used += (size_t)snprintf(buf + used, size - used, "%s%s=%.*s", i ? ", " : "  (", o->name, len,
                             o->src->text + o->value->loc.start);
    if (i + 1 == s->npovr && used < size) used += (size_t)snprintf(buf + used, size - used, ")");
  }
}

const char *cmd_var_label(const Session *s, const char *arg)
{
  char base[128];
  snprintf(base, sizeof base, "%.*s", (int)strcspn(arg, "["), arg);
  const char *label = model_label(s->ws.model, base);
  return label == base ? arg : label;
}

int cmd_varying_param(const Session *s)
{
  const ParamValues *pv = session_run_params(s);
  if (!pv) return -1;
  size_t N = pv->N;
  int found = -1;
  for (size_t p = 0; p < pv->nparams; p++) {
    if (!pv->array[p]) continue;
    if (found >= 0) return -1; /* more than one varies */
    const double *v = pv->array[p];
    bool up = true, down = true;
    for (size_t k = 1; k < N; k++) up &= v[k] > v[k - 1], down &= v[k] < v[k - 1];
    if (!up && !down) return -1;
    found = (int)p;
  }
  return found;
}

const char *cmd_column_label(const Session *s, const Columns *cols, size_t k, bool with_label,
                             char *buf, size_t size)
{
  const char *name = cols->names[k + 1];
  const char *br = strchr(name, '[');
  char base[128];
  snprintf(base, sizeof base, "%.*s", (int)(br ? (size_t)(br - name) : strlen(name)), name);
  const char *label = with_label ? model_label(s->ws.model, base) : base;
  size_t used = (size_t)snprintf(buf, size, "%s", label);
  if (!br) return buf;
  const ParamValues *pv = session_run_params(s);
  size_t copy = cols->cols[k].elem, shown = 0;
  const Model *m = s->record->nsegs ? s->record->segs[s->record->nsegs - 1].c->m : s->ws.model;
  for (size_t p = 0; pv && p < pv->nparams && used < size; p++) {
    if (!pv->array[p]) continue;
    used += (size_t)snprintf(buf + used, size - used, "%s%s=%.6g", shown++ ? ", " : " (",
                             model_param_name(m, p), pv->array[p][copy]);
  }
  if (used < size) snprintf(buf + used, size - used, shown ? ")" : "%s", shown ? "" : br);
  return buf;
}

static bool plot_failed(Cmd *c, const char *err)
{
  diag_fail(c->diag, "%s", err);
  return false;
}

/* ---- plot ------------------------------------------------------------------ */

bool do_plot(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs == 0)
    return cmd_error(c, cmd_end_loc(c), "plot what? e.g. 'plot V', 'plot v, w vs t' or 'plot V | m, h, n'");
  size_t vs = c->nargs;
  for (size_t i = 0; i < c->nargs; i++)
    if (strcmp(c->args[i].text, "vs") == 0 && !c->args[i].quoted) vs = i;
  /* Panels: groups of names separated by '|'. */
  enum { MAX_PANELS = 8 };
  size_t from[MAX_PANELS], to[MAX_PANELS], np = 0;
  size_t start = 0;
  for (size_t i = 0; i <= vs; i++) {
    if (i < vs && strcmp(c->args[i].text, "|") != 0) continue;
    if (i == start)
      return cmd_error(c, i < c->nargs ? c->args[i].loc : cmd_end_loc(c), "a variable is missing here");
    if (np == MAX_PANELS) return cmd_error(c, c->args[i].loc, "at most %d panels", MAX_PANELS);
    if (!cmd_names_shape(c, start, i)) return false;
    from[np] = start, to[np] = i, np++;
    start = i + 1;
  }
  if (vs < c->nargs && vs + 2 != c->nargs)
    return cmd_error(c, c->args[vs].loc, "after 'vs' give one variable");
  if (c->mode == CMD_SYNTAX) return true;
  if (!cmd_need_samples(c)) return false;
  Columns *xs = NULL;
  if (vs < c->nargs && strcmp(c->args[vs + 1].text, "t") != 0) {
    if (!(xs = cmd_columns(c, vs + 1, vs + 2))) return false;
    if (xs->n != 1) {
      columns_free(xs);
      return cmd_error(c, c->args[vs + 1].loc, "after 'vs' give one variable (one copy)");
    }
  }
  Columns *ys[MAX_PANELS] = {NULL};
  size_t total = 0;
  bool ok = true;
  for (size_t q = 0; q < np && ok; q++) {
    ok = (ys[q] = cmd_columns(c, from[q], to[q])) != NULL;
    if (ok) total += ys[q]->n;
  }
  if (ok && total > 50) {
    char base[64];
    snprintf(base, sizeof base, "%.*s", (int)strcspn(c->args[0].text, "["), c->args[0].text);
    ok = cmd_error(c, loc_span(c->args[0].loc, c->args[vs - 1].loc),
                   "that is %zu lines: plot some copies (%s[0:10]) or use 'heatmap %s'", total,
                   base, base);
  }
  if (!ok || c->mode == CMD_CHECK) {
    for (size_t q = 0; q < np; q++) columns_free(ys[q]);
    columns_free(xs);
    return ok;
  }
  size_t nrows = record_nrows(s->record), ncols = total + 1;
  double *xv = xs ? cmd_sample(c, xs, c->args[vs + 1].loc) : NULL;
  double *yv[MAX_PANELS] = {NULL};
  for (size_t q = 0; q < np && ok; q++)
    ok = (yv[q] = cmd_sample(c, ys[q], loc_span(c->args[from[q]].loc, c->args[to[q] - 1].loc))) != NULL;
  if (!ok || (xs && !xv)) {
    for (size_t q = 0; q < np; q++) columns_free(ys[q]), free(yv[q]);
    columns_free(xs);
    free(xv);
    return false;
  }
  double *table = xmalloc(nrows * ncols * sizeof *table);
  for (size_t r = 0; r < nrows; r++) table[r * ncols] = xv ? xv[r] : record_time(s->record, r);
  const char **names = xcalloc(ncols, sizeof *names);
  char **owned = xcalloc(ncols, sizeof *owned);
  int *panel = xcalloc(ncols, sizeof *panel);
  char *ylab[MAX_PANELS];
  char lbuf[256];
  size_t col = 1;
  for (size_t q = 0; q < np; q++) {
    for (size_t k = 0; k < ys[q]->n; k++, col++) {
      for (size_t r = 0; r < nrows; r++) table[r * ncols + col] = yv[q][r * ys[q]->n + k];
      names[col] = owned[col] = xstrdup(cmd_column_label(s, ys[q], k, false, lbuf, sizeof lbuf));
      panel[col] = (int)q;
    }
    /* A panel's y axis: the label of its one variable, or their names. */
    char yb[256] = "";
    size_t used = 0;
    for (size_t a = from[q]; a < to[q] && used < sizeof yb; a++)
      if (strcmp(c->args[a].text, ",") != 0)
        used += (size_t)snprintf(yb + used, sizeof yb - used, "%s%s", used ? ", " : "",
                                 cmd_var_label(s, c->args[a].text));
    ylab[q] = xstrdup(yb);
  }
  char title[256], xbuf[256];
  cmd_plot_title(s, title, sizeof title);
  PlotLabels lab = {title, xs ? cmd_column_label(s, xs, 0, true, xbuf, sizeof xbuf) : model_label(s->ws.model, "t"),
                    NULL, NULL};
  /* A discrete model's values exist at its steps only: dots. */
  bool discrete = s->record->nsegs && s->record->segs[s->record->nsegs - 1].c->m->discrete;
  Series sr = {table, nrows, ncols, names, panel, np, (const char *const *)ylab, discrete};
  char err[512];
  ok = plot_series(s->plot, &sr, &lab, err, sizeof err);
  for (size_t k = 0; k < ncols; k++) free(owned[k]);
  for (size_t q = 0; q < np; q++) {
    free(ylab[q]);
    free(yv[q]);
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

/* ---- phase ----------------------------------------------------------------- */

/* A state variable (one copy) named by an argument. */
static bool state_arg(Cmd *c, size_t i, size_t *state, size_t *copy)
{
  Columns *cols = cmd_columns(c, i, i + 1);
  if (!cols) return false;
  bool ok = cols->n == 1 && cols->cols[0].kind == COL_STATE;
  if (ok) {
    *state = cols->cols[0].index;
    *copy = cols->cols[0].elem;
  }
  columns_free(cols);
  if (!ok)
    return cmd_error(c, c->args[i].loc, "'%s' is not one state variable%s", c->args[i].text,
                     session_copies(c->s) > 1 ? " of one copy (e.g. V[0])" : "");
  return true;
}

enum { GRID = 121, FIELD = 21 };

bool do_phase(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs != 2)
    return cmd_error(c, c->nargs ? c->args[c->nargs > 2 ? 2 : 0].loc : cmd_end_loc(c), "usage: %s",
                     c->cmd->usage);
  if (c->mode == CMD_SYNTAX) return true;
  if (!cmd_need_samples(c)) return false;
  size_t xs, ys, xk, yk;
  if (!state_arg(c, 0, &xs, &xk) || !state_arg(c, 1, &ys, &yk)) return false;
  if (xk != yk) return cmd_error(c, c->args[1].loc, "both variables must be of the same copy");
  if (xs == ys) return cmd_error(c, c->args[1].loc, "choose two different state variables");
  if (c->mode == CMD_CHECK) return true;
  /* The plane of the last run: its model and parameter values, whatever
   * was edited or set since. */
  const RunRecord *rec = s->record;
  const RecordSegment *seg = &rec->segs[rec->nsegs - 1];
  Instance *inst = instance_new(seg->c, rec->N);
  instance_set_params(inst, &seg->params);
  size_t S = seg->c->nstates, nrows = record_nrows(rec);
  Columns xy = {0};
  Column two[2] = {{COL_STATE, RED_NONE, xs, xk, 0}, {COL_STATE, RED_NONE, ys, yk, 0}};
  xy.cols = two;
  xy.n = 2;
  char *nm[3] = {"t", c->args[0].text, c->args[1].text};
  xy.names = nm;
  double *tv = cmd_sample(c, &xy, loc_span(c->args[0].loc, c->args[1].loc));
  if (!tv) return false;
  double *traj = tv;
  double x0 = INFINITY, x1 = -INFINITY, y0 = INFINITY, y1 = -INFINITY;
  for (size_t r = 0; r < nrows; r++) {
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
    for (size_t g = 0; g < G; g++) pts[v * G + g] = s->y[layout_offset(&inst->layout, v, xk)];
  for (size_t i = 0; i < GRID; i++)
    for (size_t j = 0; j < GRID; j++) {
      pts[xs * G + i * GRID + j] = gx[j];
      pts[ys * G + i * GRID + j] = gy[i];
    }
  instance_eval_at(inst, xk, G, pts, s->t_now, f);
  double *xnull, *ynull;
  size_t nxn = contour_zero(f + xs * G, gx, GRID, gy, GRID, &xnull);
  size_t nyn = contour_zero(f + ys * G, gx, GRID, gy, GRID, &ynull);
  /* The direction field: unit arrows scaled to the plot's proportions. */
  size_t F = FIELD * FIELD;
  double *field = xmalloc(4 * F * sizeof *field);
  double *fp = xmalloc(S * F * sizeof *fp), *ff = xmalloc(S * F * sizeof *ff);
  for (size_t v = 0; v < S; v++)
    for (size_t g = 0; g < F; g++) fp[v * F + g] = s->y[layout_offset(&inst->layout, v, xk)];
  for (size_t i = 0; i < FIELD; i++)
    for (size_t j = 0; j < FIELD; j++) {
      fp[xs * F + i * FIELD + j] = x0 + (x1 - x0) * ((double)j + 0.5) / FIELD;
      fp[ys * F + i * FIELD + j] = y0 + (y1 - y0) * ((double)i + 0.5) / FIELD;
    }
  instance_eval_at(inst, xk, F, fp, s->t_now, ff);
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
  /* A plane that is the whole state space: its equilibria, marked. */
  double *eqs = NULL;
  size_t neq = 0;
  if (S == 2 && rec->N == 1) {
    Jacobian *J = jacobian_new(seg->c);
    double lo[2], hi[2];
    lo[xs] = x0, hi[xs] = x1, lo[ys] = y0, hi[ys] = y1;
    Equilibrium *eq = NULL;
    neq = J ? equilibria_find(J, inst, 0, lo, hi, 40, s->t_now, &eq) : 0;
    eqs = xmalloc((3 * neq + 1) * sizeof *eqs);
    for (size_t e = 0; e < neq; e++) {
      eqs[3 * e] = eq[e].y[xs], eqs[3 * e + 1] = eq[e].y[ys];
      eqs[3 * e + 2] = eq[e].stable;
    }
    equilibria_free(eq, neq);
    jacobian_free(J);
  }
  char xt[160], yt[160], title[256], lb1[160], lb2[160];
  const char *xn = model_state_name(s->ws.model, xs), *yn = model_state_name(s->ws.model, ys);
  snprintf(xt, sizeof xt, "d%s/dt = 0", xn);
  snprintf(yt, sizeof yt, "d%s/dt = 0", yn);
  cmd_plot_title(s, title, sizeof title);
  snprintf(lb1, sizeof lb1, "%s", model_label(s->ws.model, xn));
  snprintf(lb2, sizeof lb2, "%s", model_label(s->ws.model, yn));
  PhasePlane pp = {traj, nrows, xnull, ynull, nxn, nyn, xt, yt, field, nf, eqs, neq};
  PlotLabels lab = {title, lb1, lb2, NULL};
  char err[512];
  bool ok = plot_phase(s->plot, &pp, &lab, err, sizeof err);
  free(traj), free(pts), free(f), free(xnull), free(ynull), free(field), free(fp), free(ff), free(eqs);
  instance_free(inst);
  return ok || plot_failed(c, err);
}

/* ---- raster and heatmap ------------------------------------------------------- */

/* A CSV file of numbers: rows of ncols (a non-numeric first line is a
 * header).  Returns the values, or NULL after reporting. */
static double *read_numbers(Cmd *c, const Arg *a, size_t *nrows, size_t *ncols)
{
  FILE *f = fopen(a->text, "r");
  if (!f) {
    diag_fail(c->diag, "cannot open '%s': %s", a->text, strerror(errno));
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
      diag_fail(c->diag, "%s:%u: expected numbers separated by commas", a->text, lineno);
      fclose(f);
      free(v);
      return NULL;
    }
    if (width && w != width) {
      diag_fail(c->diag, "%s:%u: %zu numbers where the first row has %zu", a->text, lineno, w, width);
      fclose(f);
      free(v);
      return NULL;
    }
    width = w;
    rows++;
  }
  fclose(f);
  if (!rows) {
    diag_fail(c->diag, "%s: no numbers in the file", a->text);
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

/* The y axis of a population plot: the parameter that differs between the
 * copies when there is one (its values as coordinates), else the copy.  An
 * image needs evenly spaced rows: with even, the parameter must be linear
 * in the copy's index. */
static const char *copy_axis(const Session *s, double *y, const size_t *copies, size_t n, bool even)
{
  GridShape g;
  if (session_grid(s, &g)) { /* the grid's points: their positions */
    for (size_t k = 0; k < n; k++) y[k] = g.lo + (double)copies[k] * g.dx;
    return model_label(s->ws.model, s->ws.model->domain->name);
  }
  int p = cmd_varying_param(s);
  const ParamValues *pv = session_run_params(s);
  if (p >= 0 && even && n > 2) {
    const double *v = pv->array[p];
    double step = (v[copies[n - 1]] - v[copies[0]]) / (double)(copies[n - 1] - copies[0]);
    for (size_t k = 0; k < n && p >= 0; k++)
      if (fabs(v[copies[k]] - (v[copies[0]] + step * (double)(copies[k] - copies[0]))) >
          1e-9 * fabs(step) * (double)n)
        p = -1;
  }
  for (size_t k = 0; k < n; k++) y[k] = p >= 0 ? pv->array[p][copies[k]] : (double)copies[k];
  return p >= 0 ? model_label(s->ws.model, model_param_name(s->ws.model, (size_t)p)) : "copy";
}

/* A spike list: rows "t, index", or "t, group, index" as --spikes writes
 * them.  Returns n (t, index) pairs, or NULL after reporting. */
static double *read_spike_list(Cmd *c, const Arg *a, size_t *n)
{
  FILE *f = fopen(a->text, "r");
  if (!f) {
    diag_fail(c->diag, "cannot open '%s': %s", a->text, strerror(errno));
    return NULL;
  }
  double *v = NULL;
  size_t cap = 0, rows = 0;
  char line[4096];
  unsigned lineno = 0;
  bool ok = true;
  while (ok && fgets(line, sizeof line, f)) {
    lineno++;
    char *p = line;
    while (isspace((unsigned char)*p)) p++;
    if (!*p || *p == '#') continue;
    char *end;
    double t = strtod(p, &end);
    if (end == p) {
      if (rows == 0 && lineno == 1) continue; /* a header */
      ok = false;
      break;
    }
    /* Then the index, or a group's name and the index. */
    char *last = strrchr(end, ',');
    if (!last) {
      ok = false;
      break;
    }
    char *iend;
    double k = strtod(last + 1, &iend);
    while (isspace((unsigned char)*iend)) iend++;
    if (iend == last + 1 || *iend) {
      ok = false;
      break;
    }
    GROW(v, cap, 2 * rows + 2);
    v[2 * rows] = t;
    v[2 * rows + 1] = k;
    rows++;
  }
  fclose(f);
  if (!ok) {
    diag_fail(c->diag, "%s:%u: a spike list has rows 't, index' or 't, group, index'", a->text,
              lineno);
    free(v);
    return NULL;
  }
  *n = rows;
  return v;
}

/* The last run's spikes as (t, y) pairs, y the copy's coordinate. */
static double *recorded_spikes(Session *s, size_t *n, const char **ylabel)
{
  const SpikeList *l = &s->record->spikes;
  size_t N = s->record->N;
  size_t *copies = xmalloc((N + 1) * sizeof *copies);
  for (size_t k = 0; k < N; k++) copies[k] = k;
  double *ycoord = xmalloc((N + 1) * sizeof *ycoord);
  *ylabel = N > 1 ? copy_axis(s, ycoord, copies, N, false) : "";
  double *v = xmalloc((2 * l->n + 2) * sizeof *v);
  for (size_t i = 0; i < l->n; i++) {
    v[2 * i] = l->t[i];
    v[2 * i + 1] = N > 1 ? ycoord[l->copy[i]] : 0;
  }
  *n = l->n;
  free(copies);
  free(ycoord);
  return v;
}

static double *rate_rows(Cmd *c, double *bin, bool starts, size_t *nrows);

/* Did the last run's model have spike events? */
static bool run_has_spikes(const Session *s)
{
  const RunRecord *r = s->record;
  return r->nsegs && model_has_spikes(r->segs[r->nsegs - 1].c->m);
}

bool do_raster(Cmd *c)
{
  Session *s = c->s;
  char title[256] = "spikes";
  double *spikes = NULL, *rate = NULL;
  size_t n = 0, cap = 0, nrate = 0;
  PlotLabels lab = {title, "t", "index", NULL};
  if (c->nargs >= 1 && looks_like_file(&c->args[0])) {
    if (!cmd_no_more_args(c, 1)) return false;
    if (c->mode != CMD_RUN) return true;
    spikes = read_spike_list(c, &c->args[0], &n);
    if (!spikes) return false;
    snprintf(title, sizeof title, "%s", c->args[0].text);
  } else if (c->nargs == 0 && c->mode == CMD_RUN && run_has_spikes(s)) {
    /* The spikes the events recorded, at their exact times, and the
     * population rate below them. */
    const char *ylabel;
    double bin = NAN;
    rate = rate_rows(c, &bin, true, &nrate);
    if (!rate) return false;
    spikes = recorded_spikes(s, &n, &ylabel);
    cmd_plot_title(s, title, sizeof title);
    size_t used = strlen(title);
    snprintf(title + used, sizeof title - used, "  %zu %s", n, diag_plural(n, "spike", "spikes"));
    lab.xlabel = model_label(s->ws.model, "t");
    lab.ylabel = ylabel;
  } else {
    if (!cmd_no_more_args(c, 3)) return false;
    size_t ta = c->nargs >= 2 && strcmp(c->args[1].text, ">") == 0 ? 2 : 1;
    double thr = NAN;
    if (c->nargs > ta) {
      char *end;
      thr = strtod(c->args[ta].text, &end);
      if (*end || end == c->args[ta].text)
        return cmd_error(c, c->args[ta].loc, "expected a threshold, e.g. 'raster V 50'");
    } else if (c->nargs > 1) {
      return cmd_error(c, c->args[1].loc, "expected a threshold, e.g. 'raster V 50'");
    }
    if (c->mode == CMD_SYNTAX) return true;
    if (!cmd_need_samples(c)) return false;
    size_t var = 0;
    const Model *m = s->ws.model;
    if (c->nargs >= 1) {
      const Symbol *sym = model_lookup(m, c->args[0].text);
      if (!sym || sym->kind != SYM_STATE)
        return cmd_error(c, c->args[0].loc, "'%s' is not a state variable", c->args[0].text);
      var = (size_t)sym->index;
    }
    if (c->mode == CMD_CHECK) return true;
    size_t N = s->record->N, rows = record_nrows(s->record);
    /* The whole population of the variable, from the samples. */
    char spec[160];
    snprintf(spec, sizeof spec, "%s", model_state_name(m, var));
    char err[320];
    Columns *cols = columns_parse(m, N, NULL, spec, err, sizeof err);
    double *vals = cols ? cmd_sample(c, cols, c->nargs ? c->args[0].loc : c->name_loc) : NULL;
    columns_free(cols);
    if (!vals) return false;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < rows * N; i++) lo = fmin(lo, vals[i]), hi = fmax(hi, vals[i]);
    if (isnan(thr)) thr = 0.5 * (lo + hi);
    size_t *copies = xmalloc((N + 1) * sizeof *copies);
    for (size_t k = 0; k < N; k++) copies[k] = k;
    double *ycoord = xmalloc((N + 1) * sizeof *ycoord);
    const char *ylabel = N > 1 ? copy_axis(s, ycoord, copies, N, false) : "";
    for (size_t k = 0; k < N; k++)
      for (size_t r = 1; r < rows; r++) {
        double va = vals[(r - 1) * N + k], vb = vals[r * N + k];
        if (va < thr && vb >= thr) {
          double t1 = record_time(s->record, r - 1), t2 = record_time(s->record, r);
          GROW(spikes, cap, 2 * n + 2);
          spikes[2 * n] = t1 + (thr - va) * (t2 - t1) / (vb - va);
          spikes[2 * n + 1] = N > 1 ? ycoord[k] : 0;
          n++;
        }
      }
    free(vals);
    free(copies);
    free(ycoord);
    cmd_plot_title(s, title, sizeof title);
    size_t used = strlen(title);
    snprintf(title + used, sizeof title - used, "  %s crossing %g upwards", m->states[var]->name, thr);
    lab.xlabel = model_label(m, "t");
    lab.ylabel = ylabel;
  }
  char err[512];
  RatePanel panel = {rate, nrate, "rate"};
  bool ok = plot_raster(s->plot, spikes, n, rate ? &panel : NULL, &lab, err, sizeof err);
  free(spikes);
  free(rate);
  return ok || plot_failed(c, err);
}

bool do_heatmap(Cmd *c)
{
  Session *s = c->s;
  if (c->nargs != 1)
    return cmd_error(c, c->nargs ? c->args[1].loc : cmd_end_loc(c), "usage: %s", c->cmd->usage);
  if (c->mode == CMD_SYNTAX) return true;
  char err[512], title[256];
  PlotLabels lab = {title, "column", "row", NULL};
  bool ok;
  if (looks_like_file(&c->args[0])) {
    if (c->mode == CMD_CHECK) return true;
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
  if (!cmd_need_samples(c)) return false;
  size_t N = session_copies(s);
  if (N < 2)
    return cmd_error(c, c->args[0].loc, "a heatmap shows a variable over copies and time: "
                                        "'set copies = 100' and run a population first");
  Columns *cols = cmd_columns(c, 0, 1);
  if (!cols) return false;
  if (cols->n != N) {
    columns_free(cols);
    return cmd_error(c, c->args[0].loc, "give the variable without an index, e.g. 'heatmap V'");
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
  size_t rows = record_nrows(s->record);
  size_t tstep = rows > 800 ? (rows + 799) / 800 : 1, nt = (rows + tstep - 1) / tstep;
  size_t kstep = N > 500 ? (N + 499) / 500 : 1, nk = (N + kstep - 1) / kstep;
  double *x = xmalloc(nt * sizeof *x), *y = xmalloc(nk * sizeof *y), *z = xmalloc(nt * nk * sizeof *z);
  size_t *copies = xmalloc(nk * sizeof *copies);
  for (size_t b = 0; b < nk; b++) copies[b] = b * kstep;
  const char *ylabel = copy_axis(s, y, copies, nk, true);
  for (size_t a = 0; a < nt; a++) x[a] = record_time(s->record, a * tstep);
  for (size_t b = 0; b < nk; b++)
    for (size_t a = 0; a < nt; a++) z[b * nt + a] = v[a * tstep * N + b * kstep];
  cmd_plot_title(s, title, sizeof title);
  char zb[160];
  snprintf(zb, sizeof zb, "%s", cmd_var_label(s, c->args[0].text));
  lab.xlabel = model_label(s->ws.model, "t");
  lab.ylabel = ylabel;
  lab.zlabel = zb;
  ok = plot_heatmap(s->plot, x, nt, y, nk, z, &lab, err, sizeof err);
  free(x), free(y), free(z), free(v), free(copies);
  columns_free(cols);
  return ok || plot_failed(c, err);
}

/* ---- the population rate ---------------------------------------------------------- */

#define RATE_LABEL "spikes per copy per unit of t"

/* 1, 2 or 5 times a power of ten, near x. */
static double nice_width(double x)
{
  double p = pow(10, floor(log10(x)));
  double f = x / p;
  return (f < 1.5 ? 1 : f < 3.5 ? 2 : f < 7.5 ? 5 : 10) * p;
}

/* The last run's population rate in bins of *bin (NAN: about 50 of a round
 * width; whole steps in a discrete model): nbins rows (x, spikes per copy
 * per unit of t), x the bin's start (starts) or middle; with starts a last
 * row closes the last bin.  NULL after reporting. */
static double *rate_rows(Cmd *c, double *bin, bool starts, size_t *nrows)
{
  Session *s = c->s;
  const SpikeList *l = &s->record->spikes;
  size_t N = s->record->N, rows = record_nrows(s->record);
  double t0 = record_time(s->record, 0), t1 = record_time(s->record, rows - 1);
  if (!(t1 > t0)) {
    diag_usage(c->diag, "the last run has no length to count spikes over");
    return NULL;
  }
  bool discrete = s->record->segs[s->record->nsegs - 1].c->m->discrete;
  if (isnan(*bin)) *bin = nice_width((t1 - t0) / 50);
  if (discrete) *bin = fmax(1, round(*bin));
  size_t nbins = (size_t)ceil((t1 - t0) / *bin - 1e-9);
  if (nbins == 0) nbins = 1;
  if (nbins > 1000000) {
    diag_usage(c->diag, "a bin of %g makes %zu bins: choose a wider one", *bin, nbins);
    return NULL;
  }
  double *v = xcalloc(2 * nbins + 4, sizeof *v);
  for (size_t i = 0; i < l->n; i++) {
    double b = floor((l->t[i] - t0) / *bin);
    size_t k = b < 0 ? 0 : b >= (double)nbins ? nbins - 1 : (size_t)b;
    v[2 * k + 1] += 1;
  }
  for (size_t k = 0; k < nbins; k++) {
    v[2 * k] = t0 + ((double)k + (starts ? 0 : 0.5)) * *bin;
    v[2 * k + 1] /= (double)N * *bin; /* spikes per copy per unit of time */
  }
  *nrows = nbins;
  if (starts) {
    v[2 * nbins] = fmin(t0 + (double)nbins * *bin, t1);
    v[2 * nbins + 1] = v[2 * nbins - 1];
    *nrows = nbins + 1;
  }
  return v;
}

bool do_rate(Cmd *c)
{
  Session *s = c->s;
  if (!cmd_no_more_args(c, 1)) return false;
  double bin = NAN;
  if (c->nargs == 1) {
    char *end;
    bin = strtod(c->args[0].text, &end);
    if (*end || end == c->args[0].text || !(bin > 0) || isinf(bin))
      return cmd_error(c, c->args[0].loc, "expected a bin width above 0, e.g. 'rate 10'");
  }
  if (c->mode == CMD_SYNTAX) return true;
  if (!cmd_need_samples(c)) return false;
  if (c->mode == CMD_CHECK) return true;
  if (!run_has_spikes(s)) {
    diag_usage(c->diag, "the last run has no spikes: its model has no spike event");
    diag_note(c->diag, "a spike is an event such as 'on V >= V_th: V = V_reset'");
    return false;
  }
  size_t nbins;
  double *rowsv = rate_rows(c, &bin, false, &nbins);
  if (!rowsv) return false;
  char title[256];
  cmd_plot_title(s, title, sizeof title);
  size_t used = strlen(title);
  snprintf(title + used, sizeof title - used, "  population rate, bins of %g", bin);
  const char *names[2] = {"t", "rate"};
  int panel[2] = {0, 0};
  const char *ylabels[1] = {RATE_LABEL};
  Series sr = {rowsv, nbins, 2, names, panel, 1, ylabels, false};
  PlotLabels lab = {title, model_label(s->ws.model, "t"), ylabels[0], NULL};
  char err[512];
  bool ok = plot_series(s->plot, &sr, &lab, err, sizeof err);
  free(rowsv);
  return ok || plot_failed(c, err);
}
