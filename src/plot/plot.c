/* plot.c: plots through gnuplot; see plot.h. */
#include "plot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "mem.h"
#include "gnuplot.h"

typedef enum { OUT_DEFAULT, OUT_WINDOW, OUT_DUMB, OUT_FILE } OutputKind;

enum { AXIS_X, AXIS_Y };
enum { DEFAULT_WIDTH = 960, DEFAULT_HEIGHT = 640 };

/* What `figure` sets; all zero is the default. */
typedef struct Figure {
  char *title;         /* NULL: each plot's own */
  bool fixed[2];       /* AXIS_X, AXIS_Y: a range was given */
  double range[2][2];
  bool log[2];
  int width, height;   /* 0: the default */
} Figure;

struct Plot {
  Gnuplot *gp;
  FILE *text_out; /* where a dumb terminal's plots go */
  OutputKind kind;
  char *path;
  char label[300];
  Figure fig;
};

Plot *plot_new(FILE *text_out)
{
  Plot *p = xcalloc(1, sizeof *p);
  p->text_out = text_out;
  p->kind = OUT_DEFAULT;
  return p;
}

void plot_free(Plot *p)
{
  if (!p) return;
  gp_close(p->gp);
  free(p->path);
  free(p->fig.title);
  free(p);
}

/* ---- figure settings ----------------------------------------------------- */

void plot_set_title(Plot *p, const char *title)
{
  free(p->fig.title);
  p->fig.title = title ? xstrdup(title) : NULL;
}

bool plot_set_range(Plot *p, char axis, const double *lohi, char *err, size_t errsize)
{
  if (axis != 'x' && axis != 'y') {
    snprintf(err, errsize, "no axis '%c': x or y", axis);
    return false;
  }
  int a = axis == 'x' ? AXIS_X : AXIS_Y;
  if (!lohi) {
    p->fig.fixed[a] = false;
    return true;
  }
  double lo = lohi[0], hi = lohi[1];
  if (!isfinite(lo) || !isfinite(hi)) {
    snprintf(err, errsize, "the %c range needs finite numbers", axis);
    return false;
  }
  if (!(lo < hi)) {
    snprintf(err, errsize, "the %c range needs LO < HI (got %g %g)", axis, lo, hi);
    return false;
  }
  if (p->fig.log[a] && lo <= 0) {
    snprintf(err, errsize, "the %c axis is logarithmic: its range must be above 0 (got %g %g)",
             axis, lo, hi);
    return false;
  }
  p->fig.fixed[a] = true;
  p->fig.range[a][0] = lo;
  p->fig.range[a][1] = hi;
  return true;
}

bool plot_set_log(Plot *p, const char *axes, char *err, size_t errsize)
{
  bool log[2];
  if (strcmp(axes, "off") == 0) log[AXIS_X] = log[AXIS_Y] = false;
  else if (strcmp(axes, "x") == 0 || strcmp(axes, "y") == 0 || strcmp(axes, "xy") == 0) {
    log[AXIS_X] = strchr(axes, 'x') != NULL;
    log[AXIS_Y] = strchr(axes, 'y') != NULL;
  } else {
    snprintf(err, errsize, "log takes x, y, xy or off, not '%s'", axes);
    return false;
  }
  for (int a = AXIS_X; a <= AXIS_Y; a++)
    if (log[a] && p->fig.fixed[a] && p->fig.range[a][0] <= 0) {
      snprintf(err, errsize, "a log %c axis needs its range above 0 (it is %g %g): change "
                             "the range first, e.g. 'figure %crange auto'", "xy"[a],
               p->fig.range[a][0], p->fig.range[a][1], "xy"[a]);
      return false;
    }
  p->fig.log[AXIS_X] = log[AXIS_X];
  p->fig.log[AXIS_Y] = log[AXIS_Y];
  return true;
}

bool plot_set_size(Plot *p, double width, double height, char *err, size_t errsize)
{
  bool whole = width == floor(width) && height == floor(height);
  if (!whole || !(width >= 100 && width <= 10000 && height >= 100 && height <= 10000)) {
    snprintf(err, errsize, "the size is W H in pixels, whole numbers from 100 to 10000 "
                           "(got %g %g)", width, height);
    return false;
  }
  p->fig.width = (int)width;
  p->fig.height = (int)height;
  return true;
}

