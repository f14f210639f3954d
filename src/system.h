/* system.h: a Model compiled into programs, and a population to run them on.
 *
 * system_new lowers and compiles the dynamics once: the right-hand side, and
 * the right-hand side plus the diagonal Jacobian terms that exponential Euler
 * needs (nonzero only for equations linear in their own variable, found by
 * differentiating the IR).  system_setup then gives it N copies with
 * parameter values and initial states -- cheap, and repeatable with other
 * overrides without recompiling (parameter sweeps, the REPL's `set`).
 *
 * State layout is struct-of-arrays: y[s*N + k] is state s of copy k.
 * Parameters whose value does not depend on the copy index are kept as one
 * scalar; the others as an array of N.
 *
 * A System borrows its Model (which must outlive it) and owns the rest. */
#ifndef NEURODE_SYSTEM_H
#define NEURODE_SYSTEM_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "ir.h"
#include "lower.h"
#include "model.h"
#include "program.h"
#include "stepper.h"
#include "vm.h"

/* A Program's inputs bound to a System: parameters once (at setup), states
 * and time at every call. */
typedef struct Binding {
  const Program *prog;
  VmInput *in;         /* one per program input */
  size_t *moving;      /* inputs that are states or t */
  size_t nmoving;
} Binding;

typedef struct System {
  const Model *m;
  size_t nstates, nparams;
  Ir ir;
  IrId *deriv;    /* per state */
  IrId *diag;     /* per state: d(deriv)/d(state), or IR_NONE when nonlinear */
  Program *rhs, *rhs_diag;
  VmFrame *rhs_frame, *diag_frame;
  Binding rhs_bind, diag_bind;
  double **outputs;
  /* the population */
  size_t N;
  double *param_scalar; /* per parameter */
  double **param_array; /* per parameter: N values, or NULL when uniform */
} System;

System *system_new(const Model *m, Diag *diag);
void system_free(System *s);

/* Evaluate parameter values and initial states for N copies.  y0 receives
 * nstates*N values.  Returns false after reporting a model error. */
bool system_setup(System *s, size_t N, const Override *params, size_t nparams,
                  const Override *inits, size_t ninits, double *y0, Diag *diag);

/* The callbacks of an OdeSystem whose ctx is the System. */
int system_rhs(void *ctx, double t, const double *y, double *dydt);
int system_rhs_diag(void *ctx, double t, const double *y, double *dydt, double *diag);
OdeSystem system_ode(System *s);

/* Is state s's equation linear in s (so exponential Euler is exact for it)? */
static inline bool system_is_linear(const System *s, size_t state) { return s->diag[state] != IR_NONE; }

/* Right-hand sides at n arbitrary points (a phase plane's grid): ys holds
 * nstates*n values laid out like a population, the parameters are those of
 * copy `copy`.  dydt receives nstates*n values. */
void system_eval_at(System *s, size_t copy, size_t n, const double *ys, double t, double *dydt);

/* Names of inputs for dumps: "V", "gNa", "t". */
const char *system_input_name(const void *model, int32_t code);

/* --dump-ir and --dump-bytecode. */
void system_dump_ir(const System *s, FILE *out);
void system_dump_bytecode(const System *s, FILE *out);

/* Values of chosen intermediates along a run (at sample times). */
typedef struct Observer {
  System *sys;
  Program *prog;
  VmFrame *frame;
  Binding bind;
  size_t ninters;
} Observer;

Observer *observer_new(System *s, const size_t *inters, size_t n);
void observer_free(Observer *o);
/* out[j*N + k] = intermediate inters[j] of copy k. */
void observer_eval(Observer *o, double t, const double *y, double *out);

#endif
