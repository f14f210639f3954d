/* instance.h: one run's mutable side of a compiled model -- the population
 * (its size, its layout, each copy's parameter values) and the scratch the
 * VM needs to evaluate the programs.
 *
 * Many instances may share one Compiled (one per thread, one per analysis
 * run, the record of a past run); an instance is used by one thread at a
 * time.  Parameters are numbers here: instance_setup evaluates the model's
 * parameter and initial-value expressions (with the overrides typed by the
 * user, which may depend on the copy's index i and the count N), and
 * instance_set_param changes one value without compiling anything --
 * sweeps, bisection, continuation and the session's `set` go through it.
 *
 * State layout: layout.h.  Parameters whose value is the same in every
 * copy are kept as one number; the others as an array of N. */
#ifndef NEURODE_INSTANCE_H
#define NEURODE_INSTANCE_H

#include <stdbool.h>
#include <stddef.h>

#include "compiled.h"
#include "crew.h"
#include "diag.h"
#include "grid.h"
#include "layout.h"
#include "native.h"
#include "overrides.h"
#include "stepper.h"
#include "vm.h"

/* Each copy's parameter values; owns its arrays (params_free). */
typedef struct ParamValues {
  size_t nparams, N;
  double *scalar; /* per parameter: its value, or copy 0's when it varies */
  double **array; /* per parameter: N values, or NULL when uniform */
} ParamValues;

void params_init(ParamValues *p, size_t nparams, size_t N);
void params_free(ParamValues *p);
void params_copy(ParamValues *dst, const ParamValues *src);
static inline double params_get(const ParamValues *p, size_t i, size_t copy)
{
  return p->array[i] ? p->array[i][copy] : p->scalar[i];
}

/* A Program's inputs bound to an instance: parameters once, states and
 * time at every call. */
typedef struct Binding {
  const Program *prog;
  VmInput *in;        /* one per program input */
  size_t *moving;     /* inputs that are states or t */
  size_t nmoving;
  VmFrame *frame;
  /* Runs the program instead of the VM when set (instance_use); borrowed. */
  const NativeCode *native;
  /* Crew members 1.. (crew.h): each one's frame and view of the arrays. */
  VmFrame **part_frame;
  VmInput **part_in;
  double ***part_out;
  unsigned nparts;
} Binding;

typedef struct Instance {
  const Compiled *c;  /* shared; the instance holds a reference */
  size_t N;
  size_t cap;         /* copies its arrays have room for (a subset's may exceed N) */
  Layout layout;
  ParamValues params;
  Binding rhs, rhs_jdiag, rhs_jac;
  Binding cond, refr, rates; /* the events' programs (compiled.h), when the model has them */
  Binding *action;           /* per event */
  double **outputs;   /* scratch for the VM's output pointers */
  double **jac_outputs; /* the same for rhs_jac */
  /* What random draws are keyed by: the run's seed and the number of the
   * step being taken (set by the driver; an RK step's stages share it). */
  double seed, step;
  double h;           /* the step being taken (white noise scales with it) */
  double count;       /* count(): N, or the whole population's for a subset */
  double *index;      /* each copy's index in the population: copy(); NULL
                         while nothing has read it (then copy k's is k) */
  double *refractory; /* per copy: 1 while refractory, else 0 (input IN_DISCRETE #0) */
  /* A gathered subset may be at different times, each copy its own (the
   * rest of a step after an event): then these hold per-copy t and step. */
  const double *t_array, *h_array;
  /* What the events of a run carry from one step (and one run of a session)
   * to the next; set to their start by instance_setup (events.h uses them). */
  double *ref_end;   /* per copy: refractory until then (-inf: not) */
  double *budget;    /* per Poisson input and copy: expected arrivals left before the next */
  double *arrivals;  /* per Poisson input and copy: how many so far (keys the draws) */
  double *mother_budget, *mother_arrivals; /* per correlated input: the shared train */
  double *map_extra; /* discrete: what the update computes besides the next state (compiled.h) */
  /* Threads sharing the population's blocks, or NULL; borrowed, set for a
   * run (instance_use). */
  Crew *crew;
  /* A model on a domain (grid.h); NULL otherwise. */
  InstanceGrid *grid;
  Binding grid_shape, grid_ends;
} Instance;

