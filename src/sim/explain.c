/* explain.c: the term that makes a right-hand side non-finite; see explain.h. */
#include "explain.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "builtins.h"

/* Function calls nest at most this deep here (a deeper chain is not
 * explained rather than risking the stack). */
enum { MAX_CALLS = 2000 };

typedef struct Eval {
  const Instance *in;
  const Model *m;
  size_t copy;
  double t;
  const double *y;
  double *inter;       /* intermediates' values, in topological order */
  bool *inter_done;
  const Expr *culprit; /* the first non-finite term with finite parts */
  const Source *culprit_src;
  const Stmt *culprit_fn;   /* the function it is in, if any */
  const double *culprit_args; /* its arguments then (a copy: the call is over) */
  double args_copy[64];
  int calls;
  bool gave_up;
} Eval;

static double param_value(const Eval *E, size_t p)
{
  return instance_param(E->in, p, E->copy);
}

static double eval(Eval *E, const Expr *e, const Source *src, const Stmt *fn, const double *args);

static double name_value(Eval *E, const Expr *e, const Stmt *fn, const double *args)
{
  if (fn)
    for (int i = 0; i < fn->nparams; i++)
      if (strcmp(fn->params[i], e->name) == 0) return args[i];
  if (strcmp(e->name, "pi") == 0) return M_PI;
  if (strcmp(e->name, "t") == 0) return E->t;
  const Symbol *s = model_lookup(E->m, e->name);
  if (!s) return NAN;
  switch (s->kind) {
  case SYM_PARAM: return param_value(E, (size_t)s->index);
  case SYM_STATE: return E->y[layout_offset(&E->in->layout, (size_t)s->index, E->copy)];
  case SYM_INTER: return E->inter_done[s->index] ? E->inter[s->index] : NAN;
  case SYM_COORD:
    return E->in->grid ? E->in->grid->shape.lo + (double)E->copy * E->in->grid->shape.dx : NAN;
  case SYM_FUNC: case SYM_TABLE: break;
  }
  return NAN;
}

static double call(Eval *E, const Expr *e, const Source *src, const Stmt *fn, const double *args,
                   bool *args_finite)
{
  double v[64];
  int n = e->nargs < 64 ? e->nargs : 64;
  *args_finite = true;
  for (int i = 0; i < n; i++) {
    v[i] = eval(E, e->args[i], src, fn, args);
    if (!isfinite(v[i])) *args_finite = false;
  }
  const Builtin *b = builtin_find(e->name);
  if (b) return op_eval(b->op, n > 0 ? v[0] : 0, n > 1 ? v[1] : 0, n > 2 ? v[2] : 0, 0);
  const Symbol *s = model_lookup(E->m, e->name);
  if (s && s->kind == SYM_TABLE && n == 2) return nd_lookup(E->in->c->tables[s->index].data, v[0], v[1]);
  if (!s || s->kind != SYM_FUNC) return NAN;
  if (++E->calls > MAX_CALLS) {
    E->gave_up = true;
    return NAN;
  }
  const Stmt *body = s->def;
  double r = eval(E, body->value, body->src, body, v);
  E->calls--;
  return r;
}

static double eval(Eval *E, const Expr *e, const Source *src, const Stmt *fn, const double *args)
{
  if (E->gave_up) return NAN;
  double v;
  bool parts_finite = true;
  switch (e->kind) {
  case EX_NUM: return e->num;
  case EX_NAME: return name_value(E, e, fn, args);
  case EX_CALL: {
    /* A user function's own terms are searched inside its body first. */
    const Expr *before = E->culprit;
    v = call(E, e, src, fn, args, &parts_finite);
    if (E->culprit != before) parts_finite = false;
    break;
  }
  case EX_UNARY: {
    double a = eval(E, e->args[0], src, fn, args);
    parts_finite = isfinite(a);
    v = op_eval(builtin_operator(e->op), a, 0, 0, 0);
    break;
  }
  case EX_BINARY: {
    double a = eval(E, e->args[0], src, fn, args), b = eval(E, e->args[1], src, fn, args);
    parts_finite = isfinite(a) && isfinite(b);
    v = op_eval(builtin_operator(e->op), a, b, 0, 0);
    break;
  }
  case EX_IF: {
    double c = eval(E, e->args[0], src, fn, args);
    v = eval(E, e->args[c != 0 ? 1 : 2], src, fn, args);
    parts_finite = isfinite(c) && E->culprit == NULL;
    break;
  }
  default:
    return NAN;
  }
  if (!isfinite(v) && parts_finite && !E->culprit) {
    E->culprit = e;
    E->culprit_src = src;
    E->culprit_fn = fn;
    E->culprit_args = NULL;
    if (fn && args) {
      int n = fn->nparams < 64 ? fn->nparams : 64;
      memcpy(E->args_copy, args, (size_t)n * sizeof *args);
      E->culprit_args = E->args_copy;
    }
  }
  return v;
}