void plot_reset_figure(Plot *p)
{
  free(p->fig.title);
  memset(&p->fig, 0, sizeof p->fig);
}

void plot_describe_figure(const Plot *p, FILE *out)
{
  const Figure *f = &p->fig;
  if (f->title) fprintf(out, "  title  = \"%s\"\n", f->title);
  else fprintf(out, "  title  = auto (the model and what was set, or the file)\n");
  for (int a = AXIS_X; a <= AXIS_Y; a++) {
    if (f->fixed[a]) fprintf(out, "  %crange = %g %g\n", "xy"[a], f->range[a][0], f->range[a][1]);
    else fprintf(out, "  %crange = auto\n", "xy"[a]);
  }
  fprintf(out, "  log    = %s\n", f->log[AXIS_X] ? (f->log[AXIS_Y] ? "xy" : "x")
                                  : f->log[AXIS_Y] ? "y" : "off");
  if (f->width)
    fprintf(out, "  size   = %d %d (PNG, SVG; a PDF is %g x %g in)\n", f->width, f->height,
            f->width / 100.0, f->height / 100.0);
  else
    fprintf(out, "  size   = %d %d (default: PNG, SVG; a PDF is 6 x 4 in)\n", DEFAULT_WIDTH,
            DEFAULT_HEIGHT);
}

/* ---- output -------------------------------------------------------------- */

static bool ends_with(const char *s, const char *suffix)
{
  size_t n = strlen(s), m = strlen(suffix);
  return n >= m && strcasecmp(s + n - m, suffix) == 0;
}

/* A control character's name for a message. */
static const char *control_name(unsigned char c, char *buf, size_t size)
{
  if (c == '\n') return "a newline";
  if (c == '\r') return "a carriage return";
  if (c == '\t') return "a tab";
  snprintf(buf, size, "the control character 0x%02x", c);
  return buf;
}

/* Would gnuplot do more than open a file of this name?  `set output '|cmd'`
 * runs a shell command (5.4 checks the first byte; leading blanks are
 * refused too, in case a version skips them), '<' marks a command as input
 * elsewhere in gnuplot, and a control character could end the command line
 * (or hide in a message).  A model or a script must never run a command. */
static bool unsafe_file_name(const char *name, char *err, size_t errsize)
{
  for (const unsigned char *c = (const unsigned char *)name; *c; c++)
    if (*c < 0x20 || *c == 0x7f) {
      char buf[48];
      snprintf(err, errsize, "an output file name cannot contain %s",
               control_name(*c, buf, sizeof buf));
      return true;
    }
  const char *first = name + strspn(name, " ");
  if (*first == '|' || *first == '<') {
    snprintf(err, errsize, "refusing output '%s': gnuplot would run a name starting with '%c' "
                           "as a command", name, *first);
    return true;
  }
  return false;
}

bool plot_set_output(Plot *p, const char *target, char *err, size_t errsize)
{
  OutputKind kind;
  if (strcmp(target, "window") == 0) kind = OUT_WINDOW;
  else if (strcmp(target, "dumb") == 0 || strcmp(target, "terminal") == 0) kind = OUT_DUMB;
  else if (unsafe_file_name(target, err, errsize)) return false;
  else if (ends_with(target, ".png") || ends_with(target, ".svg") || ends_with(target, ".pdf"))
    kind = OUT_FILE;
  else {
    snprintf(err, errsize, "unknown output '%s': use window, dumb, or a file name ending "
                           "in .png, .svg or .pdf", target);
    return false;
  }
  p->kind = kind;
  free(p->path);
  p->path = kind == OUT_FILE ? xstrdup(target) : NULL;
  return true;
}

static OutputKind effective_kind(const Plot *p)
{
  if (p->kind != OUT_DEFAULT) return p->kind;
  const char *display = getenv("DISPLAY");
  return display && *display ? OUT_WINDOW : OUT_DUMB;
}

bool plot_is_text(const Plot *p)
{
  return effective_kind(p) == OUT_DUMB;
}

const char *plot_output(const Plot *p)
{
  Plot *q = (Plot *)p;
  switch (effective_kind(p)) {
  case OUT_FILE: snprintf(q->label, sizeof q->label, "%s", p->path); break;
  case OUT_WINDOW: snprintf(q->label, sizeof q->label, "a window"); break;
  default: snprintf(q->label, sizeof q->label, "the terminal (dumb)"); break;
  }
  return p->label;
}

