/* builtins.h: the functions and constants every model can use.
 *
 * A const table: adding a built-in is one row here (plus its opcode row in
 * opcodes.h and its derivative rule in ir.c). */
#ifndef NEURODE_BUILTINS_H
#define NEURODE_BUILTINS_H

#include <stddef.h>

#include "opcodes.h"

typedef struct Builtin {
  const char *name;
  int arity;
  Opcode op;
  const char *doc; /* one line, for help and completion */
} Builtin;

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
