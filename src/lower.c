/* lower.c: AST -> IR; see lower.h. */
#include "lower.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"

enum { NOT_STARTED = 0, IN_PROGRESS = 1, DONE = 2 };
enum { MAX_CALL_DEPTH = 200 };

typedef struct Frame {
  const Stmt *fn;
  const IrId *args;
} Frame;

/* What is being lowered right now, for "depends on itself" messages. */
typedef struct Visit {
  const char *name;
} Visit;

struct Lowerer {
  Ir *ir;
  const Model *m;
  LowerMode mode;
  Diag *diag;
  IrId *inter_memo, *param_memo, *init_memo;
  unsigned char *inter_st, *param_st, *init_st;
  const Override **param_ovr, **init_ovr;
  Visit path[64];
  int npath;
  bool failed;
};

Lowerer *lower_new(Ir *ir, const Model *m, LowerMode mode, Diag *diag)
{
  Lowerer *L = xcalloc(1, sizeof *L);
  L->ir = ir;
  L->m = m;
  L->mode = mode;
  L->diag = diag;
  L->inter_memo = xmalloc((m->ninters + 1) * sizeof(IrId));
  L->param_memo = xmalloc((m->nparams + 1) * sizeof(IrId));
  L->init_memo = xmalloc((m->nstates + 1) * sizeof(IrId));
  L->inter_st = xcalloc(m->ninters + 1, 1);
  L->param_st = xcalloc(m->nparams + 1, 1);
  L->init_st = xcalloc(m->nstates + 1, 1);
  L->param_ovr = xcalloc(m->nparams + 1, sizeof *L->param_ovr);
  L->init_ovr = xcalloc(m->nstates + 1, sizeof *L->init_ovr);
  return L;
}

void lower_free(Lowerer *L)
{
  if (!L) return;
  free(L->inter_memo);
  free(L->param_memo);
  free(L->init_memo);
  free(L->inter_st);
  free(L->param_st);
  free(L->init_st);
  free(L->param_ovr);
  free(L->init_ovr);
  free(L);
}

void lower_set_overrides(Lowerer *L, const Override *params, size_t nparams,
                         const Override *inits, size_t ninits)
{
  for (size_t i = 0; i < nparams; i++) {
    const Symbol *s = model_lookup(L->m, params[i].name);
    if (s && s->kind == SYM_PARAM) L->param_ovr[s->index] = &params[i];
  }
  for (size_t i = 0; i < ninits; i++) {
    const Symbol *s = model_lookup(L->m, inits[i].name);
    if (s && s->kind == SYM_STATE) L->init_ovr[s->index] = &inits[i];
  }
}

typedef struct Env {
  const Source *src;
  const Frame *frame; /* innermost function call, or NULL */
  bool cli;           /* an override expression: i and N are defined */
  bool in_param;      /* a parameter's value: constants only */
  int depth;
} Env;

static IrId lower(Lowerer *L, const Expr *e, const Env *env);

static Opcode binop(AstOp op)
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

/* Report a value that depends on itself, naming the chain. */
static void circular(Lowerer *L, const char *name, const Source *src, Loc loc)
{
  char chain[512];
  size_t used = 0;
  int from = 0;
  while (from < L->npath && strcmp(L->path[from].name, name) != 0) from++;
  for (int i = from; i < L->npath && used < sizeof chain; i++)
    used += (size_t)snprintf(chain + used, sizeof chain - used, "%s -> ", L->path[i].name);
  if (used < sizeof chain) snprintf(chain + used, sizeof chain - used, "%s", name);
  if (L->mode == LOWER_SETUP)
    diag_error(L->diag, src, loc, "starting values depend on each other: %s", chain);
  else
    diag_error(L->diag, src, loc, "circular definition: %s", chain);
  L->failed = true;
}

static bool push(Lowerer *L, const char *name)
{
  if (L->npath == (int)(sizeof L->path / sizeof L->path[0])) return false;
  L->path[L->npath++].name = name;
  return true;
}

/* Lower a memoised named value (a parameter, an initial value or an
 * intermediate) whose definition is `value` in `src`. */
