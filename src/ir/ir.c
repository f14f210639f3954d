/* ir.c: the hash-consed expression DAG; see ir.h. */
#include "ir.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

void ir_init(Ir *ir)
{
  memset(ir, 0, sizeof *ir);
  ir->singular_rewrites = true;
}

void ir_free(Ir *ir)
{
  free(ir->nodes);
  free(ir->table);
  memset(ir, 0, sizeof *ir);
}

/* ---- hash consing ---------------------------------------------------- */

static uint32_t mix(uint32_t h, uint64_t v)
{
  v ^= v >> 33;
  v *= 0xff51afd7ed558ccdULL;
  v ^= v >> 33;
  return (h ^ (uint32_t)v ^ (uint32_t)(v >> 32)) * 16777619u;
}

static uint32_t node_hash(const IrNode *n)
{
  uint32_t h = mix(2166136261u, n->op);
  for (int i = 0; i < n->nargs; i++) h = mix(h, (uint64_t)(uint32_t)n->args[i]);
  if (n->op == IR_CONST) {
    uint64_t bits;
    memcpy(&bits, &n->value, sizeof bits);
    h = mix(h, bits);
  }
  if (n->op == IR_INPUT) h = mix(h, (uint64_t)(uint32_t)n->input);
  return h;
}

static bool node_equal(const IrNode *a, const IrNode *b)
{
  if (a->op != b->op || a->nargs != b->nargs) return false;
  for (int i = 0; i < a->nargs; i++)
    if (a->args[i] != b->args[i]) return false;
  if (a->op == IR_CONST) return memcmp(&a->value, &b->value, sizeof a->value) == 0;
  if (a->op == IR_INPUT) return a->input == b->input;
  return true;
}

static void table_insert(Ir *ir, IrId id)
{
  size_t mask = ir->tcap - 1;
  size_t i = ir->nodes[id].hash & mask;
  while (ir->table[i] != IR_NONE) i = (i + 1) & mask;
  ir->table[i] = id;
}

static void table_grow(Ir *ir)
{
  free(ir->table);
  ir->tcap = ir->tcap ? ir->tcap * 2 : 256;
  ir->table = xmalloc(ir->tcap * sizeof *ir->table);
  for (size_t i = 0; i < ir->tcap; i++) ir->table[i] = IR_NONE;
  for (size_t id = 0; id < ir->n; id++) table_insert(ir, (IrId)id);
}

static IrId intern(Ir *ir, IrNode *proto)
{
  proto->hash = node_hash(proto);
  if (ir->tcap) {
    size_t mask = ir->tcap - 1;
    for (size_t i = proto->hash & mask; ir->table[i] != IR_NONE; i = (i + 1) & mask) {
      IrId id = ir->table[i];
      if (ir->nodes[id].hash == proto->hash && node_equal(&ir->nodes[id], proto)) return id;
    }
  }
  if ((ir->n + 1) * 2 > ir->tcap) table_grow(ir);
  GROW(ir->nodes, ir->cap, ir->n + 1);
  IrId id = (IrId)ir->n++;
  ir->nodes[id] = *proto;
  table_insert(ir, id);
  return id;
}

IrId ir_const(Ir *ir, double v)
{
  /* -0 and +0 stay apart (hashed by their bits): atan2(0, -0) is pi, and
   * 1/-0 is -inf.  Lua refuses to fold to zero for the same reason. */
  IrNode n = {.op = IR_CONST, .value = v};
  return intern(ir, &n);
}

IrId ir_input(Ir *ir, InputKind kind, int index)
{
  /* Per element: states, the index, parameters (they may differ between
   * copies), a function's arguments; the rest is one value for all. */
  bool elem = kind == IN_STATE || kind == IN_INDEX || kind == IN_PARAM || kind == IN_ARG ||
              kind == IN_DISCRETE;
  IrNode n = {.op = IR_INPUT, .input = ir_input_code(kind, index), .deps = 1u << kind,
              .dom = elem ? DOM_ELEMENT : DOM_UNIFORM};
  return intern(ir, &n);
}

bool ir_is_const(const Ir *ir, IrId id, double v)
{
  return ir->nodes[id].op == IR_CONST && ir->nodes[id].value == v;
}

