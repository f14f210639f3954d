/* instance.c: a population of a compiled model; see instance.h. */
#include "instance.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "lower.h"

/* ---- parameter values ------------------------------------------------------ */

void params_init(ParamValues *p, size_t nparams, size_t N)
{
  p->nparams = nparams;
  p->N = N;
  p->scalar = xcalloc(nparams + 1, sizeof *p->scalar);
  p->array = xcalloc(nparams + 1, sizeof *p->array);
}

void params_free(ParamValues *p)
{
  for (size_t i = 0; p->array && i < p->nparams; i++) free(p->array[i]);
  free(p->array);
  free(p->scalar);
  p->array = NULL;
  p->scalar = NULL;
}

void params_copy(ParamValues *dst, const ParamValues *src)
{
  params_init(dst, src->nparams, src->N);
  memcpy(dst->scalar, src->scalar, (src->nparams + 1) * sizeof *src->scalar);
  for (size_t i = 0; i < src->nparams; i++)
    if (src->array[i]) {
      dst->array[i] = xmalloc(src->N * sizeof(double));
      memcpy(dst->array[i], src->array[i], src->N * sizeof(double));
    }
}

/* ---- bindings -------------------------------------------------------------- */

static void binding_init(Binding *b, const Program *p)
{
  memset(b, 0, sizeof *b);
  if (!p) return;
  b->prog = p;
  b->in = xcalloc(p->ninputs + 1, sizeof *b->in);
  b->moving = xcalloc(p->ninputs + 1, sizeof *b->moving);
  b->nmoving = 0;
  b->frame = vm_frame_new(p);
  for (size_t j = 0; j < p->ninputs; j++) {
    InputKind k = ir_input_kind(p->inputs[j]);
    if (k == IN_STATE || k == IN_TIME || k == IN_STEP || k == IN_H) b->moving[b->nmoving++] = j;
  }
}

static void binding_free(Binding *b)
{
  if (!b->prog) return;
  for (unsigned m = 0; m < b->nparts; m++) {
    vm_frame_free(b->part_frame[m]);
    free(b->part_in[m]);
    free(b->part_out[m]);
  }
  free(b->part_frame);
  free(b->part_in);
  free(b->part_out);
  vm_frame_free(b->frame);
  free(b->in);
  free(b->moving);
}

/* Each copy's index, made when first wanted: a population whose programs
 * never read i does not keep an array of N for it (8 MB for a million
 * copies). */
static double *index_array(Instance *in)
{
  if (!in->index) {
    in->index = xmalloc((in->cap + 1) * sizeof *in->index);
    for (size_t k = 0; k < in->N; k++) in->index[k] = (double)k;
  }
  return in->index;
}

/* Copy k's index, without making the array. */
static double copy_index(const Instance *in, size_t k)
{
  return in->index ? in->index[k] : (double)k;
}

/* What does not change during a run: parameters (after every change of
 * their values), the seed, the copies' indices and count, the discrete
 * store (whose arrays stay in place). */
static void binding_params(Binding *b, Instance *in)
{
  if (!b->prog) return;
  for (size_t j = 0; j < b->prog->ninputs; j++) {
    int idx = ir_input_index(b->prog->inputs[j]);
    VmInput *v = &b->in[j];
    switch (ir_input_kind(b->prog->inputs[j])) {
    case IN_PARAM:
      v->array = in->params.array[idx];
      v->scalar = in->params.scalar[idx];
      break;
    case IN_SEED: v->array = NULL, v->scalar = in->seed; break;
    case IN_COUNT: v->array = NULL, v->scalar = in->count; break;
    case IN_INDEX: v->array = index_array(in); break;
    case IN_DISCRETE: v->array = in->refractory; break;
    case IN_TABLE: v->array = in->c->tables[idx].data; break;
    case IN_SPATIAL: v->array = in->grid->spatial + (size_t)idx * in->N; break;
    default: break;
    }
  }
}

