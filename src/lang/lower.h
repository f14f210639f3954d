/* lower.h: a checked Model's expressions -> IR nodes.
 *
 * Everything is first lowered symbolically: a state is an IN_STATE input, a
 * parameter IN_PARAM, t IN_TIME.  A function is lowered once into a template
 * whose arguments are IN_ARG inputs, and a call substitutes its arguments
 * into the template (with hash consing, alpha_n(V) used in three places is
 * computed once).  Intermediates are expanded where used, so the IR orders
 * them by dependency, whatever their order in the file.
 *
 * Values are substituted only afterwards (ir_subst), so the IR's rewrites
 * see the symbolic form: alpha_n(10) is 0/0 as written, but its template has
 * already become 0.1*exprelr(...), which folds to 0.1.
 *
 *   LOWER_DYNAMICS: the symbolic form is the result (right-hand sides and
 *     values observed along a run).
 *   LOWER_SETUP: values at the start of a run, for a population of N copies:
 *     parameters become their (overridden) values, states their initial
 *     values (default 0), t becomes 0; in override expressions `i` and `N`
 *     are the copy's index and the population size.
 * Errors found here (circular initial values, ...) go to the Diag and make
 * the lower_* calls return IR_NONE. */
#ifndef NEURODE_LOWER_H
#define NEURODE_LOWER_H

#include "diag.h"
#include "ir.h"
#include "model.h"
#include "overrides.h"

typedef enum { LOWER_DYNAMICS, LOWER_SETUP } LowerMode;

/* Random draws (rand(), randn(), bernoulli, poisson, xi) are keyed by a
 * stream per call site, numbered in the order of lowering (the same for the
 * same model); starting values number theirs from here, so they never share
 * one with the dynamics. */
enum { LOWER_SETUP_STREAMS = 0x8000 };


typedef struct Lowerer Lowerer;

/* table_rows: the number of rows of each table (rows(T) is a constant of
 * the run; the data itself is an IN_TABLE input). */
Lowerer *lower_new(Ir *ir, const Model *m, LowerMode mode, const size_t *table_rows, Diag *diag);
void lower_free(Lowerer *L);

/* Setup mode: replace the value expressions of parameters / initial values. */
void lower_set_overrides(Lowerer *L, const Override *params, size_t nparams,
                         const Override *inits, size_t ninits);

IrId lower_deriv(Lowerer *L, size_t state);
IrId lower_inter(Lowerer *L, size_t inter);
IrId lower_param(Lowerer *L, size_t param);  /* setup mode: its value */
IrId lower_init(Lowerer *L, size_t state);   /* setup mode */

/* A model on a domain: its ends and number of points (setup mode: numbers
 * with the overrides, when they can be computed). */
void lower_grid(Lowerer *L, IrId *lo, IrId *hi, IrId *points);
/* Boundary condition b (model.h): its two sides; dV/dx is input IN_GRAD. */
bool lower_boundary(Lowerer *L, size_t b, IrId *lhs, IrId *rhs);

/* Events (model.h): a crossing event's g (it fires when g becomes >= 0), a
 * discrete event's condition; a Poisson input's rate (corr: its
 * correlation); the refractory period. */
IrId lower_event_cond(Lowerer *L, size_t event);
IrId lower_event_rate(Lowerer *L, size_t event, bool corr);
IrId lower_refractory(Lowerer *L);
/* An event's block run on the states' values vals[0..nstates) (IN_STATE
 * inputs, or what an earlier block left): vals receives the values after
 * it.  Statements run in order and each reads the values as they are then;
 * an if/else becomes a select per state. */
bool lower_event_block(Lowerer *L, size_t event, IrId *vals);

#endif