static bool is_neg_zero(const Ir *ir, IrId id)
{
  return ir->nodes[id].op == IR_CONST && ir->nodes[id].value == 0 && signbit(ir->nodes[id].value);
}

static bool const_value(const Ir *ir, IrId id, double *v)
{
  if (ir->nodes[id].op != IR_CONST) return false;
  *v = ir->nodes[id].value;
  return true;
}

/* ---- the removable singularity of rate functions -----------------------
 * HH-style rates have the form A/(exp(C) - 1) with A a constant multiple of
 * C, e.g. 0.01*(10 - V)/(exp((10 - V)/10) - 1), which is 0/0 at V = 10.
 * Writing A = r*C and the denominator as k*(exp(C) - 1), the quotient is
 * (r/k)*exprelr(C), exprelr(C) = C/(exp(C) - 1), finite at 0.  To recognise the pattern we
 * view each side as an affine combination c0 + sum(coef_i * atom_i) of
 * non-affine nodes. */

enum { AFFINE_MAX = 8 };
typedef struct {
  double c0;
  int n;
  IrId atom[AFFINE_MAX];
  double coef[AFFINE_MAX];
} Affine;

static bool affine_add(Affine *x, const Affine *y, double scale)
{
  x->c0 += scale * y->c0;
  for (int j = 0; j < y->n; j++) {
    int i = 0;
    while (i < x->n && x->atom[i] != y->atom[j]) i++;
    if (i == x->n) {
      if (x->n == AFFINE_MAX) return false;
      x->atom[x->n] = y->atom[j];
      x->coef[x->n++] = 0;
    }
    x->coef[i] += scale * y->coef[j];
  }
  return true;
}

static bool affine_of(const Ir *ir, IrId id, Affine *out, int depth)
{
  const IrNode *n = &ir->nodes[id];
  double k;
  memset(out, 0, sizeof *out);
  if (depth > 16) return false;
  if (n->op == IR_CONST) {
    out->c0 = n->value;
    return true;
  }
  Affine a, b;
  switch (n->op) {
  case OP_ADD:
  case OP_SUB:
    if (!affine_of(ir, n->args[0], &a, depth + 1) || !affine_of(ir, n->args[1], &b, depth + 1))
      break;
    *out = a;
    return affine_add(out, &b, n->op == OP_ADD ? 1.0 : -1.0);
  case OP_NEG:
    if (!affine_of(ir, n->args[0], &a, depth + 1)) break;
    return affine_add(out, &a, -1.0);
  case OP_MUL:
    for (int s = 0; s < 2; s++)
      if (const_value(ir, n->args[s], &k)) {
        if (!affine_of(ir, n->args[1 - s], &a, depth + 1)) return false;
        return affine_add(out, &a, k);
      }
    break;
  case OP_DIV:
    if (const_value(ir, n->args[1], &k) && k != 0) {
      if (!affine_of(ir, n->args[0], &a, depth + 1)) return false;
      return affine_add(out, &a, 1.0 / k);
    }
    break;
  default:
    break;
  }
  memset(out, 0, sizeof *out);
  out->n = 1;
  out->atom[0] = id;
  out->coef[0] = 1.0;
  return true;
}

static bool close_to(double a, double b)
{
  return fabs(a - b) <= 1e-9 * fmax(fabs(a), fabs(b)) + 1e-300;
}

/* A numeric ratio r with num = r*arg, both affine in the same atoms. */
static bool affine_ratio(const Ir *ir, IrId num, IrId arg, double *ratio)
{
  Affine a, c;
  if (!affine_of(ir, arg, &c, 0) || c.n == 0) return false;
  if (!affine_of(ir, num, &a, 0) || a.n != c.n) return false;
  double r = a.coef[0] / c.coef[0];
  if (!isfinite(r) || r == 0) return false;
  for (int i = 0; i < c.n; i++) {
    int j = 0;
    while (j < a.n && a.atom[j] != c.atom[i]) j++;
    if (j == a.n || !close_to(a.coef[j], r * c.coef[i])) return false;
  }
  if (!close_to(a.c0, r * c.c0)) return false;
  *ratio = r;
  return true;
}

/* Inputs whose value changes along a run (or inside a function template). */
#define VARYING ((1u << IN_STATE) | (1u << IN_TIME) | (1u << IN_ARG))

