/* model.c: semantic checks that turn statements into a Model; see model.h. */
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "builtins.h"

typedef struct Checker {
  Model *m;
  Diag *diag;
  const char **names; /* for "did you mean" */
  size_t nnames;
} Checker;

/* ---- the symbol table -------------------------------------------------- */

static uint32_t name_hash(const char *s)
{
  uint32_t h = 2166136261u;
  for (; *s; s++) h = (h ^ (unsigned char)*s) * 16777619u;
  return h;
}

const Symbol *model_lookup(const Model *m, const char *name)
{
  if (!m->tcap) return NULL;
  size_t mask = m->tcap - 1;
  for (size_t i = name_hash(name) & mask; m->table[i] >= 0; i = (i + 1) & mask)
    if (strcmp(m->syms[m->table[i]].name, name) == 0) return &m->syms[m->table[i]];
  return NULL;
}

static void table_put(Model *m, size_t sym)
{
  size_t mask = m->tcap - 1;
  size_t i = name_hash(m->syms[sym].name) & mask;
  while (m->table[i] >= 0) i = (i + 1) & mask;
  m->table[i] = (int32_t)sym;
}

/* Keep the table at most half full. */
static void table_reserve(Model *m, size_t n)
{
  if (2 * n <= m->tcap) return;
  size_t cap = m->tcap ? m->tcap : 64;
  while (2 * n > cap) cap *= 2;
  free(m->table);
  m->table = xmalloc(cap * sizeof *m->table);
  m->tcap = cap;
  for (size_t i = 0; i < cap; i++) m->table[i] = -1;
  for (size_t k = 0; k < m->nsyms; k++) table_put(m, k);
}

static const char *kind_noun(SymKind k)
{
  switch (k) {
  case SYM_PARAM: return "a parameter";
  case SYM_STATE: return "a state variable";
  case SYM_INTER: return "an intermediate";
  case SYM_FUNC: return "a function";
  case SYM_TABLE: return "a table";
  case SYM_COORD: return "the domain's coordinate";
  }
  return "?";
}

static void add_symbol(Checker *c, const Stmt *st, SymKind kind, size_t *cap)
{
  Model *m = c->m;
  const Symbol *old = model_lookup(m, st->name);
  if (old) {
    if (old->kind == SYM_PARAM && kind == SYM_STATE) {
      diag_error(c->diag, st->src, st->name_loc,
                 "'%s' is a parameter, so it cannot have a derivative", st->name);
      diag_note_at(c->diag, old->def->src, old->def->name_loc, "'%s' is declared here", st->name);
      diag_note(c->diag, "to make it a state variable, remove it from 'param' and give it "
                         "a starting value with 'init %s = ...'", st->name);
    } else if (old->kind == kind) {
      diag_error(c->diag, st->src, st->name_loc, "'%s' is defined twice", st->name);
      diag_note_at(c->diag, old->def->src, old->def->name_loc, "first defined here");
    } else {
      diag_error(c->diag, st->src, st->name_loc, "'%s' is already defined as %s", st->name,
                 kind_noun(old->kind));
      diag_note_at(c->diag, old->def->src, old->def->name_loc, "first defined here");
    }
    return;
  }
  if (builtin_find(st->name)) {
    diag_error(c->diag, st->src, st->name_loc,
               "'%s' is a built-in function and cannot be redefined", st->name);
    diag_note(c->diag, "choose another name, e.g. '%s_'", st->name);
    return;
  }
  if (builtin_is_reserved(st->name)) {
    diag_error(c->diag, st->src, st->name_loc, "'%s' is reserved and cannot be defined",
               st->name);
    diag_note(c->diag, strcmp(st->name, "t") == 0    ? "'t' is the time"
                       : strcmp(st->name, "xi") == 0 ? "'xi' is white noise (dX/dt = ... + sigma*xi)"
                                                     : "'pi' is 3.14159...");
    return;
  }
  GROW(m->syms, *cap, m->nsyms + 1);
  table_reserve(m, m->nsyms + 1);
  Symbol *s = &m->syms[m->nsyms++];
  s->name = st->name;
  s->kind = kind;
  s->def = st;
  table_put(m, m->nsyms - 1);
  switch (kind) {
  case SYM_PARAM: s->index = (int)m->nparams++; break;
  case SYM_STATE: s->index = (int)m->nstates++; break;
  case SYM_INTER: s->index = (int)m->ninters++; break;
  case SYM_FUNC: s->index = (int)m->nfuncs++; break;
  case SYM_TABLE: s->index = (int)m->ntables++; break;
  case SYM_COORD: s->index = 0; break;
  }
}

/* ---- name resolution in expressions ------------------------------------ */

typedef enum {
  CTX_PARAM,  /* a parameter's value: earlier parameters only */
  CTX_FUNC,   /* a function body: its arguments, parameters, t */
  CTX_EQN,    /* an intermediate or a derivative: anything */
  CTX_INIT,   /* an initial value: parameters, other initial values */
  CTX_BLOCK,  /* an event's condition or block: anything, and the block's temporaries */
  CTX_CONST,  /* a domain's extent and size: numbers and parameters */
  CTX_BOUNDARY /* a boundary condition: parameters, t, and dV/dx on the left */
} Context;

typedef struct Scope {
  Context ctx;
  const Stmt *owner; /* the statement whose value is being checked */
  int param_index;   /* CTX_PARAM: the parameter being defined */
  const char **locals; /* CTX_BLOCK: the temporaries (let) in scope */
  size_t nlocals;
} Scope;

static bool is_local(const Scope *sc, const char *name)
{
  for (size_t i = sc->nlocals; i-- > 0;)
    if (strcmp(sc->locals[i], name) == 0) return true;
  return false;
}

static void undefined(Checker *c, const Stmt *st, const char *name, Loc loc)
{
  diag_error(c->diag, st->src, loc, "undefined name '%s'", name);
  const char *best = diag_closest(name, c->names, c->nnames);
  if (best) diag_note(c->diag, "did you mean '%s'?", best);
}

