/* control.c: step-size control; see control.h. */
#include "control.h"

#include <math.h>

void control_init(Control *c, double rtol, double atol)
{
  c->rtol = rtol;
  c->atol = atol;
  c->safety = 0.9;
  c->grow = 5.0;
  c->shrink = 0.2;
  c->min_relative = 1e-13;
}

double control_error(const Control *c, const double *y, const double *y_new, const double *yerr,
                     size_t n, size_t *worst)
{
  double e_max = 0;
  *worst = 0;
  for (size_t i = 0; i < n; i++) {
    double sc = c->atol + c->rtol * fmax(fabs(y[i]), fabs(y_new[i]));
    double e = fabs(yerr[i]) / sc;
    if (!(e <= e_max)) { /* also catches NaN */
      e_max = e;
      *worst = i;
    }
  }
  return e_max;
}

bool control_adjust(const Control *c, double err, int order, double *h)
{
  double expo = -1.0 / (order > 0 ? order : 1);
  if (!(err <= 1.0)) {
    /* Rejected: shrink, at most to a tenth (a NaN: to a quarter). */
    *h *= isfinite(err) ? fmax(0.1, c->safety * pow(err, expo)) : 0.25;
    return false;
  }
  *h *= err == 0 ? c->grow : fmin(c->grow, fmax(c->shrink, c->safety * pow(err, expo)));
  return true;
}