/* States, time, the step: at every call. */
static const VmInput *binding_bind(Binding *b, const Instance *in, double t, const double *y)
{
  for (size_t k = 0; k < b->nmoving; k++) {
    size_t j = b->moving[k];
    int32_t code = b->prog->inputs[j];
    switch (ir_input_kind(code)) {
    case IN_STATE:
      b->in[j].array = y + layout_offset(&in->layout, (size_t)ir_input_index(code), 0);
      break;
    case IN_STEP: b->in[j].scalar = in->step; break;
    case IN_H:
      b->in[j].array = in->h_array;
      b->in[j].scalar = in->h;
      break;
    default:
      b->in[j].array = in->t_array;
      b->in[j].scalar = t;
      break;
    }
  }
  return b->in;
}

static void rebind(Instance *in)
{
  binding_params(&in->rhs, in);
  binding_params(&in->rhs_jdiag, in);
  binding_params(&in->rhs_jac, in);
  binding_params(&in->cond, in);
  binding_params(&in->refr, in);
  binding_params(&in->rates, in);
  for (size_t e = 0; in->action && e < in->c->m->nevents; e++) binding_params(&in->action[e], in);
  if (in->grid) {
    binding_params(&in->grid_shape, in);
    binding_params(&in->grid_ends, in);
    grid_instance_update(in);
  }
}

/* ---- the instance ---------------------------------------------------------- */

Instance *instance_new(Compiled *c, size_t N)
{
  Instance *in = xcalloc(1, sizeof *in);
  in->c = compiled_ref(c);
  in->N = N;
  layout_population(&in->layout, c->m, N);
  params_init(&in->params, c->nparams, N);
  in->cap = N;
  in->count = (double)N;
  binding_init(&in->rhs, c->rhs);
  binding_init(&in->rhs_jdiag, c->rhs_jdiag);
  binding_init(&in->rhs_jac, c->rhs_jac);
  binding_init(&in->cond, c->cond);
  binding_init(&in->refr, c->refractory);
  binding_init(&in->rates, c->rates);
  if (c->action) {
    in->action = xcalloc(c->m->nevents + 1, sizeof *in->action);
    for (size_t e = 0; e < c->m->nevents; e++) binding_init(&in->action[e], c->action[e]);
  }
  in->map_extra = xmalloc((c->nextra * N + 1) * sizeof *in->map_extra);
  size_t nout = 2 * c->nstates + c->nextra;
  if (c->ncond > nout) nout = c->ncond;
  if (2 * c->npoisson > nout) nout = 2 * c->npoisson;
  in->outputs = xcalloc(nout + 1, sizeof *in->outputs);
  if (c->rhs_jac) in->jac_outputs = xcalloc(c->rhs_jac->noutputs + 1, sizeof *in->jac_outputs);
  in->refractory = xcalloc(N + 1, sizeof *in->refractory);
  in->ref_end = xmalloc((N + 1) * sizeof *in->ref_end);
  size_t P = c->npoisson;
  in->budget = xmalloc((P * N + 1) * sizeof *in->budget);
  in->arrivals = xmalloc((P * N + 1) * sizeof *in->arrivals);
  in->mother_budget = xmalloc((P + 1) * sizeof *in->mother_budget);
  in->mother_arrivals = xmalloc((P + 1) * sizeof *in->mother_arrivals);
  if (c->grid) {
    binding_init(&in->grid_shape, c->grid->shape);
    binding_init(&in->grid_ends, c->grid->ends);
    grid_instance_init(in);
  }
  instance_reset_events(in);
  in->h = 1;
  rebind(in);
  return in;
}

void instance_reset_events(Instance *in)
{
  size_t N = in->N, P = in->c->npoisson;
  /* Without events they are never read (refractory stays calloc's zeros):
   * a population of millions does not touch two arrays for nothing. */
  if (!in->c->m->nevents) return;
  for (size_t k = 0; k < N; k++) in->ref_end[k] = -INFINITY, in->refractory[k] = 0;
  /* NaN: not drawn yet (the first draw needs the run's seed). */
  for (size_t i = 0; i < P * N; i++) in->budget[i] = NAN, in->arrivals[i] = 0;
  for (size_t p = 0; p < P; p++) in->mother_budget[p] = NAN, in->mother_arrivals[p] = 0;
}

