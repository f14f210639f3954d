/* test_ir.c: the IR (hash consing, folding, rewrites, derivatives) and the
 * VM that runs it (blocks, scalar inputs, outputs in place). */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <string.h>
#include <stdlib.h>

#include "check.h"
#include "ir.h"
#include "program.h"
#include "vm.h"
#include "vmath.h"

/* Evaluate node `root` of ir at x (the only input: state 0) with the VM. */
static double eval_at(const Ir *ir, IrId root, double x)
{
  Program *p = program_compile(ir, &root, 1);
  VmFrame *f = vm_frame_new(p);
  VmInput in[4] = {{NULL, x}, {NULL, x}, {NULL, x}, {NULL, x}};
  double out = NAN, *outs[1] = {&out};
  vm_exec(f, in, outs, 1);
  vm_frame_free(f);
  program_free(p);
  return out;
}

static void test_hash_consing(void)
{
  Ir ir;
  ir_init(&ir);
  IrId x = ir_input(&ir, IN_STATE, 0), y = ir_input(&ir, IN_STATE, 1);
  IrId a = ir_op2(&ir, OP_ADD, x, y), b = ir_op2(&ir, OP_ADD, y, x);
  check(a == b, "ir: x + y and y + x are one node");
  IrId e1 = ir_op1(&ir, OP_EXP, ir_op2(&ir, OP_DIV, ir_op2(&ir, OP_SUB, ir_const(&ir, 10), x), ir_const(&ir, 10)));
  IrId e2 = ir_op1(&ir, OP_EXP, ir_op2(&ir, OP_DIV, ir_op2(&ir, OP_SUB, ir_const(&ir, 10), x), ir_const(&ir, 10)));
  check(e1 == e2, "ir: exp((10 - V)/10) built twice is one node");
  check(ir_op2(&ir, OP_SUB, x, y) != ir_op2(&ir, OP_SUB, y, x), "ir: x - y and y - x differ");
  ir_free(&ir);
}

static void test_folding(void)
{
  Ir ir;
  ir_init(&ir);
  IrId x = ir_input(&ir, IN_STATE, 0);
  IrId k = ir_op2(&ir, OP_MUL, ir_const(&ir, 2), ir_op2(&ir, OP_ADD, ir_const(&ir, 3), ir_const(&ir, 4)));
  check(ir_is_const(&ir, k, 14), "ir: 2*(3 + 4) folds to 14");
  IrId z = ir_op2(&ir, OP_DIV, ir_const(&ir, 1), ir_const(&ir, 0));
  check(ir_node(&ir, z)->op == OP_DIV, "ir: 1/0 is not folded (the error belongs to run time)");
  IrId l = ir_op1(&ir, OP_LOG, ir_const(&ir, -1));
  check(ir_node(&ir, l)->op == OP_LOG, "ir: log(-1) is not folded");
  check(ir_op2(&ir, OP_ADD, x, ir_const(&ir, -0.0)) == x && ir_op2(&ir, OP_MUL, ir_const(&ir, 1), x) == x,
        "ir: x + (-0) and 1*x are x");
  check(ir_op2(&ir, OP_ADD, x, ir_const(&ir, 0)) != x,
        "ir: x + (+0) is kept (it is +0, not x, when x is -0)");
  check(ir_const(&ir, -0.0) != ir_const(&ir, 0.0) && signbit(ir_node(&ir, ir_const(&ir, -0.0))->value),
        "ir: -0 and +0 are different constants");
  IrId a2 = ir_op2(&ir, OP_ATAN2, ir_const(&ir, 0), ir_op1(&ir, OP_NEG, ir_const(&ir, 0)));
  check(ir_is_const(&ir, a2, M_PI), "ir: atan2(0, -0) folds to pi");
  IrId c3 = ir_op2(&ir, OP_POW, x, ir_const(&ir, 3));
  check(ir_node(&ir, c3)->op == OP_MUL, "ir: x^3 becomes multiplications");
  IrId c4 = ir_op2(&ir, OP_POW, x, ir_const(&ir, 4));
  const IrNode *n4 = ir_node(&ir, c4);
  check(n4->op == OP_MUL && n4->args[0] == n4->args[1], "ir: x^4 is (x*x)*(x*x), the square shared");
  check(fabs(eval_at(&ir, ir_op2(&ir, OP_POW, x, ir_const(&ir, -2)), 3) - 1.0 / 9) < 1e-16,
        "ir: x^-2 at 3 is 1/9");
  check(ir_node(&ir, ir_op2(&ir, OP_POW, x, ir_const(&ir, 0.5)))->op == OP_SQRT, "ir: x^0.5 is sqrt(x)");
  IrId sel = ir_op(&ir, OP_SELECT, ir_const(&ir, 1), x, ir_const(&ir, 5));
  check(sel == x, "ir: if 1 then x else 5 is x");
  ir_free(&ir);
}

