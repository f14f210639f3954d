/* oscillation.h: the period and amplitude of a limit cycle.
 *
 * The model is integrated from a state by rk45 at a tight tolerance: first
 * a transient, whose second half gives the variable's range and the level
 * half way up it; then the upward crossings of that level, each located
 * inside its step from the method's own dense output (to 1e-13 of t).  The
 * period is the mean interval of the last crossings; if the intervals
 * still differ (a slow transient, chaos), it is not a period. */
#ifndef NEURODE_OSCILLATION_H
#define NEURODE_OSCILLATION_H

#include <stddef.h>

#include "instance.h"

typedef struct Oscillation {
  double period;   /* the mean interval of the last crossings */
  double spread;   /* their largest difference from it, relative */
  double level;    /* the crossing level */
  double min, max; /* over the last cycle */
  double t_first, t_last; /* the first and last crossing used */
  size_t cycles;
  double *y_last; /* when not NULL (S values, the caller's): the state at t_last */
} Oscillation;

typedef enum {
  OSC_OK = 0,
  OSC_CONSTANT = 1,    /* the variable settles (no range) */
  OSC_TOO_FEW = 2,     /* fewer crossings than asked before t_max */
  OSC_IRREGULAR = 3,   /* intervals differ by more than 1e-6 */
  OSC_FAILED = -1      /* the integration failed (a blow-up) */
} OscStatus;

/* Copy 0 of in (N = 1) from (0, y0): transient, then up to `cycles`
 * intervals before t_max. */
OscStatus oscillation_measure(Instance *in, size_t var, const double *y0, double transient,
                              double t_max, size_t cycles, Oscillation *out);

/* The phase response: from y at a crossing (phase 0) of a cycle of period
 * T, run phase*T, add amount to state kick, and compare the crossings of
 * level `cycles` periods later with the unperturbed ones: the asymptotic
 * phase shift, in (-1/2, 1/2], positive when the kick advances the cycle.
 * NAN if the run fails or stops crossing. */
double oscillation_phase_shift(Instance *in, size_t var, const double *y, double period,
                               double level, double phase, size_t kick, double amount,
                               size_t cycles);

#endif
