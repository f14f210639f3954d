/* system.c: compiled dynamics and populations; see system.h. */
#include "system.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *system_input_name(const void *ctx, int32_t code)
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
  case IN__COUNT: break;
  }
  return "?";
}

static void binding_init(Binding *b, const Program *p)
{
  b->prog = p;
  b->in = xcalloc(p->ninputs + 1, sizeof *b->in);
  b->moving = xcalloc(p->ninputs + 1, sizeof *b->moving);
  b->nmoving = 0;
  for (size_t j = 0; j < p->ninputs; j++) {
    InputKind k = ir_input_kind(p->inputs[j]);
    if (k == IN_STATE || k == IN_TIME) b->moving[b->nmoving++] = j;
  }
}

static void binding_free(Binding *b)
{
  free(b->in);
  free(b->moving);
}

/* Parameters: after every system_setup. */
static void binding_params(Binding *b, const System *s)
{
  for (size_t j = 0; j < b->prog->ninputs; j++) {
    if (ir_input_kind(b->prog->inputs[j]) != IN_PARAM) continue;
    int idx = ir_input_index(b->prog->inputs[j]);
    b->in[j].array = s->param_array[idx];
    b->in[j].scalar = s->param_scalar[idx];
  }
}

/* States and time: at every call. */
static const VmInput *binding_bind(Binding *b, const System *s, double t, const double *y)
{
  for (size_t k = 0; k < b->nmoving; k++) {
    size_t j = b->moving[k];
    int32_t code = b->prog->inputs[j];
    if (ir_input_kind(code) == IN_STATE) b->in[j].array = y + (size_t)ir_input_index(code) * s->N;
    else b->in[j].scalar = t;
  }
  return b->in;
}

System *system_new(const Model *m, Diag *diag)
{
  System *s = xcalloc(1, sizeof *s);
  s->m = m;
  s->nstates = m->nstates;
  s->nparams = m->nparams;
  ir_init(&s->ir);
  s->deriv = xmalloc((s->nstates + 1) * sizeof *s->deriv);
  s->diag = xmalloc((s->nstates + 1) * sizeof *s->diag);
  Lowerer *L = lower_new(&s->ir, m, LOWER_DYNAMICS, diag);
  bool ok = true;
  for (size_t i = 0; i < s->nstates && ok; i++) {
    s->deriv[i] = lower_deriv(L, i);
    ok = s->deriv[i] != IR_NONE;
  }
  lower_free(L);
  if (!ok) {
    system_free(s);
    return NULL;
  }

  /* Linear in its own variable: the derivative w.r.t. the state exists and
   * does not itself read the state. */
  for (size_t i = 0; i < s->nstates; i++) {
    IrId x = ir_input(&s->ir, IN_STATE, (int)i);
    IrId d = ir_diff(&s->ir, s->deriv[i], x);
    s->diag[i] = (d != IR_NONE && !ir_depends_on(&s->ir, d, x)) ? d : IR_NONE;
  }

  s->rhs = program_compile(&s->ir, s->deriv, s->nstates);
  IrId *both = xmalloc((2 * s->nstates + 1) * sizeof *both);
  IrId zero = ir_const(&s->ir, 0);
  for (size_t i = 0; i < s->nstates; i++) {
    both[i] = s->deriv[i];
    both[s->nstates + i] = s->diag[i] != IR_NONE ? s->diag[i] : zero;
  }
  s->rhs_diag = program_compile(&s->ir, both, 2 * s->nstates);
  free(both);
  s->rhs_frame = vm_frame_new(s->rhs);
  s->diag_frame = vm_frame_new(s->rhs_diag);
  binding_init(&s->rhs_bind, s->rhs);
  binding_init(&s->diag_bind, s->rhs_diag);
  s->outputs = xcalloc(2 * s->nstates + 1, sizeof *s->outputs);
  s->param_scalar = xcalloc(s->nparams + 1, sizeof *s->param_scalar);
  s->param_array = xcalloc(s->nparams + 1, sizeof *s->param_array);

  /* The starting values must be computable too (init v = v is refused by
   * `check`, not only by `run`). */
  Ir setup;
  ir_init(&setup);
  Lowerer *S = lower_new(&setup, m, LOWER_SETUP, diag);
  for (size_t p = 0; p < s->nparams && ok; p++) ok = lower_param(S, p) != IR_NONE;
  for (size_t i = 0; i < s->nstates && ok; i++) ok = lower_init(S, i) != IR_NONE;
  lower_free(S);
  ir_free(&setup);
  if (!ok) {
    system_free(s);
    return NULL;
  }
  return s;
}

static void free_params(System *s)
{
  for (size_t p = 0; p < s->nparams; p++) {
    free(s->param_array[p]);
    s->param_array[p] = NULL;
  }
}