static IrId lower_named(Lowerer *L, const char *name, IrId *memo, unsigned char *st,
                        const Expr *value, const Source *src, bool cli, bool in_param,
                        const Source *use_src, Loc use_loc)
{
  if (*st == DONE) return *memo;
  if (*st == IN_PROGRESS || !push(L, name)) {
    circular(L, name, use_src, use_loc);
    return ir_const(L->ir, 0);
  }
  *st = IN_PROGRESS;
  Env env = {src, NULL, cli, in_param, 0};
  IrId r = value ? lower(L, value, &env) : ir_const(L->ir, 0);
  L->npath--;
  *st = DONE;
  *memo = r;
  return r;
}

static IrId param_value(Lowerer *L, size_t p, const Source *use_src, Loc use_loc)
{
  const Stmt *st = L->m->params[p];
  const Override *o = L->param_ovr[p];
  return lower_named(L, st->name, &L->param_memo[p], &L->param_st[p],
                     o ? o->value : st->value, o ? o->src : st->src, o != NULL, true, use_src,
                     use_loc);
}

static IrId init_value(Lowerer *L, size_t s, const Source *use_src, Loc use_loc)
{
  const Stmt *def = L->m->inits[s];
  const Override *o = L->init_ovr[s];
  return lower_named(L, L->m->states[s]->name, &L->init_memo[s], &L->init_st[s],
                     o ? o->value : def ? def->value : NULL,
                     o ? o->src : def ? def->src : NULL, o != NULL, false, use_src, use_loc);
}

static IrId inter_value(Lowerer *L, size_t j, const Source *use_src, Loc use_loc)
{
  const Stmt *st = L->m->inters[j];
  return lower_named(L, st->name, &L->inter_memo[j], &L->inter_st[j], st->value, st->src,
                     false, false, use_src, use_loc);
}

static IrId lower_name(Lowerer *L, const Expr *e, const Env *env)
{
  Ir *ir = L->ir;
  if (env->frame) {
    const Stmt *fn = env->frame->fn;
    for (int i = 0; i < fn->nparams; i++)
      if (strcmp(fn->params[i], e->name) == 0) return env->frame->args[i];
  }
  if (env->cli && L->mode == LOWER_SETUP) {
    if (strcmp(e->name, "i") == 0) return ir_input(ir, IN_INDEX, 0);
    if (strcmp(e->name, "N") == 0) return ir_input(ir, IN_COUNT, 0);
  }
  if (strcmp(e->name, "pi") == 0) return ir_const(ir, M_PI);
  if (strcmp(e->name, "t") == 0)
    return L->mode == LOWER_DYNAMICS ? ir_input(ir, IN_TIME, 0) : ir_const(ir, 0);
  const Symbol *s = model_lookup(L->m, e->name);
  if (!s || s->kind == SYM_FUNC) {
    /* Only override expressions reach here unchecked (model_build checked
     * the model's own). */
    diag_error(L->diag, env->src, e->loc, "undefined name '%s'", e->name);
    size_t n;
    const char **names = model_all_names(L->m, &n);
    const char *best = diag_closest(e->name, names, n);
    if (best) diag_note(L->diag, "did you mean '%s'?", best);
    else if (env->cli) diag_note(L->diag, "here you can use the model's parameters, i (the copy's index) and N (the number of copies)");
    free(names);
    L->failed = true;
    return ir_const(ir, 0);
  }
  if (env->in_param && (s->kind == SYM_STATE || s->kind == SYM_INTER)) {
    diag_error(L->diag, env->src, e->loc, "a parameter cannot depend on %s '%s'",
               s->kind == SYM_STATE ? "the state variable" : "the intermediate", e->name);
    diag_note(L->diag, "a parameter's value may use other parameters, i and N");
    L->failed = true;
    return ir_const(ir, 0);
  }
  switch (s->kind) {
  case SYM_PARAM:
    return L->mode == LOWER_DYNAMICS ? ir_input(ir, IN_PARAM, s->index)
                                     : param_value(L, (size_t)s->index, env->src, e->loc);
  case SYM_STATE:
    return L->mode == LOWER_DYNAMICS ? ir_input(ir, IN_STATE, s->index)
                                     : init_value(L, (size_t)s->index, env->src, e->loc);
  case SYM_INTER:
    return inter_value(L, (size_t)s->index, env->src, e->loc);
  case SYM_FUNC:
    break;
  }
  return ir_const(ir, 0);
}