/* A gnuplot string literal.  Inside single quotes gnuplot 5.4 substitutes
 * nothing (no `command`, no @macro, no system(): checked) and '' is the
 * only escape; but a newline would end the command and let the rest run as
 * the next one, so every control character becomes a space.  Every string
 * that reaches gnuplot goes through here. */
static void quoted(Gnuplot *gp, const char *s)
{
  gp_printf(gp, "'");
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    if (c == '\'') gp_printf(gp, "''");
    else gp_printf(gp, "%c", c < 0x20 || c == 0x7f ? ' ' : c);
  }
  gp_printf(gp, "'");
}

static void terminal_size(int *w, int *h)
{
  struct winsize ws;
  *w = 80;
  *h = 25;
  if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 40 && ws.ws_row >= 12) {
    *w = ws.ws_col;
    *h = ws.ws_row - 1;
  }
}

/* Wait for gnuplot; false after an error, when err gets before + its
 * message + after (or our own sentence when it did not answer), and a
 * gnuplot that has died is closed, to be started again by the next plot. */
static bool sync_gp(Plot *p, FILE *out, const char *before, const char *after, char *err,
                    size_t errsize)
{
  char msg[512];
  GpStatus st = gp_sync(p->gp, out, msg, sizeof msg);
  if (st == GP_ERROR || st == GP_TIMEOUT) {
    if (st == GP_TIMEOUT) snprintf(err, errsize, "%s", msg);
    else snprintf(err, errsize, "%s%s%s", before, msg, after);
    if (!gp_alive(p->gp)) {
      gp_close(p->gp);
      p->gp = NULL;
    }
  } else if (st == GP_WARNING) {
    fprintf(stderr, "neurode: warning: gnuplot: %s\n", msg);
  }
  return st == GP_OK || st == GP_WARNING;
}

/* The terminal for a file, by its extension, at the figure's size. */
static bool file_terminal(Plot *p, char *err, size_t errsize)
{
  Gnuplot *gp = p->gp;
  const char *path = p->path;
  int w = p->fig.width ? p->fig.width : DEFAULT_WIDTH;
  int h = p->fig.height ? p->fig.height : DEFAULT_HEIGHT;
  if (ends_with(path, ".png") && gp_has_terminal(gp, "pngcairo"))
    gp_printf(gp, "set terminal pngcairo noenhanced size %d,%d font 'sans,11' linewidth 1.5\n", w, h);
  else if (ends_with(path, ".png"))
    gp_printf(gp, "set terminal png noenhanced size %d,%d\n", w, h);
  else if (ends_with(path, ".svg"))
    gp_printf(gp, "set terminal svg noenhanced size %d,%d font 'sans,11' linewidth 1.5\n", w, h);
  else if (gp_has_terminal(gp, "pdfcairo") && p->fig.width)
    gp_printf(gp, "set terminal pdfcairo noenhanced size %gin,%gin font 'sans,10'\n", w / 100.0,
              h / 100.0);
  else if (gp_has_terminal(gp, "pdfcairo"))
    gp_printf(gp, "set terminal pdfcairo noenhanced size 6in,4in font 'sans,10'\n");
  else {
    snprintf(err, errsize, "this gnuplot cannot write PDF (it lacks pdfcairo); use .png or .svg");
    return false;
  }
  /* A relative name goes as ./NAME, so that even a first character
   * plot_set_output missed cannot be special; "~/" is gnuplot's. */
  bool relative = path[0] != '/' && strncmp(path, "~/", 2) != 0;
  gp_printf(gp, "set output %s", relative ? "'./' . " : "");
  quoted(gp, path);
  gp_printf(gp, "\n");
  /* If the file cannot be opened, stop here: gnuplot would draw to its
   * standard output instead. */
  char what[400];
  snprintf(what, sizeof what, "cannot write the plot to '%s' (gnuplot: ", path);
  return sync_gp(p, NULL, what, ")", err, errsize);
}

