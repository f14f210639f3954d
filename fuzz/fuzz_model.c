/* fuzz_model.c: libFuzzer harness -- any bytes as a model file go through
 * parsing, checking, lowering, compilation and setup, then a few steps of
 * every method through the real driver (populations of 1 and 3, CSV to
 * /dev/null), and must come out as output or as messages, never as a crash.
 *   fuzz/run.sh          fuzz with clang's libFuzzer
 *   fuzz/replay FILES    (built by `make check`) replay inputs with gcc
 * Each input costs at most a few hundred steps: models with many states
 * are skipped and an adaptive run is interrupted after ~256 steps. */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "columns.h"
#include "driver.h"
#include "model.h"
#include "parse.h"
#include "settings.h"
#include "sink.h"
#include "trace.h"
#include "instance.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

enum { MAX_STATES = 64 };

/* The progress callback comes every 256 adaptive steps: stop the run there,
 * which also goes through the driver's interrupt path. */
static void stop_soon(void *ctx, double fraction)
{
  (void)fraction;
  *(volatile sig_atomic_t *)ctx = 1;
}

static size_t append(char *spec, size_t n, const char *name)
{
  return n + (size_t)sprintf(spec + n, n ? ",%s" : "%s", name);
}

/* "V,m,h,I_Na,gNa,...": every state, intermediate and parameter. */
static char *all_names(const Model *m)
{
  size_t len = 1;
  for (size_t i = 0; i < m->nstates; i++) len += strlen(model_state_name(m, i)) + 1;
  for (size_t i = 0; i < m->ninters; i++) len += strlen(model_inter_name(m, i)) + 1;
  for (size_t i = 0; i < m->nparams; i++) len += strlen(model_param_name(m, i)) + 1;
  char *spec = xmalloc(len);
  size_t n = 0;
  spec[0] = '\0';
  for (size_t i = 0; i < m->nstates; i++) n = append(spec, n, model_state_name(m, i));
  for (size_t i = 0; i < m->ninters; i++) n = append(spec, n, model_inter_name(m, i));
  for (size_t i = 0; i < m->nparams; i++) n = append(spec, n, model_param_name(m, i));
  return spec;
}

/* Every method for a few steps from the same initial state y0, with the
 * model's own settings (as `neurode run` would use them). */
static void run_methods(Instance *s, const double *y0, const Columns *cols, Diag *d)
{
  Settings opts, set;
  settings_defaults(&set);
  if (settings_from_model(s->c->m, &opts, d)) settings_overlay(&set, &opts);
  settings_free(&opts);
  RunSpec base;
  double length;
  settings_spec(&set, &base, &length);
  settings_free(&set);
  size_t dim = s->layout.size;
  double *y = xmalloc((dim + 1) * sizeof *y); /* like the CLI and the session */
  double dt = fmin(base.dt, 1e300);
  Trace *rows = trace_new(1u << 20);
  for (size_t i = 0; i < stepper_count; i++) {
    volatile sig_atomic_t stop = 0;
    RunSpec spec = base;
    spec.method = stepper_table[i];
    spec.t0 = 0;
    spec.k0 = 0;
    spec.t_end = 3 * dt;
    spec.dt = dt;
    spec.max_steps = 4096;
    spec.interrupt = &stop;
    spec.write_initial = true;
    spec.progress = stop_soon;
    spec.progress_ctx = (void *)&stop;
    memcpy(y, y0, (dim + 1) * sizeof *y);
    trace_clear(rows);
    driver_run(s, &spec, y, cols, trace_sink(rows), d);
  }
  trace_free(rows);
  free(y);
}

static void run_model(Model *m, Diag *d)
{
  Compiled *c = compiled_new(m, d);
  if (!c) {
    model_free(m);
    return;
  }
  static const size_t pops[] = {1, 3};
  /* On a domain the copies are the grid's points: one run, a small grid. */
  GridShape g;
  bool grid = m->domain != NULL;
  if (grid && !(grid_shape(c, NULL, 0, &g, NULL) && g.n <= 2000)) {
    compiled_unref(c);
    return;
  }
  for (size_t p = 0; p < (grid ? 1 : 2) && c->nstates <= MAX_STATES; p++) {
    size_t N = grid ? g.n : pops[p];
    Instance *in = instance_new(c, N);
    double *y0 = xcalloc(in->layout.size + 1, sizeof *y0);
    char err[320], *names = p ? all_names(m) : NULL;
    Columns *cols = columns_parse(m, N, grid ? &g : NULL, names, err, sizeof err);
    if (cols && instance_setup(in, NULL, 0, NULL, 0, y0, d)) run_methods(in, y0, cols, d);
    columns_free(cols);
    free(names);
    free(y0);
    instance_free(in);
  }
  compiled_unref(c);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  char *text = xmalloc(size + 1);
  memcpy(text, data, size);
  text[size] = '\0';
  Source *src = source_from_string("fuzz.nd", text);
  free(text);
  FILE *out = fopen("/dev/null", "w");
  if (!out) abort();
  Diag d;
  diag_init(&d, out);
  Ast ast;
  ast_init(&ast);
  if (parse_model(src, &ast, &d, NULL)) {
    Model *m = model_build(ast.stmts, ast.n, &d);
    if (m) run_model(m, &d); /* it takes the model */
  }
  ast_free(&ast);
  source_free(src);
  fclose(out);
  return 0;
}