void system_free(System *s)
{
  if (!s) return;
  if (s->param_array) free_params(s);
  free(s->param_array);
  free(s->param_scalar);
  if (s->rhs) binding_free(&s->rhs_bind);
  if (s->rhs_diag) binding_free(&s->diag_bind);
  free(s->outputs);
  vm_frame_free(s->rhs_frame);
  vm_frame_free(s->diag_frame);
  program_free(s->rhs);
  program_free(s->rhs_diag);
  free(s->deriv);
  free(s->diag);
  ir_free(&s->ir);
  free(s);
}

bool system_setup(System *s, size_t N, const Override *params, size_t nparams,
                  const Override *inits, size_t ninits, double *y0, Diag *diag)
{
  Ir ir;
  ir_init(&ir);
  Lowerer *L = lower_new(&ir, s->m, LOWER_SETUP, diag);
  lower_set_overrides(L, params, nparams, inits, ninits);
  size_t nroots = s->nparams + s->nstates;
  IrId *roots = xmalloc((nroots + 1) * sizeof *roots);
  bool ok = true;
  for (size_t p = 0; p < s->nparams && ok; p++) ok = (roots[p] = lower_param(L, p)) != IR_NONE;
  for (size_t i = 0; i < s->nstates && ok; i++)
    ok = (roots[s->nparams + i] = lower_init(L, i)) != IR_NONE;
  lower_free(L);
  if (!ok) {
    free(roots);
    ir_free(&ir);
    return false;
  }

  Program *prog = program_compile(&ir, roots, nroots);
  VmFrame *frame = vm_frame_new(prog);
  double *index = xmalloc((N ? N : 1) * sizeof *index);
  for (size_t k = 0; k < N; k++) index[k] = (double)k;
  VmInput *in = xcalloc(prog->ninputs + 1, sizeof *in);
  for (size_t j = 0; j < prog->ninputs; j++) {
    InputKind kind = ir_input_kind(prog->inputs[j]);
    if (kind == IN_INDEX) in[j].array = index;
    else if (kind == IN_COUNT) in[j].scalar = (double)N;
  }
  double *pvals = xmalloc((s->nparams * N + 1) * sizeof *pvals);
  double **out = xmalloc((nroots + 1) * sizeof *out);
  for (size_t p = 0; p < s->nparams; p++) out[p] = pvals + p * N;
  for (size_t i = 0; i < s->nstates; i++) out[s->nparams + i] = y0 + i * N;
  vm_exec(frame, in, out, N);

  /* A value that is not finite is refused here, where it can be said
   * which one and where it was set, not as a blow-up at t = 0. */
  for (size_t r = 0; r < nroots && N; r++) {
    const double *v = r < s->nparams ? pvals + r * N : y0 + (r - s->nparams) * N;
    size_t k = 0;
    while (k < N && isfinite(v[k])) k++;
    if (k == N) continue;
    bool is_param = r < s->nparams;
    size_t idx = is_param ? r : r - s->nparams;
    const char *name = is_param ? model_param_name(s->m, idx) : model_state_name(s->m, idx);
    const Override *o = NULL;
    const Override *list = is_param ? params : inits;
    size_t nl = is_param ? nparams : ninits;
    for (size_t i = 0; i < nl; i++)
      if (strcmp(list[i].name, name) == 0) o = &list[i];
    const Stmt *st = is_param ? s->m->params[idx] : s->m->inits[idx];
    size_t bad = 0;
    for (size_t j = k; j < N; j++) bad += !isfinite(v[j]);
    char where[64] = "";
    if (N > 1 && bad == N) snprintf(where, sizeof where, " in every copy");
    else if (N > 1 && bad == 1) snprintf(where, sizeof where, " for copy %zu", k);
    else if (N > 1) snprintf(where, sizeof where, " for copy %zu and %zu others", k, bad - 1);
    const char *what = isnan(v[k]) ? "NaN" : "infinite";
    if (o)
      diag_error(diag, o->src, o->value->loc, "%s '%s' is %s%s", is_param ? "parameter" : "the initial value of",
                 name, what, where);
    else if (st)
      diag_error(diag, st->src, st->value->loc, "%s '%s' is %s%s",
                 is_param ? "parameter" : "the initial value of", name, what, where);
    else
      diag_usage(diag, "the initial value of '%s' is %s%s", name, what, where);
    ok = false;
  }
  if (!ok) {
    free(out);
    free(pvals);
    free(in);
    free(index);
    vm_frame_free(frame);
    program_free(prog);
    free(roots);
    ir_free(&ir);
    return false;
  }
  free_params(s);
  s->N = N;
  for (size_t p = 0; p < s->nparams; p++) {
    bool uniform = !(ir.nodes[roots[p]].deps & (1u << IN_INDEX));
    s->param_scalar[p] = N ? pvals[p * N] : 0;
    if (!uniform) {
      s->param_array[p] = xmalloc(N * sizeof(double));
      memcpy(s->param_array[p], pvals + p * N, N * sizeof(double));
    }
  }
  binding_params(&s->rhs_bind, s);
  binding_params(&s->diag_bind, s);
  free(out);
  free(pvals);
  free(in);
  free(index);
  vm_frame_free(frame);
  program_free(prog);
  free(roots);
  ir_free(&ir);
  return true;
}

