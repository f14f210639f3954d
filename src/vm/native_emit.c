/* native_emit.c: bytecode -> C; see native.h.
 *
 * The program is cut into groups: a run of element-wise operations becomes
 * one loop over the block's lanes, each operation a local (the compiler
 * keeps them in vector registers), and each math function of vmath.h one
 * call over the whole block.  A value read outside its group lives in a
 * block array.  Values are named by the instruction that computed them
 * (v12), not by the VM's reused temps. */
#include "native.h"
#include "native_scalar.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "opcodes.h"
#include "vmath.h"
#include "vmath_exp.h"

/* Deeper programs than this (levels of math calls) are compiled at -O1. */
enum { NATIVE_DEEP = 16 };

typedef struct Text {
  char *s;
  size_t len, cap;
} Text;

static void put(Text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void put(Text *t, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  GROW(t->s, t->cap, t->len + (size_t)n + 1);
  va_start(ap, fmt);
  vsnprintf(t->s + t->len, (size_t)n + 1, fmt, ap);
  va_end(ap);
  t->len += (size_t)n;
}

/* Where each instruction's operands come from. */
typedef struct Emit {
  const Program *p;
  Text *out;
  long *writer;   /* per slot: the instruction that last wrote it, while scanning */
  long (*src)[4]; /* per instruction, per operand: the writing instruction, or -1 */
  int *level;     /* per instruction: math calls on its longest path of operands */
  bool *wide;     /* per instruction: its value is read outside its lane loop (a block array) */
  int nlevels;
  bool entry;     /* rhs_one is the scalar library's nd_rhs1: inputs read once into in<k> */
} Emit;

static bool is_call(const Instr *in) { return op_vmath((Opcode)in->op) >= 0; }

/* An operand inside a lane loop: a value of this loop (vN), a block array
 * (tN[j]), an input (a[k][j]) or a constant (a hex literal: exact). */
static void operand(Emit *e, long at, int which, char *buf, size_t size)
{
  const Instr *in = &e->p->code[at];
  uint16_t s = which == 0 ? in->b : which == 1 ? in->c : which == 2 ? in->d : in->e;
  long w = e->src[at][which];
  const Slot *sl = &e->p->slots[s];
  if (w >= 0) {
    if (!e->wide[w]) snprintf(buf, size, "v%ld", w);
    else snprintf(buf, size, "t%ld[j]", w);
  } else if (sl->kind == SLOT_CONST) {
    snprintf(buf, size, "%a", e->p->consts[sl->ref]);
  } else if (sl->kind == SLOT_INPUT) {
    snprintf(buf, size, "a%d[j]", sl->ref);
  } else {
    snprintf(buf, size, "0.0"); /* not reached: program_compile writes before reading */
  }
}

/* The expression of an element-wise operation on operands x y z w. */
static void expression(Opcode op, const char *x, const char *y, const char *z, const char *w,
                       Text *t)
{
  switch (op) {
  case OP_MOV: put(t, "%s", x); break;
  case OP_ADD: put(t, "%s + %s", x, y); break;
  case OP_SUB: put(t, "%s - %s", x, y); break;
  case OP_MUL: put(t, "%s * %s", x, y); break;
  case OP_DIV: put(t, "%s / %s", x, y); break;
  case OP_NEG: put(t, "-%s", x); break;
  case OP_LT: put(t, "(double)(%s < %s)", x, y); break;
  case OP_LE: put(t, "(double)(%s <= %s)", x, y); break;
  case OP_GT: put(t, "(double)(%s > %s)", x, y); break;
  case OP_GE: put(t, "(double)(%s >= %s)", x, y); break;
  case OP_EQ: put(t, "(double)(%s == %s)", x, y); break;
  case OP_NE: put(t, "(double)(%s != %s)", x, y); break;
  case OP_AND: put(t, "(double)((%s != 0) & (%s != 0))", x, y); break;
  case OP_OR: put(t, "(double)((%s != 0) | (%s != 0))", x, y); break;
  case OP_NOT: put(t, "(double)(%s == 0)", x); break;
  case OP_SELECT: put(t, "nd_pick(%s != 0, %s, %s)", x, y, z); break;
  case OP_SQRT: put(t, "__builtin_sqrt(%s)", x); break;
  case OP_ABS: put(t, "__builtin_fabs(%s)", x); break;
  case OP_MIN: put(t, "nd_min(%s, %s)", x, y); break;
  case OP_MAX: put(t, "nd_max(%s, %s)", x, y); break;
  case OP_FLOOR: put(t, "__builtin_floor(%s)", x); break;
  case OP_CEIL: put(t, "__builtin_ceil(%s)", x); break;
  case OP_HEAVISIDE: put(t, "nd_heaviside(%s)", x); break;
  case OP_SIGN: put(t, "nd_sign(%s)", x); break;
  case OP_CLIP: put(t, "nd_clip(%s, %s, %s)", x, y, z); break;
  case OP_MOD: put(t, "%s - %s * __builtin_floor(%s / %s)", x, y, x, y); break;
  case OP_BERNOULLI: put(t, "nd_bernoulli(%s, %s)", x, y); break;
  case OP_DEXPREL: put(t, "api->dexprel(%s)", x); break;
  case OP_RAND: put(t, "api->rand(%s, %s, %s, %s)", x, y, z, w); break;
  case OP_RAND2: put(t, "api->rand2(%s, %s, %s, %s)", x, y, z, w); break;
  case OP_RANDN: put(t, "api->randn(%s, %s, %s, %s)", x, y, z, w); break;
  case OP_POISSON: put(t, "api->poisson(%s, %s, %s)", x, y, z); break;
  default: /* LOOKUP (the callers: it names its table), the calls, CROSS */
    put(t, "0.0 /* %s */", opcode_mnemonic[op]);
    break;
  }
}

/* The helpers' meanings are op_eval's (opcodes.h), written out so the
 * library needs no header of neurode's -- nor any other: the compiler's
 * builtins instead of math.h and string.h, and vector types instead of
 * immintrin.h (whose parsing alone takes 0.4 s, more than compiling a
 * model).  Every choice is nd_pick, a blend of bits, and every condition
 * an int combined with & and |: GCC does not vectorise a loop with a ?: of
 * doubles under a comparison (the comparison might trap) nor with && (a
 * branch); the operands are computed values either way, so the result is
 * the same. */
static const char prelude[] =
  "typedef __SIZE_TYPE__ size_t;\n"
  "#define NULL ((void *)0)\n"
  "#define NAN __builtin_nan(\"\")\n"
  "typedef struct { const double *array; double scalar; } VmInput;\n"
  "typedef struct {\n"
  "  void (*vmath)(int, double *, const double *, const double *, size_t);\n"
  "  double (*rand)(double, double, double, double);\n"
  "  double (*rand2)(double, double, double, double);\n"
  "  double (*randn)(double, double, double, double);\n"
  "  double (*poisson)(double, double, double);\n"
  "  double (*lookup)(const double *, double, double);\n"
  "  double (*dexprel)(double);\n"
  "  double (*exp)(double);\n"
  "  double (*exprel)(double);\n"
  "  double (*exprelr)(double);\n"
  "} NativeApi;\n"
  "typedef struct {\n"
  "  const VmInput *in; double *y; size_t n; double t0, dt;\n"
  "  unsigned long first, nsteps; size_t block_lo, block_hi, block_step;\n"
  "  unsigned long bad_step; size_t bad_elem, bad_state; double bad_value;\n"
  "} NativeSteps;\n"
  "static inline double nd_pick(int c, double a, double b)\n"
  "{\n"
  "  unsigned long long x, y, m = -(unsigned long long)c;\n"
  "  __builtin_memcpy(&x, &a, 8);\n"
  "  __builtin_memcpy(&y, &b, 8);\n"
  "  x = (x & m) | (y & ~m);\n"
  "  __builtin_memcpy(&a, &x, 8);\n"
  "  return a;\n"
  "}\n"
  "static inline double nd_min(double a, double b) { return nd_pick((a < b) | (a != a), a, b); }\n"
  "static inline double nd_max(double a, double b) { return nd_pick((a > b) | (a != a), a, b); }\n"
  "static inline double nd_sign(double a) { return nd_pick(a > 0, 1.0, nd_pick(a < 0, -1.0, a)); }\n"
  "static inline double nd_heaviside(double a) { return nd_pick(a >= 0, 1.0, nd_pick(a < 0, 0.0, a)); }\n"
  "static inline double nd_clip(double a, double b, double c) { return nd_pick(a < b, b, nd_pick(a > c, c, a)); }\n"
  "static inline double nd_bernoulli(double p, double u) { return nd_pick((p >= 0) & (p <= 1), nd_pick(u < p, 1.0, 0.0), NAN); }\n";

static bool supported(const Program *p, char *why, size_t whysize)
{
  if (p->ncross || p->nstages > 1) {
    snprintf(why, whysize, "it has operations across elements (a sum over the population)");
    return false;
  }
  for (size_t i = 0; i < p->ncode; i++)
    if (opcode_kind[p->code[i].op] != OPK_ELEM && p->code[i].op != OP_LOOKUP) {
      snprintf(why, whysize, "operation %s", opcode_mnemonic[p->code[i].op]);
      return false;
    }
  return true;
}

/* Operand sources, levels, and which values need block arrays.  A value's
 * level counts the math calls it waits for: the element-wise operations of
 * one level are one lane loop, and the calls of one level and function are
 * one vmath call over all their arguments (HH's six exponentials: two
 * vectors for one neuron, not six calls). */
static void analyse(Emit *e)
{
  const Program *p = e->p;
  for (size_t i = 0; i < p->ncode; i++) {
    const Instr *in = &p->code[i];
    uint16_t ops[4] = {in->b, in->c, in->d, in->e};
    int arity = opcode_arity[in->op], level = 0;
    for (int k = 0; k < 4; k++) {
      e->src[i][k] = -1;
      if (k >= arity) continue;
      if (in->op == OP_LOOKUP && k == 0) continue; /* the table: an input */
      long w = e->writer[ops[k]];
      e->src[i][k] = w;
      if (w < 0) continue;
      int lw = e->level[w] + (is_call(&p->code[w]) ? 1 : 0);
      if (lw > level) level = lw;
    }
    e->level[i] = level;
    if (level + 1 > e->nlevels) e->nlevels = level + 1;
    e->writer[in->a] = (long)i;
  }
  for (size_t i = 0; i < p->ncode; i++) {
    bool call = is_call(&p->code[i]);
    if (call) e->wide[i] = true;
    for (int k = 0; k < 4; k++) {
      long w = e->src[i][k];
      if (w >= 0 && (call || e->level[w] != e->level[i])) e->wide[w] = true;
    }
  }
}

/* The operand of a call: a whole block array. */
static void call_operand(Emit *e, long at, int which, char *buf, size_t size)
{
  const Instr *in = &e->p->code[at];
  uint16_t s = which == 0 ? in->b : in->c;
  long w = e->src[at][which];
  const Slot *sl = &e->p->slots[s];
  if (w >= 0) snprintf(buf, size, "t%ld", w);
  else if (sl->kind == SLOT_INPUT) snprintf(buf, size, "a%d", sl->ref);
  else if (sl->kind == SLOT_CONST) snprintf(buf, size, "kc%d", sl->ref);
  else snprintf(buf, size, "NULL"); /* not reached: program_compile writes before reading */
}

/* The calls of one level and function: their number, and each one's place. */
static size_t batch_of(const Emit *e, int level, int fn, size_t upto)
{
  size_t q = 0;
  for (size_t i = 0; i < upto; i++)
    if (is_call(&e->p->code[i]) && e->level[i] == level && op_vmath((Opcode)e->p->code[i].op) == fn) q++;
  return q;
}

#define EXP_AS_TEXT(...) #__VA_ARGS__
static const char exp_source[] = VMATH_EXP_SOURCE(EXP_AS_TEXT);

/* vmath.c's exprel (reciprocal: exprelr): e^x, then (e - 1)/x (x/(e - 1)),
 * the series near 0. */
static void quotient(bool reciprocal, const char *exp_fn, Text *t)
{
  if (reciprocal) put(t, "v / (%s(v) - 1.0)", exp_fn);
  else put(t, "(%s(v) - 1.0) / v", exp_fn);
}

static void emit_exprel(bool reciprocal, Text *t)
{
  put(t, "static void nd_v%d(const NativeApi *api, double *restrict d, const double *restrict x, const double *y, size_t n)\n{\n",
      reciprocal ? VM_EXPRELR : VM_EXPREL);
  put(t, "  (void)api, (void)y;\n  int far = 0, near = 0;\n");
  put(t, "  for (size_t j = 0; j < n; j++) {\n    const double v = x[j];\n    d[j] = ");
  quotient(reciprocal, "vmath_exp_fast", t);
  put(t, ";\n    far |= !(__builtin_fabs(v) <= VMATH_EXP_FAST);\n    near |= __builtin_fabs(v) < 0.5;\n  }\n");
  put(t, "  if (far)\n    for (size_t j = 0; j < n; j++) {\n      const double v = x[j];\n");
  put(t, "      if (!(__builtin_fabs(v) <= VMATH_EXP_FAST)) d[j] = ");
  quotient(reciprocal, "vmath_exp_slow", t);
  put(t, ";\n    }\n");
  /* Near 0 the series, vectorised with a blend, for the whole batch when
   * a lane needs it (a branch per lane mispredicts as V crosses). */
  put(t, "  if (!near) return;\n");
  put(t, "  for (size_t j = 0; j < n; j++) {\n    const double v = x[j];\n");
  if (reciprocal) {
    put(t, "    const double z = v * v;\n    double e = %a;\n", vmath_exprelr_coef[0]);
    for (int k = 1; k < VMATH_EXPRELR_TERMS; k++) put(t, "    e = e * z + %a;\n", vmath_exprelr_coef[k]);
    put(t, "    const double r = 1.0 + v * (-0.5 + v * e);\n");
  } else {
    put(t, "    double r = %a;\n", vmath_exprel_coef[0]);
    for (int k = 1; k < VMATH_EXPREL_TERMS; k++) put(t, "    r = r * v + %a;\n", vmath_exprel_coef[k]);
  }
  /* The choice by bits: GCC does not vectorise a ?: of doubles under a
   * comparison (it might trap), and a blend of bits is exact. */
  put(t, "    const double old = d[j];\n");
  put(t, "    unsigned long long rb, ob, near_mask = -(unsigned long long)(__builtin_fabs(v) < 0.5);\n");
  put(t, "    __builtin_memcpy(&rb, &r, 8);\n    __builtin_memcpy(&ob, &old, 8);\n");
  put(t, "    rb = (rb & near_mask) | (ob & ~near_mask);\n    __builtin_memcpy(&d[j], &rb, 8);\n  }\n}\n");
}

/* The math of the calls, nd_v<fn>(api, d, x, y, n): built for AVX, SLEEF's
 * AVX functions called here (the ones vmath.c calls: the same bits, without
 * the calls through it); otherwise through NativeApi. */
static void emit_math(const Program *p, NativeShape shape, Text *t)
{
  bool used[VM__COUNT] = {false};
  for (size_t i = 0; i < p->ncode; i++) {
    int fn = op_vmath((Opcode)p->code[i].op);
    if (fn >= 0) used[fn] = true;
  }
  if (used[VM_EXPREL] || used[VM_EXPRELR]) used[VM_EXP] = true;
  put(t, "typedef double v4d __attribute__((vector_size(32)));\n");
  put(t, "typedef double v4du __attribute__((vector_size(32), aligned(8)));\n");
  /* Scalar code calls the host's exp, exprel and exprelr (NativeApi). */
  if (shape == NATIVE_SCALAR) used[VM_EXP] = used[VM_EXPREL] = used[VM_EXPRELR] = false;
  if (used[VM_EXP]) {
    /* vmath_exp.h's source, its table and its constants: inlined here. */
    put(t, "enum { VMATH_EXP_N = %d };\n#define VMATH_EXP_FAST %a\n", VMATH_EXP_N, VMATH_EXP_FAST);
    put(t, "static const double vmath_exp_tab[%d] = {", 2 * VMATH_EXP_N);
    for (int k = 0; k < 2 * VMATH_EXP_N; k++) put(t, "%s%a", k ? ", " : "", vmath_exp_tab[k]);
    put(t, "};\n%s\n", exp_source);
  }
  if (used[VM_EXP]) {
    /* d and x are apart here (a batch's out and in). */
    put(t, "static void nd_v%d(const NativeApi *api, double *restrict d, const double *restrict x, const double *y, size_t n)\n", VM_EXP);
    put(t, "{\n  (void)api, (void)y;\n  vmath_exp_apart(d, x, n);\n}\n");
  }
  for (int fn = 0; fn < VM__COUNT; fn++) {
    if (!used[fn] || fn == VM_EXPREL || fn == VM_EXPRELR || fn == VM_EXP) continue;
    int arity;
    const char *name = vmath_name((VmathFn)fn, &arity);
    const char *sleef_args = arity == 2 ? "*(const v4du *)a, *(const v4du *)b" : "*(const v4du *)a";
    put(t, "#ifdef __AVX__\n");
    put(t, "extern v4d Sleef_cinz_%sd4_u10avx(v4d%s);\n", name, arity == 2 ? ", v4d" : "");
    put(t, "static void nd_v%d(const NativeApi *api, double *d, const double *x, const double *y, size_t n)\n{\n", fn);
    put(t, "  (void)api, (void)y;\n  size_t k = 0;\n");
    put(t, "  for (; k + 4 <= n; k += 4) {\n    const double *a = x + k, *b = %s;\n    (void)b;\n", arity == 2 ? "y + k" : "a");
    put(t, "    *(v4du *)(d + k) = Sleef_cinz_%sd4_u10avx(%s);\n  }\n", name, sleef_args);
    put(t, "  if (k < n) {\n    double a[4] = {0, 0, 0, 0}, b[4] = {0, 0, 0, 0};\n    (void)b;\n");
    put(t, "    for (size_t j = 0; j < n - k; j++) a[j] = x[k + j];\n");
    if (arity == 2) put(t, "    for (size_t j = 0; j < n - k; j++) b[j] = y[k + j];\n");
    put(t, "    v4d r = Sleef_cinz_%sd4_u10avx(%s);\n", name, sleef_args);
    put(t, "    for (size_t j = 0; j < n - k; j++) d[k + j] = r[j];\n  }\n}\n#else\n");
    put(t, "static void nd_v%d(const NativeApi *api, double *d, const double *x, const double *y, size_t n)\n", fn);
    put(t, "{\n  api->vmath(%d, d, x, y, n);\n}\n#endif\n", fn);
  }
  for (int fn = VM_EXPREL; fn <= VM_EXPRELR; fn++)
    if (used[fn]) emit_exprel(fn == VM_EXPRELR, t);
  put(t, "\n");
}

/* The inputs and outputs of rhs_one and rhs_lanes: as restrict parameters
 * (decl) or as the arguments rhs_block passes (a[k], o[j]). */
static void emit_io(const Program *p, Text *t, bool decl)
{
  for (size_t j = 0; j < p->ninputs; j++)
    put(t, decl ? ", const double *restrict a%zu" : ", a[%zu]", j);
  for (size_t j = 0; j < p->noutputs; j++) put(t, decl ? ", double *restrict o%zu" : ", o[%zu]", j);
}

/* An operand of rhs_one: every value a scalar, a call's result its place
 * in the batch. */
static void one_operand(Emit *e, long at, int which, char *buf, size_t size)
{
  const Instr *in = &e->p->code[at];
  uint16_t s = which == 0 ? in->b : which == 1 ? in->c : which == 2 ? in->d : in->e;
  long w = e->src[at][which];
  const Slot *sl = &e->p->slots[s];
  if (w >= 0 && is_call(&e->p->code[w])) {
    int fn = op_vmath((Opcode)e->p->code[w].op);
    snprintf(buf, size, "bo%d_%d[%zu]", e->level[w], fn, batch_of(e, e->level[w], fn, (size_t)w));
  } else if (w >= 0) {
    snprintf(buf, size, "v%ld", w);
  } else if (sl->kind == SLOT_CONST) {
    snprintf(buf, size, "%a", e->p->consts[sl->ref]);
  } else if (sl->kind == SLOT_INPUT) {
    snprintf(buf, size, e->entry ? "in%d" : "a%d[0]", sl->ref);
  } else {
    snprintf(buf, size, "0.0");
  }
}

/* rhs_one's outputs that a batch of calls computed. */
static void emit_one_outputs(Emit *e, int l, int fn)
{
  const Program *p = e->p;
  for (size_t i = 0; i < p->ncode; i++) {
    const Instr *in = &p->code[i];
    if (is_call(in) && e->level[i] == l && op_vmath((Opcode)in->op) == fn &&
        p->slots[in->a].kind == SLOT_OUTPUT)
      put(e->out, "  o%d[0] = bo%d_%d[%zu];\n", p->slots[in->a].ref, l, fn, batch_of(e, l, fn, i));
  }
}

/* What an input is to a scalar library (native_scalar.h): a state's index
 * or a NATIVE_IN_ kind. */
static int scalar_input(int32_t input)
{
  switch (ir_input_kind(input)) {
  case IN_STATE: return ir_input_index(input);
  case IN_TIME: return NATIVE_IN_TIME;
  case IN_STEP: return NATIVE_IN_STEP;
  case IN_H: return NATIVE_IN_H;
  case IN_TABLE: return NATIVE_IN_TABLE;
  default: return NATIVE_IN_FIXED;
  }
}

/* The program for one element, with plain scalars the compiler keeps in
 * registers: rhs_one, the lanes code's for a block's last copy alone, or
 * (e->entry) a scalar library's nd_rhs1.  Calls of SLEEF's functions of a
 * level are one vector call; exp and its relatives are the host's. */
static void emit_one(Emit *e)
{
  const Program *p = e->p;
  Text *t = e->out;
  if (e->entry) {
    /* The scalar library's entry (native_scalar.h): every input read once,
     * before any output is written (o may alias x for all the compiler
     * knows). */
    put(t, "void nd_rhs1(const NativeApi *api, const double *x, double t, double step, double h, const double *const *p, double *o)\n{\n");
    put(t, "  (void)api, (void)x, (void)t, (void)step, (void)h, (void)p;\n");
    for (size_t j = 0; j < p->ninputs; j++) {
      int code = scalar_input(p->inputs[j]);
      if (code == NATIVE_IN_TABLE) put(t, "  const double *const a%zu = p[%zu];\n", j, j);
      else if (code >= 0) put(t, "  const double in%zu = x[%d];\n", j, code);
      else if (code == NATIVE_IN_TIME) put(t, "  const double in%zu = t;\n", j);
      else if (code == NATIVE_IN_STEP) put(t, "  const double in%zu = step;\n", j);
      else if (code == NATIVE_IN_H) put(t, "  const double in%zu = h;\n", j);
      else put(t, "  const double in%zu = *p[%zu];\n", j, j);
    }
    for (size_t j = 0; j < p->noutputs; j++) put(t, "  double *const o%zu = o + %zu;\n", j, j);
  } else {
    /* Not inlined: the kernel calls it from several places (each stage). */
    put(t, "__attribute__((noinline)) static void rhs_one(const NativeApi *api");
    emit_io(p, t, true);
    put(t, ")\n{\n  (void)api;\n");
  }
  for (int l = 0; l < e->nlevels; l++)
    for (int fn = 0; fn < VM__COUNT; fn++) {
      size_t k = batch_of(e, l, fn, p->ncode);
      if (k) put(t, "  double bx%d_%d[%zu], by%d_%d[%zu], bo%d_%d[%zu];\n  (void)by%d_%d;\n", l, fn, k, l,
                 fn, k, l, fn, k, l, fn);
    }
  char x[64], y[64], z[64], w[64];
  for (int l = 0; l < e->nlevels; l++) {
    for (size_t i = 0; i < p->ncode; i++) {
      const Instr *in = &p->code[i];
      if (e->level[i] != l || is_call(in)) continue;
      one_operand(e, (long)i, 0, x, sizeof x);
      one_operand(e, (long)i, 1, y, sizeof y);
      one_operand(e, (long)i, 2, z, sizeof z);
      one_operand(e, (long)i, 3, w, sizeof w);
      put(t, "  const double v%zu = ", i);
      if (in->op == OP_LOOKUP) put(t, "api->lookup(a%d, %s, %s)", p->slots[in->b].ref, y, z);
      else expression((Opcode)in->op, x, y, z, w, t);
      put(t, ";\n");
      if (p->slots[in->a].kind == SLOT_OUTPUT) put(t, "  o%d[0] = v%zu;\n", p->slots[in->a].ref, i);
    }
    for (int fn = 0; fn < VM__COUNT; fn++) {
      size_t k = batch_of(e, l, fn, p->ncode);
      if (!k) continue;
      /* The arguments, in the batch's order. */
      char (*args)[2][64] = xcalloc(k, sizeof *args);
      for (size_t i = 0; i < p->ncode; i++) {
        const Instr *in = &p->code[i];
        if (!is_call(in) || e->level[i] != l || op_vmath((Opcode)in->op) != fn) continue;
        size_t q = batch_of(e, l, fn, i);
        for (int arg = 0; arg < opcode_arity[in->op]; arg++)
          one_operand(e, (long)i, arg, args[q][arg], sizeof args[q][arg]);
      }
      if (fn == VM_EXP || fn == VM_EXPREL || fn == VM_EXPRELR) {
        /* The host's functions, one value at a time: compiled once, not
         * with every model (inlined, exp was a fifth of HH's scalar compile
         * and ran no faster). */
        for (size_t q = 0; q < k; q++)
          put(t, "  bo%d_%d[%zu] = api->%s(%s);\n", l, fn, q,
              fn == VM_EXP ? "exp" : fn == VM_EXPREL ? "exprel" : "exprelr", args[q][0]);
        free(args);
        emit_one_outputs(e, l, fn);
        continue;
      }
      /* With AVX: vectors built in registers and SLEEF called here (four
       * stores then a vector load of them would stall the store buffer). */
      int arity;
      const char *name = vmath_name((VmathFn)fn, &arity);
      put(t, "#ifdef __AVX__\n");
      for (size_t c = 0; c < k; c += 4) {
        for (int arg = 0; arg < arity; arg++) {
          put(t, "  { const v4d %c%zu = {", arg ? 'y' : 'x', c);
          for (size_t q = c; q < c + 4; q++) put(t, "%s%s", q > c ? ", " : "", q < k ? args[q][arg] : "0.0");
          put(t, "};\n");
        }
        if (arity == 2) put(t, "  const v4d r%zu = Sleef_cinz_%sd4_u10avx(x%zu, y%zu);\n", c, name, c, c);
        else put(t, "  const v4d r%zu = Sleef_cinz_%sd4_u10avx(x%zu);\n", c, name, c);
        for (size_t q = c; q < c + 4 && q < k; q++)
          put(t, "  bo%d_%d[%zu] = r%zu[%zu];\n", l, fn, q, c, q - c);
        for (int arg = 0; arg < arity; arg++) put(t, "  }\n");
      }
      put(t, "#else\n");
      for (size_t q = 0; q < k; q++)
        for (int arg = 0; arg < arity; arg++)
          put(t, "  b%c%d_%d[%zu] = %s;\n", arg ? 'y' : 'x', l, fn, q, args[q][arg]);
      free(args);
      if (fn >= VM_POW)
        put(t, "  nd_v%d(api, bo%d_%d, bx%d_%d, by%d_%d, %zu);\n", fn, l, fn, l, fn, l, fn, k);
      else
        put(t, "  nd_v%d(api, bo%d_%d, bx%d_%d, NULL, %zu);\n", fn, l, fn, l, fn, k);
      put(t, "#endif\n");
      emit_one_outputs(e, l, fn);
    }
  }
  put(t, "}\n\n");
}

/* rhs_lanes: the program over m <= NB lanes, each operation a loop. */
static void emit_lanes(Emit *e)
{
  const Program *p = e->p;
  Text *t = e->out;
  /* Inputs and outputs never overlap (the rhs writes derivatives, not
   * states): restrict parameters let the lane loops be vectorised (GCC
   * takes restrict from parameters, not from locals). */
  put(t, "static void rhs_lanes(const NativeApi *api, size_t m");
  emit_io(p, t, true);
  put(t, ")\n{\n  (void)api;\n");
  /* Constants a call reads as an array. */
  bool *needc = xcalloc(p->nconsts + 1, sizeof *needc);
  for (size_t i = 0; i < p->ncode; i++)
    if (is_call(&p->code[i]))
      for (int k = 0; k < opcode_arity[p->code[i].op]; k++) {
        uint16_t s = k == 0 ? p->code[i].b : p->code[i].c;
        if (e->src[i][k] < 0 && p->slots[s].kind == SLOT_CONST) needc[p->slots[s].ref] = true;
      }
  for (size_t c = 0; c < p->nconsts; c++)
    if (needc[c])
      put(t, "  double kc%zu[NB];\n  for (size_t j = 0; j < m; j++) kc%zu[j] = %a;\n", c, c,
          p->consts[c]);
  free(needc);
  /* Batches: in x[, y] -> out, each call's result a slice of out. */
  for (int l = 0; l < e->nlevels; l++)
    for (int fn = 0; fn < VM__COUNT; fn++) {
      size_t k = batch_of(e, l, fn, p->ncode);
      if (!k) continue;
      put(t, "  double bx%d_%d[%zu], by%d_%d[%zu], bo%d_%d[%zu];\n", l, fn, k * NATIVE_BLOCK, l, fn,
          fn >= VM_POW ? k * NATIVE_BLOCK : 1, l, fn, k * NATIVE_BLOCK);
      put(t, "  (void)by%d_%d;\n", l, fn);
    }
  for (size_t i = 0; i < p->ncode; i++)
    if (is_call(&p->code[i])) {
      int l = e->level[i], fn = op_vmath((Opcode)p->code[i].op);
      put(t, "  double *const t%zu = bo%d_%d + %zu * m;\n", i, l, fn, batch_of(e, l, fn, i));
    }
  /* A value computed for a call is computed into the call's argument
   * slice, not copied there (the first call that takes it). */
  long *home = xmalloc((p->ncode + 1) * sizeof *home); /* call*2 + operand, or -1 */
  for (size_t i = 0; i < p->ncode; i++) home[i] = -1;
  for (size_t i = 0; i < p->ncode; i++) {
    if (!is_call(&p->code[i])) continue;
    for (int k = 0; k < opcode_arity[p->code[i].op]; k++) {
      long w = e->src[i][k];
      if (w < 0 || is_call(&p->code[w]) || home[w] >= 0) continue;
      home[w] = (long)i * 2 + k;
      int l = e->level[i], fn = op_vmath((Opcode)p->code[i].op);
      put(t, "  double *const t%ld = b%c%d_%d + %zu * m;\n", w, k ? 'y' : 'x', l, fn,
          batch_of(e, l, fn, (size_t)i));
    }
  }
  for (size_t i = 0; i < p->ncode; i++)
    if (e->wide[i] && !is_call(&p->code[i]) && home[i] < 0) put(t, "  double t%zu[NB];\n", i);
  char x[64], y[64], z[64], w[64];
  for (int l = 0; l < e->nlevels; l++) {
    bool any = false;
    for (size_t i = 0; i < p->ncode; i++) {
      const Instr *in = &p->code[i];
      if (e->level[i] != l || is_call(in)) continue;
      if (!any) put(t, "  for (size_t j = 0; j < m; j++) {\n");
      any = true;
      operand(e, (long)i, 0, x, sizeof x);
      operand(e, (long)i, 1, y, sizeof y);
      operand(e, (long)i, 2, z, sizeof z);
      operand(e, (long)i, 3, w, sizeof w);
      put(t, "    const double v%zu = ", i);
      if (in->op == OP_LOOKUP) put(t, "api->lookup(a%d, %s, %s)", p->slots[in->b].ref, y, z);
      else expression((Opcode)in->op, x, y, z, w, t);
      put(t, ";\n");
      if (e->wide[i]) put(t, "    t%zu[j] = v%zu;\n", i, i);
      if (p->slots[in->a].kind == SLOT_OUTPUT) put(t, "    o%d[j] = v%zu;\n", p->slots[in->a].ref, i);
    }
    if (any) put(t, "  }\n");
    for (int fn = 0; fn < VM__COUNT; fn++) {
      size_t k = batch_of(e, l, fn, p->ncode);
      if (!k) continue;
      for (size_t i = 0; i < p->ncode; i++) {
        const Instr *in = &p->code[i];
        if (!is_call(in) || e->level[i] != l || op_vmath((Opcode)in->op) != fn) continue;
        size_t q = batch_of(e, l, fn, i);
        for (int arg = 0; arg < opcode_arity[in->op]; arg++) {
          long src = e->src[i][arg];
          if (src >= 0 && home[src] == (long)i * 2 + arg) continue; /* computed in place */
          call_operand(e, (long)i, arg, x, sizeof x);
          put(t, "  for (size_t j = 0; j < m; j++) b%c%d_%d[%zu * m + j] = %s[j];\n",
              arg ? 'y' : 'x', l, fn, q, x);
        }
      }
      if (fn >= VM_POW)
        put(t, "  nd_v%d(api, bo%d_%d, bx%d_%d, by%d_%d, %zu * m);\n", fn, l, fn, l, fn, l, fn, k);
      else
        put(t, "  nd_v%d(api, bo%d_%d, bx%d_%d, NULL, %zu * m);\n", fn, l, fn, l, fn, k);
      for (size_t i = 0; i < p->ncode; i++) {
        const Instr *in = &p->code[i];
        if (is_call(in) && e->level[i] == l && op_vmath((Opcode)in->op) == fn &&
            p->slots[in->a].kind == SLOT_OUTPUT)
          put(t, "  for (size_t j = 0; j < m; j++) o%d[j] = t%zu[j];\n", p->slots[in->a].ref, i);
      }
    }
  }
  free(home);
  put(t, "}\n\n");
}

/* rhs_block: the program over m <= NB copies; a[k] is input k's block (a
 * table: the whole table), o[j] output j's.  One copy (a block's tail) goes
 * through rhs_one. */
static void emit_block(Emit *e)
{
  Text *t = e->out;
  emit_lanes(e);
  emit_one(e);
  put(t, "static inline void rhs_block(const NativeApi *api, const double *const *a, double *const *o, size_t m)\n{\n");
  put(t, "  if (m > 1) rhs_lanes(api, m");
  emit_io(e->p, t, false);
  put(t, ");\n  else rhs_one(api");
  emit_io(e->p, t, false);
  put(t, ");\n}\n\n");
}

/* The scalar library (native_scalar.h): what each input is, and nd_rhs1. */
static void emit_scalar(Emit *e, size_t nstates)
{
  const Program *p = e->p;
  Text *t = e->out;
  put(t, "const unsigned long nd_nstates = %zu, nd_ninputs = %zu, nd_noutputs = %zu;\n", nstates,
      p->ninputs, p->noutputs);
  put(t, "const int nd_inputs[%zu] = {", p->ninputs + 1);
  for (size_t j = 0; j < p->ninputs; j++) put(t, "%d, ", scalar_input(p->inputs[j]));
  put(t, "0};\n\n");
  e->entry = true;
  emit_one(e);
}

/* nd_exec: vm_exec's meaning. */
static void emit_exec(const Program *p, Text *t)
{
  size_t nin = p->ninputs + 1, nout = p->noutputs + 1;
  put(t, "void nd_exec(const NativeApi *api, const VmInput *in, double *const *out, size_t n)\n{\n");
  put(t, "  static const int is_table[%zu] = {", nin);
  for (size_t j = 0; j < p->ninputs; j++)
    put(t, "%d, ", ir_input_kind(p->inputs[j]) == IN_TABLE);
  put(t, "0};\n");
  put(t, "  double bc[%zu][NB];\n  const double *a[%zu];\n  double *o[%zu];\n", nin, nin, nout);
  put(t, "  for (size_t k = 0; k < %zu; k++)\n", p->ninputs);
  put(t, "    if (!in[k].array) for (size_t j = 0; j < NB; j++) bc[k][j] = in[k].scalar;\n");
  put(t, "  for (size_t off = 0; off < n; off += NB) {\n");
  put(t, "    size_t m = n - off < NB ? n - off : NB;\n");
  put(t, "    for (size_t k = 0; k < %zu; k++)\n", p->ninputs);
  put(t, "      a[k] = !in[k].array ? bc[k] : is_table[k] ? in[k].array : in[k].array + off;\n");
  put(t, "    for (size_t k = 0; k < %zu; k++) o[k] = out[k] + off;\n", p->noutputs);
  put(t, "    rhs_block(api, a, o, m);\n  }\n  (void)is_table, (void)bc;\n}\n\n");
}

/* The stage arithmetic of each method, exactly as its stepper file does it
 * (step_euler.c, step_rk2.c, step_rk4.c): same operations, same order. */
static void emit_fused(const Program *p, size_t S, NativeFused method, Text *t)
{
  size_t nin = p->ninputs + 1;
  put(t, "enum { S = %zu };\n", S);
  put(t, "void nd_steps(const NativeApi *api, NativeSteps *s)\n{\n");
  put(t, "  const size_t n = s->n;\n  const VmInput *in = s->in;\n");
  put(t, "  double bc[%zu][NB], tt[NB], st[NB], hh[NB];\n", nin);
  put(t, "  double y[S][NB], yt[S][NB], k[S][NB], acc[S][NB];\n");
  put(t, "  const double *a[%zu];\n  double *ko[S + 1];\n", nin);
  put(t, "  const double h = s->dt;\n");
  put(t, "  for (size_t v = 0; v < S; v++) ko[v] = k[v];\n");
  put(t, "  for (size_t j = 0; j < NB; j++) hh[j] = h;\n");
  put(t, "  (void)acc, (void)yt, (void)tt, (void)st;\n");
  /* Inputs fixed for the call: parameters, indices, tables. */
  for (size_t j = 0; j < p->ninputs; j++) {
    InputKind kind = ir_input_kind(p->inputs[j]);
    if (kind == IN_STATE || kind == IN_TIME || kind == IN_STEP || kind == IN_H) continue;
    put(t, "  if (!in[%zu].array) for (size_t j = 0; j < NB; j++) bc[%zu][j] = in[%zu].scalar;\n", j,
        j, j);
  }
  put(t, "  for (size_t b = s->block_lo; b < s->block_hi; b += s->block_step) {\n");
  put(t, "    const size_t off = b * NB, m = n - off < NB ? n - off : NB;\n");
  for (size_t j = 0; j < p->ninputs; j++) {
    InputKind kind = ir_input_kind(p->inputs[j]);
    if (kind == IN_STATE || kind == IN_TIME || kind == IN_STEP || kind == IN_H) continue;
    put(t, "    a[%zu] = !in[%zu].array ? bc[%zu] : in[%zu].array%s;\n", j, j, j, j,
        kind == IN_TABLE ? "" : " + off"); /* a table is read whole */
  }
  put(t, "    for (size_t v = 0; v < S; v++) for (size_t j = 0; j < m; j++) y[v][j] = s->y[v * n + off + j];\n");
  put(t, "    for (unsigned long g = s->first; g < s->first + s->nsteps; g++) {\n");
  put(t, "      const double t = s->t0 + (double)(g - 1) * s->dt;\n");
  put(t, "      for (size_t j = 0; j < m; j++) st[j] = (double)(g - 1);\n");
  /* One evaluation: states from Y, time T. */
#define STAGE(Y, T)                                                                         \
  do {                                                                                      \
    for (size_t j = 0; j < p->ninputs; j++) {                                               \
      InputKind kind = ir_input_kind(p->inputs[j]);                                         \
      if (kind == IN_STATE) put(t, "      a[%zu] = %s[%d];\n", j, Y, ir_input_index(p->inputs[j])); \
      if (kind == IN_TIME) put(t, "      a[%zu] = tt;\n", j);                                \
      if (kind == IN_STEP) put(t, "      a[%zu] = st;\n", j);                                \
      if (kind == IN_H) put(t, "      a[%zu] = hh;\n", j);                                   \
    }                                                                                       \
    put(t, "      for (size_t j = 0; j < m; j++) tt[j] = %s;\n", T);                        \
    put(t, "      rhs_block(api, a, ko, m);\n");                                            \
  } while (0)
  const char *lane = "for (size_t v = 0; v < S; v++) for (size_t j = 0; j < m; j++)";
  switch (method) {
  case NATIVE_FUSED_EULER:
    STAGE("y", "t");
    put(t, "      %s yt[v][j] = y[v][j] + h * k[v][j];\n", lane);
    break;
  case NATIVE_FUSED_RK2:
    STAGE("y", "t");
    put(t, "      %s yt[v][j] = y[v][j] + 0.5 * h * k[v][j];\n", lane);
    STAGE("yt", "t + 0.5 * h");
    put(t, "      %s yt[v][j] = y[v][j] + h * k[v][j];\n", lane);
    break;
  default:
    put(t, "      const double h2 = 0.5 * h, h6 = h / 6.0;\n");
    STAGE("y", "t");
    put(t, "      %s { acc[v][j] = k[v][j]; yt[v][j] = y[v][j] + h2 * k[v][j]; }\n", lane);
    STAGE("yt", "t + h2");
    put(t, "      %s { acc[v][j] += 2 * k[v][j]; yt[v][j] = y[v][j] + h2 * k[v][j]; }\n", lane);
    STAGE("yt", "t + h2");
    put(t, "      %s { acc[v][j] += 2 * k[v][j]; yt[v][j] = y[v][j] + h * k[v][j]; }\n", lane);
    STAGE("yt", "t + h");
    put(t, "      %s yt[v][j] = y[v][j] + h6 * (acc[v][j] + k[v][j]);\n", lane);
    break;
  }
#undef STAGE
  /* The driver's test: x * 0 is 0 unless x is a NaN or an infinity.  An
   * integer flag, not a sum of the products: a sum of doubles is one long
   * chain of additions (not reordered without fast-math), 5% of HH's time. */
  put(t, "      int bad = 0;\n      %s bad |= yt[v][j] * 0.0 != 0.0;\n", lane);
  /* The first bad value in the state vector's order (state, then element),
   * as the driver reports it. */
  put(t, "      if (bad) {\n");
  put(t, "        size_t bv = 0, bk = 0;\n");
  put(t, "        for (size_t v = 0; v < S; v++)\n");
  put(t, "          for (size_t j = 0; j < m; j++)\n");
  put(t, "            if (yt[v][j] * 0.0 != 0.0) { bv = v, bk = off + j; goto found; }\n");
  put(t, "      found:\n");
  put(t, "        if (!s->bad_step || g < s->bad_step ||\n");
  put(t, "            (g == s->bad_step && (bv < s->bad_state || (bv == s->bad_state && bk < s->bad_elem))))\n");
  put(t, "          s->bad_step = g, s->bad_state = bv, s->bad_elem = bk, s->bad_value = yt[bv][bk - off];\n");
  put(t, "        break;\n      }\n");
  put(t, "      %s y[v][j] = yt[v][j];\n    }\n", lane);
  put(t, "    for (size_t v = 0; v < S; v++) for (size_t j = 0; j < m; j++) s->y[v * n + off + j] = y[v][j];\n");
  put(t, "  }\n  (void)api;\n}\n");
}

char *native_emit(const Program *p, size_t nstates, NativeFused fused, NativeShape shape,
                  char *why, size_t whysize)
{
  if (!supported(p, why, whysize)) return NULL;
  Text t = {0};
  Emit e = {p, &t, NULL, NULL, NULL, NULL, 0, false};
  e.writer = xmalloc((p->nslots + 1) * sizeof *e.writer);
  for (size_t s = 0; s <= p->nslots; s++) e.writer[s] = -1;
  e.src = xmalloc((p->ncode + 1) * sizeof *e.src);
  e.level = xcalloc(p->ncode + 1, sizeof *e.level);
  e.wide = xcalloc(p->ncode + 1, sizeof *e.wide);
  analyse(&e);
  put(&t, "/* neurode native code, ABI %d: the right-hand side, %zu instructions, %s */\n",
      NATIVE_ABI, p->ncode, shape == NATIVE_SCALAR ? "one copy at a time" : "in blocks of copies");
  /* GCC's -O3 takes time that grows with the square of the math calls'
   * depth (each level is a lane loop and block arrays; its alias walks and
   * load CSE span them all): 0.45 s at 8 levels, 1.7 s at 32, 66 s at 200
   * (a fuzzed model); -O1 stays under 1 s.  Real models have a few levels. */
  if (e.nlevels > NATIVE_DEEP) put(&t, "#pragma GCC optimize (\"O1\", \"fp-contract=off\")\n");
  put(&t, "%s", prelude);
  put(&t, "enum { NB = %d };\n", shape == NATIVE_SCALAR ? 1 : NATIVE_BLOCK);
  put(&t, "const int nd_abi = %d;\nconst int nd_block = NB;\n", NATIVE_ABI);
  /* Scalar code's stepper is the host's, for every method: one library. */
  if (shape == NATIVE_LANES) put(&t, "const int nd_fused = %d;\n", (int)fused);
  put(&t, "\n");
  emit_math(p, shape, &t);
  if (shape == NATIVE_SCALAR) {
    /* The loops around the rhs are native_scalar.c's. */
    emit_scalar(&e, nstates);
  } else {
    emit_block(&e);
    emit_exec(p, &t);
    if (fused != NATIVE_FUSED_NONE) emit_fused(p, nstates, fused, &t);
  }
  free(e.writer);
  free(e.src);
  free(e.level);
  free(e.wide);
  return t.s;
}
