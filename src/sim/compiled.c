/* compiled.c: a model's programs; see compiled.h. */
#include "compiled.h"

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
  case IN_DISCRETE: return "refractory_end";
  case IN__COUNT: break;
  }
  return "?";
}

static void release(Compiled *c)
{
  program_free(c->rhs);
  program_free(c->rhs_jdiag);
  free(c->deriv);
  free(c->jdiag);
  free(c->inter);
  ir_free(&c->ir);
  free(c);
}

/* The starting values must be computable too: init v = v is refused by
 * `check`, not only by `run`. */
static bool starts_ok(const Model *m, Diag *diag)
{
  Ir setup;
  ir_init(&setup);
  Lowerer *S = lower_new(&setup, m, LOWER_SETUP, diag);
  bool ok = true;
  for (size_t p = 0; p < m->nparams && ok; p++) ok = lower_param(S, p) != IR_NONE;
  for (size_t i = 0; i < m->nstates && ok; i++) ok = lower_init(S, i) != IR_NONE;
  lower_free(S);
  ir_free(&setup);
  return ok;
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
  Lowerer *L = lower_new(&c->ir, m, LOWER_DYNAMICS, diag);
  bool ok = true;
  for (size_t i = 0; i < c->nstates && ok; i++) ok = (c->deriv[i] = lower_deriv(L, i)) != IR_NONE;
  for (size_t j = 0; j < c->ninters && ok; j++) ok = (c->inter[j] = lower_inter(L, j)) != IR_NONE;
  lower_free(L);
  if (!ok || !starts_ok(m, diag)) {
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
  c->rhs = program_compile(&c->ir, c->deriv, c->nstates);
  IrId *both = xmalloc((2 * c->nstates + 1) * sizeof *both);
  IrId zero = ir_const(&c->ir, 0);
  for (size_t i = 0; i < c->nstates; i++) {
    both[i] = c->deriv[i];
    both[c->nstates + i] = c->jdiag[i] != IR_NONE ? c->jdiag[i] : zero;
  }
  c->rhs_jdiag = program_compile(&c->ir, both, 2 * c->nstates);
  free(both);
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
  model_free(c->m);
  release(c);
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