/* Point gnuplot at the output. */
static bool set_terminal(Plot *p, char *err, size_t errsize)
{
  Gnuplot *gp = p->gp;
  switch (effective_kind(p)) {
  case OUT_WINDOW: {
    static const char *const windows[] = {"qt", "wxt", "x11"};
    const char *term = NULL;
    for (size_t i = 0; i < 3 && !term; i++)
      if (gp_has_terminal(gp, windows[i])) term = windows[i];
    if (!term) {
      snprintf(err, errsize, "this gnuplot cannot open windows (install gnuplot-qt), "
                             "use 'output dumb' or 'output FILE.png'");
      return false;
    }
    gp_printf(gp, "set terminal %s noenhanced font 'sans,10'\n", term);
    return true;
  }
  case OUT_DUMB: {
    int w, h;
    terminal_size(&w, &h);
    gp_printf(gp, "set terminal dumb noenhanced size %d,%d\n", w, h);
    return true;
  }
  case OUT_FILE:
    return file_terminal(p, err, errsize);
  case OUT_DEFAULT:
    break;
  }
  return true;
}

/* A y axis's label: 'y' at the left, '2' (y2) at the right.  The dumb
 * terminal cannot turn text and drops a turned label, so there it is
 * written level, above the top of the axis (the title moves up a line to
 * make room, see begin). */
static void axis_label(Plot *p, char axis, const char *text)
{
  Gnuplot *gp = p->gp;
  if (effective_kind(p) != OUT_DUMB) {
    gp_printf(gp, "set %slabel ", axis == 'y' ? "y" : "y2");
    quoted(gp, text);
    gp_printf(gp, "\n");
    return;
  }
  if (!text || !*text) return;
  gp_printf(gp, "set label %d ", axis == 'y' ? 101 : 102);
  quoted(gp, text);
  gp_printf(gp, axis == 'y' ? " at screen 0, graph 1 offset char 1, char 1 left\n"
                            : " at screen 1, graph 1 offset char -1, char 1 right\n");
}

/* The title: the figure's, or the plot's own. */
static const char *title_of(const Plot *p, const PlotLabels *lab)
{
  return p->fig.title ? p->fig.title : lab->title;
}

/* The figure's ranges and log axes.  Sent just before `plot`, after each
 * kind's own defaults (a raster's y range, a heatmap's tight axes). */
static void figure_axes(Plot *p)
{
  for (int a = AXIS_X; a <= AXIS_Y; a++) {
    if (p->fig.fixed[a])
      gp_printf(p->gp, "set %crange [%.17g:%.17g]\n", "xy"[a], p->fig.range[a][0], p->fig.range[a][1]);
    if (p->fig.log[a]) gp_printf(p->gp, "set logscale %c\n", "xy"[a]);
  }
}

/* Start gnuplot if needed, point it at the output, and label the axes. */
static bool begin(Plot *p, const PlotLabels *lab, char *err, size_t errsize)
{
  if (!p->gp && !(p->gp = gp_open(err, errsize))) return false;
  Gnuplot *gp = p->gp;
  gp_printf(gp, "reset\nunset output\n");
  if (!set_terminal(p, err, errsize)) return false;
  gp_printf(gp, "set grid lc rgb '#dddddd'\nset key outside right top\n");
  const char *title = title_of(p, lab);
  if (title) {
    gp_printf(gp, "set title ");
    quoted(gp, title);
    gp_printf(gp, "%s\n", effective_kind(p) == OUT_DUMB ? " offset 0,1" : "");
  }
  if (lab->xlabel) { gp_printf(gp, "set xlabel "); quoted(gp, lab->xlabel); gp_printf(gp, "\n"); }
  if (lab->ylabel) axis_label(p, 'y', lab->ylabel);
  return true;
}

/* Finish: close a file output (so it is complete) and collect messages. */
static bool finish(Plot *p, char *err, size_t errsize)
{
  if (effective_kind(p) == OUT_FILE) gp_printf(p->gp, "unset output\n");
  /* Only a text terminal's output is for the user's eyes. */
  FILE *out = effective_kind(p) == OUT_DUMB ? p->text_out : NULL;
  return sync_gp(p, out, "gnuplot: ", "", err, errsize);
}

/* Widen [*lo, *hi] to column k's finite values. */
static void widen_range(const Series *sr, size_t k, double *lo, double *hi)
{
  for (size_t r = 0; r < sr->nrows; r++) {
    double v = sr->rows[r * sr->ncols + k];
    if (isfinite(v)) *lo = fmin(*lo, v), *hi = fmax(*hi, v);
  }
}

