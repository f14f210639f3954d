/* test_jacobian.c: the analyses' exact Jacobian (symbolic, jacobian.h)
 * against central differences of the right-hand side, on Hodgkin-Huxley
 * (4 states, rates with exprel) and FitzHugh-Nagumo, at states spread over
 * where the dynamics go; and the eigenvalue types. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "equilibria.h"
#include "jacobian.h"
#include "parse.h"

static const char hh[] =
  "param Cm = 1, gNa = 120, gK = 36, gL = 0.3, ENa = 115, EK = -12, EL = 10.6, I_ext = 10\n"
  "alpha_n(V) = 0.01*(10 - V)/(exp((10 - V)/10) - 1)\n"
  "beta_n(V) = 0.125*exp(-V/80)\n"
  "alpha_m(V) = 0.1*(25 - V)/(exp((25 - V)/10) - 1)\n"
  "beta_m(V) = 4*exp(-V/18)\n"
  "alpha_h(V) = 0.07*exp(-V/20)\n"
  "beta_h(V) = 1/(exp((30 - V)/10) + 1)\n"
  "dV/dt = (I_ext - gNa*m^3*h*(V - ENa) - gK*n^4*(V - EK) - gL*(V - EL))/Cm\n"
  "dm/dt = alpha_m(V)*(1 - m) - beta_m(V)*m\n"
  "dh/dt = alpha_h(V)*(1 - h) - beta_h(V)*h\n"
  "dn/dt = alpha_n(V)*(1 - n) - beta_n(V)*n\n";

static const char fhn[] =
  "param a = 0.7, b = 0.8, delta = 0.08, I_ext = 0.5\n"
  "dv/dt = v - v^3/3 - w + I_ext\n"
  "dw/dt = delta*(v + a - b*w)\n";

static void compare(const char *name, const char *text, const double *pts, size_t n)
{
  Source *src = source_from_string(name, text);
  Ast ast;
  ast_init(&ast);
  Diag d;
  diag_init(&d, stderr);
  check(parse_model(src, &ast, &d, NULL), "jacobian: %s parses", name);
  Model *m = model_build(ast.stmts, ast.n, &d);
  Compiled *c = m ? compiled_new(m, &d) : NULL;
  Instance *in = c ? instance_new(c, 1) : NULL;
  size_t S = c ? c->nstates : 0;
  double *y0 = xmalloc((S + 1) * sizeof *y0);
  if (in && instance_setup(in, NULL, 0, NULL, 0, y0, &d)) {
    Jacobian *J = jacobian_new(c);
    double *f = xmalloc((S * n + 1) * sizeof *f);
    double *exact = xmalloc((S * S * n + 1) * sizeof *exact), *fd = xmalloc((S * S * n + 1) * sizeof *fd);
    jacobian_eval(J, in, 0, n, pts, 0, f, exact);
    jacobian_eval_fd(J, in, 0, n, pts, 0, fd);
    double worst = 0;
    for (size_t k = 0; k < S * S * n; k++)
      worst = fmax(worst, fabs(exact[k] - fd[k]) / fmax(1, fabs(exact[k])));
    check(J->exact, "jacobian: %s's Jacobian is symbolic", name);
    check(worst < 1e-7, "jacobian: %s, exact against central differences at %zu states: "
                        "largest relative difference %.2g (< 1e-7)", name, n, worst);
    free(f), free(exact), free(fd);
    jacobian_free(J);
  } else {
    check(0, "jacobian: %s compiles", name);
  }
  free(y0);
  instance_free(in);
  if (c) compiled_unref(c);
  ast_free(&ast);
  source_free(src);
}

static void test_types(void)
{
  bool stable;
  double re1[2] = {-1, -2}, im1[2] = {0, 0};
  check(strcmp(equilibrium_type(2, re1, im1, &stable), "stable node") == 0 && stable,
        "jacobian: -1, -2 is a stable node");
  double re2[2] = {0.1, 0.1}, im2[2] = {0.3, -0.3};
  check(strcmp(equilibrium_type(2, re2, im2, &stable), "unstable focus") == 0 && !stable,
        "jacobian: 0.1 +- 0.3i is an unstable focus");
  double re3[2] = {1, -1}, im3[2] = {0, 0};
  check(strcmp(equilibrium_type(2, re3, im3, &stable), "saddle (unstable)") == 0, "jacobian: 1, -1 is a saddle");
  double re4[2] = {0, 0}, im4[2] = {1, -1};
  check(strcmp(equilibrium_type(2, re4, im4, &stable), "centre") == 0, "jacobian: +-i is a centre");
}

int main(void)
{
  /* HH states across a spike (V from -15 to 110, including the removable
   * singularities at V = 10 and 25) and gates inside (0, 1). */
  double hh_pts[4 * 6];
  const double V[6] = {-15, 0, 10, 25, 60, 110};
  for (size_t k = 0; k < 6; k++) {
    hh_pts[0 * 6 + k] = V[k];
    hh_pts[1 * 6 + k] = 0.05 + 0.15 * (double)k;
    hh_pts[2 * 6 + k] = 0.6 - 0.1 * (double)k;
    hh_pts[3 * 6 + k] = 0.3 + 0.1 * (double)k;
  }
  compare("hh", hh, hh_pts, 6);
  double fhn_pts[2 * 3] = {-2, 0.3, 1.9, -0.6, 0.1, 1.5};
  compare("fhn", fhn, fhn_pts, 3);
  test_types();
  return check_failures ? 1 : 0;
}
