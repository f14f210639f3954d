/* lower.c: AST -> IR; see lower.h. */
#include "lower.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"

enum { NOT_STARTED = 0, IN_PROGRESS = 1, DONE = 2 };
enum { MAX_ARGS = 64 };

/* A memoised value with a guard against depending on itself. */
typedef struct Memo {
  IrId id;
  unsigned char state;
} Memo;

struct Lowerer {
  Ir *ir;
  const Model *m;
  LowerMode mode;
  Diag *diag;
  Memo *inter;   /* symbolic intermediates */
  Memo *fn;      /* function templates */
  Memo *param;   /* setup: parameter values */
  Memo *init;    /* setup: initial values */
  const Override **param_ovr, **init_ovr;
  const char **path; /* values being computed, for cycle messages */
  size_t npath, path_cap;
  int next_stream;   /* the next random call site's number */
  const size_t *table_rows; /* per table, for rows(T) */
  struct Local { const char *name; IrId id; } *locals; /* a block's temporaries in scope */
  size_t nlocals, locals_cap;
  int next_local;    /* inside a function template: its call sites, renumbered per call */
  bool failed;
};

static IrId fn_template(Lowerer *L, int f);
static IrId inter_symbolic(Lowerer *L, size_t j);

Lowerer *lower_new(Ir *ir, const Model *m, LowerMode mode, const size_t *table_rows, Diag *diag)
{
  Lowerer *L = xcalloc(1, sizeof *L);
  L->table_rows = table_rows;
  L->ir = ir;
  L->m = m;
  L->mode = mode;
  L->diag = diag;
  L->inter = xcalloc(m->ninters + 1, sizeof *L->inter);
  L->fn = xcalloc(m->nfuncs + 1, sizeof *L->fn);
  L->param = xcalloc(m->nparams + 1, sizeof *L->param);
  L->init = xcalloc(m->nstates + 1, sizeof *L->init);
  L->param_ovr = xcalloc(m->nparams + 1, sizeof *L->param_ovr);
  L->init_ovr = xcalloc(m->nstates + 1, sizeof *L->init_ovr);
  /* Draws of starting values and of the dynamics never share a stream. */
  L->next_stream = mode == LOWER_SETUP ? LOWER_SETUP_STREAMS : 1;
  /* Functions, then intermediates, each after what it uses: later lowering
   * finds them done and never recurses through a chain of definitions. */
  if (m->func_order)
    for (size_t k = 0; k < m->nfuncs; k++) fn_template(L, (int)m->func_order[k]);
  if (m->inter_order)
    for (size_t k = 0; k < m->ninters; k++) inter_symbolic(L, m->inter_order[k]);
  return L;
}