static IrId lower_call(Lowerer *L, const Expr *e, const Env *env)
{
  IrId args[16];
  IrId *argv = e->nargs <= 16 ? args : xmalloc((size_t)e->nargs * sizeof *argv);
  for (int i = 0; i < e->nargs; i++) argv[i] = lower(L, e->args[i], env);
  IrId r;
  const Builtin *b = builtin_find(e->name);
  const Symbol *s = model_lookup(L->m, e->name);
  if (b && b->arity == e->nargs) {
    r = ir_op(L->ir, b->op, argv[0], b->arity > 1 ? argv[1] : IR_NONE,
              b->arity > 2 ? argv[2] : IR_NONE);
  } else if (s && s->kind == SYM_FUNC && s->def->nparams == e->nargs &&
             env->depth < MAX_CALL_DEPTH) {
    Frame fr = {s->def, argv};
    Env inner = {s->def->src, &fr, false, env->in_param, env->depth + 1};
    r = lower(L, s->def->value, &inner);
  } else {
    /* Override expressions are checked here; the model's were checked by
     * model_build, so this is a bad call typed on the command line. */
    if (!s && !b) diag_error(L->diag, env->src, e->name_loc, "undefined function '%s'", e->name);
    else diag_error(L->diag, env->src, e->loc, "'%s' cannot be called with %d argument%s here",
                    e->name, e->nargs, e->nargs == 1 ? "" : "s");
    L->failed = true;
    r = ir_const(L->ir, 0);
  }
  if (argv != args) free(argv);
  return r;
}

static IrId lower(Lowerer *L, const Expr *e, const Env *env)
{
  Ir *ir = L->ir;
  switch (e->kind) {
  case EX_NUM: return ir_const(ir, e->num);
  case EX_NAME: return lower_name(L, e, env);
  case EX_CALL: return lower_call(L, e, env);
  case EX_UNARY: return ir_op1(ir, binop(e->op), lower(L, e->args[0], env));
  case EX_BINARY: {
    IrId a = lower(L, e->args[0], env);
    IrId b = lower(L, e->args[1], env);
    return ir_op2(ir, binop(e->op), a, b);
  }
  case EX_IF: {
    IrId c = lower(L, e->args[0], env);
    IrId a = lower(L, e->args[1], env);
    IrId b = lower(L, e->args[2], env);
    return ir_op(ir, OP_SELECT, c, a, b);
  }
  }
  return ir_const(ir, 0);
}

IrId lower_deriv(Lowerer *L, size_t s)
{
  const Stmt *st = L->m->states[s];
  Env env = {st->src, NULL, false, false, 0};
  IrId r = lower(L, st->value, &env);
  return L->failed ? IR_NONE : r;
}

IrId lower_inter(Lowerer *L, size_t j)
{
  const Stmt *st = L->m->inters[j];
  IrId r = inter_value(L, j, st->src, st->name_loc);
  return L->failed ? IR_NONE : r;
}

IrId lower_param(Lowerer *L, size_t p)
{
  const Stmt *st = L->m->params[p];
  IrId r = param_value(L, p, st->src, st->name_loc);
  return L->failed ? IR_NONE : r;
}

IrId lower_init(Lowerer *L, size_t s)
{
  const Stmt *st = L->m->inits[s] ? L->m->inits[s] : L->m->states[s];
  IrId r = init_value(L, s, st->src, st->name_loc);
  return L->failed ? IR_NONE : r;
}

IrId lower_expr(Lowerer *L, const Expr *e, const Source *src)
{
  Env env = {src, NULL, false, false, 0};
  IrId r = lower(L, e, &env);
  return L->failed ? IR_NONE : r;
}
