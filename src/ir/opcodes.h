/* opcodes.h: the one list of operations, shared by the IR, the constant
 * folder, the VM and the disassembler.
 *
 * Each row: X(NAME, arity, kind, mnemonic, synopsis).  The synopsis is what
 * the bytecode dump prints beside each instruction; A is the destination,
 * B C D E the operands.  An operation of kind ELEM applies element-wise to
 * whole arrays, and op_eval below is its scalar meaning, the only definition
 * of it (the VM inlines it into its loops).  An operation of kind CROSS
 * reads other elements than its own (a sum over a population, a value of
 * another element): the VM runs it over whole arrays between the stages of
 * a program (program.h), and a later native backend inherits it as an
 * operation, not as a trick of the VM's.
 *
 * The random draws are pure functions of (seed, stream, step, element) --
 * philox.h -- so hash-consing two draws of one call site into one is
 * correct, and two call sites differ by their stream. */
#ifndef NEURODE_OPCODES_H
#define NEURODE_OPCODES_H

#include <math.h>
#include <stddef.h>

#include "philox.h"
#include "vmath.h"

enum { OPK_ELEM = 0, OPK_CROSS = 1, OPK_TABLE = 2 };

#define OPCODE_LIST(X)                                                      \
  X(MOV, 1, ELEM, "mov", "r[A] = r[B]")                                                   \
  X(ADD, 2, ELEM, "add", "r[A] = r[B] + r[C]")                                            \
  X(SUB, 2, ELEM, "sub", "r[A] = r[B] - r[C]")                                            \
  X(MUL, 2, ELEM, "mul", "r[A] = r[B] * r[C]")                                            \
  X(DIV, 2, ELEM, "div", "r[A] = r[B] / r[C]")                                            \
  X(NEG, 1, ELEM, "neg", "r[A] = -r[B]")                                                  \
  X(POW, 2, ELEM, "pow", "r[A] = pow(r[B], r[C])")                                        \
  X(LT, 2, ELEM, "lt", "r[A] = r[B] < r[C]")                                              \
  X(LE, 2, ELEM, "le", "r[A] = r[B] <= r[C]")                                             \
  X(GT, 2, ELEM, "gt", "r[A] = r[B] > r[C]")                                              \
  X(GE, 2, ELEM, "ge", "r[A] = r[B] >= r[C]")                                             \
  X(EQ, 2, ELEM, "eq", "r[A] = r[B] == r[C]")                                             \
  X(NE, 2, ELEM, "ne", "r[A] = r[B] != r[C]")                                             \
  X(AND, 2, ELEM, "and", "r[A] = r[B] != 0 and r[C] != 0")                                \
  X(OR, 2, ELEM, "or", "r[A] = r[B] != 0 or r[C] != 0")                                   \
  X(NOT, 1, ELEM, "not", "r[A] = r[B] == 0")                                              \
  X(SELECT, 3, ELEM, "select", "r[A] = r[B] != 0 ? r[C] : r[D]")                          \
  X(EXP, 1, ELEM, "exp", "r[A] = exp(r[B])")                                              \
  X(LOG, 1, ELEM, "log", "r[A] = log(r[B])")                                              \
  X(LOG10, 1, ELEM, "log10", "r[A] = log10(r[B])")                                        \
  X(SQRT, 1, ELEM, "sqrt", "r[A] = sqrt(r[B])")                                           \
  X(ABS, 1, ELEM, "abs", "r[A] = |r[B]|")                                                 \
  X(SIN, 1, ELEM, "sin", "r[A] = sin(r[B])")                                              \
  X(COS, 1, ELEM, "cos", "r[A] = cos(r[B])")                                              \
  X(TAN, 1, ELEM, "tan", "r[A] = tan(r[B])")                                              \
  X(ASIN, 1, ELEM, "asin", "r[A] = asin(r[B])")                                           \
  X(ACOS, 1, ELEM, "acos", "r[A] = acos(r[B])")                                           \
  X(ATAN, 1, ELEM, "atan", "r[A] = atan(r[B])")                                           \
  X(ATAN2, 2, ELEM, "atan2", "r[A] = atan2(r[B], r[C])")                                  \
  X(SINH, 1, ELEM, "sinh", "r[A] = sinh(r[B])")                                           \
  X(COSH, 1, ELEM, "cosh", "r[A] = cosh(r[B])")                                           \
  X(TANH, 1, ELEM, "tanh", "r[A] = tanh(r[B])")                                           \
  X(MIN, 2, ELEM, "min", "r[A] = min(r[B], r[C])")                                        \
  X(MAX, 2, ELEM, "max", "r[A] = max(r[B], r[C])")                                        \
  X(FLOOR, 1, ELEM, "floor", "r[A] = floor(r[B])")                                        \
  X(CEIL, 1, ELEM, "ceil", "r[A] = ceil(r[B])")                                           \
  X(HEAVISIDE, 1, ELEM, "heaviside", "r[A] = r[B] >= 0 ? 1 : 0")                          \
  X(SIGN, 1, ELEM, "sign", "r[A] = sign(r[B])")                                           \
  X(CLIP, 3, ELEM, "clip", "r[A] = min(max(r[B], r[C]), r[D])")                           \
  X(EXPREL, 1, ELEM, "exprel", "r[A] = (exp(r[B]) - 1) / r[B], 1 at 0")                   \
  X(DEXPREL, 1, ELEM, "dexprel", "r[A] = d/dx exprel(x) at r[B], 1/2 at 0")                \
  X(EXPRELR, 1, ELEM, "exprelr", "r[A] = r[B] / (exp(r[B]) - 1), 1 at 0")                  \
  X(MOD, 2, ELEM, "mod", "r[A] = r[B] - r[C]*floor(r[B]/r[C])")                          \
  X(RAND, 4, ELEM, "rand", "r[A] = uniform in [0,1): seed B, stream C, step D, element E")  \
  X(RAND2, 4, ELEM, "rand2", "r[A] = a second uniform of the same draw as rand")          \
  X(BERNOULLI, 2, ELEM, "bernoulli", "r[A] = r[C] < r[B] (p = r[B] in [0,1], else NaN)")   \
  X(POISSON, 3, ELEM, "poisson", "r[A] = Poisson count of mean r[B] from uniforms r[C], r[D]") \
  X(RANDN, 4, ELEM, "randn", "r[A] = standard normal: seed B, stream C, step D, element E") \
  X(LOOKUP, 3, TABLE, "lookup", "r[A] = table B at row floor(r[C]), column floor(r[D])")     \
  X(SUM, 1, CROSS, "sum", "r[A] = the sum of r[B] over all elements (one value)")          \
  X(GATHER, 2, CROSS, "gather", "r[A] = r[B] of the element r[C]")                        \
  X(SCATTER_ADD, 2, CROSS, "scatter", "r[A] = sum of r[B] over elements k with r[C][k] = A's")