/* x = coef * core, where coef reads only constants and parameters:
 * k*(V - Vh)/s has coef k/s and core V - Vh.  The sign of a difference is
 * moved into the coefficient so that (a - b) and (b - a) share a core. */
static void factor(Ir *ir, IrId x, IrId *coef, IrId *core, int depth)
{
  IrNode n = ir->nodes[x];
  IrId c, k;
  if (depth < 16) {
    if (n.op == OP_MUL || n.op == OP_DIV || n.op == OP_NEG) {
      bool lhs_coef = n.op == OP_MUL && !(ir->nodes[n.args[0]].deps & VARYING);
      bool rhs_coef = n.op != OP_NEG && !(ir->nodes[n.args[1]].deps & VARYING);
      if (lhs_coef || rhs_coef || n.op == OP_NEG) {
        IrId inner = (n.op == OP_NEG || rhs_coef) ? n.args[0] : n.args[1];
        factor(ir, inner, &c, core, depth + 1);
        if (n.op == OP_NEG) k = ir_op1(ir, OP_NEG, c);
        else if (n.op == OP_DIV) k = ir_op2(ir, OP_DIV, c, n.args[1]);
        else k = ir_op2(ir, OP_MUL, c, rhs_coef ? n.args[1] : n.args[0]);
        *coef = k;
        return;
      }
    }
    if (n.op == OP_SUB && n.args[0] > n.args[1]) {
      *core = ir_op2(ir, OP_SUB, n.args[1], n.args[0]);
      *coef = ir_const(ir, -1);
      return;
    }
  }
  *core = x;
  *coef = ir_const(ir, 1);
}

/* If num/den is a removable-singularity rate, return the rewritten node. */
static IrId rewrite_rate(Ir *ir, IrId num, IrId den)
{
  Affine d;
  if (!affine_of(ir, den, &d, 0) || d.n != 1) return IR_NONE;
  const IrNode *e = &ir->nodes[d.atom[0]];
  double ke = d.coef[0];
  if (e->op != OP_EXP || ke == 0 || !close_to(d.c0, -ke)) return IR_NONE;
  IrId arg = e->args[0];
  if (!(ir->nodes[arg].deps & VARYING)) return IR_NONE;
  double r;
  if (affine_ratio(ir, num, arg, &r))
    return ir_op2(ir, OP_MUL, ir_const(ir, r / ke), ir_op1(ir, OP_EXPRELR, arg));
  /* Coefficients that are parameters: compare the cores instead. */
  IrId ca, cc, core_a, core_c;
  factor(ir, num, &ca, &core_a, 0);
  factor(ir, arg, &cc, &core_c, 0);
  if (core_a != core_c || !(ir->nodes[core_a].deps & VARYING)) return IR_NONE;
  IrId ratio = ir_op2(ir, OP_DIV, ca, ir_op2(ir, OP_MUL, cc, ir_const(ir, ke)));
  return ir_op2(ir, OP_MUL, ratio, ir_op1(ir, OP_EXPRELR, arg));
}

/* ---- the smart constructor ---------------------------------------------- */

static bool commutative(Opcode op)
{
  return op == OP_ADD || op == OP_MUL || op == OP_EQ || op == OP_NE || op == OP_AND ||
         op == OP_OR || op == OP_MIN || op == OP_MAX;
}

/* x^k for a small integer k by repeated squaring, shared through CSE. */
static IrId int_power(Ir *ir, IrId x, long k)
{
  if (k == 1) return x;
  IrId half = int_power(ir, x, k / 2);
  IrId sq = ir_op2(ir, OP_MUL, half, half);
  return (k % 2) ? ir_op2(ir, OP_MUL, sq, x) : sq;
}

static bool is_power_of_two(double k)
{
  int e;
  double m = frexp(k, &e);
  return m == 0.5 || m == -0.5;
}

_Static_assert(IN__COUNT <= 8 * sizeof(((IrNode *)0)->deps), "IrNode.deps has a bit per InputKind");

/* The domain of an operation's value (see IrDomain). */
static uint8_t domain_of(const Ir *ir, Opcode op, const IrId *args, int nargs)
{
  if (op == OP_SUM) return DOM_UNIFORM;
  if (op == OP_GATHER || op == OP_SCATTER_ADD) return DOM_ELEMENT;
  uint8_t d = DOM_UNIFORM;
  for (int i = 0; i < nargs; i++)
    if (ir->nodes[args[i]].dom > d) d = ir->nodes[args[i]].dom;
  return d;
}