/* "tau = 0, V = -65": the names in a term (each once) and their values. */
enum { MAX_NAMES = 6 };
static void names_in(Eval *E, const Expr *e, char *buf, size_t size, size_t *used,
                     const char **seen, int *count)
{
  if (e->kind == EX_NAME && *count < MAX_NAMES && *used < size) {
    bool again = strcmp(e->name, "pi") == 0;
    for (int i = 0; i < *count && !again; i++) again = strcmp(seen[i], e->name) == 0;
    if (!again) {
      double v = name_value(E, e, E->culprit_fn, E->culprit_args);
      *used += (size_t)snprintf(buf + *used, size - *used, "%s%s = %.6g", *count ? ", " : "",
                                e->name, v);
      seen[(*count)++] = e->name;
    }
    return;
  }
  for (int i = 0; i < e->nargs; i++) names_in(E, e->args[i], buf, size, used, seen, count);
}

/* Mark the intermediates an expression reads (directly). */
static void mark_reads(const Model *m, const Expr *e, bool *needed, size_t **stack, size_t *n,
                       size_t *cap)
{
  if (e->kind == EX_NAME) {
    const Symbol *s = model_lookup(m, e->name);
    if (s && s->kind == SYM_INTER && !needed[s->index]) {
      needed[s->index] = true;
      GROW(*stack, *cap, *n + 1);
      (*stack)[(*n)++] = (size_t)s->index;
    }
  }
  for (int i = 0; i < e->nargs; i++) mark_reads(m, e->args[i], needed, stack, n, cap);
}

/* A draw or a lookup given an argument outside its domain: say so plainly. */
static bool domain_error(Eval *E, const Expr *e, char *buf, size_t size)
{
  if (e->kind != EX_CALL) return false;
  double a = e->nargs > 0 ? eval(E, e->args[0], E->culprit_src, E->culprit_fn, E->culprit_args) : 0;
  double b = e->nargs > 1 ? eval(E, e->args[1], E->culprit_src, E->culprit_fn, E->culprit_args) : 0;
  const Symbol *s = model_lookup(E->m, e->name);
  if (strcmp(e->name, "bernoulli") == 0)
    snprintf(buf, size, "the probability given to bernoulli() is %.6g, outside [0, 1]", a);
  else if (strcmp(e->name, "poisson") == 0)
    snprintf(buf, size, "the mean given to poisson() is %.6g; it must be 0 or more", a);
  else if (s && s->kind == SYM_TABLE) {
    const Table *t = &E->in->c->tables[s->index];
    snprintf(buf, size, "row %.6g, column %.6g is outside the table '%s' (rows 0 to %zu, "
             "columns 0 to %zu)", a, b, e->name, t->rows - 1, t->cols - 1);
  } else
    return false;
  return true;
}

bool explain_find(const Instance *in, size_t state, size_t copy, double t, const double *y,
                  Explanation *out)
{
  const Model *m = in->c->m;
  const Stmt *st = m->states[state];
  Eval E = {.in = in, .m = m, .copy = copy, .t = t, .y = y};
  E.inter = xcalloc(m->ninters + 1, sizeof *E.inter);
  E.inter_done = xcalloc(m->ninters + 1, sizeof *E.inter_done);
  /* The intermediates the equation reads, directly or through others. */
  bool *needed = xcalloc(m->ninters + 1, sizeof *needed);
  size_t *stack = NULL, n = 0, cap = 0;
  mark_reads(m, st->value, needed, &stack, &n, &cap);
  while (n > 0) {
    size_t j = stack[--n];
    mark_reads(m, m->inters[j]->value, needed, &stack, &n, &cap);
  }
  free(stack);
  /* Each intermediate after those it reads: the first term found is where
   * the trouble starts, not a later one that only passes it on. */
  for (size_t k = 0; k < m->ninters; k++) {
    size_t j = m->inter_order[k];
    if (!needed[j]) continue;
    const Stmt *is = m->inters[j];
    E.inter[j] = eval(&E, is->value, is->src, NULL, NULL);
    E.inter_done[j] = true;
  }
  eval(&E, st->value, st->src, NULL, NULL);
  memset(out, 0, sizeof *out);
  if (E.culprit && !E.gave_up) {
    out->found = true;
    out->src = E.culprit_src;
    out->loc = E.culprit->loc;
    out->domain = domain_error(&E, E.culprit, out->text, sizeof out->text);
    if (!out->domain) {
      char vals[400] = "";
      size_t used = 0;
      int count = 0;
      const char *seen[MAX_NAMES];
      names_in(&E, E.culprit, vals, sizeof vals, &used, seen, &count);
      double cv = eval(&E, E.culprit, E.culprit_src, E.culprit_fn, E.culprit_args);
      snprintf(out->text, sizeof out->text, "this is %s%s%s", isnan(cv) ? "NaN" : "infinite",
               count ? " with " : "", vals);
    }
  }
  free(needed);
  free(E.inter);
  free(E.inter_done);
  return out->found;
}

void explain_nonfinite(const Instance *in, size_t state, size_t copy, double t, const double *y,
                       Diag *diag)
{
  Explanation x;
  if (explain_find(in, state, copy, t, y, &x)) diag_note_at(diag, x.src, x.loc, "%s", x.text);
}