static void check_name(Checker *c, const Scope *sc, const Expr *e)
{
  const Stmt *st = sc->owner;
  if (sc->ctx == CTX_FUNC)
    for (int i = 0; i < st->nparams; i++)
      if (strcmp(st->params[i], e->name) == 0) return;
  if (sc->ctx == CTX_BLOCK && is_local(sc, e->name)) return;
  if (strcmp(e->name, "pi") == 0) return;
  if (strcmp(e->name, "xi") == 0) {
    if (sc->ctx == CTX_PARAM || sc->ctx == CTX_INIT) {
      diag_error(c->diag, st->src, e->loc, "white noise 'xi' belongs in an equation dX/dt = ...");
      diag_note(c->diag, "a random starting value is written with randn() or rand()");
      return;
    }
    if (sc->ctx == CTX_BLOCK) {
      diag_error(c->diag, st->src, e->loc, "white noise 'xi' belongs in an equation dX/dt = ...");
      diag_note(c->diag, "a random kick in an event is written with randn(), e.g. V += s*randn()");
      return;
    }
    if (c->m->discrete || (st->kind == ST_DERIV && st->discrete)) {
      diag_error(c->diag, st->src, e->loc, "white noise 'xi' belongs in a continuous equation "
                                           "dX/dt = ...");
      diag_note(c->diag, "in an update X(t+1) = ... draw the noise itself: + s*randn()");
      return;
    }
    c->m->white_noise = true;
    c->m->stochastic = true;
    return;
  }
  if (strchr(e->name, '.')) {
    /* group.V: ready in the grammar for models of several groups. */
    diag_error(c->diag, st->src, e->loc, "'%s' names a variable of a group, but this model has "
                                         "one population", e->name);
    diag_note(c->diag, "write the name alone: '%s'", strrchr(e->name, '.') + 1);
    return;
  }
  if (strcmp(e->name, "t") == 0) {
    if (sc->ctx == CTX_CONST) {
      diag_error(c->diag, st->src, e->loc, "the domain cannot depend on the time 't'");
      return;
    }
    if (sc->ctx == CTX_PARAM) {
      diag_error(c->diag, st->src, e->loc, "parameter '%s' cannot depend on the time 't'",
                 st->name);
      diag_note(c->diag, "parameters are constants; make '%s' an intermediate: %s = ...",
                st->name, st->name);
    }
    return;
  }
  const Symbol *s = model_lookup(c->m, e->name);
  if (!s) {
    if (builtin_find(e->name)) {
      diag_error(c->diag, st->src, e->loc, "'%s' is a built-in function; call it: %s(...)",
                 e->name, e->name);
      return;
    }
    undefined(c, st, e->name, e->loc);
    return;
  }
  if (s->kind == SYM_FUNC) {
    diag_error(c->diag, st->src, e->loc, "'%s' is a function; call it: %s(...)", e->name, e->name);
    return;
  }
  if (s->kind == SYM_TABLE) {
    diag_error(c->diag, st->src, e->loc, "'%s' is a table; read a value with %s(ROW, COLUMN)",
               e->name, e->name);
    diag_note(c->diag, "rows and columns count from 0; rows(%s) is the number of rows", e->name);
    return;
  }
  switch (sc->ctx) {
  case CTX_PARAM:
    if (s->kind != SYM_PARAM) {
      diag_error(c->diag, st->src, e->loc, "parameter '%s' cannot depend on %s '%s'",
                 st->name, kind_noun(s->kind), e->name);
      diag_note(c->diag, "parameters are constants; make '%s' an intermediate: %s = ...",
                st->name, st->name);
    } else if (s->index == sc->param_index) {
      diag_error(c->diag, st->src, e->loc, "parameter '%s' is defined in terms of itself",
                 e->name);
    } else if (s->index > sc->param_index) {
      diag_error(c->diag, st->src, e->loc, "parameter '%s' is used before it is defined",
                 e->name);
      diag_note_at(c->diag, s->def->src, s->def->name_loc,
                   "'%s' is defined here; move it above '%s'", e->name, st->name);
    }
    break;
  case CTX_CONST:
    if (s->kind != SYM_PARAM) {
      diag_error(c->diag, st->src, e->loc, "the domain's extent and number of points are "
                 "constants: they cannot use %s '%s'", kind_noun(s->kind), e->name);
      diag_note(c->diag, "use numbers and parameters");
    }
    break;
  case CTX_BOUNDARY:
    if (s->kind != SYM_PARAM) {
      diag_error(c->diag, st->src, e->loc, "a boundary condition cannot use %s '%s'",
                 kind_noun(s->kind), e->name);
      diag_note(c->diag, "it gives the value (V = ...) or the slope (dV/dx = ...) at an end "
                         "from parameters and t");
    }
    break;
  case CTX_FUNC:
    if (s->kind == SYM_COORD) {
      diag_error(c->diag, st->src, e->loc, "function '%s' cannot use the coordinate '%s'",
                 st->name, e->name);
      diag_note(c->diag, "pass it as an argument: %s(..., %s)", st->name, e->name);
    }
    if (s->kind == SYM_STATE || s->kind == SYM_INTER) {
      diag_error(c->diag, st->src, e->loc, "function '%s' cannot use %s '%s'", st->name,
                 kind_noun(s->kind), e->name);
      diag_note(c->diag, "a function sees its arguments, parameters and t; pass '%s' as an "
                         "argument", e->name);
    }
    break;
  case CTX_EQN:
  case CTX_INIT:
  case CTX_BLOCK:
    break;
  }
}

/* dV/dx and d2V/dx2: of a state, with respect to the domain's coordinate;
 * the second in its own state's equation, the first in a boundary condition. */
