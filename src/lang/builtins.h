/* builtins.h: the functions and constants every model can use.
 *
 * A const table: adding a built-in is one row here (plus its opcode row in
 * opcodes.h and its derivative rule in ir.c). */
#ifndef NEURODE_BUILTINS_H
#define NEURODE_BUILTINS_H

#include <stddef.h>

#include "opcodes.h"

/* Built-ins that are not one operation of their arguments. */
typedef enum {
  BI_OP,        /* op(args) */
  BI_COUNT,     /* count(): the number of copies */
  BI_COPY,      /* copy(): this copy's index */
  BI_RAND,      /* random draws: a stream per call site, see lower.h */
  BI_RANDN,
  BI_BERNOULLI,
  BI_POISSON,
  BI_SUM,       /* over the copies */
  BI_MEAN,
  BI_ROWS,      /* rows(T): the number of rows of table T */
  BI_DIRAC      /* dirac(x - x0): a point source on the domain */
} BuiltinKind;

typedef struct Builtin {
  const char *name;
  int arity;
  Opcode op;       /* BI_OP */
  const char *doc; /* one line, for help and completion */
  BuiltinKind kind;
} Builtin;

/* Is the call random (a new value every step)? */
static inline int builtin_is_random(const Builtin *b)
{
  return b->kind == BI_RAND || b->kind == BI_RANDN || b->kind == BI_BERNOULLI ||
         b->kind == BI_POISSON;
}

extern const Builtin builtin_table[];
extern const size_t builtin_count;

const Builtin *builtin_find(const char *name);

/* The operation an operator of the language means (the one map from the
 * AST's operators to the IR's). */
#include "ast.h"
Opcode builtin_operator(AstOp op);

/* Names the model may not define: built-in constants and the time. */
int builtin_is_reserved(const char *name);

#endif