/* alpha_n(V) = 0.01 (10 - V)/(exp((10 - V)/10) - 1), as the parser builds it. */
static IrId alpha_n(Ir *ir, IrId v)
{
  IrId d = ir_op2(ir, OP_SUB, ir_const(ir, 10), v);
  IrId num = ir_op2(ir, OP_MUL, ir_const(ir, 0.01), d);
  IrId den = ir_op2(ir, OP_SUB, ir_op1(ir, OP_EXP, ir_op2(ir, OP_DIV, d, ir_const(ir, 10))), ir_const(ir, 1));
  return ir_op2(ir, OP_DIV, num, den);
}

static void test_singular_rate(void)
{
  Ir ir;
  ir_init(&ir);
  IrId v = ir_input(&ir, IN_STATE, 0);
  IrId a = alpha_n(&ir, v);
  double at10 = eval_at(&ir, a, 10);
  check(fabs(at10 - 0.1) < 1e-15, "ir: alpha_n(10) = %.17g, the limit 0.1", at10);
  double worst = 0;
  for (double x = -80; x <= 120; x += 0.37) {
    if (fabs(x - 10) < 1e-3) continue;
    double direct = 0.01 * (10 - x) / (exp((10 - x) / 10) - 1);
    worst = fmax(worst, fabs(eval_at(&ir, a, x) - direct) / fabs(direct));
  }
  check(worst < 1e-13, "ir: the rewritten alpha_n agrees with the formula elsewhere (rel %.2g)", worst);
  double near = eval_at(&ir, a, 10 + 1e-9);
  check(fabs(near - 0.1) < 1e-9, "ir: alpha_n(10 + 1e-9) = %.17g is continuous", near);
  Ir raw;
  ir_init(&raw);
  raw.singular_rewrites = false;
  IrId r = alpha_n(&raw, ir_input(&raw, IN_STATE, 0));
  check(isnan(eval_at(&raw, r, 10)), "ir: without the rewrite alpha_n(10) is NaN (the test can fail)");
  ir_free(&raw);
  ir_free(&ir);
}

static void test_exprel(void)
{
  /* Both signs, from 1 down to 1e-12 in magnitude and 0 itself, against
   * long-double closed forms (accurate there for |x| > 1e-4; below, the
   * Taylor series of the reference is used). */
  double worst = 0, worst_d = 0, worst_r = 0;
  int n = 0, positive = 0;
  for (int sgn = -1; sgn <= 1; sgn += 2)
    for (double m = 1; m > 1e-12; m *= 0.83) {
      double x = sgn * m;
      long double X = x;
      long double e, d;
      if (fabs(x) > 1e-4) {
        e = expm1l(X) / X;
        d = (expm1l(X) * (X - 1) + X) / (X * X);
      } else {
        e = 1 + X / 2 + X * X / 6 + X * X * X / 24;
        d = 0.5L + X / 3 + X * X / 8 + X * X * X / 30;
      }
      worst = fmax(worst, (double)fabsl((nd_exprel(x) - e) / e));
      worst_d = fmax(worst_d, (double)fabsl((nd_dexprel(x) - d) / d));
      worst_r = fmax(worst_r, (double)fabsl((nd_exprelr(x) - 1 / e) * e));
      n++;
      positive += x > 0;
    }
  check(positive > 100 && n - positive > 100, "ir: exprel tested on both sides of 0 (%d points)", n);
  check(worst < 4e-16, "ir: exprel is accurate for x in [-1, 1] (rel %.2g)", worst);
  check(worst_r < 4e-16, "ir: exprelr = x/(e^x - 1) is accurate for x in [-1, 1] (rel %.2g)", worst_r);
  check(nd_exprelr(0) == 1, "ir: exprelr(0) = 1");
  check(worst_d < 1e-12, "ir: exprel' is accurate for x in [-1, 1] (rel %.2g)", worst_d);
  check(nd_exprel(0) == 1 && nd_dexprel(0) == 0.5, "ir: exprel(0) = 1, exprel'(0) = 1/2");
  double a = nd_dexprel(0.00999999), b = nd_dexprel(0.01000001);
  check(fabs(a - b) < 1e-8, "ir: exprel' is continuous where its series ends (%.17g, %.17g)", a, b);
}