static void check_space_deriv(Checker *c, const Scope *sc, const Expr *e)
{
  const Stmt *st = sc->owner;
  Model *m = c->m;
  char text[160];
  snprintf(text, sizeof text, "%.*s", (int)(e->loc.end - e->loc.start), st->src->text + e->loc.start);
  if (strcmp(e->wrt, "t") == 0) {
    diag_error(c->diag, st->src, e->loc, "'%s' cannot be used inside an expression", text);
    diag_note(c->diag, "a time derivative is the left-hand side of its equation; "
                       "for a division write %s with spaces around '/'", text);
    return;
  }
  if (!m->domain) {
    diag_error(c->diag, st->src, e->loc, "'%s' is a derivative in space, but the model has no "
                                         "domain", text);
    diag_note(c->diag, "declare one: domain %s = [0, L] with 101 points (or, for a division, "
                       "put spaces around '/')", e->wrt);
    return;
  }
  if (strcmp(e->wrt, m->domain->name) != 0) {
    diag_error(c->diag, st->src, e->loc, "'%s' is not a coordinate: the domain is '%s'",
               e->wrt, m->domain->name);
    return;
  }
  const Symbol *s = model_lookup(m, e->name);
  if (!s || s->kind != SYM_STATE) {
    if (s) diag_error(c->diag, st->src, e->loc, "'%s' is %s; only a state variable has a "
                      "derivative in space", e->name, kind_noun(s->kind));
    else undefined(c, st, e->name, e->loc);
    return;
  }
  if (e->num == 2) {
    if (sc->ctx != CTX_EQN || st->kind != ST_DERIV) {
      diag_error(c->diag, st->src, e->loc, "'%s' belongs in the equation of %s: d%s/dt = "
                 "D*%s + ...", text, e->name, e->name, text);
    } else if (strcmp(st->name, e->name) != 0) {
      diag_error(c->diag, st->src, e->loc, "the equation of '%s' cannot use '%s': a variable "
                 "diffuses in its own equation", st->name, text);
    } else {
      m->diffuses[s->index] = true;
    }
  } else if (sc->ctx != CTX_BOUNDARY) {
    diag_error(c->diag, st->src, e->loc, "'%s' belongs in a boundary condition: boundary %s = "
               "0: %s = ...", text, e->wrt, text);
  }
}

static void check_expr(Checker *c, const Scope *sc, const Expr *e)
{
  const Stmt *st = sc->owner;
  switch (e->kind) {
  case EX_NUM:
    return;
  case EX_NAME:
    check_name(c, sc, e);
    return;
  case EX_DERIV:
    check_space_deriv(c, sc, e);
    return;
  case EX_CALL: {
    const Builtin *b = builtin_find(e->name);
    int arity = -1;
    const char *what = "function";
    if (b) {
      arity = b->arity;
      what = "built-in function";
      if (builtin_is_random(b)) c->m->stochastic = true;
      if (b->kind == BI_DIRAC && !c->m->domain) {
        diag_error(c->diag, st->src, e->loc, "dirac() is a point source on a domain, but this "
                                             "model has none");
        diag_note(c->diag, "declare one: domain x = [0, L] with 101 points");
      } else if (b->kind == BI_DIRAC && sc->ctx != CTX_EQN) {
        diag_error(c->diag, st->src, e->loc, "dirac() belongs in an equation dV/dt = ...");
      }
      if ((b->kind == BI_SUM || b->kind == BI_MEAN) && sc->ctx == CTX_PARAM) {
        diag_error(c->diag, st->src, e->loc, "a parameter cannot be a sum over the copies");
        diag_note(c->diag, "make '%s' an intermediate: %s = ...", st->name, st->name);
      }
      if (b->kind == BI_ROWS && e->nargs == 1) {
        const Expr *a = e->args[0];
        const Symbol *t = a->kind == EX_NAME ? model_lookup(c->m, a->name) : NULL;
        if (!t || t->kind != SYM_TABLE) {
          diag_error(c->diag, st->src, a->loc, "rows() takes the name of a table");
          diag_note(c->diag, "a table is declared with: table NAME = \"file.csv\"");
        }
        return;
      }
    } else {
      const Symbol *s = model_lookup(c->m, e->name);
      bool is_arg = false;
      if (sc->ctx == CTX_FUNC)
        for (int i = 0; i < st->nparams; i++)
          if (strcmp(st->params[i], e->name) == 0) is_arg = true;
      if (is_arg) {
        diag_error(c->diag, st->src, e->name_loc, "'%s' is an argument of '%s', not a function",
                   e->name, st->name);
      } else if (!s) {
        undefined(c, st, e->name, e->name_loc);
      } else if (s->kind == SYM_TABLE) {
        arity = 2;
        what = "table";
      } else if (s->kind != SYM_FUNC) {
        diag_error(c->diag, st->src, e->name_loc, "'%s' is %s, not a function", e->name,
                   kind_noun(s->kind));
        diag_note(c->diag, "for multiplication write '%s*(...)'", e->name);
      } else {
        arity = s->def->nparams;
      }
    }
    if (arity >= 0 && arity != e->nargs) {
      diag_error(c->diag, st->src, e->loc, "%s '%s' takes %d argument%s, but %d %s given",
                 what, e->name, arity, arity == 1 ? "" : "s", e->nargs,
                 e->nargs == 1 ? "was" : "were");
    }
    for (int i = 0; i < e->nargs; i++) check_expr(c, sc, e->args[i]);
    return;
  }
  case EX_UNARY:
  case EX_BINARY:
  case EX_IF:
    for (int i = 0; i < e->nargs; i++) check_expr(c, sc, e->args[i]);
    return;
  }
}

/* ---- events and their blocks --------------------------------------------- */

static void check_block(Checker *c, Scope *sc, Stmt *const *body, int n);

