/* hh_c.c: the benchmark's baseline -- Hodgkin-Huxley (stdlib/hh.nd, the same
 * equations) integrated with classical RK4 by hand, as a C programmer would
 * write it: one neuron's state in registers, one loop over the population.
 *
 * usage: hh_c N STEPS DT   (I_ext = 20*i/(N-1) for N > 1, 10 for N = 1)
 * Prints V of copy N/2 at the end, so the work cannot be optimised away and
 * the result can be compared with neurode's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

typedef struct { double V, m, h, n; } State;

static const double Cm = 1, gNa = 120, gK = 36, gL = 0.3, ENa = 115, EK = -12, EL = 10.6;

static double alpha_n(double V) { return 0.01 * (10 - V) / (exp((10 - V) / 10) - 1); }
static double beta_n(double V) { return 0.125 * exp(-V / 80); }
static double alpha_m(double V) { return 0.1 * (25 - V) / (exp((25 - V) / 10) - 1); }
static double beta_m(double V) { return 4 * exp(-V / 18); }
static double alpha_h(double V) { return 0.07 * exp(-V / 20); }
static double beta_h(double V) { return 1 / (exp((30 - V) / 10) + 1); }

static State f(State s, double I)
{
  State d;
  double INa = gNa * s.m * s.m * s.m * s.h * (s.V - ENa);
  double IK = gK * s.n * s.n * s.n * s.n * (s.V - EK);
  double IL = gL * (s.V - EL);
  d.V = (I - INa - IK - IL) / Cm;
  d.m = alpha_m(s.V) * (1 - s.m) - beta_m(s.V) * s.m;
  d.h = alpha_h(s.V) * (1 - s.h) - beta_h(s.V) * s.h;
  d.n = alpha_n(s.V) * (1 - s.n) - beta_n(s.V) * s.n;
  return d;
}

static State axpy(State y, double a, State k)
{
  State r = {y.V + a * k.V, y.m + a * k.m, y.h + a * k.h, y.n + a * k.n};
  return r;
}

int main(int argc, char **argv)
{
  if (argc != 4) {
    fprintf(stderr, "usage: hh_c N STEPS DT\n");
    return 2;
  }
  long N = atol(argv[1]), steps = atol(argv[2]);
  double dt = atof(argv[3]);
  State *y = malloc((size_t)N * sizeof *y);
  double *I = malloc((size_t)N * sizeof *I);
  for (long i = 0; i < N; i++) {
    I[i] = N > 1 ? 20.0 * (double)i / (double)(N - 1) : 10.0;
    y[i].V = 0;
    y[i].m = alpha_m(0) / (alpha_m(0) + beta_m(0));
    y[i].h = alpha_h(0) / (alpha_h(0) + beta_h(0));
    y[i].n = alpha_n(0) / (alpha_n(0) + beta_n(0));
  }
  for (long k = 0; k < steps; k++) {
    for (long i = 0; i < N; i++) {
      State s = y[i];
      State k1 = f(s, I[i]);
      State k2 = f(axpy(s, dt / 2, k1), I[i]);
      State k3 = f(axpy(s, dt / 2, k2), I[i]);
      State k4 = f(axpy(s, dt, k3), I[i]);
      y[i].V = s.V + dt / 6 * (k1.V + 2 * k2.V + 2 * k3.V + k4.V);
      y[i].m = s.m + dt / 6 * (k1.m + 2 * k2.m + 2 * k3.m + k4.m);
      y[i].h = s.h + dt / 6 * (k1.h + 2 * k2.h + 2 * k3.h + k4.h);
      y[i].n = s.n + dt / 6 * (k1.n + 2 * k2.n + 2 * k3.n + k4.n);
    }
  }
  printf("%.17g\n", y[N / 2].V);
  free(y);
  free(I);
  return 0;
}