/* d/dx op(g(x)) against a central difference, for every operation. */
static void test_derivatives(void)
{
  for (int op = OP_ADD; op < OP__COUNT; op++) {
    /* Not differentiable here: dexprel (no rule), the draws (a function of
     * their keys, not of a smooth argument), values of other elements. */
    if (op == OP_DEXPREL || opcode_arity[op] > 3 || op == OP_GATHER || op == OP_SCATTER_ADD)
      continue;
    Ir ir;
    ir_init(&ir);
    IrId x = ir_input(&ir, IN_STATE, 0);
    /* arguments that stay inside every domain (asin, acos, log, sqrt) */
    IrId g = ir_op2(&ir, OP_ADD, ir_const(&ir, 0.3), ir_op2(&ir, OP_MUL, ir_const(&ir, 0.2), x));
    IrId h = ir_op2(&ir, OP_SUB, ir_const(&ir, 0.7), ir_op2(&ir, OP_MUL, x, x));
    IrId k = ir_op2(&ir, OP_MUL, ir_const(&ir, 0.5), x);
    IrId f = ir_op(&ir, (Opcode)op, g, opcode_arity[op] > 1 ? h : IR_NONE, opcode_arity[op] > 2 ? k : IR_NONE);
    if (op == OP_SELECT) f = ir_op(&ir, OP_SELECT, ir_op2(&ir, OP_GT, x, ir_const(&ir, 0.45)), g, h);
    IrId df = ir_diff(&ir, f, x);
    double worst = 0;
    for (double pt = 0.1; pt < 0.95; pt += 0.2) {
      double eps = 1e-6;
      double fd = (eval_at(&ir, f, pt + eps) - eval_at(&ir, f, pt - eps)) / (2 * eps);
      double an = eval_at(&ir, df, pt);
      worst = fmax(worst, fabs(fd - an) / fmax(1, fabs(an)));
    }
    check(df != IR_NONE && worst < 1e-7, "ir: derivative of %s matches finite differences (%.2g)",
          opcode_mnemonic[op], worst);
    ir_free(&ir);
  }
}

/* The contract of vmath.h: every width gives the same bits, and one value
 * equals its place in an array; exprel (built on exp) stays within 4 ulp of
 * expm1(x)/x. */
