/* grid.c: a model on a domain; see grid.h. */
#include "grid.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "compiled.h"
#include "instance.h"
#include "lower.h"
#include "mem.h"

/* ---- compiling ------------------------------------------------------------- */

void grid_free(CompiledGrid *g)
{
  if (!g) return;
  free(g->diffusing);
  free(g->end_value);
  program_free(g->shape);
  program_free(g->ends);
  free(g);
}

typedef struct Zero {
  Ir *ir;
  int32_t code; /* the input to replace */
} Zero;

static IrId map_zero(void *ctx, int32_t code)
{
  const Zero *z = ctx;
  return code == z->code ? ir_const(z->ir, 0) : IR_NONE;
}

/* What a coefficient of d2X/dx2 (and so the implicit solve) may depend on. */
enum { COEF_INPUTS = 1u << IN_PARAM | 1u << IN_INDEX | 1u << IN_COUNT };

static bool coefficient(Compiled *c, size_t s, IrId *out, Diag *diag)
{
  Ir *ir = &c->ir;
  const Stmt *st = c->m->states[s];
  IrId lap = ir_input(ir, IN_SPATIAL, (int)s);
  IrId d = ir_diff(ir, c->deriv[s], lap);
  const char *dom = c->m->domain->name;
  if (d == IR_NONE || ir_depends_on(ir, d, lap)) {
    diag_error(diag, st->src, st->value->loc, "d%s/dt must be linear in d2%s/d%s2: "
               "D*d2%s/d%s2 + (terms without it)", st->name, st->name, dom, st->name, dom);
    return false;
  }
  uint32_t deps = ir_node(ir, d)->deps;
  if (deps & ~(uint32_t)COEF_INPUTS) {
    const char *what = deps & (1u << IN_STATE) ? "the state variables"
                       : deps & (1u << IN_TIME) ? "the time" : "random draws";
    diag_error(diag, st->src, st->value->loc, "the coefficient of d2%s/d%s2 cannot depend on %s",
               st->name, dom, what);
    diag_note(diag, "it may use parameters and %s (the diffusion is solved implicitly with "
                    "its coefficient fixed)", dom);
    return false;
  }
  *out = d;
  return true;
}

/* A condition on dX/dx solved for it: a*dX/dx + r = 0 gives dX/dx = -r/a. */
static bool slope_given(Compiled *c, const ModelBoundary *b, IrId lhs, IrId rhs, IrId *out,
                        Diag *diag)
{
  Ir *ir = &c->ir;
  IrId grad = ir_input(ir, IN_GRAD, (int)b->state);
  IrId f = ir_op2(ir, OP_SUB, lhs, rhs);
  IrId a = ir_diff(ir, f, grad);
  const char *v = model_state_name(c->m, b->state), *dom = c->m->domain->name;
  if (a == IR_NONE || ir_depends_on(ir, a, grad) || ir_is_const(ir, a, 0)) {
    diag_error(diag, b->st->src, b->st->lhs->loc, "a boundary condition must be linear in "
               "d%s/d%s (e.g. -k*d%s/d%s = I)", v, dom, v, dom);
    return false;
  }
  Zero z = {ir, ir_input_code(IN_GRAD, (int)b->state)};
  IrId r = ir_subst(ir, f, map_zero, &z);
  *out = ir_op2(ir, OP_DIV, ir_op1(ir, OP_NEG, r), a);
  return true;
}

static bool end_program(CompiledGrid *g, Compiled *c, struct Lowerer *L, Diag *diag)
{
  const Model *m = c->m;
  Ir *ir = &c->ir;
  size_t C = g->ndiff;
  IrId *roots = xmalloc((4 * C + 1) * sizeof *roots);
  IrId zero = ir_const(ir, 0);
  bool ok = true;
  for (size_t k = 0; k < 4 * C; k++) roots[k] = zero; /* sealed */
  for (size_t i = 0; i < m->nbounds && ok; i++) {
    const ModelBoundary *b = &m->bounds[i];
    size_t comp = 0;
    while (g->diffusing[comp] != b->state) comp++;
    size_t slot = 2 * comp + (size_t)b->end;
    IrId lhs, rhs;
    if (!(ok = lower_boundary(L, i, &lhs, &rhs))) break;
    g->end_value[slot] = b->value;
    if (b->value) {
      IrId rate = ir_diff(ir, rhs, ir_input(ir, IN_TIME, 0));
      if (rate == IR_NONE) {
        diag_error(diag, b->st->src, b->st->value->loc, "a clamped value must be smooth in t "
                   "(its rate of change is used)");
        ok = false;
        break;
      }
      roots[2 * slot] = rhs;
      roots[2 * slot + 1] = rate;
    } else {
      ok = slope_given(c, b, lhs, rhs, &roots[2 * slot], diag);
    }
  }
  if (ok) ok = (g->ends = program_compile(ir, roots, 4 * C)) != NULL;
  free(roots);
  return ok;
}