IrId ir_op4(Ir *ir, Opcode op, IrId a, IrId b, IrId c, IrId d)
{
  /* Only element-wise operations without rewrites have four operands; a
   * draw is never folded (its seed and step are inputs). */
  IrNode n = {.op = (uint16_t)op, .nargs = 4};
  IrId args[4] = {a, b, c, d};
  for (int i = 0; i < 4; i++) {
    n.args[i] = args[i];
    n.deps |= ir->nodes[args[i]].deps;
  }
  n.dom = domain_of(ir, op, args, 4);
  return intern(ir, &n);
}

IrId ir_op(Ir *ir, Opcode op, IrId a, IrId b, IrId c)
{
  int nargs = opcode_arity[op];
  IrId args[3] = {a, b, c};
  if (commutative(op) && args[1] < args[0]) {
    IrId tmp = args[0];
    args[0] = args[1];
    args[1] = tmp;
  }

  /* Constant folding, refused when the result is not finite.  A sum over
   * the elements of a constant depends on their number: not folded. */
  bool all_const = opcode_kind[op] == OPK_ELEM;
  double v[3] = {0, 0, 0};
  for (int i = 0; i < nargs && all_const; i++)
    if (!const_value(ir, args[i], &v[i])) all_const = false;
  if (all_const) {
    double r = op_eval(op, v[0], v[1], v[2], 0);
    if (isfinite(r)) return ir_const(ir, r);
  }

  double k;
  switch (op) {
  case OP_MOV:
    return args[0];
  case OP_ADD:
    /* x + (-0) is x for every x; x + (+0) is not when x is -0. */
    if (is_neg_zero(ir, args[0])) return args[1];
    if (is_neg_zero(ir, args[1])) return args[0];
    if (ir->nodes[args[1]].op == OP_NEG) return ir_op2(ir, OP_SUB, args[0], ir->nodes[args[1]].args[0]);
    if (ir->nodes[args[0]].op == OP_NEG) return ir_op2(ir, OP_SUB, args[1], ir->nodes[args[0]].args[0]);
    break;
  case OP_SUB:
    /* x - (+0) is x; 0 - x is -x except for x = 0 (then +0, not -0). */
    if (ir_is_const(ir, args[1], 0) && !signbit(ir->nodes[args[1]].value)) return args[0];
    if (is_neg_zero(ir, args[0])) return ir_op1(ir, OP_NEG, args[1]);
    if (ir->nodes[args[1]].op == OP_NEG) return ir_op2(ir, OP_ADD, args[0], ir->nodes[args[1]].args[0]);
    break;
  case OP_MUL:
    /* x*0 = 0 treats x as finite: a model's values are real numbers, and a
     * NaN/Inf state is caught by the driver wherever it appears. */
    if (ir_is_const(ir, args[0], 0) || ir_is_const(ir, args[1], 0)) return ir_const(ir, 0);
    if (ir_is_const(ir, args[0], 1)) return args[1];
    if (ir_is_const(ir, args[1], 1)) return args[0];
    if (ir_is_const(ir, args[0], -1)) return ir_op1(ir, OP_NEG, args[1]);
    if (ir_is_const(ir, args[1], -1)) return ir_op1(ir, OP_NEG, args[0]);
    break;
  case OP_DIV:
    if (ir_is_const(ir, args[1], 1)) return args[0];
    /* Division by a power of two is exactly multiplication by its inverse. */
    if (const_value(ir, args[1], &k) && k != 0 && is_power_of_two(k))
      return ir_op2(ir, OP_MUL, args[0], ir_const(ir, 1.0 / k));
    if (ir->singular_rewrites) {
      IrId r = rewrite_rate(ir, args[0], args[1]);
      if (r != IR_NONE) return r;
    }
    break;
  case OP_NEG:
    if (ir->nodes[args[0]].op == OP_NEG) return ir->nodes[args[0]].args[0];
    if (ir->nodes[args[0]].op == OP_SUB)
      return ir_op2(ir, OP_SUB, ir->nodes[args[0]].args[1], ir->nodes[args[0]].args[0]);
    break;
  case OP_POW:
    if (const_value(ir, args[1], &k)) {
      if (k == 0) return ir_const(ir, 1);
      if (k == 1) return args[0];
      if (k == 0.5) return ir_op1(ir, OP_SQRT, args[0]);
      if (k == floor(k) && fabs(k) <= 64) {
        IrId p = int_power(ir, args[0], (long)fabs(k));
        return k > 0 ? p : ir_op2(ir, OP_DIV, ir_const(ir, 1), p);
      }
    }
    break;
  case OP_SELECT:
    if (const_value(ir, args[0], &k)) return k != 0 ? args[1] : args[2];
    if (args[1] == args[2]) return args[1];
    break;
  default:
    break;
  }

  IrNode n = {.op = (uint16_t)op, .nargs = (uint8_t)nargs};
  for (int i = 0; i < nargs; i++) {
    n.args[i] = args[i];
    n.deps |= ir->nodes[args[i]].deps;
  }
  n.dom = domain_of(ir, op, args, nargs);
  return intern(ir, &n);
}