static void check_set(Checker *c, Scope *sc, const Stmt *st)
{
  const char *name = st->name;
  const Symbol *s = model_lookup(c->m, name);
  if (is_local(sc, name)) {
    diag_error(c->diag, st->src, st->name_loc, "'%s' is a temporary of this block (let); it "
                                               "cannot be assigned again", name);
    diag_note(c->diag, "give the new value a name of its own: let %s2 = ...", name);
  } else if (strcmp(name, "t") == 0) {
    diag_error(c->diag, st->src, st->name_loc, "an event cannot change the time 't'");
  } else if (!s) {
    diag_error(c->diag, st->src, st->name_loc, "cannot assign to '%s': it is not declared", name);
    const char *best = diag_closest(name, c->names, c->nnames);
    if (best) diag_note(c->diag, "did you mean '%s'?", best);
    else diag_note(c->diag, "an event changes state variables, declared by d%s/dt = ...", name);
  } else if (s->kind != SYM_STATE) {
    diag_error(c->diag, st->src, st->name_loc, "cannot assign to '%s': it is %s, and an event "
                                               "changes only state variables", name, kind_noun(s->kind));
    if (s->kind == SYM_PARAM)
      diag_note(c->diag, "to let events change it, make it a state: d%s/dt = 0 and init %s = ...",
                name, name);
    else if (s->kind == SYM_INTER)
      diag_note(c->diag, "'%s' is computed from the states at every moment; change the states it "
                         "depends on", name);
  }
  check_expr(c, sc, st->value);
}

static void check_let(Checker *c, Scope *sc, const Stmt *st, size_t *cap)
{
  check_expr(c, sc, st->value); /* before the name exists: let x = x is an error */
  const Symbol *s = model_lookup(c->m, st->name);
  if (s || is_local(sc, st->name) || builtin_find(st->name) || builtin_is_reserved(st->name)) {
    diag_error(c->diag, st->src, st->name_loc, "the temporary '%s' needs a name of its own: "
                                               "'%s' is already %s", st->name, st->name,
               s ? kind_noun(s->kind) : is_local(sc, st->name) ? "a temporary of this block"
               : builtin_find(st->name) ? "a built-in function" : "reserved");
    return;
  }
  GROW(sc->locals, *cap, sc->nlocals + 1);
  sc->locals[sc->nlocals++] = st->name;
}

static void check_block(Checker *c, Scope *sc, Stmt *const *body, int n)
{
  /* Temporaries are visible to the rest of their block, nested blocks
   * included, and no further. */
  Scope inner = *sc;
  inner.locals = xmalloc((sc->nlocals + (size_t)n + 1) * sizeof *inner.locals);
  if (sc->nlocals) memcpy(inner.locals, sc->locals, sc->nlocals * sizeof *inner.locals);
  size_t cap = sc->nlocals + (size_t)n + 1;
  for (int i = 0; i < n; i++) {
    const Stmt *st = body[i];
    switch (st->kind) {
    case ST_SET: check_set(c, &inner, st); break;
    case ST_LET: check_let(c, &inner, st, &cap); break;
    case ST_IF:
      check_expr(c, &inner, st->value);
      check_block(c, &inner, st->body, st->nbody);
      check_block(c, &inner, st->else_body, st->nelse);
      break;
    default: break; /* the grammar allows nothing else in a block */
    }
  }
  free(inner.locals);
}

static bool is_crossing_op(AstOp op)
{
  return op == AOP_GE || op == AOP_GT || op == AOP_LE || op == AOP_LT;
}

static void check_event(Checker *c, const Stmt *st, size_t *cap)
{
  Model *m = c->m;
  Scope sc = {CTX_BLOCK, st, -1, NULL, 0};
  const Expr *cond = st->value;
  ModelEvent ev = {st, EV_CROSSING, NULL, NULL, false, NULL, NULL, true};
  bool ok = true;
  if (cond->kind == EX_CALL && strcmp(cond->name, "poisson") == 0) {
    ev.kind = EV_POISSON;
    ev.spike = false;
    m->stochastic = true;
    if (cond->nargs < 1 || cond->nargs > 2) {
      diag_error(c->diag, st->src, cond->loc, "a Poisson input is on poisson(RATE) or "
                                              "on poisson(RATE, CORRELATION)");
      ok = false;
    } else if (m->discrete) {
      diag_error(c->diag, st->src, cond->loc, "Poisson inputs arrive in continuous time; "
                                              "this model is discrete");
      diag_note(c->diag, "draw a step's arrivals in the update: X(t+1) = ... + w*poisson(rate)");
      ok = false;
    } else {
      ev.rate = cond->args[0];
      ev.corr = cond->nargs == 2 ? cond->args[1] : NULL;
      for (int i = 0; i < cond->nargs; i++) check_expr(c, &sc, cond->args[i]);
    }
  } else if (m->discrete) {
    ev.kind = EV_CONDITION;
    check_expr(c, &sc, cond);
  } else if (cond->kind == EX_BINARY && is_crossing_op(cond->op)) {
    bool up = cond->op == AOP_GE || cond->op == AOP_GT;
    ev.lhs = up ? cond->args[0] : cond->args[1];
    ev.rhs = up ? cond->args[1] : cond->args[0];
    ev.strict = cond->op == AOP_GT || cond->op == AOP_LT;
    check_expr(c, &sc, cond);
  } else if (cond->kind == EX_BINARY && (cond->op == AOP_EQ || cond->op == AOP_NE)) {
    diag_error(c->diag, st->src, cond->loc, "an event fires when its condition becomes true, "
                                            "and a continuous value never equals another exactly");
    diag_note(c->diag, "write a crossing: on V >= V_th");
    ok = false;
  } else {
    diag_error(c->diag, st->src, cond->loc, "an event's condition is a comparison that becomes "
                                            "true, e.g. on V >= V_th");
    diag_note(c->diag, "several conditions are several events; a condition inside an equation "
                       "is written 'if C then A else B'");
    ok = false;
  }
  check_block(c, &sc, st->body, st->nbody);
  if (!ok) return;
  GROW(m->events, *cap, m->nevents + 1);
  m->events[m->nevents++] = ev;
}

