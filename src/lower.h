/* lower.h: a checked Model's expressions -> IR nodes.
 *
 * Functions are inlined at each call (with hash consing, alpha_n(V) used in
 * three places is computed once); intermediates are expanded where used, so
 * the IR orders them by dependency, whatever their order in the file.
 *
 * Two meanings of names:
 *   LOWER_DYNAMICS: a state is IN_STATE, a parameter IN_PARAM, t is IN_TIME.
 *     This is the right-hand side and anything observed along a run.
 *   LOWER_SETUP: values at the start of a run, for a population of N copies.
 *     A parameter is its (overridden) value expression, a state its initial
 *     value expression (default 0), t is 0; in override expressions `i` and
 *     `N` are the copy's index and the population size.
 * Errors found here (circular initial values, ...) go to the Diag and make
 * the lower_* calls return IR_NONE. */
#ifndef NEURODE_LOWER_H
#define NEURODE_LOWER_H

#include "diag.h"
#include "ir.h"
#include "model.h"

typedef enum { LOWER_DYNAMICS, LOWER_SETUP } LowerMode;

/* An override from the command line or the REPL: --set NAME=EXPR. */
typedef struct Override {
  const char *name;
  const Expr *value;
  const Source *src;
} Override;

typedef struct Lowerer Lowerer;

Lowerer *lower_new(Ir *ir, const Model *m, LowerMode mode, Diag *diag);
void lower_free(Lowerer *L);

/* Setup mode: replace the value expressions of parameters / initial values. */
void lower_set_overrides(Lowerer *L, const Override *params, size_t nparams,
                         const Override *inits, size_t ninits);

IrId lower_deriv(Lowerer *L, size_t state);
IrId lower_inter(Lowerer *L, size_t inter);
IrId lower_param(Lowerer *L, size_t param);  /* setup mode: its value */
IrId lower_init(Lowerer *L, size_t state);   /* setup mode */
/* Any expression in the model's scope (dynamics mode). */
IrId lower_expr(Lowerer *L, const Expr *e, const Source *src);

#endif
