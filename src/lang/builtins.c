/* builtins.c: the table of built-in functions; see builtins.h. */
#include "builtins.h"

#include <string.h>

const Builtin builtin_table[] = {
  {"exp", 1, OP_EXP, "exponential", BI_OP},
  {"log", 1, OP_LOG, "natural logarithm", BI_OP},
  {"log10", 1, OP_LOG10, "base-10 logarithm", BI_OP},
  {"sqrt", 1, OP_SQRT, "square root", BI_OP},
  {"abs", 1, OP_ABS, "absolute value", BI_OP},
  {"sin", 1, OP_SIN, "sine (radians)", BI_OP},
  {"cos", 1, OP_COS, "cosine (radians)", BI_OP},
  {"tan", 1, OP_TAN, "tangent (radians)", BI_OP},
  {"asin", 1, OP_ASIN, "arc sine", BI_OP},
  {"acos", 1, OP_ACOS, "arc cosine", BI_OP},
  {"atan", 1, OP_ATAN, "arc tangent", BI_OP},
  {"atan2", 2, OP_ATAN2, "atan2(y, x): angle of the point (x, y)", BI_OP},
  {"sinh", 1, OP_SINH, "hyperbolic sine", BI_OP},
  {"cosh", 1, OP_COSH, "hyperbolic cosine", BI_OP},
  {"tanh", 1, OP_TANH, "hyperbolic tangent", BI_OP},
  {"pow", 2, OP_POW, "pow(x, y) = x^y", BI_OP},
  {"min", 2, OP_MIN, "smaller of two values", BI_OP},
  {"max", 2, OP_MAX, "larger of two values", BI_OP},
  {"floor", 1, OP_FLOOR, "largest integer not above x", BI_OP},
  {"ceil", 1, OP_CEIL, "smallest integer not below x", BI_OP},
  {"heaviside", 1, OP_HEAVISIDE, "step: 1 for x >= 0, else 0", BI_OP},
  {"sign", 1, OP_SIGN, "-1, 0 or 1", BI_OP},
  {"clip", 3, OP_CLIP, "clip(x, lo, hi): x limited to [lo, hi]", BI_OP},
  {"exprel", 1, OP_EXPREL, "(exp(x) - 1)/x, equal to 1 at x = 0", BI_OP},
  {"exprelr", 1, OP_EXPRELR, "x/(exp(x) - 1), equal to 1 at x = 0", BI_OP},
  {"mod", 2, OP_MOD, "mod(a, b) = a - b*floor(a/b)", BI_OP},
  {"count", 0, OP_MOV, "count(): the number of copies in the population", BI_COUNT},
  {"copy", 0, OP_MOV, "copy(): this copy's index, 0 to count() - 1", BI_COPY},
  {"rand", 0, OP_RAND, "rand(): uniform in [0, 1), new every step", BI_RAND},
  {"randn", 0, OP_RANDN, "randn(): standard normal, new every step", BI_RANDN},
  {"bernoulli", 1, OP_BERNOULLI, "bernoulli(p): 1 with probability p, else 0", BI_BERNOULLI},
  {"poisson", 1, OP_POISSON, "poisson(lam): a Poisson count of mean lam", BI_POISSON},
  {"sum", 1, OP_SUM, "sum(x): x summed over the copies", BI_SUM},
  {"mean", 1, OP_SUM, "mean(x): x averaged over the copies", BI_MEAN},
  {"rows", 1, OP_MOV, "rows(T): the number of rows of table T", BI_ROWS},
  {"dirac", 1, OP_MOV, "dirac(x - x0): a unit point source at x0 on the domain", BI_DIRAC},
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
  return strcmp(name, "t") == 0 || strcmp(name, "pi") == 0 || strcmp(name, "xi") == 0;
}