typedef enum {
#define OPCODE_ENUM(name, arity, kind, mnem, syn) OP_##name,
  OPCODE_LIST(OPCODE_ENUM)
#undef OPCODE_ENUM
  OP__COUNT
} Opcode;

extern const char *const opcode_mnemonic[OP__COUNT];
extern const char *const opcode_synopsis[OP__COUNT];
extern const unsigned char opcode_arity[OP__COUNT];
extern const unsigned char opcode_kind[OP__COUNT]; /* OPK_ELEM or OPK_CROSS */

/* (e^x - 1)/x, finite at x = 0; its reciprocal x/(e^x - 1), the form of
 * the removable singularity of HH rates. */
static inline double nd_exprel(double x) { return vmath1(VM_EXPREL, x); }
static inline double nd_exprelr(double x) { return vmath1(VM_EXPRELR, x); }

/* d/dx (e^x - 1)/x = (e^x (x - 1) + 1)/x^2; its Taylor series near 0, where
 * the closed form cancels catastrophically. */
static inline double nd_dexprel(double x)
{
  if (fabs(x) < 1e-2)
    return 0.5 + x * (1.0 / 3 + x * (1.0 / 8 + x * (1.0 / 30 + x * (1.0 / 144 + x * (1.0 / 840)))));
  return (vmath1(VM_EXPM1, x) * (x - 1.0) + x) / (x * x);
}

/* min and max propagate NaN so a blow-up is never hidden. */
static inline double nd_min(double a, double b) { return (a < b || a != a) ? a : b; }
static inline double nd_max(double a, double b) { return (a > b || a != a) ? a : b; }
static inline double nd_sign(double a) { return a > 0 ? 1.0 : a < 0 ? -1.0 : a; }

/* A uniform and a standard normal draw (Box-Muller on two uniforms of one
 * Philox block; never log(0): the uniform is taken in (0, 1]). */
static inline double nd_rand(double seed, double stream, double step, double elem)
{
  uint32_t w[4];
  philox_draw(seed, stream, step, elem, w);
  return philox_unit(w[0], w[1]);
}

static inline double nd_rand2(double seed, double stream, double step, double elem)
{
  uint32_t w[4];
  philox_draw(seed, stream, step, elem, w);
  return philox_unit(w[2], w[3]);
}

/* 1 with probability p; a probability outside [0, 1] is no probability: NaN
 * (the run stops and says where). */
static inline double nd_bernoulli(double p, double u)
{
  return p >= 0 && p <= 1 ? (u < p ? 1.0 : 0.0) : NAN;
}

/* A Poisson count of mean lam from two uniforms: the inverse of the
 * distribution function (exact) up to lam = 500, above that the normal
 * approximation (rounded; its error is far below the count's spread). */
static inline double nd_poisson(double lam, double u, double v)
{
  if (!(lam >= 0) || lam > 1e15) return NAN;
  if (lam <= 500) {
    double p = exp(-lam), F = p, k = 0;
    while (u >= F && k < 10000) {
      k += 1;
      p *= lam / k;
      F += p;
      if (p == 0 && k > lam) break;
    }
    return k;
  }
  double z = sqrt(-2.0 * log(1.0 - u)) * cos(6.283185307179586 * v);
  double k = floor(lam + sqrt(lam) * z + 0.5);
  return k < 0 ? 0 : k;
}

