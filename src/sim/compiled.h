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
#include "ir.h"
#include "model.h"
#include "program.h"

typedef struct Compiled {
  Model *m;
  size_t nstates, nparams, ninters;
  Ir ir;          /* not changed after compiled_new */
  IrId *deriv;    /* per state */
  IrId *jdiag;    /* per state: d(deriv)/d(state), or IR_NONE when nonlinear */
  IrId *inter;    /* per intermediate */
  Program *rhs, *rhs_jdiag;
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
