/* jacobian.c: f and its Jacobian from the symbolic form; see jacobian.h. */
#include "jacobian.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lower.h"
#include "mem.h"

Jacobian *jacobian_new(const Compiled *c)
{
  return jacobian_new_param(c, -1);
}

Jacobian *jacobian_new_param(const Compiled *c, int param)
{
  Jacobian *J = xcalloc(1, sizeof *J);
  J->param = param;
  size_t S = c->nstates;
  J->c = c;
  J->S = S;
  Ir ir;
  ir_init(&ir);
  /* The model compiled, so lowering it again cannot fail; quietly. */
  Diag quiet;
  FILE *null = fopen("/dev/null", "w");
  diag_init(&quiet, null ? null : stderr);
  Lowerer *L = lower_new(&ir, c->m, LOWER_DYNAMICS, c->table_rows, &quiet);
  IrId *roots = xmalloc((2 * S + S * S + 1) * sizeof *roots);
  for (size_t i = 0; i < S; i++) roots[i] = lower_deriv(L, i);
  lower_free(L);
  if (null) fclose(null);
  J->exact = true;
  for (size_t i = 0; i < S && J->exact; i++)
    for (size_t j = 0; j < S && J->exact; j++) {
      IrId d = roots[i] == IR_NONE ? IR_NONE : ir_diff(&ir, roots[i], ir_input(&ir, IN_STATE, (int)j));
      if (d == IR_NONE) J->exact = false;
      roots[S + i * S + j] = d;
    }
  for (size_t i = 0; i < S && J->exact && param >= 0; i++) {
    IrId d = ir_diff(&ir, roots[i], ir_input(&ir, IN_PARAM, param));
    if (d == IR_NONE) J->exact = false;
    roots[S + S * S + i] = d;
  }
  if (param >= 0 && !J->exact) {
    free(roots);
    ir_free(&ir);
    free(J);
    return NULL;
  }
  J->prog = program_compile(&ir, roots, J->exact ? (param >= 0 ? 2 * S : S) + S * S : S);
  if (!J->prog && J->exact) { /* too large for one program: f alone */
    J->exact = false;
    J->prog = program_compile(&ir, roots, S);
  }
  free(roots);
  ir_free(&ir);
  if (!J->prog) {
    free(J);
    return NULL;
  }
  return J;
}

void jacobian_free(Jacobian *J)
{
  if (!J) return;
  program_free(J->prog);
  free(J);
}

void jacobian_eval_param(const Jacobian *J, Instance *in, size_t copy, const double *y, double t,
                         double *f, double *jac, double *fp)
{
  size_t S = J->S;
  double **out = xmalloc((2 * S + S * S + 1) * sizeof *out);
  for (size_t i = 0; i < S; i++) out[i] = f + i;
  for (size_t k = 0; k < S * S; k++) out[S + k] = jac + k;
  for (size_t i = 0; i < S; i++) out[S + S * S + i] = fp + i;
  instance_program_at(in, J->prog, copy, 1, y, t, out);
  free(out);
}

void jacobian_eval(const Jacobian *J, Instance *in, size_t copy, size_t n, const double *ys,
                   double t, double *f, double *jac)
{
  size_t S = J->S, nout = J->prog->noutputs;
  double *spare = NULL;
  if (J->param >= 0) spare = xmalloc((S * n + 1) * sizeof *spare);
  double **out = xmalloc((nout + 1) * sizeof *out);
  for (size_t i = 0; i < S; i++) out[i] = f + i * n;
  for (size_t k = S; k < nout; k++) out[k] = k < S + S * S ? jac + (k - S) * n : spare + (k - S - S * S) * n;
  instance_program_at(in, J->prog, copy, n, ys, t, out);
  if (!J->exact) jacobian_eval_fd(J, in, copy, n, ys, t, jac);
  free(spare);
  free(out);
}

void jacobian_eval_fd(const Jacobian *J, Instance *in, size_t copy, size_t n, const double *ys,
                      double t, double *jac)
{
  size_t S = J->S, nout = J->prog->noutputs;
  /* Central differences, column by column: h ~ cbrt(eps) max(1, |y|). */
  double *yp = xmalloc((S * n + 1) * sizeof *yp), *hs = xmalloc((n + 1) * sizeof *hs);
  double *fpm = xmalloc((2 * nout * n + 1) * sizeof *fpm); /* every output, both sides */
  double **o2 = xmalloc((nout + 1) * sizeof *o2);
  for (size_t j = 0; j < S; j++) {
    for (int side = 0; side < 2; side++) {
      memcpy(yp, ys, S * n * sizeof *yp);
      for (size_t k = 0; k < n; k++) {
        hs[k] = 6e-6 * fmax(1, fabs(ys[j * n + k]));
        yp[j * n + k] += side ? -hs[k] : hs[k];
      }
      for (size_t i = 0; i < nout; i++) o2[i] = fpm + ((size_t)side * nout + i) * n;
      instance_program_at(in, J->prog, copy, n, yp, t, o2);
    }
    for (size_t i = 0; i < S; i++)
      for (size_t k = 0; k < n; k++)
        jac[(i * S + j) * n + k] = (fpm[i * n + k] - fpm[(nout + i) * n + k]) / (2 * hs[k]);
  }
  free(yp), free(hs), free(fpm), free(o2);
}