static void test_vmath_widths(void)
{
  enum { N = 20000 };
  double *x = malloc(N * sizeof *x), *y = malloc(N * sizeof *y), *d[3];
  for (int w = 0; w < 3; w++) d[w] = malloc(N * sizeof *d[w]);
  uint64_t state = 88172645463325252u;
  for (size_t i = 0; i < N; i++) {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17; /* xorshift64 */
    double u = (double)(state >> 11) / 9007199254740992.0;
    if (i % 5 == 0) memcpy(&x[i], &state, sizeof state); /* any bit pattern */
    else x[i] = (u - 0.5) * (i % 5 == 1 ? 1500 : i % 5 == 2 ? 2 : 60);
    y[i] = (u - 0.3) * 7;
  }
  static const int widths[3] = {1, 2, 4};
  for (int fn = 0; fn < VM__COUNT; fn++) {
    const double *ys = fn >= VM_POW ? y : NULL;
    for (int w = 0; w < 3; w++) vmath_array_width(widths[w], (VmathFn)fn, d[w], x, ys, N - (size_t)w);
    size_t bad = 0;
    for (size_t i = 0; i + 2 < N; i++) {
      double one = ys ? vmath2((VmathFn)fn, x[i], y[i]) : vmath1((VmathFn)fn, x[i]);
      if (memcmp(&d[0][i], &d[1][i], sizeof(double)) || memcmp(&d[0][i], &d[2][i], sizeof(double)) ||
          (memcmp(&one, &d[0][i], sizeof one) && !(one != one && d[0][i] != d[0][i])))
        bad++;
    }
    check(bad == 0, "vmath: function %d gives the same bits at widths 1, 2, 4 and alone (%zu differ)",
          fn, bad);
  }
  /* exp (vmath_exp.h) against expl: 64-bit long double, whose own error
   * (2^-11 ulp of a double) is below what is measured. */
  double worst_normal = 0, worst_sub = 0;
  for (size_t i = 0; i < N; i++) {
    state ^= state << 13, state ^= state >> 7, state ^= state << 17;
    double u = (double)(state >> 11) / 9007199254740992.0;
    x[i] = i % 3 == 0 ? -745.13 + u * (709.78 + 745.13) : i % 3 == 1 ? (u - 0.5) * 20 : -745.13 + 40 * u;
  }
  vmath_array(VM_EXP, d[0], x, NULL, N);
  for (size_t i = 0; i < N; i++) {
    long double exact = expl((long double)x[i]);
    /* The smaller gap next to the result: below a power of two, the one
     * under it. */
    double rounded = (double)exact,
           ulp = fmin(nextafter(rounded, INFINITY) - rounded, rounded - nextafter(rounded, 0));
    if (!(ulp > 0)) ulp = 0x1p-1074;
    double err = (double)(fabsl((long double)d[0][i] - exact) / ulp);
    if (rounded >= DBL_MIN) worst_normal = fmax(worst_normal, err);
    else worst_sub = fmax(worst_sub, err);
  }
  check(worst_normal < 0.52 && worst_sub < 0.76,
        "vmath: exp within 0.52 ulp (normal results: %.4f), 0.76 (subnormal: %.4f)", worst_normal,
        worst_sub);
  check(vmath1(VM_EXP, 0) == 1 && vmath1(VM_EXP, 1) == 2.718281828459045 &&
            vmath1(VM_EXP, 709.78) == 0x1.fe9ce5c4c52b4p+1023 && vmath1(VM_EXP, 709.79) == INFINITY && vmath1(VM_EXP, INFINITY) == INFINITY &&
            vmath1(VM_EXP, -745.13) == 0x1p-1074 && vmath1(VM_EXP, -745.14) == 0 &&
            vmath1(VM_EXP, -INFINITY) == 0 && isnan(vmath1(VM_EXP, NAN)),
        "vmath: exp at 0, 1, the edges of overflow and underflow, +-inf and NaN");
  double worst = 0;
  for (double v = -40; v < 40; v += 0.000731) {
    double exact = v == 0 ? 1 : expm1(v) / v;
    double err = fabs(vmath1(VM_EXPREL, v) - exact) / exact;
    if (err > worst) worst = err;
  }
  check(worst < 4 * DBL_EPSILON, "vmath: exprel within 4 ulp of expm1(x)/x on [-40, 40] (%.3g)", worst);
  check(vmath1(VM_EXPREL, 0) == 1 && vmath1(VM_EXPREL, 1000) == INFINITY &&
            vmath1(VM_EXPREL, -1000) == 0.001,
        "vmath: exprel at 0, +1000 and -1000");
  worst = 0;
  for (double v = -40; v < 40; v += 0.000731) {
    double exact = v == 0 ? 1 : v / expm1(v);
    double err = fabs(vmath1(VM_EXPRELR, v) - exact) / exact;
    if (err > worst) worst = err;
  }
  check(worst < 4 * DBL_EPSILON, "vmath: exprelr within 4 ulp of x/expm1(x) on [-40, 40] (%.3g)", worst);
  check(vmath1(VM_EXPRELR, 0) == 1 && vmath1(VM_EXPRELR, 1000) == 0 &&
            vmath1(VM_EXPRELR, -1000) == 1000 && vmath_exprelr(0.25) == vmath1(VM_EXPRELR, 0.25),
        "vmath: exprelr at 0, +1000 and -1000");
  free(x);
  free(y);
  for (int w = 0; w < 3; w++) free(d[w]);
}

