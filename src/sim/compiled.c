/* compiled.c: a model's programs; see compiled.h. */
#include "compiled.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "lower.h"

const char *compiled_input_name(const void *ctx, int32_t code)
{
  const Model *m = ctx;
  int i = ir_input_index(code);
  switch (ir_input_kind(code)) {
  case IN_STATE: return model_state_name(m, (size_t)i);
  case IN_PARAM: return model_param_name(m, (size_t)i);
  case IN_TIME: return "t";
  case IN_INDEX: return "i";
  case IN_COUNT: return "N";
  case IN_ARG: return "arg";
  case IN_STEP: return "step";
  case IN_SEED: return "seed";
  case IN_H: return "h";
  case IN_STREAM: return "stream";
  case IN_DISCRETE: return "refractory";
  case IN_TABLE: return m->tables[i]->name;
  case IN_SPATIAL: return "d2/dx2";
  case IN_GRAD: return "d/dx";
  case IN__COUNT: break;
  }
  return "?";
}

static void release(Compiled *c)
{
  program_free(c->rhs);
  program_free(c->rhs_jdiag);
  program_free(c->rhs_jac);
  for (size_t i = 0; c->tables && i < c->m->ntables; i++) table_free(&c->tables[i]);
  free(c->tables);
  free(c->table_rows);
  program_free(c->cond);
  free(c->cond_event);
  for (size_t e = 0; c->action && e < c->m->nevents; e++) {
    program_free(c->action[e]);
    free(c->assigned[e]);
  }
  free(c->action);
  free(c->assigned);
  free(c->nassigned);
  program_free(c->refractory);
  program_free(c->rates);
  free(c->poisson_event);
  free(c->extra);
  grid_free(c->grid);
  free(c->deriv);
  free(c->jdiag);
  free(c->inter);
  ir_free(&c->ir);
  free(c);
}

/* The starting values must be computable too: init v = v is refused by
 * `check`, not only by `run`. */
static bool starts_ok(const Compiled *c, Diag *diag)
{
  const Model *m = c->m;
  Ir setup;
  ir_init(&setup);
  Lowerer *S = lower_new(&setup, m, LOWER_SETUP, c->table_rows, diag);
  bool ok = true;
  for (size_t p = 0; p < m->nparams && ok; p++) ok = lower_param(S, p) != IR_NONE;
  for (size_t i = 0; i < m->nstates && ok; i++) ok = lower_init(S, i) != IR_NONE;
  lower_free(S);
  ir_free(&setup);
  return ok;
}

/* A table's file is found beside the model file that names it. */
static bool read_table(const Stmt *st, Table *t, Diag *diag)
{
  const char *file = st->text;
  const char *slash = strrchr(st->src->name, '/');
  char *path;
  if (file[0] == '/' || !slash) {
    path = xstrdup(file);
  } else {
    size_t dir = (size_t)(slash - st->src->name) + 1;
    path = xmalloc(dir + strlen(file) + 1);
    memcpy(path, st->src->name, dir);
    strcpy(path + dir, file);
  }
  Source *src = source_from_file(path, path, (size_t)64 << 20);
  if (!src) {
    diag_error(diag, st->src, st->loc, "cannot read the table '%s': %s", path,
               errno == EFBIG ? "larger than 64 MB" : strerror(errno));
    if (slash && file[0] != '/')
      diag_note(diag, "a table's file is looked for beside the model file");
    free(path);
    return false;
  }
  free(path);
  Loc where;
  char why[160];
  bool ok = table_parse(src, t, &where, why, sizeof why);
  if (!ok) {
    diag_error(diag, src, where, "%s", why);
    diag_note_at(diag, st->src, st->name_loc, "in the table '%s' read here", st->name);
    if (strstr(why, "not a number"))
      diag_note(diag, "a table holds numbers only: write categories as numbers (0, 1, ...)");
  }
  source_free(src);
  return ok;
}

static bool read_tables(Compiled *c, Diag *diag)
{
  const Model *m = c->m;
  c->tables = xcalloc(m->ntables + 1, sizeof *c->tables);
  c->table_rows = xcalloc(m->ntables + 1, sizeof *c->table_rows);
  bool ok = true;
  for (size_t i = 0; i < m->ntables; i++) {
    if (!read_table(m->tables[i], &c->tables[i], diag)) ok = false;
    c->table_rows[i] = c->tables[i].rows;
  }
  return ok;
}

