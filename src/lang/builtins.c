/* builtins.c: the table of built-in functions; see builtins.h. */
#include "builtins.h"

#include <string.h>

const Builtin builtin_table[] = {
  {"exp", 1, OP_EXP, "exponential"},
  {"log", 1, OP_LOG, "natural logarithm"},
  {"log10", 1, OP_LOG10, "base-10 logarithm"},
  {"sqrt", 1, OP_SQRT, "square root"},
  {"abs", 1, OP_ABS, "absolute value"},
  {"sin", 1, OP_SIN, "sine (radians)"},
  {"cos", 1, OP_COS, "cosine (radians)"},
  {"tan", 1, OP_TAN, "tangent (radians)"},
  {"asin", 1, OP_ASIN, "arc sine"},
  {"acos", 1, OP_ACOS, "arc cosine"},
  {"atan", 1, OP_ATAN, "arc tangent"},
  {"atan2", 2, OP_ATAN2, "atan2(y, x): angle of the point (x, y)"},
  {"sinh", 1, OP_SINH, "hyperbolic sine"},
  {"cosh", 1, OP_COSH, "hyperbolic cosine"},
  {"tanh", 1, OP_TANH, "hyperbolic tangent"},
  {"pow", 2, OP_POW, "pow(x, y) = x^y"},
  {"min", 2, OP_MIN, "smaller of two values"},
  {"max", 2, OP_MAX, "larger of two values"},
  {"floor", 1, OP_FLOOR, "largest integer not above x"},
  {"ceil", 1, OP_CEIL, "smallest integer not below x"},
  {"heaviside", 1, OP_HEAVISIDE, "step: 1 for x >= 0, else 0"},
  {"sign", 1, OP_SIGN, "-1, 0 or 1"},
  {"clip", 3, OP_CLIP, "clip(x, lo, hi): x limited to [lo, hi]"},
  {"exprel", 1, OP_EXPREL, "(exp(x) - 1)/x, equal to 1 at x = 0"},
};
const size_t builtin_count = sizeof builtin_table / sizeof builtin_table[0];

const Builtin *builtin_find(const char *name)
{
  for (size_t i = 0; i < builtin_count; i++)
    if (strcmp(builtin_table[i].name, name) == 0) return &builtin_table[i];
  return NULL;
}

Opcode builtin_operator(AstOp op)
{
  switch (op) {
  case AOP_ADD: return OP_ADD;
  case AOP_SUB: return OP_SUB;
  case AOP_MUL: return OP_MUL;
  case AOP_DIV: return OP_DIV;
  case AOP_POW: return OP_POW;
  case AOP_LT: return OP_LT;
  case AOP_LE: return OP_LE;
  case AOP_GT: return OP_GT;
  case AOP_GE: return OP_GE;
  case AOP_EQ: return OP_EQ;
  case AOP_NE: return OP_NE;
  case AOP_AND: return OP_AND;
  case AOP_OR: return OP_OR;
  case AOP_NEG: return OP_NEG;
  case AOP_NOT: return OP_NOT;
  case AOP_PLUS: return OP_MOV;
  }
  return OP_MOV;
}

int builtin_is_reserved(const char *name)
{
  return strcmp(name, "t") == 0 || strcmp(name, "pi") == 0;
}