void instance_gather(Instance *sub, const Instance *from, const size_t *copies, size_t m)
{
  size_t P = from->c->nparams;
  sub->N = m;
  layout_population(&sub->layout, sub->c->m, m);
  sub->seed = from->seed;
  sub->step = from->step;
  sub->h = from->h;
  sub->count = from->count;
  for (size_t p = 0; p < P; p++) {
    sub->params.scalar[p] = from->params.scalar[p];
    const double *v = from->params.array[p];
    if (!v) {
      free(sub->params.array[p]);
      sub->params.array[p] = NULL;
      continue;
    }
    if (!sub->params.array[p]) sub->params.array[p] = xmalloc((sub->cap + 1) * sizeof(double));
    for (size_t k = 0; k < m; k++) sub->params.array[p][k] = v[copies[k]];
  }
  double *index = index_array(sub);
  for (size_t k = 0; k < m; k++) {
    index[k] = copy_index(from, copies[k]);
    sub->refractory[k] = from->refractory[copies[k]];
  }
  rebind(sub);
}

/* ---- running a program: one thread or a crew, the VM or native code ------- */

typedef struct Split {
  Binding *b;
  const VmInput *vin;
  double *const *outs;
  size_t n;
  unsigned members;
} Split;

static void run_part(Binding *b, VmFrame *frame, const VmInput *vin, double *const *outs, size_t n)
{
  if (b->native) native_exec(b->native, vin, outs, n);
  else vm_exec(frame, vin, outs, n);
}

/* Member m's blocks: its inputs and outputs offset to them. */
static void split_member(void *ctx, unsigned m)
{
  Split *s = ctx;
  Binding *b = s->b;
  const Program *p = b->prog;
  unsigned long lo, hi, nblocks = (s->n + VM_BLOCK - 1) / VM_BLOCK;
  crew_share(m, s->members, nblocks, &lo, &hi);
  size_t off = lo * VM_BLOCK, end = hi * VM_BLOCK < s->n ? hi * VM_BLOCK : s->n;
  if (end <= off) return;
  VmInput *in = b->part_in[m];
  double **out = b->part_out[m];
  for (size_t j = 0; j < p->ninputs; j++) {
    in[j] = s->vin[j];
    if (in[j].array && ir_input_kind(p->inputs[j]) != IN_TABLE) in[j].array += off;
  }
  for (size_t j = 0; j < p->noutputs; j++) out[j] = s->outs[j] + off;
  run_part(b, m ? b->part_frame[m] : b->frame, in, out, end - off);
}

/* Sharing a call out costs some microseconds: only worth it above about
 * this many element operations per member. */
#define SPLIT_WORTH 65536.0

/* The program over n elements.  Shared out when there is a crew and enough
 * work for it (a few blocks each); a program with operations across
 * elements runs whole (its sums are over the population). */
static void binding_exec(Instance *in, Binding *b, const VmInput *vin, double *const *outs, size_t n)
{
  unsigned members = crew_size(in->crew);
  const Program *p = b->prog;
  if (members < 2 || n < (size_t)members * 4 * VM_BLOCK || p->ncross || p->nstages > 1 ||
      (double)n * (double)(p->ncode + 1) < SPLIT_WORTH * members) {
    run_part(b, b->frame, vin, outs, n);
    return;
  }
  if (b->nparts < members) {
    b->part_frame = xrealloc(b->part_frame, members * sizeof *b->part_frame);
    b->part_in = xrealloc(b->part_in, members * sizeof *b->part_in);
    b->part_out = xrealloc(b->part_out, members * sizeof *b->part_out);
    for (unsigned m = b->nparts; m < members; m++) {
      b->part_frame[m] = m ? vm_frame_new(p) : NULL;
      b->part_in[m] = xcalloc(p->ninputs + 1, sizeof **b->part_in);
      b->part_out[m] = xcalloc(p->noutputs + 1, sizeof **b->part_out);
    }
    b->nparts = members;
  }
  Split s = {b, vin, outs, n, members};
  crew_run(in->crew, split_member, &s);
}

void instance_use(Instance *in, Crew *crew, const NativeCode *rhs)
{
  in->crew = crew;
  in->rhs.native = rhs;
}

void instance_exec(Instance *in, Binding *b, double t, const double *y, double *const *outs)
{
  const VmInput *vin = binding_bind(b, in, t, y);
  binding_exec(in, b, vin, outs, in->N);
}

