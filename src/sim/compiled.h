/* compiled.h: a Model compiled into programs -- immutable once built, so
 * several instances (threads, analysis runs, the record of a past run) can
 * share it.
 *
 * compiled_new lowers the dynamics once: the right-hand side; the
 * right-hand side with the diagonal Jacobian terms that exponential Euler
 * needs (nonzero only for equations linear in their own variable, found by
 * differentiating the IR); and every intermediate, so that any set of them
 * can be compiled into a probe later without changing anything here.  It also
 * checks that the starting values (parameters, initial values) can be
 * computed, so `check` refuses what `run` would.
 *
 * A Compiled owns its Model (the Model points into ASTs that must outlive
 * both) and is reference-counted: compiled_ref/compiled_unref.  A run's
 * state lives in an Instance (instance.h). */
#ifndef NEURODE_COMPILED_H
#define NEURODE_COMPILED_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "diag.h"
#include "grid.h"
#include "ir.h"
#include "model.h"
#include "program.h"
#include "table.h"

enum { COMPILED_MAX_JACOBIAN = 32 };

typedef struct Compiled {
  Model *m;
  size_t nstates, nparams, ninters;
  Ir ir;          /* not changed after compiled_new */
  IrId *deriv;    /* per state */
  IrId *jdiag;    /* per state: d(deriv)/d(state), or IR_NONE when nonlinear */
  IrId *inter;    /* per intermediate */
  Program *rhs, *rhs_jdiag;
  /* For the stiff methods: f, then J (S x S, row-major), then df/dt -- the
   * symbolic derivatives; NULL for more than COMPILED_MAX_JACOBIAN states,
   * on a domain, or when a derivative has no rule. */
  Program *rhs_jac;
  Table *tables;      /* the data of each `table`, read when compiling */
  size_t *table_rows;
  /* Events (model.h).  While a copy is refractory (input IN_DISCRETE #0 is
   * 1) its held states do not change and its spike events are not tested;
   * in a discrete model the rhs is the next state with the events' blocks
   * already applied where their conditions hold. */
  Program *cond;      /* continuous: g of each crossing event; discrete: each
                         event's condition (1 or 0; 0 while refractory) */
  size_t *cond_event; /* output j of cond is event cond_event[j] */
  size_t ncond;
  Program **action;   /* continuous, per event: the states it assigns, after its block */
  size_t **assigned;  /* per event: those states (action's outputs, in order) */
  size_t *nassigned;
  Program *refractory;   /* the refractory period (one output), or NULL */
  Program *rates;        /* per Poisson input p: its rate, then its correlation */
  size_t *poisson_event; /* Poisson input p is event poisson_event[p] */
  size_t npoisson;
  /* Discrete models: the rhs computes these after the next state -- each
   * event's condition (as cond), then the refractory period -- so one pass
   * of the update gives the step's spikes. */
  IrId *extra;
  size_t nextra;
  CompiledGrid *grid;    /* a model on a domain (grid.h), or NULL */
  unsigned refs;
} Compiled;

/* Takes the Model when it succeeds (NULL after reporting errors: the Model
 * is then still the caller's). */
Compiled *compiled_new(Model *m, Diag *diag);
Compiled *compiled_ref(Compiled *c);
void compiled_unref(Compiled *c);

/* Is state s's equation linear in s (so exponential Euler is exact for it)? */
static inline bool compiled_is_linear(const Compiled *c, size_t s) { return c->jdiag[s] != IR_NONE; }

/* A program computing the given intermediates (output j = inters[j]); the
 * caller frees it.  Reads the IR only. */
Program *compiled_probe(const Compiled *c, const size_t *inters, size_t n);

/* Names of inputs for dumps: "V", "gNa", "t". */
const char *compiled_input_name(const void *model, int32_t code);

/* --dump-ir and --dump-bytecode. */
void compiled_dump_ir(const Compiled *c, FILE *out);
void compiled_dump_bytecode(const Compiled *c, FILE *out);

#endif