/* ---- derivatives ------------------------------------------------------- */

typedef struct {
  Ir *ir;
  IrId wrt;
  bool *depends; /* depends[id]: node reads wrt (ids that existed at start) */
  IrId *memo;
  size_t nbefore;
  bool failed;
} Diff;

static IrId d_of(Diff *D, IrId id);

/* A derivative's zeros are structural: the sign of a zero derivative does
 * not matter, so + 0 and - 0 vanish here whatever their sign. */
static IrId add_loose(Ir *ir, IrId a, IrId b)
{
  if (ir_is_const(ir, a, 0)) return b;
  if (ir_is_const(ir, b, 0)) return a;
  return ir_op2(ir, OP_ADD, a, b);
}

static IrId sub_loose(Ir *ir, IrId a, IrId b)
{
  if (ir_is_const(ir, b, 0)) return a;
  if (ir_is_const(ir, a, 0)) return ir_op1(ir, OP_NEG, b);
  return ir_op2(ir, OP_SUB, a, b);
}

#define K(v) ir_const(ir, (v))
#define ADD(x, y) add_loose(ir, (x), (y))
#define SUB(x, y) sub_loose(ir, (x), (y))
#define MUL(x, y) ir_op2(ir, OP_MUL, (x), (y))
#define DIV(x, y) ir_op2(ir, OP_DIV, (x), (y))
#define NEG(x) ir_op1(ir, OP_NEG, (x))
#define F1(op, x) ir_op1(ir, (op), (x))