void instance_where(const Instance *in, size_t copy, char *buf, size_t size)
{
  if (in->grid)
    snprintf(buf, size, " at %s = %g", in->c->m->domain->name,
             in->grid->shape.lo + (double)copy * in->grid->shape.dx);
  else if (in->N > 1)
    snprintf(buf, size, " in copy %zu", copy);
  else if (size)
    buf[0] = '\0';
}

void instance_exec_once(Instance *in, Binding *b, double t, double *const *outs)
{
  const VmInput *vin = binding_bind(b, in, t, NULL);
  vm_exec(b->frame, vin, outs, 1);
}

void instance_set_seed(Instance *in, double seed)
{
  in->seed = seed;
  rebind(in);
}

void instance_free(Instance *in)
{
  if (!in) return;
  binding_free(&in->rhs);
  binding_free(&in->rhs_jdiag);
  binding_free(&in->rhs_jac);
  binding_free(&in->cond);
  binding_free(&in->refr);
  binding_free(&in->rates);
  for (size_t e = 0; in->action && e < in->c->m->nevents; e++) binding_free(&in->action[e]);
  free(in->action);
  binding_free(&in->grid_shape);
  binding_free(&in->grid_ends);
  grid_instance_free(in);
  params_free(&in->params);
  free(in->outputs);
  free(in->jac_outputs);
  free(in->index);
  free(in->refractory);
  free(in->ref_end);
  free(in->budget);
  free(in->arrivals);
  free(in->mother_budget);
  free(in->mother_arrivals);
  free(in->map_extra);
  compiled_unref((Compiled *)in->c);
  free(in);
}

void instance_set_param(Instance *in, size_t p, double value)
{
  free(in->params.array[p]);
  in->params.array[p] = NULL;
  in->params.scalar[p] = value;
  rebind(in);
}

void instance_set_param_array(Instance *in, size_t p, const double *values)
{
  if (!in->params.array[p]) in->params.array[p] = xmalloc((in->cap + 1) * sizeof(double));
  memcpy(in->params.array[p], values, in->N * sizeof(double));
  in->params.scalar[p] = in->N ? values[0] : 0;
  rebind(in);
}

void instance_set_params(Instance *in, const ParamValues *values)
{
  params_free(&in->params);
  params_copy(&in->params, values);
  rebind(in);
}

/* A value that is not finite is refused where it can be said which one and
 * where it was set, not as a blow-up at t = 0. */
static bool all_finite_values(const Instance *in, size_t nroots, const double *const *vals,
                              const size_t *stride, const Override *params, size_t nparams,
                              const Override *inits, size_t ninits, Diag *diag)
{
  const Compiled *c = in->c;
  size_t N = in->N;
  bool ok = true;
  for (size_t r = 0; r < nroots && N; r++) {
    bool is_param = r < c->nparams;
    size_t idx = is_param ? r : r - c->nparams;
    const double *v = vals[r];
    size_t step = stride[r];
    size_t k = 0;
    while (k < N && isfinite(v[k * step])) k++;
    if (k == N) continue;
    const char *name = is_param ? model_param_name(c->m, idx) : model_state_name(c->m, idx);
    const Override *o = NULL;
    const Override *list = is_param ? params : inits;
    size_t nl = is_param ? nparams : ninits;
    for (size_t i = 0; i < nl; i++)
      if (strcmp(list[i].name, name) == 0) o = &list[i];
    const Stmt *st = is_param ? c->m->params[idx] : c->m->inits[idx];
    size_t bad = 0;
    for (size_t j = k; j < N; j++) bad += !isfinite(v[j * step]);
    char where[64] = "";
    if (N > 1 && bad == N) snprintf(where, sizeof where, " in every copy");
    else if (N > 1 && bad == 1) snprintf(where, sizeof where, " for copy %zu", k);
    else if (N > 1) snprintf(where, sizeof where, " for copy %zu and %zu others", k, bad - 1);
    const char *what = isnan(v[k * step]) ? "NaN" : "infinite";
    const char *kind = is_param ? "parameter" : "the initial value of";
    if (o) diag_error(diag, o->src, o->value->loc, "%s '%s' is %s%s", kind, name, what, where);
    else if (st) diag_error(diag, st->src, st->value->loc, "%s '%s' is %s%s", kind, name, what, where);
    else diag_usage(diag, "the initial value of '%s' is %s%s", name, what, where);
    ok = false;
  }
  return ok;
}