int system_rhs(void *ctx, double t, const double *y, double *dydt)
{
  System *s = ctx;
  const VmInput *in = binding_bind(&s->rhs_bind, s, t, y);
  for (size_t i = 0; i < s->nstates; i++) s->outputs[i] = dydt + i * s->N;
  vm_exec(s->rhs_frame, in, s->outputs, s->N);
  return 0;
}

int system_rhs_diag(void *ctx, double t, const double *y, double *dydt, double *diag)
{
  System *s = ctx;
  const VmInput *in = binding_bind(&s->diag_bind, s, t, y);
  for (size_t i = 0; i < s->nstates; i++) {
    s->outputs[i] = dydt + i * s->N;
    s->outputs[s->nstates + i] = diag + i * s->N;
  }
  vm_exec(s->diag_frame, in, s->outputs, s->N);
  return 0;
}

void system_eval_at(System *s, size_t copy, size_t n, const double *ys, double t, double *dydt)
{
  const Program *p = s->rhs;
  VmInput *in = xcalloc(p->ninputs + 1, sizeof *in);
  double **out = xmalloc((s->nstates + 1) * sizeof *out);
  for (size_t j = 0; j < p->ninputs; j++) {
    int idx = ir_input_index(p->inputs[j]);
    switch (ir_input_kind(p->inputs[j])) {
    case IN_STATE: in[j].array = ys + (size_t)idx * n; break;
    case IN_PARAM:
      in[j].scalar = s->param_array[idx] ? s->param_array[idx][copy] : s->param_scalar[idx];
      break;
    case IN_TIME: in[j].scalar = t; break;
    default: break;
    }
  }
  for (size_t i = 0; i < s->nstates; i++) out[i] = dydt + i * n;
  vm_exec(s->rhs_frame, in, out, n);
  free(in);
  free(out);
}

OdeSystem system_ode(System *s)
{
  OdeSystem o = {s->nstates * s->N, s, system_rhs, system_rhs_diag, 0};
  return o;
}

static char **deriv_labels(const System *s)
{
  char **labels = xmalloc((s->nstates + 1) * sizeof *labels);
  for (size_t i = 0; i < s->nstates; i++) {
    const char *n = model_state_name(s->m, i);
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

void system_dump_ir(const System *s, FILE *out)
{
  char **labels = deriv_labels(s);
  fprintf(out, "# right-hand side: %zu state%s\n", s->nstates, s->nstates == 1 ? "" : "s");
  ir_dump(&s->ir, s->deriv, (const char *const *)labels, s->nstates, system_input_name, s->m, out);
  for (size_t i = 0; i < s->nstates; i++)
    fprintf(out, "# d%s/dt is %s in %s\n", model_state_name(s->m, i),
            system_is_linear(s, i) ? "linear" : "not linear", model_state_name(s->m, i));
  free_labels(labels, s->nstates);
}

void system_dump_bytecode(const System *s, FILE *out)
{
  char **labels = deriv_labels(s);
  fprintf(out, "# right-hand side\n");
  program_dump(s->rhs, system_input_name, s->m, (const char *const *)labels, out);
  free_labels(labels, s->nstates);
}

Observer *observer_new(System *s, const size_t *inters, size_t n)
{
  Observer *o = xcalloc(1, sizeof *o);
  o->sys = s;
  o->ninters = n;
  IrId *roots = xmalloc((n + 1) * sizeof *roots);
  /* The model was checked when s was built: lowering an intermediate again
   * cannot fail, so nothing reaches this Diag. */
  Diag diag;
  diag_init(&diag, stderr);
  Lowerer *L = lower_new(&s->ir, s->m, LOWER_DYNAMICS, &diag);
  for (size_t j = 0; j < n; j++) roots[j] = lower_inter(L, inters[j]);
  lower_free(L);
  o->prog = program_compile(&s->ir, roots, n);
  o->frame = vm_frame_new(o->prog);
  binding_init(&o->bind, o->prog);
  binding_params(&o->bind, s);
  free(roots);
  return o;
}

void observer_free(Observer *o)
{
  if (!o) return;
  vm_frame_free(o->frame);
  program_free(o->prog);
  binding_free(&o->bind);
  free(o);
}

void observer_eval(Observer *o, double t, const double *y, double *out)
{
  System *s = o->sys;
  const VmInput *in = binding_bind(&o->bind, s, t, y);
  double *outs[64];
  double **op = o->ninters <= 64 ? outs : xmalloc(o->ninters * sizeof *op);
  for (size_t j = 0; j < o->ninters; j++) op[j] = out + j * s->N;
  vm_exec(o->frame, in, op, s->N);
  if (op != outs) free(op);
}