bool model_has_spikes(const Model *m)
{
  for (size_t i = 0; i < m->nevents; i++)
    if (m->events[i].spike) return true;
  return false;
}

static void check_refractory(Checker *c, const Stmt *st)
{
  Model *m = c->m;
  Scope sc = {CTX_BLOCK, st, -1, NULL, 0};
  check_expr(c, &sc, st->value);
  double d;
  if (model_const_value(st->value, &d) && !(d >= 0)) {
    diag_error(c->diag, st->src, st->value->loc, "the refractory period is %g; it must be 0 "
                                                 "or more", d);
  }
  if (!model_has_spikes(m)) {
    diag_error(c->diag, st->src, st->name_loc, "a refractory period follows a spike, but no "
                                               "event of this model is one");
    diag_note(c->diag, m->discrete ? "add one: on X >= 1: ..." : "add one: on V >= V_th: V = V_reset");
  }
  m->held = xcalloc((size_t)st->nparams + 1, sizeof *m->held);
  for (int i = 0; i < st->nparams; i++) {
    const char *name = st->params[i];
    const Symbol *s = model_lookup(m, name);
    bool again = false;
    for (int j = 0; j < i; j++) again |= strcmp(st->params[j], name) == 0;
    if (again) {
      diag_error(c->diag, st->src, st->param_locs[i], "'%s' is held twice", name);
    } else if (!s || s->kind != SYM_STATE) {
      if (s)
        diag_error(c->diag, st->src, st->param_locs[i], "cannot hold '%s': it is %s, not a state "
                                                        "variable", name, kind_noun(s->kind));
      else
        diag_error(c->diag, st->src, st->param_locs[i], "cannot hold '%s': it is not declared",
                   name);
      const char *best = s ? NULL : diag_closest(name, c->names, c->nnames);
      if (best) diag_note(c->diag, "did you mean '%s'?", best);
    } else {
      m->held[m->nheld++] = (size_t)s->index;
    }
  }
}

/* ---- space: the domain and its ends -------------------------------------- */

/* The source text of an expression, for messages. */
static void expr_text(const Stmt *st, const Expr *e, char *buf, size_t size)
{
  snprintf(buf, size, "%.*s", (int)(e->loc.end - e->loc.start), st->src->text + e->loc.start);
}

static void check_domain(Checker *c, const Stmt *st)
{
  Model *m = c->m;
  Scope sc = {CTX_CONST, st, -1, NULL, 0};
  check_expr(c, &sc, st->lo);
  check_expr(c, &sc, st->hi);
  check_expr(c, &sc, st->value);
  double lo, hi, n;
  if (model_const_value(st->value, &n) && !(n >= 3 && n == floor(n) && n <= 1e8)) {
    diag_error(c->diag, st->src, st->value->loc, "the domain '%s' needs a whole number of points, "
               "at least 3 (both ends and one inside), not %g", st->name, n);
    diag_note(c->diag, "points include both ends: x_k = k*L/(n - 1)");
  }
  if (model_const_value(st->lo, &lo) && model_const_value(st->hi, &hi) && !(hi > lo)) {
    diag_error(c->diag, st->src, loc_span(st->lo->loc, st->hi->loc), "the domain '%s' = [%g, %g] "
               "is empty: its length must be more than 0", st->name, lo, hi);
  }
  if (m->discrete) {
    diag_error(c->diag, st->src, st->name_loc, "a domain is for equations in continuous time "
                                               "(dV/dt = D*d2V/dx2 + ...)");
  }
  bool any = false;
  for (size_t s = 0; s < m->nstates; s++) any |= m->diffuses[s];
  if (!any && m->nstates && !m->discrete && c->diag->errors == 0) {
    diag_warn(c->diag, "nothing diffuses on the domain '%s': its points are independent (a "
              "diffusing variable has d2V/dx2 in its equation: dV/dt = D*d2V/dx2 + ...)", st->name);
  }
}

/* Structurally the same expression (x = L matches the domain's L). */
static bool same_expr(const Expr *a, const Expr *b)
{
  double va, vb;
  if (model_const_value(a, &va) && model_const_value(b, &vb)) return va == vb;
  if (a->kind != b->kind || a->nargs != b->nargs || a->op != b->op) return false;
  if ((a->kind == EX_NAME || a->kind == EX_CALL) && strcmp(a->name, b->name) != 0) return false;
  if (a->kind == EX_NUM) return a->num == b->num;
  for (int i = 0; i < a->nargs; i++)
    if (!same_expr(a->args[i], b->args[i])) return false;
  return true;
}

/* The state whose dV/dx an expression uses (-1: none, -2: two different). */
static int grad_state(const Model *m, const Expr *e)
{
  if (e->kind == EX_DERIV) {
    const Symbol *s = model_lookup(m, e->name);
    return s && s->kind == SYM_STATE ? s->index : -1;
  }
  int found = -1;
  for (int i = 0; i < e->nargs; i++) {
    int g = grad_state(m, e->args[i]);
    if (g == -2 || (g >= 0 && found >= 0 && g != found)) return -2;
    if (g >= 0) found = g;
  }
  return found;
}

