/* plot.c: plots through gnuplot; see plot.h. */
#include "plot.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "arena.h"
#include "gnuplot.h"

typedef enum { OUT_DEFAULT, OUT_WINDOW, OUT_DUMB, OUT_FILE } OutputKind;

struct Plot {
  Gnuplot *gp;
  FILE *text_out; /* where a dumb terminal's plots go */
  OutputKind kind;
  char *path;
  char label[300];
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
  free(p);
}

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

/* Start gnuplot if needed and point it at the output. */
static bool begin(Plot *p, const PlotLabels *lab, char *err, size_t errsize)
{
  if (!p->gp && !(p->gp = gp_open(err, errsize))) return false;
  Gnuplot *gp = p->gp;
  gp_printf(gp, "reset\nunset output\n");
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
    break;
  }
  case OUT_DUMB: {
    int w, h;
    terminal_size(&w, &h);
    gp_printf(gp, "set terminal dumb noenhanced size %d,%d\n", w, h);
    break;
  }
  case OUT_FILE: {
    const char *path = p->path;
    if (ends_with(path, ".png"))
      gp_printf(gp, gp_has_terminal(gp, "pngcairo")
                        ? "set terminal pngcairo noenhanced size 960,640 font 'sans,11' linewidth 1.5\n"
                        : "set terminal png noenhanced size 960,640\n");
    else if (ends_with(path, ".svg"))
      gp_printf(gp, "set terminal svg noenhanced size 960,640 font 'sans,11' linewidth 1.5\n");
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
    if (!sync_gp(p, NULL, what, ")", err, errsize)) return false;
    break;
  }
  case OUT_DEFAULT:
    break;
  }
  gp_printf(gp, "set grid lc rgb '#dddddd'\nset key outside right top\n");
  if (lab->title) { gp_printf(gp, "set title "); quoted(gp, lab->title); gp_printf(gp, "\n"); }
  if (lab->xlabel) { gp_printf(gp, "set xlabel "); quoted(gp, lab->xlabel); gp_printf(gp, "\n"); }
  if (lab->ylabel) { gp_printf(gp, "set ylabel "); quoted(gp, lab->ylabel); gp_printf(gp, "\n"); }
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
  if (sr->npanels > 1) {
    /* Stacked panels sharing x: the title above the first, x only below the
     * last, and the same margins so the axes line up (room for the key). */
    size_t widest = 0;
    for (size_t k = 1; k < sr->ncols; k++)
      if (strlen(sr->names[k]) > widest) widest = strlen(sr->names[k]);
    gp_printf(gp, "unset title\nset multiplot layout %zu,1 title ", sr->npanels);
    quoted(gp, lab->title ? lab->title : "");
    gp_printf(gp, "\nset lmargin 12\nset rmargin %zu\nset format x ''\n", widest + 10);
  }
  for (size_t q = 0; q < sr->npanels; q++) {
    size_t in_panel = 0;
    for (size_t k = 1; k < sr->ncols; k++) in_panel += (size_t)sr->panel[k] == q;
    if (sr->npanels > 1 && q + 1 == sr->npanels) {
      gp_printf(gp, "set format x '%% g'\nset xlabel ");
      quoted(gp, lab->xlabel);
      gp_printf(gp, "\n");
    }
    gp_printf(gp, "set ylabel ");
    quoted(gp, sr->ylabels[q]);
    gp_printf(gp, "\n%s\nplot ", in_panel == 1 ? "set key off" : "set key outside right top");
    bool any = false;
    for (size_t k = 1; k < sr->ncols; k++) {
      if ((size_t)sr->panel[k] != q) continue;
      gp_printf(gp, "%s$series using 1:%zu with lines lw 1.5 title ", any ? ", " : "", k + 1);
      quoted(gp, sr->names[k]);
      any = true;
    }
    gp_printf(gp, "\n");
  }
  if (sr->npanels > 1) gp_printf(gp, "unset multiplot\n");
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
  gp_printf(gp, ", $traj using 1:2 with lines lw 2 lc rgb '#1f77b4' title 'trajectory'\n");
  return finish(p, err, errsize);
}

bool plot_raster(Plot *p, const double *spikes, size_t n, const PlotLabels *lab, char *err,
                 size_t errsize)
{
  if (!begin(p, lab, err, errsize)) return false;
  Gnuplot *gp = p->gp;
  gp_data_begin(gp, "spikes");
  for (size_t i = 0; i < n; i++) gp_data_row(gp, spikes + 2 * i, 2);
  gp_data_end(gp);
  gp_printf(gp, "set key off\nset yrange [-0.5:*]\n");
  gp_printf(gp, "plot $spikes using 1:2 with points pt 7 ps 0.4 lc rgb '#000000'\n");
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
  gp_printf(gp, "plot $map using 1:2:3 with image\n");
  return finish(p, err, errsize);
}