/* Where a refractory copy's held states stop and its spikes are not tested. */
static IrId refractory_flag(Compiled *c)
{
  return ir_input(&c->ir, IN_DISCRETE, 0);
}

/* The events of a continuous model: g of each crossing, each block's
 * assignments, the refractory period, the Poisson rates. */
static bool lower_events_continuous(Compiled *c, Lowerer *L, Diag *diag)
{
  const Model *m = c->m;
  Ir *ir = &c->ir;
  size_t E = m->nevents, S = c->nstates;
  IrId *g = xmalloc((E + 1) * sizeof *g);
  IrId *rates = xmalloc((2 * E + 1) * sizeof *rates);
  IrId *vals = xmalloc((S + 1) * sizeof *vals);
  bool ok = true;
  c->action = xcalloc(E + 1, sizeof *c->action);
  c->assigned = xcalloc(E + 1, sizeof *c->assigned);
  c->nassigned = xcalloc(E + 1, sizeof *c->nassigned);
  c->cond_event = xmalloc((E + 1) * sizeof *c->cond_event);
  c->poisson_event = xmalloc((E + 1) * sizeof *c->poisson_event);
  for (size_t e = 0; e < E && ok; e++) {
    const ModelEvent *ev = &m->events[e];
    if (ev->kind == EV_CROSSING) {
      ok = (g[c->ncond] = lower_event_cond(L, e)) != IR_NONE;
      c->cond_event[c->ncond++] = e;
    } else {
      size_t p = c->npoisson;
      ok = (rates[2 * p] = lower_event_rate(L, e, false)) != IR_NONE &&
           (rates[2 * p + 1] = lower_event_rate(L, e, true)) != IR_NONE;
      if (ok && (ir_node(ir, rates[2 * p])->deps & (1u << IN_STATE | 1u << IN_SEED))) {
        bool random = ir_node(ir, rates[2 * p])->deps & (1u << IN_SEED);
        diag_error(diag, ev->st->src, ev->rate->loc, "a Poisson input's rate cannot %s",
                   random ? "be random" : "depend on the state variables");
        diag_note(diag, "its rate may use parameters, t and copy()");
        ok = false;
      }
      if (ok && ev->corr && (ir_node(ir, rates[2 * p + 1])->deps & ~(1u << IN_PARAM))) {
        diag_error(diag, ev->st->src, ev->corr->loc, "a Poisson input's correlation is one "
                   "number for all copies: it may use parameters only");
        ok = false;
      }
      c->poisson_event[c->npoisson++] = e;
    }
    for (size_t s = 0; s < S; s++) vals[s] = ir_input(ir, IN_STATE, (int)s);
    if (ok) ok = lower_event_block(L, e, vals);
    if (!ok) break;
    c->assigned[e] = xmalloc((S + 1) * sizeof **c->assigned);
    IrId *out = xmalloc((S + 1) * sizeof *out);
    for (size_t s = 0; s < S; s++)
      if (vals[s] != ir_input(ir, IN_STATE, (int)s)) {
        out[c->nassigned[e]] = vals[s];
        c->assigned[e][c->nassigned[e]++] = s;
      }
    c->action[e] = program_compile(ir, out, c->nassigned[e]);
    free(out);
    if (!c->action[e]) ok = false;
  }
  if (ok && c->ncond) ok = (c->cond = program_compile(ir, g, c->ncond)) != NULL;
  if (ok && c->npoisson) ok = (c->rates = program_compile(ir, rates, 2 * c->npoisson)) != NULL;
  free(g);
  free(rates);
  free(vals);
  return ok;
}

/* The events of a discrete model are part of its update: where an event's
 * condition holds, its block gives the next values (a later event's
 * assignment wins over an earlier one's); the conditions are also a program
 * of their own, for the spikes. */
