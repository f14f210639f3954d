/* contour.h: the zero level set of a function sampled on a grid (marching
 * squares) -- the nullclines of a phase plane.
 *
 * f[i*nx + j] is the value at (x[j], y[i]).  Each segment is appended to
 * *segs as four numbers x1 y1 x2 y2 (a malloc'd array the caller frees);
 * returns the number of segments. */
#ifndef NEURODE_CONTOUR_H
#define NEURODE_CONTOUR_H

#include <stddef.h>

size_t contour_zero(const double *f, const double *x, size_t nx, const double *y, size_t ny,
                    double **segs);

#endif