static void check_boundary(Checker *c, const Stmt *st, size_t *cap)
{
  Model *m = c->m;
  const Stmt *dom = m->domain;
  if (!dom) {
    diag_error(c->diag, st->src, st->name_loc, "a boundary condition needs a domain, and this "
                                               "model has none");
    diag_note(c->diag, "declare one: domain %s = [0, L] with 101 points", st->name);
    return;
  }
  if (strcmp(st->name, dom->name) != 0) {
    diag_error(c->diag, st->src, st->name_loc, "unknown coordinate '%s': the domain is '%s'",
               st->name, dom->name);
    return;
  }
  char lo[64], hi[64], at[64];
  expr_text(dom, dom->lo, lo, sizeof lo);
  expr_text(dom, dom->hi, hi, sizeof hi);
  expr_text(st, st->end, at, sizeof at);
  ModelBoundary b = {st, 0, 0, false};
  if (same_expr(st->end, dom->lo)) b.end = 0;
  else if (same_expr(st->end, dom->hi)) b.end = 1;
  else {
    diag_error(c->diag, st->src, st->end->loc, "%s = %s is not an end of the domain %s = [%s, %s]",
               dom->name, at, dom->name, lo, hi);
    diag_note(c->diag, "a boundary condition goes at %s = %s or %s = %s; a source inside is "
              "a term of the equation: ... + I*dirac(%s - %s)", dom->name, lo, dom->name, hi,
              dom->name, at);
    return;
  }
  Scope sc = {CTX_BOUNDARY, st, -1, NULL, 0};
  check_expr(c, &sc, st->value);
  const Expr *lhs = st->lhs;
  const Symbol *s = NULL;
  if (lhs->kind == EX_NAME) {
    s = model_lookup(m, lhs->name);
    if (!s || s->kind != SYM_STATE) {
      if (s) diag_error(c->diag, st->src, lhs->loc, "'%s' is %s; a boundary condition is given "
                        "for a variable on the domain", lhs->name, kind_noun(s->kind));
      else undefined(c, st, lhs->name, lhs->loc);
      diag_note(c->diag, "write the value at the end (V = 0) or the slope there (dV/dx = 0)");
      return;
    }
    b.value = true;
  } else {
    int g = grad_state(m, lhs);
    if (g == -1) {
      diag_error(c->diag, st->src, lhs->loc, "a boundary condition gives a variable's value "
                                             "(V = ...) or its slope (dV/dx = ...)");
      return;
    }
    if (g == -2) {
      diag_error(c->diag, st->src, lhs->loc, "a boundary condition is about one variable");
      return;
    }
    check_expr(c, &sc, lhs);
    s = model_lookup(m, m->states[g]->name);
  }
  b.state = (size_t)s->index;
  if (!m->diffuses[b.state]) {
    diag_error(c->diag, st->src, lhs->loc, "'%s' does not diffuse (its equation has no "
               "d2%s/d%s2), so it takes no boundary condition", s->name, s->name, dom->name);
    return;
  }
  for (size_t k = 0; k < m->nbounds; k++)
    if (m->bounds[k].state == b.state && m->bounds[k].end == b.end) {
      diag_error(c->diag, st->src, st->loc, "a second condition for '%s' at %s = %s", s->name,
                 dom->name, at);
      diag_note_at(c->diag, m->bounds[k].st->src, m->bounds[k].st->loc, "the first is here");
      return;
    }
  GROW(m->bounds, *cap, m->nbounds + 1);
  m->bounds[m->nbounds++] = b;
}

/* A model is continuous (dX/dt) or discrete (X(t+1)), not both. */
static void check_time(Checker *c)
{
  Model *m = c->m;
  if (m->nstates == 0) return;
  const Stmt *first = m->states[0];
  m->discrete = first->discrete;
  for (size_t i = 1; i < m->nstates; i++) {
    const Stmt *st = m->states[i];
    if (st->discrete == first->discrete) continue;
    if (st->discrete)
      diag_error(c->diag, st->src, st->name_loc, "'%s' is updated in discrete time, but '%s' has "
                 "a derivative: a model is continuous or discrete, not both", st->name, first->name);
    else
      diag_error(c->diag, st->src, st->name_loc, "'%s' has a derivative, but '%s' is updated in "
                 "discrete time: a model is continuous or discrete, not both", st->name, first->name);
    diag_note_at(c->diag, first->src, first->name_loc, "'%s' is defined here", first->name);
  }
}

/* ---- cycles and order ---------------------------------------------------- */

/* The intermediates (or functions) an expression refers to, appended to
 * *out (a growable array). */
static void refs_of(const Model *m, const Expr *e, SymKind kind, bool calls, int **out,
                    size_t *n, size_t *cap)
{
  if ((e->kind == EX_NAME && !calls) || (e->kind == EX_CALL && calls)) {
    const Symbol *s = model_lookup(m, e->name);
    if (s && s->kind == kind) {
      GROW(*out, *cap, *n + 1);
      (*out)[(*n)++] = s->index;
    }
  }
  for (int i = 0; i < e->nargs; i++) refs_of(m, e->args[i], kind, calls, out, n, cap);
}

/* Depth-first search with an explicit stack (chains of generated
 * definitions may be far deeper than the C stack): a cycle is reported once,
 * and the finishing order is a topological order (uses before users). */