static IrId d_rule(Diff *D, IrId id)
{
  Ir *ir = D->ir;
  IrNode n = ir->nodes[id]; /* copy: the array may move as nodes are added */
  IrId a = n.nargs > 0 ? n.args[0] : IR_NONE;
  IrId b = n.nargs > 1 ? n.args[1] : IR_NONE;
  IrId c = n.nargs > 2 ? n.args[2] : IR_NONE;
  IrId da = n.nargs > 0 ? d_of(D, a) : IR_NONE;
  IrId db = n.nargs > 1 ? d_of(D, b) : IR_NONE;
  IrId dc = n.nargs > 2 ? d_of(D, c) : IR_NONE;
  if (D->failed) return IR_NONE;
  switch ((Opcode)n.op) {
  case OP_MOV: return da;
  case OP_ADD: return ADD(da, db);
  case OP_SUB: return SUB(da, db);
  case OP_NEG: return NEG(da);
  case OP_MUL: return ADD(MUL(da, b), MUL(a, db));
  case OP_DIV: return SUB(DIV(da, b), DIV(MUL(a, db), MUL(b, b)));
  case OP_POW:
    if (!D->depends[b]) /* x^k: k x^(k-1) dx */
      return MUL(MUL(b, ir_op2(ir, OP_POW, a, SUB(b, K(1)))), da);
    /* a^b (b' log a + b a'/a) */
    return MUL(id, ADD(MUL(db, F1(OP_LOG, a)), DIV(MUL(b, da), a)));
  case OP_LT: case OP_LE: case OP_GT: case OP_GE: case OP_EQ: case OP_NE:
  case OP_AND: case OP_OR: case OP_NOT:
  case OP_FLOOR: case OP_CEIL: case OP_HEAVISIDE: case OP_SIGN:
    return K(0); /* piecewise constant */
  case OP_SELECT: return ir_op(ir, OP_SELECT, a, db, dc);
  case OP_EXP: return MUL(id, da);
  case OP_LOG: return DIV(da, a);
  case OP_LOG10: return DIV(da, MUL(a, K(M_LN10)));
  case OP_SQRT: return DIV(da, MUL(K(2), id));
  case OP_ABS: return MUL(F1(OP_SIGN, a), da);
  case OP_SIN: return MUL(F1(OP_COS, a), da);
  case OP_COS: return NEG(MUL(F1(OP_SIN, a), da));
  case OP_TAN: return MUL(ADD(K(1), MUL(id, id)), da);
  case OP_ASIN: return DIV(da, F1(OP_SQRT, SUB(K(1), MUL(a, a))));
  case OP_ACOS: return NEG(DIV(da, F1(OP_SQRT, SUB(K(1), MUL(a, a)))));
  case OP_ATAN: return DIV(da, ADD(K(1), MUL(a, a)));
  case OP_ATAN2: /* atan2(y, x): (x dy - y dx)/(x^2 + y^2) */
    return DIV(SUB(MUL(b, da), MUL(a, db)), ADD(MUL(a, a), MUL(b, b)));
  case OP_SINH: return MUL(F1(OP_COSH, a), da);
  case OP_COSH: return MUL(F1(OP_SINH, a), da);
  case OP_TANH: return MUL(SUB(K(1), MUL(id, id)), da);
  case OP_MIN: return ir_op(ir, OP_SELECT, ir_op2(ir, OP_LE, a, b), da, db);
  case OP_MAX: return ir_op(ir, OP_SELECT, ir_op2(ir, OP_GE, a, b), da, db);
  case OP_CLIP:
    return ir_op(ir, OP_SELECT, ir_op2(ir, OP_LT, a, b), db,
                 ir_op(ir, OP_SELECT, ir_op2(ir, OP_GT, a, c), dc, da));
  case OP_EXPREL: return MUL(F1(OP_DEXPREL, a), da);
  case OP_EXPRELR: /* 1/exprel: -exprel'/exprel^2 = -exprel' exprelr^2 */
    return NEG(MUL(MUL(F1(OP_DEXPREL, a), MUL(id, id)), da));
  case OP_RAND: case OP_RAND2: case OP_RANDN: case OP_BERNOULLI: case OP_POISSON:
    return K(0); /* a draw does not change with the state */
  case OP_LOOKUP:
    return K(0); /* rows and columns are whole numbers: piecewise constant */
  case OP_MOD: /* a - b floor(a/b): floor is piecewise constant */
    return SUB(da, MUL(db, F1(OP_FLOOR, DIV(a, b))));
  case OP_SUM:
    /* d/dy_k of sum_j x_j is dx_k/dy_k: element-wise, not summed (the
     * diagonal of the Jacobian, which is what this computes). */
    return da;
  case OP_DEXPREL:
  case OP_GATHER: case OP_SCATTER_ADD:
  case OP__COUNT:
    break;
  }
  D->failed = true;
  return IR_NONE;
}

static IrId d_of(Diff *D, IrId id)
{
  Ir *ir = D->ir;
  if ((size_t)id >= D->nbefore || !D->depends[id]) return K(0);
  if (id == D->wrt) return K(1);
  if (D->memo[id] != IR_NONE) return D->memo[id];
  IrId r = d_rule(D, id);
  D->memo[id] = r;
  return r;
}

IrId ir_diff(Ir *ir, IrId root, IrId wrt)
{
  Diff D = {.ir = ir, .wrt = wrt, .nbefore = ir->n};
  D.depends = xcalloc(ir->n, sizeof *D.depends);
  D.memo = xmalloc(ir->n * sizeof *D.memo);
  for (size_t i = 0; i < ir->n; i++) {
    D.memo[i] = IR_NONE;
    if ((IrId)i == wrt) D.depends[i] = true;
    for (int j = 0; j < ir->nodes[i].nargs; j++)
      if (D.depends[ir->nodes[i].args[j]]) D.depends[i] = true;
  }
  IrId r = d_of(&D, root);
  free(D.depends);
  free(D.memo);
  return D.failed ? IR_NONE : r;
}

#undef K
#undef ADD
#undef SUB
#undef MUL
#undef DIV
#undef NEG
#undef F1