bool instance_setup(Instance *in, const Override *params, size_t nparams, const Override *inits,
                    size_t ninits, double *y0, Diag *diag)
{
  const Compiled *c = in->c;
  size_t N = in->N;
  GridShape shape;
  if (c->grid) {
    if (!grid_shape(c, params, nparams, &shape, diag)) return false;
    if (shape.n != N) {
      diag_usage(diag, "internal error: a grid of %zu points run as %zu", shape.n, N);
      return false;
    }
  }
  Ir ir;
  ir_init(&ir);
  Lowerer *L = lower_new(&ir, c->m, LOWER_SETUP, c->table_rows, diag);
  lower_set_overrides(L, params, nparams, inits, ninits);
  size_t nroots = c->nparams + c->nstates;
  IrId *roots = xmalloc((nroots + 1) * sizeof *roots);
  bool ok = true;
  for (size_t p = 0; p < c->nparams && ok; p++) ok = (roots[p] = lower_param(L, p)) != IR_NONE;
  for (size_t i = 0; i < c->nstates && ok; i++)
    ok = (roots[c->nparams + i] = lower_init(L, i)) != IR_NONE;
  lower_free(L);
  if (!ok) {
    free(roots);
    ir_free(&ir);
    return false;
  }

  Program *prog = program_compile(&ir, roots, nroots);
  if (!prog) {
    diag_usage(diag, "the starting values are too many to compile (more than %d at once)",
               PROGRAM_MAX_SLOTS);
    free(roots);
    ir_free(&ir);
    return false;
  }
  /* A few thousand copies at a time: a parameter that is the same in every
   * copy keeps one value, one that varies gets its array, the initial
   * values go straight into y0 -- never nparams arrays of N at once. */
  enum { CHUNK = 4096 };
  size_t chunk = N < CHUNK ? (N ? N : 1) : CHUNK;
  VmFrame *frame = vm_frame_new(prog);
  VmInput *vin = xcalloc(prog->ninputs + 1, sizeof *vin);
  ParamValues pv;
  params_init(&pv, c->nparams, N);
  bool *uniform = xcalloc(c->nparams + 1, sizeof *uniform);
  double *scratch = xmalloc((c->nparams * chunk + 1) * sizeof *scratch);
  for (size_t p = 0; p < c->nparams; p++) {
    uniform[p] = !(ir.nodes[roots[p]].deps & (1u << IN_INDEX));
    if (!uniform[p]) pv.array[p] = xmalloc((N ? N : 1) * sizeof(double));
  }
  double **out = xmalloc((nroots + 1) * sizeof *out);
  double *iota = xmalloc((chunk + 1) * sizeof *iota); /* the chunk's indices */
  for (size_t off = 0; off < N; off += chunk) {
    size_t m = N - off < chunk ? N - off : chunk;
    for (size_t k = 0; k < m; k++) iota[k] = copy_index(in, off + k);
    for (size_t j = 0; j < prog->ninputs; j++) {
      InputKind kind = ir_input_kind(prog->inputs[j]);
      if (kind == IN_INDEX) vin[j].array = iota;
      else if (kind == IN_COUNT) vin[j].scalar = (double)N;
      else if (kind == IN_SEED) vin[j].scalar = in->seed;
      else if (kind == IN_STEP) vin[j].scalar = 0; /* starting values: step 0, their own streams */
      else if (kind == IN_TABLE) vin[j].array = c->tables[ir_input_index(prog->inputs[j])].data;
    }
    for (size_t p = 0; p < c->nparams; p++)
      out[p] = uniform[p] ? scratch + p * chunk : pv.array[p] + off;
    for (size_t i = 0; i < c->nstates; i++)
      out[c->nparams + i] = y0 + layout_offset(&in->layout, i, 0) + off;
    vm_exec(frame, vin, out, m);
    if (off == 0)
      for (size_t p = 0; p < c->nparams; p++) pv.scalar[p] = out[p][0];
  }
  /* The same in every copy: one value, said of every copy when it is bad. */
  const double **vals = xmalloc((nroots + 1) * sizeof *vals);
  size_t *stride = xmalloc((nroots + 1) * sizeof *stride);
  for (size_t p = 0; p < c->nparams; p++) {
    vals[p] = uniform[p] ? &pv.scalar[p] : pv.array[p];
    stride[p] = uniform[p] ? 0 : 1;
  }
  for (size_t i = 0; i < c->nstates; i++) {
    vals[c->nparams + i] = y0 + layout_offset(&in->layout, i, 0);
    stride[c->nparams + i] = 1;
  }
  ok = all_finite_values(in, nroots, vals, stride, params, nparams, inits, ninits, diag);
  if (ok) {
    params_free(&in->params);
    in->params = pv;
    rebind(in);
    if (in->grid) grid_impose_ends(in, 0, y0);
  } else {
    params_free(&pv);
  }
  free(vals);
  free(stride);
  free(uniform);
  free(scratch);
  free(out);
  free(iota);
  free(vin);
  vm_frame_free(frame);
  program_free(prog);
  free(roots);
  ir_free(&ir);
  return ok;
}