CompiledGrid *grid_compile(Compiled *c, struct Lowerer *L, Diag *diag)
{
  const Model *m = c->m;
  Ir *ir = &c->ir;
  CompiledGrid *g = xcalloc(1, sizeof *g);
  g->diffusing = xmalloc((m->nstates + 1) * sizeof *g->diffusing);
  for (size_t s = 0; s < m->nstates; s++)
    if (m->diffuses[s]) g->diffusing[g->ndiff++] = s;
  g->end_value = xcalloc(2 * g->ndiff + 1, sizeof *g->end_value);
  IrId *shape = xmalloc((g->ndiff + 3) * sizeof *shape);
  IrId points;
  lower_grid(L, &shape[0], &shape[1], &points);
  bool ok = true;
  for (size_t k = 0; k < g->ndiff && ok; k++) ok = coefficient(c, g->diffusing[k], &shape[2 + k], diag);
  if (ok) ok = (g->shape = program_compile(ir, shape, g->ndiff + 2)) != NULL;
  free(shape);
  if (ok) ok = end_program(g, c, L, diag);
  if (!ok) {
    grid_free(g);
    return NULL;
  }
  return g;
}

bool grid_shape(const Compiled *c, const Override *params, size_t nparams, GridShape *shape,
                Diag *diag)
{
  const Stmt *d = c->m->domain;
  Ir ir;
  ir_init(&ir);
  Lowerer *L = lower_new(&ir, c->m, LOWER_SETUP, c->table_rows, diag);
  lower_set_overrides(L, params, nparams, NULL, 0);
  IrId lo, hi, points;
  lower_grid(L, &lo, &hi, &points);
  lower_free(L);
  bool consts = ir_node(&ir, lo)->op == IR_CONST && ir_node(&ir, hi)->op == IR_CONST &&
                ir_node(&ir, points)->op == IR_CONST;
  double a = consts ? ir_node(&ir, lo)->value : 0, b = consts ? ir_node(&ir, hi)->value : 0;
  double n = consts ? ir_node(&ir, points)->value : 0;
  ir_free(&ir);
  bool ok = false;
  if (!consts) {
    if (diag) diag_error(diag, d->src, d->loc, "the domain '%s' must have one extent and one "
                         "number of points (they cannot vary from point to point)", d->name);
  } else if (!(n >= 3 && n == floor(n) && n <= 1e8)) {
    if (diag) {
      diag_error(diag, d->src, d->value->loc, "the domain '%s' needs a whole number of points, "
                 "at least 3 (both ends and one inside), not %g", d->name, n);
      diag_note(diag, "points include both ends: x_k = k*L/(n - 1)");
    }
  } else if (!(b > a) || !isfinite(b - a)) {
    if (diag) diag_error(diag, d->src, loc_span(d->lo->loc, d->hi->loc), "the domain '%s' = "
                         "[%g, %g] is empty: its length must be more than 0", d->name, a, b);
  } else {
    ok = true;
    shape->lo = a;
    shape->hi = b;
    shape->n = (size_t)n;
    shape->dx = (b - a) / (n - 1);
  }
  return ok;
}

/* ---- a run ------------------------------------------------------------------ */

static int ends_at(void *ctx, double t, DiffusionEnd *ends);