/* Are columns a and b copies of one variable ("V[3]", "V (I_ext=2)")? */
static bool same_variable(const char *a, const char *b)
{
  size_t n = strcspn(a, " [");
  return n == strcspn(b, " [") && strncmp(a, b, n) == 0;
}

/* The variables of panel q: var[k] for its columns (-1 elsewhere), and the
 * range of each variable's finite values; how many variables. */
static size_t panel_variables(const Series *sr, size_t q, int *var, double *lo, double *hi)
{
  size_t n = 0;
  for (size_t k = 1; k < sr->ncols; k++) {
    var[k] = -1;
    if ((size_t)sr->panel[k] != q) continue;
    size_t v = n; /* a new variable, unless an earlier column is a copy */
    for (size_t j = 1; j < k && v == n; j++)
      if (var[j] >= 0 && same_variable(sr->names[j], sr->names[k])) v = (size_t)var[j];
    if (v == n) lo[n] = INFINITY, hi[n] = -INFINITY, n++;
    var[k] = (int)v;
    widen_range(sr, k, &lo[v], &hi[v]);
  }
  /* Rounding noise on a constant is no range to show. */
  for (size_t v = 0; v < n; v++)
    if (lo[v] <= hi[v] && hi[v] - lo[v] <= 1e-9 * fmax(fabs(lo[v]), fabs(hi[v]))) hi[v] = lo[v];
  return n;
}

/* Two scales in one panel: which of panel q's columns go on the right
 * axis (right[k]), and how many.  The rule, per variable (the copies of a
 * population share an axis): variables are taken widest range first, so
 * the widest anchors the left axis.  A variable joins the left axis when
 * the left range, with it added, is at most ten times its own range and at
 * most ten times the left range without it: then neither it nor the
 * variables already there would fill less than a tenth of the panel's
 * height.  The others go on the right axis, scaled on their own (V in mV
 * at the left, gates from 0 to 1 at the right).  A constant inside the
 * left range stays left: a flat line is drawn as well there as anywhere;
 * so does a variable without finite values.  With a fixed y range or a log
 * y axis, or when even the widest variable is constant, there is one
 * axis. */
static size_t split_axes(const Plot *p, const Series *sr, size_t q, bool *right)
{
  memset(right, 0, sr->ncols * sizeof *right);
  if (p->fig.fixed[AXIS_Y] || p->fig.log[AXIS_Y]) return 0;
  int *var = xmalloc(sr->ncols * sizeof *var);
  double *lo = xmalloc(sr->ncols * sizeof *lo), *hi = xmalloc(sr->ncols * sizeof *hi);
  size_t nvars = panel_variables(sr, q, var, lo, hi);
  size_t *order = xmalloc((nvars + 1) * sizeof *order), n = 0;
  bool *on_right = xcalloc(nvars + 1, sizeof *on_right);
  for (size_t v = 0; v < nvars; v++) {
    if (!(lo[v] <= hi[v])) continue; /* no finite values */
    size_t i = n++;
    for (; i > 0 && hi[order[i - 1]] - lo[order[i - 1]] < hi[v] - lo[v]; i--) order[i] = order[i - 1];
    order[i] = v;
  }
  if (n > 1 && hi[order[0]] > lo[order[0]]) {
    double ulo = lo[order[0]], uhi = hi[order[0]];
    for (size_t i = 1; i < n; i++) {
      size_t v = order[i];
      double span = hi[v] - lo[v], nlo = fmin(ulo, lo[v]), nhi = fmax(uhi, hi[v]);
      bool inside = lo[v] >= ulo && hi[v] <= uhi;
      if ((span == 0 && inside) || (nhi - nlo <= 10 * span && nhi - nlo <= 10 * (uhi - ulo)))
        ulo = nlo, uhi = nhi;
      else
        on_right[v] = true;
    }
  }
  size_t nright = 0;
  for (size_t k = 1; k < sr->ncols; k++)
    if (var[k] >= 0 && on_right[var[k]]) right[k] = true, nright++;
  free(var), free(lo), free(hi), free(order), free(on_right);
  return nright;
}

/* The names of panel q's variables on one side, joined by ", ": a
 * population's copies once, by the variable's name.  Ends in "..." when
 * they do not fit (size > 3). */