void lower_free(Lowerer *L)
{
  if (!L) return;
  free(L->inter);
  free(L->fn);
  free(L->param);
  free(L->init);
  free(L->param_ovr);
  free(L->init_ovr);
  free(L->path);
  free(L->locals);
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

/* ---- symbolic lowering -------------------------------------------------- */

typedef struct Env {
  const Source *src;
  const Stmt *fn;     /* inside a function template: its statement */
  int fn_index;
  bool cli;           /* an override expression: i and N are defined */
  bool in_param;      /* a parameter's value: no states or intermediates */
  const IrId *vals;   /* inside an event's block: each state's current value */
} Env;

static IrId lower(Lowerer *L, const Expr *e, const Env *env);

static IrId fail(Lowerer *L)
{
  L->failed = true;
  return ir_const(L->ir, 0);
}

/* Enter a memoised value; false (after reporting) if it depends on itself.
 * what names the kind of value for the message ("starting values"), or NULL
 * for a definition. */
static bool enter(Lowerer *L, Memo *mm, const char *name, const Source *src, Loc loc,
                  const char *what)
{
  if (mm->state == IN_PROGRESS) {
    char chain[512];
    size_t used = 0;
    size_t from = 0;
    while (from < L->npath && strcmp(L->path[from], name) != 0) from++;
    for (size_t i = from; i < L->npath && used < sizeof chain; i++)
      used += (size_t)snprintf(chain + used, sizeof chain - used, "%s -> ", L->path[i]);
    if (used < sizeof chain) snprintf(chain + used, sizeof chain - used, "%s", name);
    if (what)
      diag_error(L->diag, src, loc, "%s depend on each other: %s", what, chain);
    else
      diag_error(L->diag, src, loc, "circular definition: %s", chain);
    L->failed = true;
    return false;
  }
  mm->state = IN_PROGRESS;
  GROW(L->path, L->path_cap, L->npath + 1);
  L->path[L->npath++] = name;
  return true;
}

static IrId leave(Lowerer *L, Memo *mm, IrId id)
{
  L->npath--;
  mm->state = DONE;
  mm->id = id;
  return id;
}

static IrId inter_symbolic(Lowerer *L, size_t j)
{
  Memo *mm = &L->inter[j];
  if (mm->state == DONE) return mm->id;
  const Stmt *st = L->m->inters[j];
  if (!enter(L, mm, st->name, st->src, st->name_loc, NULL)) return ir_const(L->ir, 0);
  Env env = {st->src, NULL, -1, false, false, NULL};
  return leave(L, mm, lower(L, st->value, &env));
}

static IrId fn_template(Lowerer *L, int f)
{
  Memo *mm = &L->fn[f];
  if (mm->state == DONE) return mm->id;
  const Stmt *st = L->m->funcs[f];
  if (!enter(L, mm, st->name, st->src, st->name_loc, NULL)) return ir_const(L->ir, 0);
  Env env = {st->src, st, f, false, false, NULL};
  return leave(L, mm, lower(L, st->value, &env));
}

typedef struct ArgMap {
  Lowerer *L;
  int fn_index;
  const IrId *args;
  bool in_template; /* the call is itself inside a function's body */
} ArgMap;

/* A call: the arguments into the template, and each random call site of
 * the template a stream of its own (two calls of f draw differently). */
static IrId map_args(void *ctx, int32_t code)
{
  const ArgMap *am = ctx;
  if (ir_input_kind(code) == IN_STREAM) /* numbered now, or at the outer call */
    return am->in_template ? ir_input(am->L->ir, IN_STREAM, am->L->next_local++)
                           : ir_const(am->L->ir, am->L->next_stream++);
  if (ir_input_kind(code) != IN_ARG || ir_input_index(code) / MAX_ARGS != am->fn_index)
    return IR_NONE;
  return am->args[ir_input_index(code) % MAX_ARGS];
}

/* A random call site: its stream, and the draw keyed by (seed, stream,
 * step, element) -- inside a function template the stream is symbolic and
 * numbered at each call. */
static IrId draw(Lowerer *L, const Env *env, Opcode op, IrId *stream)
{
  Ir *ir = L->ir;
  if (*stream == IR_NONE)
    *stream = env->fn ? ir_input(ir, IN_STREAM, L->next_local++) : ir_const(ir, L->next_stream++);
  return ir_op4(ir, op, ir_input(ir, IN_SEED, 0), *stream, ir_input(ir, IN_STEP, 0),
                ir_input(ir, IN_INDEX, 0));
}

/* The domain's ends and spacing, from its statement (parameters are inputs
 * here; starting values substitute them like any other). */
static void grid(Lowerer *L, IrId *lo, IrId *hi, IrId *dx)
{
  const Stmt *d = L->m->domain;
  Env env = {d->src, NULL, -1, false, true, NULL};
  Ir *ir = L->ir;
  *lo = lower(L, d->lo, &env);
  *hi = lower(L, d->hi, &env);
  IrId gaps = ir_op2(ir, OP_SUB, lower(L, d->value, &env), ir_const(ir, 1));
  *dx = ir_op2(ir, OP_DIV, ir_op2(ir, OP_SUB, *hi, *lo), gaps);
}

/* dirac(u): the hat function of width dx around u = 0, of unit integral on
 * the grid -- 1/dx at a point inside, 2/dx at an end (whose cell is half as
 * wide), split linearly between two points when u = 0 falls between them. */
static IrId dirac(Lowerer *L, IrId u)
{
  Ir *ir = L->ir;
  IrId lo, hi, dx;
  grid(L, &lo, &hi, &dx);
  IrId hat = ir_op2(ir, OP_MAX, ir_const(ir, 0),
                    ir_op2(ir, OP_SUB, ir_const(ir, 1), ir_op2(ir, OP_DIV, ir_op1(ir, OP_ABS, u), dx)));
  IrId i = ir_input(ir, IN_INDEX, 0);
  IrId last = ir_op2(ir, OP_SUB, ir_input(ir, IN_COUNT, 0), ir_const(ir, 1));
  IrId at_end = ir_op2(ir, OP_OR, ir_op2(ir, OP_EQ, i, ir_const(ir, 0)), ir_op2(ir, OP_EQ, i, last));
  IrId cell = ir_op(ir, OP_SELECT, at_end, ir_op2(ir, OP_MUL, dx, ir_const(ir, 0.5)), dx);
  return ir_op2(ir, OP_DIV, hat, cell);
}

static IrId lower_builtin(Lowerer *L, const Builtin *b, const IrId *args, const Env *env)
{
  Ir *ir = L->ir;
  IrId stream = IR_NONE;
  switch (b->kind) {
  case BI_OP:
    return ir_op(ir, b->op, args[0], b->arity > 1 ? args[1] : IR_NONE, b->arity > 2 ? args[2] : IR_NONE);
  case BI_COUNT: return ir_input(ir, IN_COUNT, 0);
  case BI_COPY: return ir_input(ir, IN_INDEX, 0);
  case BI_RAND: return draw(L, env, OP_RAND, &stream);
  case BI_RANDN: return draw(L, env, OP_RANDN, &stream);
  case BI_BERNOULLI: return ir_op2(ir, OP_BERNOULLI, args[0], draw(L, env, OP_RAND, &stream));
  case BI_POISSON: {
    IrId u = draw(L, env, OP_RAND, &stream);
    IrId v = draw(L, env, OP_RAND2, &stream); /* the same block's other half */
    return ir_op(ir, OP_POISSON, args[0], u, v);
  }
  case BI_SUM: return ir_op1(ir, OP_SUM, args[0]);
  case BI_MEAN: return ir_op2(ir, OP_DIV, ir_op1(ir, OP_SUM, args[0]), ir_input(ir, IN_COUNT, 0));
  case BI_ROWS: break; /* lower_call: rows of a table */
  case BI_DIRAC: return dirac(L, args[0]);
  }
  return fail(L);
}

/* Inside a block: a state read is its current value. */
static IrId map_vals(void *ctx, int32_t code)
{
  const IrId *vals = ctx;
  return ir_input_kind(code) == IN_STATE ? vals[ir_input_index(code)] : IR_NONE;
}

static IrId lower_name(Lowerer *L, const Expr *e, const Env *env)
{
  Ir *ir = L->ir;
  if (env->vals)
    for (size_t i = L->nlocals; i-- > 0;)
      if (strcmp(L->locals[i].name, e->name) == 0) return L->locals[i].id;
  if (env->fn)
    for (int i = 0; i < env->fn->nparams; i++)
      if (strcmp(env->fn->params[i], e->name) == 0)
        return ir_input(ir, IN_ARG, env->fn_index * MAX_ARGS + i);
  if (env->cli) {
    if (strcmp(e->name, "i") == 0) return ir_input(ir, IN_INDEX, 0);
    if (strcmp(e->name, "N") == 0) return ir_input(ir, IN_COUNT, 0);
  }
  if (strcmp(e->name, "pi") == 0) return ir_const(ir, M_PI);
  if (strcmp(e->name, "xi") == 0) {
    /* White noise over a step of size h: N(0, 1)/sqrt(h), so that a step of
     * forward Euler adds sigma*sqrt(h)*N(0, 1) (Euler-Maruyama). */
    IrId stream = IR_NONE;
    return ir_op2(ir, OP_DIV, draw(L, env, OP_RANDN, &stream),
                  ir_op1(ir, OP_SQRT, ir_input(ir, IN_H, 0)));
  }
  if (strcmp(e->name, "t") == 0) {
    if (env->in_param) {
      /* As in a model file: a parameter is a constant of the run. */
      diag_error(L->diag, env->src, e->loc, "a parameter cannot depend on the time 't'");
      diag_note(L->diag, "a time-varying input is an intermediate of the model, e.g. "
                         "I_ext = if t > 10 then 5 else 0");
      return fail(L);
    }
    return ir_input(ir, IN_TIME, 0);
  }
  const Symbol *s = model_lookup(L->m, e->name);
  if (!s || s->kind == SYM_FUNC) {
    /* Only override expressions get here (model_build checked the model). */
    diag_error(L->diag, env->src, e->loc, "undefined name '%s'", e->name);
    size_t n;
    const char **names = model_all_names(L->m, &n);
    const char *best = diag_closest(e->name, names, n);
    if (best) diag_note(L->diag, "did you mean '%s'?", best);
    else if (env->cli)
      diag_note(L->diag, "here you can use the model's parameters, i (the copy's index) "
                         "and N (the number of copies)");
    free(names);
    return fail(L);
  }
  if (env->in_param && (s->kind == SYM_STATE || s->kind == SYM_INTER)) {
    diag_error(L->diag, env->src, e->loc, "a parameter cannot depend on %s '%s'",
               s->kind == SYM_STATE ? "the state variable" : "the intermediate", e->name);
    diag_note(L->diag, "a parameter's value may use other parameters, i and N");
    return fail(L);
  }
  switch (s->kind) {
  case SYM_PARAM: return ir_input(ir, IN_PARAM, s->index);
  case SYM_STATE: return env->vals ? env->vals[s->index] : ir_input(ir, IN_STATE, s->index);
  case SYM_INTER: {
    IrId v = inter_symbolic(L, (size_t)s->index);
    return env->vals ? ir_subst(ir, v, map_vals, (void *)env->vals) : v;
  }
  case SYM_COORD: {
    IrId lo, hi, dx;
    grid(L, &lo, &hi, &dx);
    return ir_op2(ir, OP_ADD, lo, ir_op2(ir, OP_MUL, ir_input(ir, IN_INDEX, 0), dx));
  }
  case SYM_FUNC: case SYM_TABLE: break;
  }
  return fail(L);
}

static IrId lower_call(Lowerer *L, const Expr *e, const Env *env)
{
  const Builtin *b = builtin_find(e->name);
  const Symbol *s = model_lookup(L->m, e->name);
  if (b && b->kind == BI_ROWS && e->nargs == 1 && e->args[0]->kind == EX_NAME) {
    const Symbol *t = model_lookup(L->m, e->args[0]->name);
    if (t && t->kind == SYM_TABLE && L->table_rows)
      return ir_const(L->ir, (double)L->table_rows[t->index]);
  }
  if (s && s->kind == SYM_TABLE && e->nargs == 2) {
    IrId row = lower(L, e->args[0], env), col = lower(L, e->args[1], env);
    return ir_op(L->ir, OP_LOOKUP, ir_input(L->ir, IN_TABLE, s->index), row, col);
  }
  bool user = s && s->kind == SYM_FUNC && s->def->nparams == e->nargs && e->nargs <= MAX_ARGS;
  if (!(b && b->arity == e->nargs) && !user) {
    /* Override expressions are checked here; the model's were checked by
     * model_build, so this is a bad call typed on the command line. */
    if (!s && !b) diag_error(L->diag, env->src, e->name_loc, "undefined function '%s'", e->name);
    else diag_error(L->diag, env->src, e->loc, "'%s' cannot be called with %d argument%s",
                    e->name, e->nargs, e->nargs == 1 ? "" : "s");
    return fail(L);
  }
  IrId args[MAX_ARGS];
  for (int i = 0; i < e->nargs; i++) args[i] = lower(L, e->args[i], env);
  if (b) return lower_builtin(L, b, args, env);
  ArgMap am = {L, s->index, args, env->fn != NULL};
  return ir_subst(L->ir, fn_template(L, s->index), map_args, &am);
}

static IrId lower(Lowerer *L, const Expr *e, const Env *env)
{
  Ir *ir = L->ir;
  switch (e->kind) {
  case EX_NUM: return ir_const(ir, e->num);
  case EX_NAME: return lower_name(L, e, env);
  case EX_DERIV: {
    const Symbol *s = model_lookup(L->m, e->name);
    if (!s || s->kind != SYM_STATE) return fail(L); /* model_build refused it */
    return ir_input(ir, e->num == 2 ? IN_SPATIAL : IN_GRAD, s->index);
  }
  case EX_CALL: return lower_call(L, e, env);
  case EX_UNARY: return ir_op1(ir, builtin_operator(e->op), lower(L, e->args[0], env));
  case EX_BINARY: {
    IrId a = lower(L, e->args[0], env);
    IrId b = lower(L, e->args[1], env);
    return ir_op2(ir, builtin_operator(e->op), a, b);
  }
  case EX_IF: {
    IrId c = lower(L, e->args[0], env);
    IrId a = lower(L, e->args[1], env);
    IrId b = lower(L, e->args[2], env);
    return ir_op(ir, OP_SELECT, c, a, b);
  }
  }
  return fail(L);
}

/* ---- setup: values at the start ----------------------------------------- */

static IrId param_value(Lowerer *L, size_t p);
static IrId init_value(Lowerer *L, size_t s);

static IrId map_start(void *ctx, int32_t code)
{
  Lowerer *L = ctx;
  int i = ir_input_index(code);
  switch (ir_input_kind(code)) {
  case IN_PARAM: return param_value(L, (size_t)i);
  case IN_STATE: return init_value(L, (size_t)i);
  case IN_TIME: return ir_const(L->ir, 0);
  default: return IR_NONE;
  }
}

static IrId start_value(Lowerer *L, Memo *mm, const char *name, const Expr *value,
                        const Source *src, Loc loc, bool cli, bool in_param)
{
  if (mm->state == DONE) return mm->id;
  if (!enter(L, mm, name, src, loc, in_param ? "parameter values" : "starting values"))
    return ir_const(L->ir, 0);
  Env env = {src, NULL, -1, cli, in_param, NULL};
  IrId sym = value ? lower(L, value, &env) : ir_const(L->ir, 0);
  return leave(L, mm, ir_subst(L->ir, sym, map_start, L));
}

static IrId param_value(Lowerer *L, size_t p)
{
  const Stmt *st = L->m->params[p];
  const Override *o = L->param_ovr[p];
  return start_value(L, &L->param[p], st->name, o ? o->value : st->value,
                     o ? o->src : st->src, o ? o->value->loc : st->name_loc, o != NULL, true);
}

static IrId init_value(Lowerer *L, size_t s)
{
  const Stmt *def = L->m->inits[s];
  const Override *o = L->init_ovr[s];
  const Stmt *where = def ? def : L->m->states[s];
  return start_value(L, &L->init[s], L->m->states[s]->name,
                     o ? o->value : def ? def->value : NULL, o ? o->src : where->src,
                     o ? o->value->loc : where->name_loc, o != NULL, false);
}

/* ---- the interface ------------------------------------------------------ */

static IrId result(Lowerer *L, IrId r)
{
  return L->failed ? IR_NONE : r;
}

IrId lower_deriv(Lowerer *L, size_t s)
{
  const Stmt *st = L->m->states[s];
  Env env = {st->src, NULL, -1, false, false, NULL};
  return result(L, lower(L, st->value, &env));
}

IrId lower_inter(Lowerer *L, size_t j)
{
  return result(L, inter_symbolic(L, j));
}

IrId lower_param(Lowerer *L, size_t p)
{
  return result(L, param_value(L, p));
}

IrId lower_init(Lowerer *L, size_t s)
{
  return result(L, init_value(L, s));
}

/* ---- space --------------------------------------------------------------- */

void lower_grid(Lowerer *L, IrId *lo, IrId *hi, IrId *points)
{
  const Stmt *d = L->m->domain;
  Env env = {d->src, NULL, -1, false, true, NULL};
  IrId dx;
  grid(L, lo, hi, &dx);
  *points = lower(L, d->value, &env);
  if (L->mode == LOWER_SETUP) {
    *lo = ir_subst(L->ir, *lo, map_start, L);
    *hi = ir_subst(L->ir, *hi, map_start, L);
    *points = ir_subst(L->ir, *points, map_start, L);
  }
}

bool lower_boundary(Lowerer *L, size_t b, IrId *lhs, IrId *rhs)
{
  const Stmt *st = L->m->bounds[b].st;
  Env env = {st->src, NULL, -1, false, false, NULL};
  *lhs = lower(L, st->lhs, &env);
  *rhs = lower(L, st->value, &env);
  return !L->failed;
}

/* ---- events ------------------------------------------------------------- */

static Env event_env(const ModelEvent *ev)
{
  Env env = {ev->st->src, NULL, -1, false, false, NULL};
  return env;
}

IrId lower_event_cond(Lowerer *L, size_t e)
{
  const ModelEvent *ev = &L->m->events[e];
  Env env = event_env(ev);
  if (ev->kind == EV_CROSSING)
    return result(L, ir_op2(L->ir, OP_SUB, lower(L, ev->lhs, &env), lower(L, ev->rhs, &env)));
  return result(L, lower(L, ev->st->value, &env));
}

IrId lower_event_rate(Lowerer *L, size_t e, bool corr)
{
  const ModelEvent *ev = &L->m->events[e];
  Env env = event_env(ev);
  const Expr *x = corr ? ev->corr : ev->rate;
  return result(L, x ? lower(L, x, &env) : ir_const(L->ir, 0));
}

IrId lower_refractory(Lowerer *L)
{
  const Stmt *st = L->m->refractory;
  Env env = {st->src, NULL, -1, false, false, NULL};
  return result(L, lower(L, st->value, &env));
}

static void lower_stmts(Lowerer *L, Stmt *const *body, int n, IrId *vals, const Source *src)
{
  Ir *ir = L->ir;
  size_t S = L->m->nstates;
  size_t saved = L->nlocals;
  Env env = {src, NULL, -1, false, false, vals};
  for (int i = 0; i < n; i++) {
    const Stmt *st = body[i];
    switch (st->kind) {
    case ST_SET: {
      const Symbol *s = model_lookup(L->m, st->name);
      IrId v = lower(L, st->value, &env);
      if (!s || s->kind != SYM_STATE) break; /* model_build refused it */
      if (st->set_op != AOP_PLUS) v = ir_op2(ir, builtin_operator(st->set_op), vals[s->index], v);
      vals[s->index] = v;
      break;
    }
    case ST_LET: {
      IrId v = lower(L, st->value, &env);
      GROW(L->locals, L->locals_cap, L->nlocals + 1);
      L->locals[L->nlocals].name = st->name;
      L->locals[L->nlocals++].id = v;
      break;
    }
    case ST_IF: {
      /* Both branches from the same values, then a select per state: the
       * block stays one straight-line program over all copies. */
      IrId c = lower(L, st->value, &env);
      IrId *a = xmalloc((S + 1) * sizeof *a), *b = xmalloc((S + 1) * sizeof *b);
      memcpy(a, vals, S * sizeof *a);
      memcpy(b, vals, S * sizeof *b);
      lower_stmts(L, st->body, st->nbody, a, src);
      lower_stmts(L, st->else_body, st->nelse, b, src);
      for (size_t k = 0; k < S; k++) vals[k] = ir_op(ir, OP_SELECT, c, a[k], b[k]);
      free(a);
      free(b);
      break;
    }
    default: break;
    }
  }
  L->nlocals = saved;
}

bool lower_event_block(Lowerer *L, size_t e, IrId *vals)
{
  const ModelEvent *ev = &L->m->events[e];
  lower_stmts(L, ev->st->body, ev->st->nbody, vals, ev->st->src);
  return !L->failed;
}