bool instance_rhs_nonfinite(Instance *in, double t, const double *y, size_t *state, size_t *copy,
                            double *value)
{
  const Program *p = in->rhs.prog;
  size_t S = in->c->nstates, N = in->N;
  /* A grid's ends, a sum over the population, a map's extras: the whole. */
  bool whole = in->grid || p->ncross || p->nstages > 1 || in->c->nextra;
  size_t chunk = whole || N < 4096 ? N : 4096;
  double *f = xmalloc((S * chunk + 1) * sizeof *f);
  bool found = false;
  if (whole) {
    if (instance_rhs(in, t, y, f) == 0)
      for (size_t i = 0; i < S * N && !found; i++)
        if (!isfinite(f[i])) {
          layout_locate(&in->layout, i, state, copy);
          *value = f[i];
          found = true;
        }
    free(f);
    return found;
  }
  const VmInput *vin = binding_bind(&in->rhs, in, t, y);
  VmInput *part = xcalloc(p->ninputs + 1, sizeof *part);
  double **outs = xcalloc(S + 1, sizeof *outs);
  for (size_t off = 0; off < N; off += chunk) {
    size_t m = N - off < chunk ? N - off : chunk;
    for (size_t j = 0; j < p->ninputs; j++) {
      part[j] = vin[j];
      if (part[j].array && ir_input_kind(p->inputs[j]) != IN_TABLE) part[j].array += off;
    }
    for (size_t v = 0; v < S; v++) outs[v] = f + v * m;
    run_part(&in->rhs, in->rhs.frame, part, outs, m);
    /* The first in the state vector's order: state, then copy. */
    for (size_t v = 0; v < S && (!found || v <= *state); v++)
      for (size_t k = 0; k < m; k++)
        if (!isfinite(f[v * m + k])) {
          if (!found || v < *state) *state = v, *copy = off + k, *value = f[v * m + k];
          found = true;
          break;
        }
  }
  free(part);
  free(outs);
  free(f);
  return found;
}

int instance_rhs(void *ctx, double t, const double *y, double *dydt)
{
  Instance *in = ctx;
  int rc;
  if (in->grid && (rc = grid_before_rhs(in, t, y))) return rc;
  const VmInput *vin = binding_bind(&in->rhs, in, t, y);
  size_t S = in->c->nstates;
  for (size_t i = 0; i < S; i++) in->outputs[i] = dydt + layout_offset(&in->layout, i, 0);
  for (size_t j = 0; j < in->c->nextra; j++) in->outputs[S + j] = in->map_extra + j * in->N;
  binding_exec(in, &in->rhs, vin, in->outputs, in->N);
  if (in->grid) grid_after_rhs(in, dydt);
  return 0;
}

int instance_rhs_jdiag(void *ctx, double t, const double *y, double *dydt, double *jdiag)
{
  Instance *in = ctx;
  size_t S = in->c->nstates;
  int rc;
  if (in->grid && (rc = grid_before_rhs(in, t, y))) return rc;
  const VmInput *vin = binding_bind(&in->rhs_jdiag, in, t, y);
  for (size_t i = 0; i < S; i++) {
    in->outputs[i] = dydt + layout_offset(&in->layout, i, 0);
    in->outputs[S + i] = jdiag + layout_offset(&in->layout, i, 0);
  }
  binding_exec(in, &in->rhs_jdiag, vin, in->outputs, in->N);
  if (in->grid) grid_after_rhs(in, dydt);
  return 0;
}