static void check_cycles(Checker *c, const Stmt **items, size_t n, SymKind kind, bool calls,
                         size_t **order)
{
  *order = xmalloc((n + 1) * sizeof **order);
  if (n == 0) return;
  size_t done = 0;
  unsigned char *mark = xcalloc(n, 1); /* 0 new, 1 on the path, 2 finished */
  /* The path: node, its references, and how many of them were visited. */
  typedef struct { int v; int *refs; size_t nrefs, next; } Frame;
  Frame *path = xmalloc(n * sizeof *path);
  for (size_t root = 0; root < n; root++) {
    if (mark[root]) continue;
    size_t depth = 0;
    path[depth++] = (Frame){(int)root, NULL, 0, 0};
    mark[root] = 1;
    size_t cap = 0;
    refs_of(c->m, items[root]->value, kind, calls, &path[0].refs, &path[0].nrefs, &cap);
    while (depth > 0) {
      Frame *f = &path[depth - 1];
      if (f->next == f->nrefs) {
        mark[f->v] = 2;
        (*order)[done++] = (size_t)f->v;
        free(f->refs);
        depth--;
        continue;
      }
      int w = f->refs[f->next++];
      if (mark[w] == 2) continue;
      if (mark[w] == 0) {
        mark[w] = 1;
        path[depth] = (Frame){w, NULL, 0, 0};
        cap = 0;
        refs_of(c->m, items[w]->value, kind, calls, &path[depth].refs, &path[depth].nrefs, &cap);
        depth++;
        continue;
      }
      /* w is on the path: the cycle runs from w to the top, then back. */
      size_t from = 0;
      while (path[from].v != w) from++;
      char chain[512];
      size_t used = 0;
      for (size_t i = from; i < depth && used < sizeof chain; i++)
        used += (size_t)snprintf(chain + used, sizeof chain - used, "%s -> ",
                                 items[path[i].v]->name);
      if (used < sizeof chain)
        snprintf(chain + used, sizeof chain - used, "%s", items[w]->name);
      const Stmt *st = items[w];
      if (calls) {
        if (depth - from == 1)
          diag_error(c->diag, st->src, st->name_loc, "function '%s' calls itself", st->name);
        else
          diag_error(c->diag, st->src, st->name_loc, "functions call each other in a cycle: %s",
                     chain);
        diag_note(c->diag, "recursion is not allowed: a function is expanded where it is called");
      } else {
        if (depth - from == 1)
          diag_error(c->diag, st->src, st->name_loc, "'%s' is defined in terms of itself",
                     st->name);
        else
          diag_error(c->diag, st->src, st->name_loc, "circular definition: %s", chain);
        diag_note(c->diag, "to make a quantity depend on its own past, give it an equation "
                           "d%s/dt = ...", st->name);
      }
      /* Abandon this search: the whole component is marked finished, so one
       * cycle is reported once. */
      for (size_t i = 0; i < depth; i++) {
        mark[path[i].v] = 2;
        free(path[i].refs);
      }
      depth = 0;
    }
  }
  free(mark);
  free(path);
}

/* ---- options ----------------------------------------------------------- */

bool model_const_value(const Expr *e, double *out)
{
  double a = 0, b = 0, c = 0;
  switch (e->kind) {
  case EX_NUM:
    *out = e->num;
    return true;
  case EX_NAME:
    if (strcmp(e->name, "pi") != 0) return false;
    *out = M_PI;
    return true;
  case EX_DERIV:
    return false;
  case EX_UNARY:
    if (!model_const_value(e->args[0], &a)) return false;
    *out = op_eval(builtin_operator(e->op), a, 0, 0, 0);
    return true;
  case EX_BINARY:
    if (!model_const_value(e->args[0], &a) || !model_const_value(e->args[1], &b)) return false;
    *out = op_eval(builtin_operator(e->op), a, b, 0, 0);
    return true;
  case EX_CALL: {
    const Builtin *bi = builtin_find(e->name);
    double v[3] = {0, 0, 0};
    if (!bi || bi->kind != BI_OP || bi->arity != e->nargs) return false;
    for (int i = 0; i < e->nargs; i++)
      if (!model_const_value(e->args[i], &v[i])) return false;
    *out = op_eval(bi->op, v[0], v[1], v[2], 0);
    return true;
  }
  case EX_IF:
    if (!model_const_value(e->args[0], &c)) return false;
    return model_const_value(e->args[c != 0 ? 1 : 2], out);
  }
  return false;
}

/* ---- the driver -------------------------------------------------------- */

const char **model_all_names(const Model *m, size_t *n)
{
  const char **names = xmalloc((m->nsyms + builtin_count + 2) * sizeof *names);
  size_t k = 0;
  for (size_t i = 0; i < m->nsyms; i++) names[k++] = m->syms[i].name;
  for (size_t i = 0; i < builtin_count; i++) names[k++] = builtin_table[i].name;
  names[k++] = "t";
  names[k++] = "pi";
  *n = k;
  return names;
}

const char *model_label(const Model *m, const char *name)
{
  for (size_t i = m->nlabels; i-- > 0;)
    if (strcmp(m->labels[i]->name, name) == 0) return m->labels[i]->text;
  return name;
}

void model_free(Model *m)
{
  if (!m) return;
  free(m->labels);
  free(m->diffuses);
  free(m->bounds);
  free(m->options);
  free(m->events);
  free(m->held);
  free(m->tables);
  free(m->syms);
  free(m->params);
  free(m->states);
  free(m->inits);
  free(m->inters);
  free(m->funcs);
  free(m->inter_order);
  free(m->func_order);
  free(m->table);
  free(m);
}

