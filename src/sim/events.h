/* events.h: what happens to a population between two states of a run --
 * thresholds crossed inside a step, the ends of refractory periods, the
 * arrivals of Poisson inputs -- and the spikes they make.  The driver calls
 * it after every step (continuous models) or around every update (discrete
 * models); it implements the population-clock contract of evolve.h.
 *
 * Continuous models, fixed steps, copies that do not read each other (no
 * sum or mean over the population in the right-hand side): after the whole
 * population has stepped from t to tn, the copies where something happens
 * inside the step are gathered into a small population of their own (an
 * Instance of the same Compiled).  For each, the time of its first
 * happening is found -- a crossing from the cubic Hermite interpolant of the
 * step (Illinois' regula falsi on the event's g), a refractory end or a
 * Poisson arrival exactly -- its step is taken again up to that time, the
 * event's block applied there, and the rest of the step integrated from the
 * new state; again until nothing more happens before tn.  The others are
 * not touched.  Each copy's piece of step runs at its own start and length:
 * the gathered system is integrated in a rescaled time s in [0, 1],
 * t = t0_k + s*h_k, which is the same Runge-Kutta step for every copy.
 * Since the copies do not touch each other, the crew (crew.h) shares them:
 * each member takes a run of the step's candidates, with a gathered
 * population and scratch of its own; the spikes are merged in time order
 * and a failure is reported as one thread would have met it first, so the
 * output is the same for any number of threads.
 *
 * Adaptive methods, and populations that read each other: the step is
 * global.  The earliest happening in the step is located (per copy, from the
 * method's own dense output), the whole step is taken again up to it, the
 * blocks of the copies it concerns are applied there, and the run goes on
 * from that time (events_locate / events_apply).
 *
 * Discrete models: the update computes the events' conditions with the next
 * state (compiled.h); events_map_after turns them into spikes at t and
 * starts refractory periods.
 *
 * Random draws of a step's later pieces are keyed by the step number plus
 * piece * 2^32, so a piece never reuses the draws of another.  Poisson
 * inputs draw exponential intervals in units of the integrated rate (the
 * rate taken at the middle of each step): no draw per copy per step, and
 * exact for a constant rate.  Correlated inputs (on poisson(r, c)) thin a
 * shared train of rate max r / c: copy k keeps an arrival with probability
 * c r_k / max r, so any two trains have count correlation c. */
#ifndef NEURODE_EVENTS_H
#define NEURODE_EVENTS_H

#include <stdbool.h>

#include "diag.h"
#include "evolve.h"
#include "instance.h"
#include "spikes.h"

typedef struct Events Events;

/* NULL when the model has nothing of the kind.  spikes may be NULL. */
Events *events_new(Instance *in, const StepperType *method, SpikeSink *spikes, Diag *diag);
void events_free(Events *E);

/* At the start of a run, at (t, y): the conditions' values, the Poisson
 * trains' first intervals.  Returns false after reporting. */
bool events_start(Events *E, double t, const double *y);

/* Is each step global (events_locate/apply) rather than per copy? */
bool events_global(const Events *E);

/* The key of random draws for piece `piece` of step number `step`. */
static inline double events_draw_step(double step, unsigned piece)
{
  return step + (double)piece * 4294967296.0;
}

/* Per copy, fixed steps: after ev stepped from t to tn.  Leaves ev at tn
 * with every happening of (t, tn] dealt with.  0, or -1 after reporting. */
int events_fixed(Events *E, Evolve *ev, OdeSystem *ode);

/* Global: after a step of ev (from ev->t_prev to ev->t).  1 with the time of
 * the earliest happening in *tau, 0 when nothing happens (the step stands),
 * -1 after reporting. */
int events_locate(Events *E, Evolve *ev, OdeSystem *ode, double *tau);
/* Global: ev has been stepped again to the located time: apply what
 * happens there.  0, or -1 after reporting. */
int events_apply(Events *E, Evolve *ev);

/* Discrete: before the update from t (refractory flags), and after it (the
 * update computed the conditions: spikes at t, refractory periods). */
void events_map_before(Events *E, double t);
int events_map_after(Events *E, double t);

#endif