int instance_rhs_jac(void *ctx, double t, const double *y, double *dydt, double *jac, double *dfdt)
{
  Instance *in = ctx;
  size_t S = in->c->nstates, N = in->N;
  const VmInput *vin = binding_bind(&in->rhs_jac, in, t, y);
  double **out = in->jac_outputs;
  for (size_t i = 0; i < S; i++) {
    out[i] = dydt + layout_offset(&in->layout, i, 0);
    out[S + S * S + i] = dfdt + i * N;
  }
  for (size_t k = 0; k < S * S; k++) out[S + k] = jac + k * N;
  vm_exec(in->rhs_jac.frame, vin, out, N);
  return 0;
}

OdeSystem instance_ode(Instance *in)
{
  OdeSystem o = {in->layout.size, in, instance_rhs, instance_rhs_jdiag, 0, NULL, NULL, 0};
  if (in->grid) o.diffusion = &in->grid->op;
  if (in->c->rhs_jac) o.rhs_jac = instance_rhs_jac, o.block = in->c->nstates;
  return o;
}

void instance_eval_at(Instance *in, size_t copy, size_t n, const double *ys, double t, double *dydt)
{
  const Program *p = in->c->rhs;
  size_t S = in->c->nstates;
  double **out = xmalloc((p->noutputs + 1) * sizeof *out);
  double *extra = xmalloc((in->c->nextra * n + 1) * sizeof *extra); /* a discrete model's spikes */
  for (size_t j = S; j < p->noutputs; j++) out[j] = extra + (j - S) * n;
  for (size_t i = 0; i < S; i++) out[i] = dydt + i * n;
  instance_program_at(in, p, copy, n, ys, t, out);
  free(out);
  free(extra);
}

void instance_program_at(Instance *in, const Program *p, size_t copy, size_t n, const double *ys,
                         double t, double *const *out)
{
  VmInput *vin = xcalloc(p->ninputs + 1, sizeof *vin);
  for (size_t j = 0; j < p->ninputs; j++) {
    int idx = ir_input_index(p->inputs[j]);
    switch (ir_input_kind(p->inputs[j])) {
    case IN_STATE: vin[j].array = ys + (size_t)idx * n; break;
    case IN_PARAM: vin[j].scalar = instance_param(in, (size_t)idx, copy); break;
    case IN_TIME: vin[j].scalar = t; break;
    case IN_INDEX: vin[j].scalar = copy_index(in, copy); break;
    case IN_COUNT: vin[j].scalar = in->count; break;
    case IN_SEED: vin[j].scalar = in->seed; break;
    case IN_STEP: vin[j].scalar = in->step; break;
    case IN_H: vin[j].scalar = in->h; break;
    case IN_DISCRETE: vin[j].scalar = in->refractory[copy]; break;
    case IN_TABLE: vin[j].array = in->c->tables[idx].data; break;
    default: break;
    }
  }
  VmFrame *frame = vm_frame_new(p); /* its own: the instance's may be in use */
  vm_exec(frame, vin, out, n);
  vm_frame_free(frame);
  free(vin);
}

/* ---- probes ------------------------------------------------------------------ */

Probe *probe_new(Instance *in, const size_t *inters, size_t n)
{
  Probe *p = xcalloc(1, sizeof *p);
  p->in = in;
  p->ninters = n;
  p->prog = compiled_probe(in->c, inters, n);
  binding_init(&p->bind, p->prog);
  binding_params(&p->bind, in);
  p->outs = xmalloc((n + 1) * sizeof *p->outs);
  return p;
}

void probe_free(Probe *p)
{
  if (!p) return;
  binding_free(&p->bind);
  program_free(p->prog);
  free(p->outs);
  free(p);
}

void probe_eval(Probe *p, double t, const double *y, double *out)
{
  Instance *in = p->in;
  binding_params(&p->bind, in); /* they may have changed since */
  const VmInput *vin = binding_bind(&p->bind, in, t, y);
  for (size_t j = 0; j < p->ninters; j++) p->outs[j] = out + j * in->N;
  vm_exec(p->bind.frame, vin, p->outs, in->N);
}