void grid_instance_init(Instance *in)
{
  const CompiledGrid *cg = in->c->grid;
  size_t C = cg->ndiff, N = in->N, S = in->c->nstates;
  InstanceGrid *g = xcalloc(1, sizeof *g);
  in->grid = g;
  g->coef = xcalloc(C + 1, sizeof *g->coef);
  g->coef_store = xcalloc(C * N + 1, sizeof *g->coef_store);
  g->offset = xcalloc(C + 1, sizeof *g->offset);
  for (size_t k = 0; k < C; k++) {
    g->coef[k] = g->coef_store + k * N;
    g->offset[k] = layout_offset(&in->layout, cg->diffusing[k], 0);
  }
  g->spatial = xcalloc(S * N + 1, sizeof *g->spatial);
  g->ends = xcalloc(2 * C + 1, sizeof *g->ends);
  g->end_vals = xcalloc(4 * C + 1, sizeof *g->end_vals);
  g->end_outs = xcalloc(4 * C + 1, sizeof *g->end_outs);
  for (size_t k = 0; k < 4 * C; k++) g->end_outs[k] = g->end_vals + k;
  g->op.n = N;
  g->op.ncomp = C;
  g->op.offset = g->offset;
  g->op.coef = g->coef;
  g->op.ends = ends_at;
  g->op.ctx = in;
}

void grid_instance_free(Instance *in)
{
  InstanceGrid *g = in->grid;
  if (!g) return;
  free(g->coef);
  free(g->coef_store);
  free(g->offset);
  free(g->spatial);
  free(g->ends);
  free(g->end_vals);
  free(g->end_outs);
  free(g);
  in->grid = NULL;
}

void grid_instance_update(Instance *in)
{
  InstanceGrid *g = in->grid;
  size_t C = in->c->grid->ndiff, N = in->N;
  double **outs = xmalloc((C + 3) * sizeof *outs);
  double *ends = xmalloc((2 * N + 1) * sizeof *ends);
  outs[0] = ends;
  outs[1] = ends + N;
  for (size_t k = 0; k < C; k++) outs[2 + k] = g->coef[k];
  instance_exec(in, &in->grid_shape, 0, NULL, outs);
  g->shape.n = N;
  g->shape.lo = N ? ends[0] : 0;
  g->shape.hi = N ? ends[N] : 0;
  g->shape.dx = N > 1 ? (g->shape.hi - g->shape.lo) / (double)(N - 1) : 1;
  g->op.dx = g->shape.dx;
  free(ends);
  free(outs);
}

/* The ends' conditions at t: one evaluation (they are the same for every point). */
static int ends_at(void *ctx, double t, DiffusionEnd *ends)
{
  Instance *in = ctx;
  InstanceGrid *g = in->grid;
  const CompiledGrid *cg = in->c->grid;
  instance_exec_once(in, &in->grid_ends, t, g->end_outs);
  for (size_t k = 0; k < 2 * cg->ndiff; k++) {
    ends[k].value = cg->end_value[k];
    ends[k].given = g->end_vals[2 * k];
    ends[k].rate = g->end_vals[2 * k + 1];
  }
  return 0;
}

int grid_before_rhs(Instance *in, double t, const double *y)
{
  InstanceGrid *g = in->grid;
  const CompiledGrid *cg = in->c->grid;
  int rc = ends_at(in, t, g->ends);
  if (rc) return rc;
  for (size_t k = 0; k < cg->ndiff; k++)
    diffusion_second_derivative(&g->op, y + g->offset[k], g->ends + 2 * k,
                                g->spatial + cg->diffusing[k] * in->N);
  return 0;
}

void grid_after_rhs(Instance *in, double *dydt)
{
  InstanceGrid *g = in->grid;
  size_t C = in->c->grid->ndiff, N = in->N;
  for (size_t k = 0; k < C; k++) {
    if (g->ends[2 * k].value) dydt[g->offset[k]] = g->ends[2 * k].rate;
    if (g->ends[2 * k + 1].value) dydt[g->offset[k] + N - 1] = g->ends[2 * k + 1].rate;
  }
}

void grid_impose_ends(Instance *in, double t, double *y)
{
  InstanceGrid *g = in->grid;
  size_t C = in->c->grid->ndiff, N = in->N;
  ends_at(in, t, g->ends);
  for (size_t k = 0; k < C; k++) {
    if (g->ends[2 * k].value) y[g->offset[k]] = g->ends[2 * k].given;
    if (g->ends[2 * k + 1].value) y[g->offset[k] + N - 1] = g->ends[2 * k + 1].given;
  }
}