static bool lower_events_discrete(Compiled *c, Lowerer *L, IrId flag)
{
  const Model *m = c->m;
  Ir *ir = &c->ir;
  size_t E = m->nevents, S = c->nstates;
  IrId *cond = xmalloc((E + 1) * sizeof *cond);
  IrId *vals = xmalloc((S + 1) * sizeof *vals);
  bool ok = true;
  c->cond_event = xmalloc((E + 1) * sizeof *c->cond_event);
  for (size_t e = 0; e < E && ok; e++) {
    IrId k = lower_event_cond(L, e);
    if (k == IR_NONE) {
      ok = false;
      break;
    }
    k = ir_op2(ir, OP_NE, k, ir_const(ir, 0));
    if (m->refractory) k = ir_op2(ir, OP_AND, k, ir_op1(ir, OP_NOT, flag));
    cond[c->ncond] = k;
    c->cond_event[c->ncond++] = e;
    for (size_t s = 0; s < S; s++) vals[s] = ir_input(ir, IN_STATE, (int)s);
    if (!(ok = lower_event_block(L, e, vals))) break;
    for (size_t s = 0; s < S; s++)
      if (vals[s] != ir_input(ir, IN_STATE, (int)s))
        c->deriv[s] = ir_op(ir, OP_SELECT, k, vals[s], c->deriv[s]);
  }
  if (ok && c->ncond) ok = (c->cond = program_compile(ir, cond, c->ncond)) != NULL;
  c->extra = xmalloc((c->ncond + 2) * sizeof *c->extra);
  memcpy(c->extra, cond, c->ncond * sizeof *cond);
  c->nextra = c->ncond;
  free(cond);
  free(vals);
  return ok;
}

static bool lower_events(Compiled *c, Lowerer *L, Diag *diag)
{
  const Model *m = c->m;
  Ir *ir = &c->ir;
  IrId flag = refractory_flag(c);
  bool ok = m->discrete ? lower_events_discrete(c, L, flag) : lower_events_continuous(c, L, diag);
  if (ok && m->refractory) {
    IrId d = lower_refractory(L);
    ok = d != IR_NONE && (c->refractory = program_compile(ir, &d, 1)) != NULL;
    if (ok && m->discrete) c->extra[c->nextra++] = d;
    /* Held: no change while refractory (a discrete update keeps the value). */
    for (size_t k = 0; ok && k < m->nheld; k++) {
      size_t s = m->held[k];
      IrId keep = m->discrete ? ir_input(ir, IN_STATE, (int)s) : ir_const(ir, 0);
      c->deriv[s] = ir_op(ir, OP_SELECT, flag, keep, c->deriv[s]);
    }
  }
  return ok;
}

/* f, J and df/dt in one program, for the stiff methods (compiled.h). */
static void compile_jacobian(Compiled *c)
{
  size_t S = c->nstates;
  if (S == 0 || S > COMPILED_MAX_JACOBIAN || c->grid || c->m->discrete) return;
  IrId *roots = xmalloc((2 * S + S * S + 1) * sizeof *roots);
  bool ok = true;
  for (size_t i = 0; i < S && ok; i++) {
    roots[i] = c->deriv[i];
    for (size_t j = 0; j < S && ok; j++)
      ok = (roots[S + i * S + j] = ir_diff(&c->ir, c->deriv[i], ir_input(&c->ir, IN_STATE, (int)j))) != IR_NONE;
    if (ok) ok = (roots[S + S * S + i] = ir_diff(&c->ir, c->deriv[i], ir_input(&c->ir, IN_TIME, 0))) != IR_NONE;
  }
  if (ok) c->rhs_jac = program_compile(&c->ir, roots, 2 * S + S * S);
  free(roots);
}

