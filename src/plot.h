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
 * writing the reason to err. */
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

typedef struct PlotLabels {
  const char *title, *xlabel, *ylabel, *zlabel;
} PlotLabels;

/* Lines y_k(x): rows of ncols numbers, column 0 is x; names[k] titles
 * column k (k >= 1), drawn in panel panel[k] (0 .. npanels-1, stacked top to
 * bottom, sharing the x axis), whose y axis is labelled ylabels[panel]. */
typedef struct Series {
  const double *rows;
  size_t nrows, ncols;
  const char *const *names;
  const int *panel;
  size_t npanels;
  const char *const *ylabels;
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
} PhasePlane;
bool plot_phase(Plot *p, const PhasePlane *pp, const PlotLabels *lab, char *err, size_t errsize);

/* Spikes: n (t, index) pairs. */
bool plot_raster(Plot *p, const double *spikes, size_t n, const PlotLabels *lab, char *err,
                 size_t errsize);

/* z[i*nx + j] at (x[j], y[i]). */
bool plot_heatmap(Plot *p, const double *x, size_t nx, const double *y, size_t ny,
                  const double *z, const PlotLabels *lab, char *err, size_t errsize);

#endif