static void test_vm_blocks(void)
{
  Ir ir;
  ir_init(&ir);
  IrId x = ir_input(&ir, IN_STATE, 0), p = ir_input(&ir, IN_PARAM, 0);
  IrId roots[2];
  roots[0] = ir_op2(&ir, OP_ADD, ir_op2(&ir, OP_MUL, x, p), ir_op1(&ir, OP_EXP, ir_op1(&ir, OP_NEG, x)));
  roots[1] = x; /* an output that is an input: a copy */
  Program *prog = program_compile(&ir, roots, 2);
  VmFrame *f = vm_frame_new(prog);
  size_t sizes[] = {1, 2, VM_BLOCK - 1, VM_BLOCK, VM_BLOCK + 1, 3 * VM_BLOCK + 5};
  for (size_t s = 0; s < sizeof sizes / sizeof sizes[0]; s++) {
    size_t n = sizes[s];
    double *xs = malloc(n * sizeof *xs), *o0 = malloc(n * sizeof *o0), *o1 = malloc(n * sizeof *o1);
    for (size_t i = 0; i < n; i++) xs[i] = 0.01 * (double)i - 0.3;
    VmInput in[2];
    int ix = program_input_index(prog, ir_input_code(IN_STATE, 0));
    int ip = program_input_index(prog, ir_input_code(IN_PARAM, 0));
    in[ix].array = xs;
    in[ip].array = NULL;
    in[ip].scalar = 2.5;
    double *outs[2] = {o0, o1};
    vm_exec(f, in, outs, n);
    size_t bad = 0;
    for (size_t i = 0; i < n; i++)
      if (o0[i] != xs[i] * 2.5 + nd_exp(-xs[i]) || o1[i] != xs[i]) bad++;
    check(bad == 0, "vm: %zu elements give the scalar results (%zu wrong)", n, bad);
    free(xs);
    free(o0);
    free(o1);
  }
  vm_frame_free(f);
  program_free(prog);
  ir_free(&ir);
}

/* Philox4x32-10 against the known-answer vectors published with Random123
 * (kat_vectors: counter, key, expected). */