Model *model_build(Stmt *const *stmts, size_t n, Diag *diag)
{
  Model *m = xcalloc(1, sizeof *m);
  Checker c = {m, diag, NULL, 0};
  int errors_before = diag->errors;
  size_t cap = 0;

  /* Pass 1: definitions. */
  for (size_t i = 0; i < n; i++) {
    const Stmt *st = stmts[i];
    switch (st->kind) {
    case ST_PARAM: add_symbol(&c, st, SYM_PARAM, &cap); break;
    case ST_DERIV: add_symbol(&c, st, SYM_STATE, &cap); break;
    case ST_ASSIGN: add_symbol(&c, st, SYM_INTER, &cap); break;
    case ST_FUNC: add_symbol(&c, st, SYM_FUNC, &cap); break;
    case ST_TABLE: add_symbol(&c, st, SYM_TABLE, &cap); break;
    case ST_INIT: case ST_OPTION: case ST_LABEL: case ST_EVENT: break;
    case ST_BOUNDARY: case ST_USE: break;
    case ST_DOMAIN:
      if (m->domain) {
        diag_error(diag, st->src, st->name_loc, "a model has one domain; '%s' is a second",
                   st->name);
        diag_note_at(diag, m->domain->src, m->domain->name_loc, "the first is here");
      } else {
        m->domain = st;
        add_symbol(&c, st, SYM_COORD, &cap);
      }
      break;
    case ST_REFRACTORY:
      if (m->refractory) {
        diag_error(diag, st->src, st->name_loc, "the refractory period is given twice");
        diag_note_at(diag, m->refractory->src, m->refractory->name_loc, "first given here");
      } else {
        m->refractory = st;
      }
      break;
    case ST_SET: case ST_LET: case ST_IF: break; /* only inside an event's body */
    }
  }
  m->params = xcalloc(m->nparams, sizeof *m->params);
  m->states = xcalloc(m->nstates, sizeof *m->states);
  m->inits = xcalloc(m->nstates, sizeof *m->inits);
  m->inters = xcalloc(m->ninters, sizeof *m->inters);
  m->funcs = xcalloc(m->nfuncs, sizeof *m->funcs);
  m->tables = xcalloc(m->ntables + 1, sizeof *m->tables);
  m->diffuses = xcalloc(m->nstates + 1, sizeof *m->diffuses);
  for (size_t i = 0; i < m->nsyms; i++) {
    const Symbol *s = &m->syms[i];
    switch (s->kind) {
    case SYM_PARAM: m->params[s->index] = s->def; break;
    case SYM_STATE: m->states[s->index] = s->def; break;
    case SYM_INTER: m->inters[s->index] = s->def; break;
    case SYM_FUNC: m->funcs[s->index] = s->def; break;
    case SYM_TABLE: m->tables[s->index] = s->def; break;
    case SYM_COORD: break;
    }
  }
  c.names = model_all_names(m, &c.nnames);
  check_time(&c);

  /* Pass 2: initial values, options, labels, function signatures. */
  size_t labels_cap = 0, options_cap = 0;
  for (size_t i = 0; i < n; i++) {
    const Stmt *st = stmts[i];
    if (st->kind == ST_OPTION) {
      GROW(m->options, options_cap, m->noptions + 1);
      m->options[m->noptions++] = st;
    }
    if (st->kind == ST_LABEL) {
      const Symbol *s = model_lookup(m, st->name);
      if (strcmp(st->name, "t") != 0 && (!s || s->kind == SYM_FUNC)) {
        diag_error(diag, st->src, st->name_loc, "cannot label '%s': it is not a variable of the model",
                   st->name);
        const char *best = diag_closest(st->name, c.names, c.nnames);
        if (best) diag_note(diag, "did you mean '%s'?", best);
      } else {
        GROW(m->labels, labels_cap, m->nlabels + 1);
        m->labels[m->nlabels++] = st;
      }
    }
    if (st->kind == ST_FUNC) {
      for (int a = 0; a < st->nparams; a++) {
        if (builtin_is_reserved(st->params[a]))
          diag_error(diag, st->src, st->param_locs[a], "'%s' is reserved and cannot be an argument name",
                     st->params[a]);
        for (int b = 0; b < a; b++)
          if (strcmp(st->params[a], st->params[b]) == 0)
            diag_error(diag, st->src, st->param_locs[a], "argument '%s' is listed twice",
                       st->params[a]);
      }
    }
    if (st->kind != ST_INIT) continue;
    const Symbol *s = model_lookup(m, st->name);
    if (!s || s->kind != SYM_STATE) {
      if (s)
        diag_error(diag, st->src, st->name_loc, "'%s' is %s, not a state variable", st->name,
                   kind_noun(s->kind));
      else
        diag_error(diag, st->src, st->name_loc, "'%s' is not a state variable", st->name);
      if (s && s->kind == SYM_PARAM)
        diag_note(diag, "set a parameter's value in its 'param' line");
      else
        diag_note(diag, "'init' gives the starting value of a variable defined by d%s/dt = ...",
                  st->name);
      if (!s) {
        const char *best = diag_closest(st->name, c.names, c.nnames);
        if (best) diag_note(diag, "did you mean '%s'?", best);
      }
      continue;
    }
    if (m->inits[s->index]) {
      diag_error(diag, st->src, st->name_loc, "initial value of '%s' is given twice", st->name);
      diag_note_at(diag, m->inits[s->index]->src, m->inits[s->index]->name_loc, "first given here");
      continue;
    }
    m->inits[s->index] = st;
  }

  /* Pass 3: every expression. */
  size_t events_cap = 0;
  for (size_t i = 0; i < n; i++) {
    const Stmt *st = stmts[i];
    Scope sc = {CTX_EQN, st, -1, NULL, 0};
    switch (st->kind) {
    case ST_PARAM: {
      const Symbol *s = model_lookup(m, st->name);
      if (!s || s->def != st) continue; /* a duplicate, already reported */
      sc.ctx = CTX_PARAM;
      sc.param_index = s->index;
      break;
    }
    case ST_FUNC: sc.ctx = CTX_FUNC; break;
    case ST_INIT: sc.ctx = CTX_INIT; break;
    case ST_EVENT: check_event(&c, st, &events_cap); continue;
    case ST_SET: case ST_LET: case ST_IF: continue;
    case ST_OPTION: case ST_LABEL: case ST_TABLE: case ST_REFRACTORY: continue;
    case ST_DOMAIN: case ST_BOUNDARY: case ST_USE: continue;
    case ST_ASSIGN: case ST_DERIV: break;
    }
    check_expr(&c, &sc, st->value);
  }
  if (m->domain) check_domain(&c, m->domain);
  size_t bounds_cap = 0;
  for (size_t i = 0; i < n; i++)
    if (stmts[i]->kind == ST_BOUNDARY) check_boundary(&c, stmts[i], &bounds_cap);

  if (m->refractory) check_refractory(&c, m->refractory);
  if (diag->errors == errors_before) {
    check_cycles(&c, m->inters, m->ninters, SYM_INTER, false, &m->inter_order);
    check_cycles(&c, m->funcs, m->nfuncs, SYM_FUNC, true, &m->func_order);
  }
  free(c.names);
  if (diag->errors != errors_before) {
    model_free(m);
    return NULL;
  }
  return m;
}