/* Row r, column c of a table laid out as (rows, columns, values row by
 * row); outside it, NaN (the run stops and says where). */
static inline double nd_lookup(const double *table, double r, double c)
{
  double rows = table[0], cols = table[1];
  r = floor(r);
  c = floor(c);
  if (!(r >= 0 && r < rows && c >= 0 && c < cols)) return NAN;
  return table[2 + (size_t)r * (size_t)cols + (size_t)c];
}

static inline double nd_mod(double a, double b)
{
  return a - b * floor(a / b);
}

static inline double nd_randn(double seed, double stream, double step, double elem)
{
  uint32_t w[4];
  philox_draw(seed, stream, step, elem, w);
  double u1 = 1.0 - philox_unit(w[0], w[1]), u2 = philox_unit(w[2], w[3]);
  return sqrt(-2.0 * log(u1)) * cos(6.283185307179586 * u2);
}

/* The operations computed by vmath.h: the VM runs them over whole blocks
 * (vectorised); -1 for the others. */
static inline int op_vmath(Opcode op)
{
  switch (op) {
  case OP_EXP: return VM_EXP;
  case OP_LOG: return VM_LOG;
  case OP_LOG10: return VM_LOG10;
  case OP_SIN: return VM_SIN;
  case OP_COS: return VM_COS;
  case OP_TAN: return VM_TAN;
  case OP_ASIN: return VM_ASIN;
  case OP_ACOS: return VM_ACOS;
  case OP_ATAN: return VM_ATAN;
  case OP_SINH: return VM_SINH;
  case OP_COSH: return VM_COSH;
  case OP_TANH: return VM_TANH;
  case OP_EXPREL: return VM_EXPREL;
  case OP_EXPRELR: return VM_EXPRELR;
  case OP_POW: return VM_POW;
  case OP_ATAN2: return VM_ATAN2;
  default: return -1;
  }
}

static inline __attribute__((always_inline)) double op_eval(Opcode op, double a, double b, double c,
                                                            double d)
{
  switch (op) {
  case OP_MOV: return a;
  case OP_ADD: return a + b;
  case OP_SUB: return a - b;
  case OP_MUL: return a * b;
  case OP_DIV: return a / b;
  case OP_NEG: return -a;
  case OP_POW: return vmath2(VM_POW, a, b);
  case OP_LT: return a < b;
  case OP_LE: return a <= b;
  case OP_GT: return a > b;
  case OP_GE: return a >= b;
  case OP_EQ: return a == b;
  case OP_NE: return a != b;
  case OP_AND: return a != 0 && b != 0;
  case OP_OR: return a != 0 || b != 0;
  case OP_NOT: return a == 0;
  case OP_SELECT: return a != 0 ? b : c;
  case OP_EXP: return vmath1(VM_EXP, a);
  case OP_LOG: return vmath1(VM_LOG, a);
  case OP_LOG10: return vmath1(VM_LOG10, a);
  case OP_SQRT: return sqrt(a);
  case OP_ABS: return fabs(a);
  case OP_SIN: return vmath1(VM_SIN, a);
  case OP_COS: return vmath1(VM_COS, a);
  case OP_TAN: return vmath1(VM_TAN, a);
  case OP_ASIN: return vmath1(VM_ASIN, a);
  case OP_ACOS: return vmath1(VM_ACOS, a);
  case OP_ATAN: return vmath1(VM_ATAN, a);
  case OP_ATAN2: return vmath2(VM_ATAN2, a, b);
  case OP_SINH: return vmath1(VM_SINH, a);
  case OP_COSH: return vmath1(VM_COSH, a);
  case OP_TANH: return vmath1(VM_TANH, a);
  case OP_MIN: return nd_min(a, b);
  case OP_MAX: return nd_max(a, b);
  case OP_FLOOR: return floor(a);
  case OP_CEIL: return ceil(a);
  case OP_HEAVISIDE: return a >= 0 ? 1.0 : (a < 0 ? 0.0 : a);
  case OP_SIGN: return nd_sign(a);
  case OP_CLIP: return a < b ? b : (a > c ? c : a);
  case OP_EXPREL: return nd_exprel(a);
  case OP_DEXPREL: return nd_dexprel(a);
  case OP_EXPRELR: return nd_exprelr(a);
  case OP_MOD: return nd_mod(a, b);
  case OP_RAND: return nd_rand(a, b, c, d);
  case OP_RAND2: return nd_rand2(a, b, c, d);
  case OP_BERNOULLI: return nd_bernoulli(a, b);
  case OP_POISSON: return nd_poisson(a, b, c);
  case OP_RANDN: return nd_randn(a, b, c, d);
  case OP_LOOKUP:       /* reads a whole table: the VM runs it itself */
  case OP_SUM:          /* cross-element: the VM runs these itself */
  case OP_GATHER:
  case OP_SCATTER_ADD:
  case OP__COUNT: break;
  }
  return NAN;
}

#endif
