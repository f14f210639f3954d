/* explain.h: why a right-hand side is not finite.
 *
 * When dX/dt is NaN or infinite at the start of a run, the step size is not
 * to blame: some term of the model is.  explain_nonfinite evaluates the
 * state's equation as written (the AST, for one copy, with its parameter
 * values and state) and points at the smallest term whose value is not
 * finite although its parts are -- a division by zero, the log of a
 * negative number -- with the values of the names in it.  It prints one
 * located note through the Diag (nothing if no such term is found). */
#ifndef NEURODE_EXPLAIN_H
#define NEURODE_EXPLAIN_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "instance.h"

void explain_nonfinite(const Instance *in, size_t state, size_t copy, double t, const double *y,
                       Diag *diag);

/* The same, as data: where, and what ("this is NaN with tau = 0"); domain
 * when it is a random draw or a table lookup given an argument outside its
 * domain (a probability of 1.2), text then saying so. */
typedef struct Explanation {
  bool found, domain;
  const Source *src;
  Loc loc;
  char text[480];
} Explanation;
bool explain_find(const Instance *in, size_t state, size_t copy, double t, const double *y,
                  Explanation *out);

#endif
