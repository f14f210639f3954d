/* contour.c: marching squares for the zero contour; see contour.h.
 *
 * Each cell's corners are classified by sign; the contour crosses the edges
 * whose ends differ, at the linearly interpolated zero.  The two saddle
 * cases are resolved by the value at the cell centre. */
#include "contour.h"

#include <math.h>
#include <stdbool.h>
#include <stdlib.h>

#include "mem.h"

typedef struct {
  double *v;
  size_t n, cap;
} Segs;

static void add(Segs *s, double x1, double y1, double x2, double y2)
{
  GROW(s->v, s->cap, s->n + 4);
  s->v[s->n++] = x1;
  s->v[s->n++] = y1;
  s->v[s->n++] = x2;
  s->v[s->n++] = y2;
}

/* Where on the edge from (xa, ya, fa) to (xb, yb, fb) the function is 0. */
static void cross(double xa, double ya, double fa, double xb, double yb, double fb, double *x,
                  double *y)
{
  double s = fa / (fa - fb);
  *x = xa + s * (xb - xa);
  *y = ya + s * (yb - ya);
}

size_t contour_zero(const double *f, const double *x, size_t nx, const double *y, size_t ny,
                    double **segs)
{
  Segs s = {NULL, 0, 0};
  for (size_t i = 0; i + 1 < ny; i++) {
    for (size_t j = 0; j + 1 < nx; j++) {
      /* corners counter-clockwise from bottom-left */
      double cx[4] = {x[j], x[j + 1], x[j + 1], x[j]};
      double cy[4] = {y[i], y[i], y[i + 1], y[i + 1]};
      double cf[4] = {f[i * nx + j], f[i * nx + j + 1], f[(i + 1) * nx + j + 1], f[(i + 1) * nx + j]};
      bool finite = true;
      int code = 0;
      for (int k = 0; k < 4; k++) {
        if (!isfinite(cf[k])) finite = false;
        if (cf[k] > 0) code |= 1 << k;
      }
      if (!finite || code == 0 || code == 15) continue;
      /* crossings on the edges k -> k+1 */
      double px[4], py[4];
      bool has[4];
      for (int k = 0; k < 4; k++) {
        int m = (k + 1) % 4;
        has[k] = ((code >> k) & 1) != ((code >> m) & 1);
        if (has[k]) cross(cx[k], cy[k], cf[k], cx[m], cy[m], cf[m], &px[k], &py[k]);
      }
      int e[4], ne = 0;
      for (int k = 0; k < 4; k++)
        if (has[k]) e[ne++] = k;
      if (ne == 2) {
        add(&s, px[e[0]], py[e[0]], px[e[1]], py[e[1]]);
      } else if (ne == 4) {
        /* saddle: pair the edges so that the centre's side stays connected */
        double centre = 0.25 * (cf[0] + cf[1] + cf[2] + cf[3]);
        bool c0 = cf[0] > 0;
        if ((centre > 0) == c0) {
          add(&s, px[0], py[0], px[1], py[1]);
          add(&s, px[2], py[2], px[3], py[3]);
        } else {
          add(&s, px[3], py[3], px[0], py[0]);
          add(&s, px[1], py[1], px[2], py[2]);
        }
      }
    }
  }
  *segs = s.v;
  return s.n / 4;
}