IrId ir_subst(Ir *ir, IrId root, IrInputMap map, void *ctx)
{
  size_t n = (size_t)root + 1;
  bool *reach = xcalloc(n, sizeof *reach);
  IrId *to = xmalloc(n * sizeof *to);
  reach[root] = true;
  for (size_t i = n; i-- > 0;)
    if (reach[i])
      for (int j = 0; j < ir->nodes[i].nargs; j++) reach[ir->nodes[i].args[j]] = true;
  for (size_t i = 0; i < n; i++) {
    if (!reach[i]) continue;
    IrNode nd = ir->nodes[i]; /* a copy: map and ir_op may move the array */
    to[i] = (IrId)i;
    if (nd.op == IR_INPUT) {
      IrId r = map(ctx, nd.input);
      if (r != IR_NONE) to[i] = r;
    } else if (nd.op != IR_CONST) {
      IrId a[4] = {IR_NONE, IR_NONE, IR_NONE, IR_NONE};
      bool changed = false;
      for (int j = 0; j < nd.nargs; j++) {
        a[j] = to[nd.args[j]];
        changed |= a[j] != nd.args[j];
      }
      if (changed)
        to[i] = nd.nargs == 4 ? ir_op4(ir, (Opcode)nd.op, a[0], a[1], a[2], a[3])
                              : ir_op(ir, (Opcode)nd.op, a[0], a[1], a[2]);
    }
  }
  IrId r = to[root];
  free(reach);
  free(to);
  return r;
}

bool ir_depends_on(const Ir *ir, IrId root, IrId leaf)
{
  if (root < leaf) return false;
  bool *reach = xcalloc((size_t)root + 1, sizeof *reach);
  reach[root] = true;
  bool found = false;
  for (IrId i = root; i >= leaf && !found; i--) {
    if (!reach[i]) continue;
    if (i == leaf) found = true;
    for (int j = 0; j < ir->nodes[i].nargs; j++) reach[ir->nodes[i].args[j]] = true;
  }
  free(reach);
  return found;
}

void ir_mark_live(const Ir *ir, const IrId *roots, size_t nroots, bool *live)
{
  for (size_t r = 0; r < nroots; r++)
    if (roots[r] != IR_NONE) live[roots[r]] = true;
  for (size_t i = ir->n; i-- > 0;) {
    if (!live[i]) continue;
    for (int j = 0; j < ir->nodes[i].nargs; j++) live[ir->nodes[i].args[j]] = true;
  }
}

void ir_dump(const Ir *ir, const IrId *roots, const char *const *labels, size_t nroots,
             IrInputNamer namer, const void *ctx, FILE *out)
{
  bool *live = xcalloc(ir->n ? ir->n : 1, sizeof *live);
  int *num = xmalloc((ir->n ? ir->n : 1) * sizeof *num);
  ir_mark_live(ir, roots, nroots, live);
  int next = 0;
  for (size_t i = 0; i < ir->n; i++) {
    if (!live[i]) continue;
    num[i] = next++;
    const IrNode *n = &ir->nodes[i];
    fprintf(out, "%%%d = ", num[i]);
    if (n->op == IR_CONST) {
      fprintf(out, "const %.17g\n", n->value);
    } else if (n->op == IR_INPUT) {
      static const char *const kind[IN__COUNT] = {
        [IN_STATE] = "state", [IN_PARAM] = "param", [IN_TIME] = "time",
        [IN_INDEX] = "index", [IN_COUNT] = "count", [IN_ARG] = "arg",
        [IN_STEP] = "step", [IN_SEED] = "seed", [IN_H] = "h", [IN_STREAM] = "stream",
        [IN_DISCRETE] = "discrete", [IN_TABLE] = "table",
      };
      fprintf(out, "%s %s\n", kind[ir_input_kind(n->input)], namer(ctx, n->input));
    } else {
      fputs(opcode_mnemonic[n->op], out);
      for (int j = 0; j < n->nargs; j++) fprintf(out, " %%%d", num[n->args[j]]);
      fputc('\n', out);
    }
  }
  for (size_t r = 0; r < nroots; r++) {
    if (roots[r] == IR_NONE) continue;
    fprintf(out, "%s = %%%d\n", labels[r], num[roots[r]]);
  }
  free(live);
  free(num);
}