Compiled *compiled_new(Model *m, Diag *diag)
{
  Compiled *c = xcalloc(1, sizeof *c);
  c->m = m;
  c->nstates = m->nstates;
  c->nparams = m->nparams;
  c->ninters = m->ninters;
  c->refs = 1;
  ir_init(&c->ir);
  c->deriv = xmalloc((c->nstates + 1) * sizeof *c->deriv);
  c->jdiag = xmalloc((c->nstates + 1) * sizeof *c->jdiag);
  c->inter = xmalloc((c->ninters + 1) * sizeof *c->inter);
  if (!read_tables(c, diag)) {
    release(c);
    return NULL;
  }
  Lowerer *L = lower_new(&c->ir, m, LOWER_DYNAMICS, c->table_rows, diag);
  bool ok = true;
  for (size_t i = 0; i < c->nstates && ok; i++) ok = (c->deriv[i] = lower_deriv(L, i)) != IR_NONE;
  for (size_t j = 0; j < c->ninters && ok; j++) ok = (c->inter[j] = lower_inter(L, j)) != IR_NONE;
  if (ok && m->domain) ok = (c->grid = grid_compile(c, L, diag)) != NULL;
  if (ok) {
    int errors = diag->errors;
    ok = lower_events(c, L, diag);
    if (!ok && diag->errors == errors) /* a program did not fit */
      diag_usage(diag, "the model is too large to compile: one of its programs needs more than "
                       "%d values at once", PROGRAM_MAX_SLOTS);
  }
  lower_free(L);
  if (ok) ok = starts_ok(c, diag);
  if (!ok && diag->errors == 0) /* every failure says why; this one did not */
    diag_usage(diag, "internal error: the model could not be compiled");
  if (!ok) {
    release(c);
    return NULL;
  }

  /* Linear in its own variable: the derivative w.r.t. the state exists and
   * does not itself read the state. */
  for (size_t i = 0; i < c->nstates; i++) {
    IrId x = ir_input(&c->ir, IN_STATE, (int)i);
    IrId d = ir_diff(&c->ir, c->deriv[i], x);
    c->jdiag[i] = (d != IR_NONE && !ir_depends_on(&c->ir, d, x)) ? d : IR_NONE;
  }
  IrId *rhs_roots = xmalloc((c->nstates + c->nextra + 1) * sizeof *rhs_roots);
  memcpy(rhs_roots, c->deriv, c->nstates * sizeof *rhs_roots);
  if (c->nextra) memcpy(rhs_roots + c->nstates, c->extra, c->nextra * sizeof *rhs_roots);
  c->rhs = program_compile(&c->ir, rhs_roots, c->nstates + c->nextra);
  free(rhs_roots);
  IrId *both = xmalloc((2 * c->nstates + 1) * sizeof *both);
  IrId zero = ir_const(&c->ir, 0);
  for (size_t i = 0; i < c->nstates; i++) {
    both[i] = c->deriv[i];
    both[c->nstates + i] = c->jdiag[i] != IR_NONE ? c->jdiag[i] : zero;
  }
  c->rhs_jdiag = program_compile(&c->ir, both, 2 * c->nstates);
  free(both);
  compile_jacobian(c);
  /* Every probe is a part of the one of all intermediates: if that fits, they
   * all do. */
  size_t *all = xmalloc((c->ninters + 1) * sizeof *all);
  for (size_t j = 0; j < c->ninters; j++) all[j] = j;
  Program *probe = compiled_probe(c, all, c->ninters);
  free(all);
  bool fits = c->rhs && c->rhs_jdiag && probe;
  program_free(probe);
  if (!fits) {
    diag_usage(diag, "the model is too large to compile: one of its programs needs more than "
                     "%d values at once", PROGRAM_MAX_SLOTS);
    release(c);
    return NULL;
  }
  return c;
}

Compiled *compiled_ref(Compiled *c)
{
  c->refs++;
  return c;
}

void compiled_unref(Compiled *c)
{
  if (!c || --c->refs > 0) return;
  Model *m = c->m;
  release(c); /* reads the model's counts */
  model_free(m);
}

Program *compiled_probe(const Compiled *c, const size_t *inters, size_t n)
{
  IrId *roots = xmalloc((n + 1) * sizeof *roots);
  for (size_t j = 0; j < n; j++) roots[j] = c->inter[inters[j]];
  Program *p = program_compile(&c->ir, roots, n);
  free(roots);
  return p;
}

static char **deriv_labels(const Compiled *c)
{
  char **labels = xmalloc((c->nstates + 1) * sizeof *labels);
  for (size_t i = 0; i < c->nstates; i++) {
    const char *n = model_state_name(c->m, i);
    size_t len = strlen(n) + 5;
    labels[i] = xmalloc(len);
    snprintf(labels[i], len, "d%s/dt", n);
  }
  return labels;
}

static void free_labels(char **labels, size_t n)
{
  for (size_t i = 0; i < n; i++) free(labels[i]);
  free(labels);
}

void compiled_dump_ir(const Compiled *c, FILE *out)
{
  char **labels = deriv_labels(c);
  fprintf(out, "# right-hand side: %zu state%s\n", c->nstates, c->nstates == 1 ? "" : "s");
  ir_dump(&c->ir, c->deriv, (const char *const *)labels, c->nstates, compiled_input_name, c->m, out);
  for (size_t i = 0; i < c->nstates; i++)
    fprintf(out, "# d%s/dt is %s in %s\n", model_state_name(c->m, i),
            compiled_is_linear(c, i) ? "linear" : "not linear", model_state_name(c->m, i));
  free_labels(labels, c->nstates);
}

void compiled_dump_bytecode(const Compiled *c, FILE *out)
{
  char **labels = deriv_labels(c);
  fprintf(out, "# right-hand side\n");
  program_dump(c->rhs, compiled_input_name, c->m, (const char *const *)labels, out);
  free_labels(labels, c->nstates);
}