static void test_philox(void)
{
  static const struct { uint32_t ctr[4], key[2], out[4]; } kat[] = {
    {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  for (size_t i = 0; i < 3; i++) {
    uint32_t out[4];
    philox4x32_10(kat[i].ctr, kat[i].key, out);
    check(memcmp(out, kat[i].out, sizeof out) == 0,
          "philox: known-answer vector %zu (%08x %08x %08x %08x)", i + 1, out[0], out[1], out[2],
          out[3]);
  }
}

/* The random operations: pure functions of their keys, hash-consed by call
 * site, uniform in [0, 1) and standard normal over many elements. */
static void test_random(void)
{
  Ir ir;
  ir_init(&ir);
  IrId seed = ir_input(&ir, IN_SEED, 0), step = ir_input(&ir, IN_STEP, 0);
  IrId elem = ir_input(&ir, IN_INDEX, 0);
  IrId u1 = ir_op4(&ir, OP_RAND, seed, ir_const(&ir, 1), step, elem);
  IrId u1b = ir_op4(&ir, OP_RAND, seed, ir_const(&ir, 1), step, elem);
  IrId u2 = ir_op4(&ir, OP_RAND, seed, ir_const(&ir, 2), step, elem);
  check(u1 == u1b && u1 != u2, "random: one draw per call site (hash-consing keeps streams apart)");
  check(ir_node(&ir, u1)->dom == DOM_ELEMENT && ir_node(&ir, step)->dom == DOM_UNIFORM,
        "random: a draw lives on the elements; the step is one value for all");
  IrId z = ir_op4(&ir, OP_RANDN, seed, ir_const(&ir, 3), step, elem);
  IrId roots[3] = {u1, u2, z};
  Program *p = program_compile(&ir, roots, 3);
  VmFrame *f = vm_frame_new(p);
  enum { N = 200000 };
  double *idx = malloc(N * sizeof *idx), *out = malloc(3 * N * sizeof *out);
  for (size_t k = 0; k < N; k++) idx[k] = (double)k;
  VmInput in[3];
  for (size_t j = 0; j < p->ninputs; j++) {
    InputKind kind = ir_input_kind(p->inputs[j]);
    in[j] = (VmInput){kind == IN_INDEX ? idx : NULL, kind == IN_SEED ? 12345 : 7};
  }
  double *outs[3] = {out, out + N, out + 2 * N};
  vm_exec(f, in, outs, N);
  double m = 0, v = 0, zm = 0, zv = 0, lo = 1, hi = 0, corr = 0;
  for (size_t k = 0; k < N; k++) {
    m += out[k];
    lo = fmin(lo, out[k]), hi = fmax(hi, out[k]);
    zm += out[2 * N + k];
    corr += (out[k] - 0.5) * (out[N + k] - 0.5);
  }
  m /= N, zm /= N, corr /= N;
  for (size_t k = 0; k < N; k++) {
    v += (out[k] - m) * (out[k] - m);
    zv += (out[2 * N + k] - zm) * (out[2 * N + k] - zm);
  }
  v /= N - 1, zv /= N - 1;
  /* Five standard errors: for a fixed seed the test is deterministic. */
  check(lo >= 0 && hi < 1 && fabs(m - 0.5) < 5 * sqrt(1.0 / 12 / N) &&
        fabs(v - 1.0 / 12) < 5 * sqrt(1.0 / 180 / N),
        "random: uniform draws in [0, 1): mean %.5f, variance %.5f", m, v);
  check(fabs(zm) < 5 / sqrt((double)N) && fabs(zv - 1) < 5 * sqrt(2.0 / N),
        "random: normal draws: mean %.4f, variance %.4f", zm, zv);
  check(fabs(corr) < 5 * (1.0 / 12) / sqrt((double)N), "random: two streams are uncorrelated (%.2g)",
        corr);
  /* The same keys give the same numbers, one element at a time too. */
  double one = NAN, *o1[3] = {&one, &one, &one};
  VmInput in1[3];
  double k7 = 777;
  for (size_t j = 0; j < p->ninputs; j++) {
    InputKind kind = ir_input_kind(p->inputs[j]);
    in1[j] = (VmInput){kind == IN_INDEX ? &k7 : NULL, kind == IN_SEED ? 12345 : 7};
  }
  double u_alone[3];
  o1[0] = &u_alone[0], o1[1] = &u_alone[1], o1[2] = &u_alone[2];
  vm_exec(f, in1, o1, 1);
  check(u_alone[0] == out[777] && u_alone[2] == out[2 * N + 777],
        "random: element 777 alone draws what it draws in the population");
  free(idx);
  free(out);
  vm_frame_free(f);
  program_free(p);
  ir_free(&ir);
}

/* Operations across elements: a program in stages, the same results for
 * every population size and block boundary, and for one element alone. */
static void test_cross(void)
{
  Ir ir;
  ir_init(&ir);
  IrId x = ir_input(&ir, IN_STATE, 0), n = ir_input(&ir, IN_COUNT, 0);
  IrId elem = ir_input(&ir, IN_INDEX, 0);
  IrId sq = ir_op2(&ir, OP_MUL, x, x);
  IrId mean = ir_op2(&ir, OP_DIV, ir_op1(&ir, OP_SUM, x), n);
  IrId dev = ir_op2(&ir, OP_SUB, x, mean);                          /* stage 1 */
  IrId var = ir_op2(&ir, OP_DIV, ir_op1(&ir, OP_SUM, ir_op2(&ir, OP_MUL, dev, dev)), n); /* stage 2 */
  IrId prev = ir_op2(&ir, OP_GATHER, sq, ir_op2(&ir, OP_SUB, elem, ir_const(&ir, 1)));
  IrId half = ir_op1(&ir, OP_FLOOR, ir_op2(&ir, OP_MUL, elem, ir_const(&ir, 0.5)));
  IrId binned = ir_op2(&ir, OP_SCATTER_ADD, x, half);
  IrId roots[5] = {dev, var, prev, binned, sq};
  Program *p = program_compile(&ir, roots, 5);
  check(p && p->nstages == 3 && p->ncross == 4, "cross: a mean, a deviation and a variance need "
        "three stages (%zu stages, %zu cross operations)", p ? p->nstages : 0, p ? p->ncross : 0);
  VmFrame *f = vm_frame_new(p);
  size_t sizes[] = {1, 2, VM_BLOCK - 1, VM_BLOCK, VM_BLOCK + 1, 3 * VM_BLOCK + 5};
  bool all_ok = true;
  for (size_t si = 0; si < sizeof sizes / sizeof sizes[0]; si++) {
    size_t N = sizes[si];
    double *xs = malloc(N * sizeof *xs), *idx = malloc(N * sizeof *idx);
    double *out = malloc(5 * N * sizeof *out);
    for (size_t k = 0; k < N; k++) xs[k] = sin(1.0 + (double)k), idx[k] = (double)k;
    VmInput in[3];
    for (size_t j = 0; j < p->ninputs; j++) {
      InputKind kind = ir_input_kind(p->inputs[j]);
      in[j] = (VmInput){kind == IN_STATE ? xs : kind == IN_INDEX ? idx : NULL, (double)N};
    }
    double *outs[5];
    for (int r = 0; r < 5; r++) outs[r] = out + (size_t)r * N;
    vm_exec(f, in, outs, N);
    /* The same sums, in the VM's order: blocks of VM_BLOCK, then the blocks. */
    double total = 0, tv = 0;
    for (size_t off = 0; off < N; off += VM_BLOCK) {
      double part = 0;
      for (size_t k = off; k < N && k < off + VM_BLOCK; k++) part += xs[k];
      total += part;
    }
    double mu = total / (double)N;
    for (size_t off = 0; off < N; off += VM_BLOCK) {
      double part = 0;
      for (size_t k = off; k < N && k < off + VM_BLOCK; k++) part += (xs[k] - mu) * (xs[k] - mu);
      tv += part;
    }
    for (size_t k = 0; k < N; k++) {
      double want_prev = k == 0 ? NAN : xs[k - 1] * xs[k - 1];
      double want_bin = 0;
      for (size_t j = 0; j < N; j++)
        if ((size_t)floor(0.5 * (double)j) == k) want_bin += xs[j];
      bool ok = out[k] == xs[k] - mu && out[N + k] == tv / (double)N &&
                (k == 0 ? isnan(out[2 * N + k]) : out[2 * N + k] == want_prev) &&
                out[3 * N + k] == want_bin && out[4 * N + k] == xs[k] * xs[k];
      if (!ok) all_ok = false;
    }
    free(xs);
    free(idx);
    free(out);
  }
  check(all_ok, "cross: sum, gather and scatter-add agree with a direct computation at every size");
  vm_frame_free(f);
  program_free(p);
  ir_free(&ir);
}

int main(void)
{
  test_hash_consing();
  test_folding();
  test_singular_rate();
  test_exprel();
  test_derivatives();
  test_vmath_widths();
  test_vm_blocks();
  test_philox();
  test_random();
  test_cross();
  return check_failures ? 1 : 0;
}