static void side_names(const Series *sr, size_t q, const bool *right, bool side, char *buf,
                       size_t size)
{
  size_t used = 0;
  buf[0] = '\0';
  for (size_t k = 1; k < sr->ncols && used < size; k++) {
    if ((size_t)sr->panel[k] != q || right[k] != side) continue;
    bool seen = false, copies = false;
    for (size_t j = 1; j < sr->ncols; j++)
      if (j != k && (size_t)sr->panel[j] == q && same_variable(sr->names[j], sr->names[k]))
        copies = true, seen |= j < k;
    if (seen) continue;
    int len = copies ? (int)strcspn(sr->names[k], " [") : (int)strlen(sr->names[k]);
    used += (size_t)snprintf(buf + used, size - used, "%s%.*s", used ? ", " : "", len, sr->names[k]);
  }
  if (used >= size) memcpy(buf + size - 4, "...", 4);
}

/* One panel's axes and its `plot` command. */
static void series_panel(Plot *p, const Series *sr, size_t q, const bool *right, size_t nright)
{
  Gnuplot *gp = p->gp;
  size_t in_panel = 0;
  for (size_t k = 1; k < sr->ncols; k++) in_panel += (size_t)sr->panel[k] == q;
  /* Panels share gnuplot's settings: undo the previous panel's y2. */
  gp_printf(gp, "set ytics mirror\nunset y2tics\nunset y2label\nunset label 102\n");
  if (nright) {
    /* In text, the two labels share the line above the axes. */
    char names[256];
    int w = 256, h;
    if (effective_kind(p) == OUT_DUMB) terminal_size(&w, &h);
    size_t size = (size_t)w / 2 - 1 < sizeof names ? (size_t)w / 2 - 1 : sizeof names;
    side_names(sr, q, right, false, names, size);
    axis_label(p, 'y', names);
    side_names(sr, q, right, true, names, size);
    axis_label(p, '2', names);
    gp_printf(gp, "set ytics nomirror\nset y2tics\n");
  } else {
    axis_label(p, 'y', sr->ylabels[q]);
  }
  gp_printf(gp, "%s\nplot ", in_panel == 1 ? "set key off" : "set key outside right top");
  bool any = false;
  for (size_t k = 1; k < sr->ncols; k++) {
    if ((size_t)sr->panel[k] != q) continue;
    gp_printf(gp, "%s$series using 1:%zu axes x1y%d with %s title ", any ? ", " : "", k + 1,
              right[k] ? 2 : 1, sr->points ? "points pt 7 ps 0.6" : "lines lw 1.5");
    char name[300];
    snprintf(name, sizeof name, "%s%s", sr->names[k], right[k] ? " (right axis)" : "");
    quoted(gp, name);
    any = true;
  }
  gp_printf(gp, "\n");
}

bool plot_series(Plot *p, const Series *sr, const PlotLabels *lab, char *err, size_t errsize)
{
  PlotLabels first = *lab;
  first.xlabel = sr->npanels > 1 ? NULL : lab->xlabel;
  first.ylabel = NULL;
  if (!begin(p, &first, err, errsize)) return false;
  Gnuplot *gp = p->gp;
  gp_data_begin(gp, "series");
  for (size_t r = 0; r < sr->nrows; r++) gp_data_row(gp, sr->rows + r * sr->ncols, sr->ncols);
  gp_data_end(gp);
  bool *right = xcalloc(sr->npanels * sr->ncols, sizeof *right);
  size_t *nright = xcalloc(sr->npanels, sizeof *nright), splits = 0;
  for (size_t q = 0; q < sr->npanels; q++)
    splits += (nright[q] = split_axes(p, sr, q, right + q * sr->ncols)) > 0;
  if (sr->npanels > 1) {
    /* Stacked panels sharing x: the title above the first, x only below the
     * last, and the same margins so the axes line up (room for the key, and
     * for a right axis if one panel has it). */
    size_t widest = 0, suffix = strlen(" (right axis)");
    for (size_t k = 1; k < sr->ncols; k++) {
      size_t len = strlen(sr->names[k]) + (right[(size_t)sr->panel[k] * sr->ncols + k] ? suffix : 0);
      if (len > widest) widest = len;
    }
    gp_printf(gp, "unset title\nset multiplot layout %zu,1 title ", sr->npanels);
    const char *title = title_of(p, lab);
    quoted(gp, title ? title : "");
    gp_printf(gp, "\nset lmargin 12\nset rmargin %zu\nset format x ''\n",
              widest + 10 + (splits ? 12 : 0));
  }
  figure_axes(p);
  for (size_t q = 0; q < sr->npanels; q++) {
    if (sr->npanels > 1 && q + 1 == sr->npanels) {
      gp_printf(gp, "set format x '%% g'\nset xlabel ");
      quoted(gp, lab->xlabel);
      gp_printf(gp, "\n");
    }
    series_panel(p, sr, q, right + q * sr->ncols, nright[q]);
  }
  if (sr->npanels > 1) gp_printf(gp, "unset multiplot\n");
  free(right), free(nright);
  return finish(p, err, errsize);
}

