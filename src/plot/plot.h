/* plot.h: the kinds of plot neurode draws, on one gnuplot per session.
 *
 * Time series, a phase plane (trajectory, nullclines, direction field), a
 * spike raster from (t, index) pairs and a heatmap of a matrix (a population
 * over time now; a cable's V(x, t) and weight matrices later).  Callers pass
 * plain arrays; this module knows gnuplot, the callers do not.
 *
 * The output is a window when $DISPLAY is set and gnuplot has qt, wxt or
 * x11; `dumb` text in the terminal otherwise; or a file chosen by its
 * extension (.png with pngcairo, falling back to png; .svg; .pdf with
 * pdfcairo).  A file is rewritten by every plot, so it holds the last one.
 * gnuplot is started at the first plot.  Every function returns false after
 * writing the reason to err.
 *
 * Nothing given here can make gnuplot run a command: output names it would
 * open as a pipe are refused, and every string is sent as one gnuplot
 * string literal, control characters turned into spaces.
 *
 * A `dumb` terminal cannot turn text, so y axis labels are written
 * horizontally above the axes there. */
#ifndef NEURODE_PLOT_H
#define NEURODE_PLOT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

typedef struct Plot Plot;

Plot *plot_new(FILE *text_out);
void plot_free(Plot *p);

/* "window", "dumb", or a file name ending in .png, .svg or .pdf. */
bool plot_set_output(Plot *p, const char *target, char *err, size_t errsize);
/* A description of the current output, e.g. "fhn.png" or "the terminal". */
const char *plot_output(const Plot *p);
/* Do plots go to the terminal as text (dumb)? */
bool plot_is_text(const Plot *p);

typedef struct PlotLabels {
  const char *title, *xlabel, *ylabel, *zlabel;
} PlotLabels;

/* Lines y_k(x): rows of ncols numbers, column 0 is x; names[k] titles
 * column k (k >= 1), drawn in panel panel[k] (0 .. npanels-1, stacked top to
 * bottom, sharing the x axis), whose y axis is labelled ylabels[panel].
 * A panel whose columns have very different ranges (V in mV and a gate
 * from 0 to 1) draws the narrow ones on a second y axis at the right,
 * their legend entries saying "(right axis)", and labels each axis with
 * the names of its columns; columns named as copies of one variable
 * ("V[3]", "V (I_ext=2)": the same name up to a space or '[') share an
 * axis.  The rule is at split_axes in plot.c. */
typedef struct Series {
  const double *rows;
  size_t nrows, ncols;
  const char *const *names;
  const int *panel;
  size_t npanels;
  const char *const *ylabels;
  bool points;  /* dots, not lines: the values of a discrete model */
} Series;
bool plot_series(Plot *p, const Series *sr, const PlotLabels *lab, char *err, size_t errsize);

/* A phase plane: the trajectory (x, y pairs), each nullcline as segments
 * (x1 y1 x2 y2 each), a direction field (x y dx dy each). */
typedef struct PhasePlane {
  const double *traj;
  size_t ntraj;
  const double *xnull, *ynull;
  size_t nxnull, nynull;
  const char *xnull_title, *ynull_title;
  const double *field;
  size_t nfield;
  const double *equilibria; /* (x, y, 1 if stable else 0) triples */
  size_t nequilibria;
} PhasePlane;
bool plot_phase(Plot *p, const PhasePlane *pp, const PlotLabels *lab, char *err, size_t errsize);

/* A bifurcation diagram: a branch of equilibria, n rows (p, y, 1 if
 * stable else 0), drawn solid where stable and dashed where not; the
 * periodic orbits' extremes, norbit rows (p, min, max), as dots; the
 * bifurcations, nbif rows (p, y). */
typedef struct Bifurcations {
  const double *branch;
  size_t n;
  const double *orbits;
  size_t norbits;
  const double *points;
  size_t npoints;
} Bifurcations;
bool plot_bifurcation(Plot *p, const Bifurcations *b, const PlotLabels *lab, char *err,
                      size_t errsize);

/* Spikes: n (t, index) pairs; with rate, the population rate below them
 * on the same time axis (nbins (t, rate) rows: each bin's start). */
typedef struct RatePanel {
  const double *rows;
  size_t nbins;
  const char *ylabel;
} RatePanel;
bool plot_raster(Plot *p, const double *spikes, size_t n, const RatePanel *rate,
                 const PlotLabels *lab, char *err, size_t errsize);

/* z[i*nx + j] at (x[j], y[i]). */
bool plot_heatmap(Plot *p, const double *x, size_t nx, const double *y, size_t ny,
                  const double *z, const PlotLabels *lab, char *err, size_t errsize);

/* Figure settings: they apply to every later plot of every kind until
 * changed, and survive a change of output.  Each function that can fail
 * changes nothing and writes why to err. */

/* A fixed title for the next plots; NULL: each plot's own. */
void plot_set_title(Plot *p, const char *title);
/* The x or y axis ('x', 'y') from lohi[0] to lohi[1], finite and
 * increasing (above 0 on a log axis); lohi NULL: autoscaled.  A fixed y
 * range applies to every panel and keeps one y axis. */
bool plot_set_range(Plot *p, char axis, const double *lohi, char *err, size_t errsize);
/* Logarithmic axes: "x", "y", "xy" or "off".  A fixed range on such an
 * axis must be above 0.  A log y axis keeps one y axis. */
bool plot_set_log(Plot *p, const char *axes, char *err, size_t errsize);
/* The size of PNG and SVG files in pixels, whole numbers from 100 to
 * 10000 (default 960 x 640); a PDF is width/100 x height/100 inches
 * (without a size set, 6 x 4 inches).  Windows and `dumb` keep theirs. */
bool plot_set_size(Plot *p, double width, double height, char *err, size_t errsize);
/* Every figure setting back to its default. */
void plot_reset_figure(Plot *p);
/* The figure settings, one per line, for `figure` alone. */
void plot_describe_figure(const Plot *p, FILE *out);

#endif