Instance *instance_new(Compiled *c, size_t N);
void instance_free(Instance *in);

/* The events' state at its start: no copy refractory, no Poisson arrival
 * drawn yet (a new instance starts so; a fresh run of an old one calls it). */
void instance_reset_events(Instance *in);

/* Copies of `from` (its parameter values, indices, refractoriness, seed and
 * step) as a population of their own: sub was made by instance_new with
 * room for at least m copies, of the same Compiled.  count() stays the
 * whole population's.  The event machinery runs the copies that fired this
 * way, without touching the others. */
void instance_gather(Instance *sub, const Instance *from, const size_t *copies, size_t m);

/* Run one of the instance's programs (cond, refr, rates, action[e]) at
 * (t, y) over its N copies: outs[j] receives output j's N values. */
void instance_exec(Instance *in, Binding *b, double t, const double *y, double *const *outs);

/* Where a copy is, for messages: " in copy 12", " at x = 0.6" on a domain,
 * "" for a single copy. */
void instance_where(const Instance *in, size_t copy, char *buf, size_t size);

/* Run a program whose outputs are the same at every element (no state
 * inputs) once: outs[j] receives one value. */
void instance_exec_once(Instance *in, Binding *b, double t, double *const *outs);

/* Evaluate parameter values and initial states (y0: layout.size values)
 * with these overrides.  Returns false after reporting an error (a value
 * that is not finite is one, named where it was set). */
bool instance_setup(Instance *in, const Override *params, size_t nparams, const Override *inits,
                    size_t ninits, double *y0, Diag *diag);

/* One parameter's value in every copy, or per copy (N values). */
void instance_set_param(Instance *in, size_t p, double value);
void instance_set_param_array(Instance *in, size_t p, const double *values);
/* The seed of the run's random draws (a whole number below 2^53). */
void instance_set_seed(Instance *in, double seed);

/* Take all parameter values from a snapshot of the same model and size. */
void instance_set_params(Instance *in, const ParamValues *values);
static inline double instance_param(const Instance *in, size_t p, size_t copy)
{
  return params_get(&in->params, p, copy);
}

/* For a run: the crew that shares the population (NULL: this thread
 * alone) and native code for the right-hand side (NULL: the VM).  Both
 * borrowed until instance_use(in, NULL, NULL); the results are the same
 * bits whatever is used. */
void instance_use(Instance *in, Crew *crew, const NativeCode *rhs);

/* Does the right-hand side at (t, y) have a value that is not finite?  If
 * so, true, with the first one (in the state vector's order) in *state,
 * *copy, *value.  Computed a few thousand copies at a time: a population of
 * millions needs no second state-sized array for it. */
bool instance_rhs_nonfinite(Instance *in, double t, const double *y, size_t *state, size_t *copy,
                            double *value);

/* The callbacks of an OdeSystem whose ctx is the Instance. */
int instance_rhs(void *ctx, double t, const double *y, double *dydt);
int instance_rhs_jdiag(void *ctx, double t, const double *y, double *dydt, double *jdiag);
int instance_rhs_jac(void *ctx, double t, const double *y, double *dydt, double *jac, double *dfdt);
OdeSystem instance_ode(Instance *in);

/* Right-hand sides at n arbitrary points (a phase plane's grid): ys holds
 * nstates*n values laid out like a population, the parameters are those of
 * copy `copy`.  dydt receives nstates*n values. */
void instance_eval_at(Instance *in, size_t copy, size_t n, const double *ys, double t, double *dydt);

/* Any program of this model's inputs at n points (laid out as for
 * instance_eval_at), with the parameters of copy `copy`: out[j] receives
 * output j's n values. */
void instance_program_at(Instance *in, const Program *p, size_t copy, size_t n, const double *ys,
                         double t, double *const *out);

/* Values of chosen intermediates at states of this instance. */
typedef struct Probe {
  Instance *in;
  Program *prog;
  Binding bind;
  size_t ninters;
  double **outs;
} Probe;

Probe *probe_new(Instance *in, const size_t *inters, size_t n);
void probe_free(Probe *p);
/* out[j*N + k] = intermediate inters[j] of copy k at (t, y). */
void probe_eval(Probe *p, double t, const double *y, double *out);

#endif