static void segments(Gnuplot *gp, const char *name, const double *segs, size_t n)
{
  gp_data_begin(gp, name);
  double gap = NAN;
  for (size_t i = 0; i < n; i++) {
    gp_data_row(gp, segs + 4 * i, 2);
    gp_data_row(gp, segs + 4 * i + 2, 2);
    gp_data_row(gp, &gap, 1);
  }
  gp_data_end(gp);
}

bool plot_phase(Plot *p, const PhasePlane *pp, const PlotLabels *lab, char *err, size_t errsize)
{
  if (!begin(p, lab, err, errsize)) return false;
  Gnuplot *gp = p->gp;
  gp_data_begin(gp, "traj");
  for (size_t i = 0; i < pp->ntraj; i++) gp_data_row(gp, pp->traj + 2 * i, 2);
  gp_data_end(gp);
  segments(gp, "xnull", pp->xnull, pp->nxnull);
  segments(gp, "ynull", pp->ynull, pp->nynull);
  gp_data_begin(gp, "field");
  for (size_t i = 0; i < pp->nfield; i++) gp_data_row(gp, pp->field + 4 * i, 4);
  gp_data_end(gp);
  size_t nst = 0;
  for (int stable = 1; stable >= 0; stable--) {
    gp_data_begin(gp, stable ? "stable" : "unstable");
    for (size_t i = 0; i < pp->nequilibria; i++)
      if ((pp->equilibria[3 * i + 2] != 0) == stable) gp_data_row(gp, pp->equilibria + 3 * i, 2), nst += stable;
    gp_data_end(gp);
  }
  figure_axes(p);
  gp_printf(gp, "plot $field using 1:2:3:4 with vectors head size screen 0.008,20 "
                "lc rgb '#aaaaaa' title 'direction field'");
  if (pp->nxnull) {
    gp_printf(gp, ", $xnull using 1:2 with lines lw 2 lc rgb '#d62728' title ");
    quoted(gp, pp->xnull_title);
  }
  if (pp->nynull) {
    gp_printf(gp, ", $ynull using 1:2 with lines lw 2 lc rgb '#2ca02c' title ");
    quoted(gp, pp->ynull_title);
  }
  gp_printf(gp, ", $traj using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'trajectory'");
  /* Equilibria: filled when stable, open when not. */
  if (nst)
    gp_printf(gp, ", $stable using 1:2 with points pt 7 ps 2 lc rgb '#000000' title 'stable equilibrium'");
  if (pp->nequilibria > nst)
    gp_printf(gp, ", $unstable using 1:2 with points pt 6 ps 2 lw 2 lc rgb '#000000' "
                  "title 'unstable equilibrium'");
  gp_printf(gp, "\n");
  return finish(p, err, errsize);
}

bool plot_bifurcation(Plot *p, const Bifurcations *b, const PlotLabels *lab, char *err,
                      size_t errsize)
{
  if (!begin(p, lab, err, errsize)) return false;
  Gnuplot *gp = p->gp;
  /* Stable and unstable stretches as separate blocks (a blank line breaks
   * a line in gnuplot), each joined to the next so the branch is whole. */
  for (int stable = 1; stable >= 0; stable--) {
    gp_data_begin(gp, stable ? "stable" : "unstable");
    for (size_t i = 0; i < b->n; i++) {
      bool here = (b->branch[3 * i + 2] != 0) == stable;
      bool next = i + 1 < b->n && (b->branch[3 * (i + 1) + 2] != 0) == stable;
      if (here || next) gp_data_row(gp, b->branch + 3 * i, 2);
      else gp_printf(gp, "\n");
    }
    gp_data_end(gp);
  }
  gp_data_begin(gp, "orbits");
  for (size_t i = 0; i < b->norbits; i++) gp_data_row(gp, b->orbits + 3 * i, 3);
  gp_data_end(gp);
  gp_data_begin(gp, "points");
  for (size_t i = 0; i < b->npoints; i++) gp_data_row(gp, b->points + 2 * i, 2);
  gp_data_end(gp);
  figure_axes(p);
  gp_printf(gp, "plot $stable using 1:2 with lines lw 2 lc rgb '#000000' title 'stable equilibria', "
                "$unstable using 1:2 with lines lw 2 dt 2 lc rgb '#000000' title 'unstable equilibria'");
  if (b->norbits)
    gp_printf(gp, ", $orbits using 1:2 with points pt 7 ps 0.6 lc rgb '#1f77b4' title 'periodic orbit (min, max)', "
                  "$orbits using 1:3 with points pt 7 ps 0.6 lc rgb '#1f77b4' notitle");
  if (b->npoints)
    gp_printf(gp, ", $points using 1:2 with points pt 6 ps 2 lw 2 lc rgb '#d62728' title 'bifurcation'");
  gp_printf(gp, "\n");
  return finish(p, err, errsize);
}

bool plot_raster(Plot *p, const double *spikes, size_t n, const RatePanel *rate,
                 const PlotLabels *lab, char *err, size_t errsize)
{
  if (!begin(p, lab, err, errsize)) return false;
  Gnuplot *gp = p->gp;
  gp_data_begin(gp, "spikes");
  for (size_t i = 0; i < n; i++) gp_data_row(gp, spikes + 2 * i, 2);
  gp_data_end(gp);
  if (rate) {
    gp_data_begin(gp, "rate");
    for (size_t i = 0; i < rate->nbins; i++) gp_data_row(gp, rate->rows + 2 * i, 2);
    gp_data_end(gp);
    /* The raster above, its population rate below on the same time axis
     * (equal margins so the axes line up). */
    gp_printf(gp, "set multiplot\nset lmargin 12\nset rmargin 4\n"
                  "set origin 0,0.3\nset size 1,0.7\nset xlabel ''\nset format x ''\n");
  }
  gp_printf(gp, "set key off\nset yrange [-0.5:*]\n");
  figure_axes(p);
  gp_printf(gp, "plot $spikes using 1:2 with points pt 7 ps 0.4 lc rgb '#000000'\n");
  if (rate) {
    gp_printf(gp, "unset title\nset origin 0,0\nset size 1,0.3\nset format x '%%g'\n"
                  "set yrange [0:*]\nunset logscale y\n");
    if (lab->xlabel) {
      gp_printf(gp, "set xlabel ");
      quoted(gp, lab->xlabel);
      gp_printf(gp, "\n");
    }
    axis_label(p, 'y', rate->ylabel);
    gp_printf(gp, "plot $rate using 1:2 with steps lw 1.5 lc rgb '#1f77b4'\nunset multiplot\n");
  }
  return finish(p, err, errsize);
}

bool plot_heatmap(Plot *p, const double *x, size_t nx, const double *y, size_t ny,
                  const double *z, const PlotLabels *lab, char *err, size_t errsize)
{
  if (!begin(p, lab, err, errsize)) return false;
  Gnuplot *gp = p->gp;
  gp_data_begin(gp, "map");
  double gap = NAN;
  for (size_t i = 0; i < ny; i++) {
    for (size_t j = 0; j < nx; j++) {
      double row[3] = {x[j], y[i], z[i * nx + j]};
      gp_data_row(gp, row, 3);
    }
    gp_data_row(gp, &gap, 1);
  }
  gp_data_end(gp);
  gp_printf(gp, "set key off\nset palette rgbformulae 33,13,10\nset autoscale xfix\nset autoscale yfix\n");
  if (lab->zlabel) { gp_printf(gp, "set cblabel "); quoted(gp, lab->zlabel); gp_printf(gp, "\n"); }
  figure_axes(p);
  gp_printf(gp, "plot $map using 1:2:3 with image\n");
  return finish(p, err, errsize);
}
