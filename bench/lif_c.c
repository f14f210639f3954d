/* lif_c.c: the benchmark's baseline for events -- N leaky integrate-and-fire
 * neurons (stdlib/lif.nd, the same equations and parameters) integrated
 * with classical RK4 by hand, with what neurode does at a spike: the
 * crossing of V_th located inside the step on the cubic Hermite interpolant
 * of the step (values and slopes at both ends) by a safeguarded Newton
 * iteration, V reset there, held for t_ref, and the rest of the step
 * integrated from the end of the refractory period when it falls inside it.
 *
 * usage: lif_c N STEPS DT [SPIKES]   (I_ext = 1.1 + i/(N-1) for N > 1, 1.5
 * for N = 1).  Writes the spikes as CSV t,main,index in time order to the
 * file SPIKES (if given) and prints V of copy N/2 at the end and the number
 * of spikes, so the work cannot be optimised away and the result can be
 * compared with neurode's. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static const double tau_m = 10, R = 1, V_th = 1, V_reset = 0, t_ref = 2;

static double f(double V, double I) { return (R * I - V) / tau_m; }

static double rk4(double V, double I, double h)
{
  double k1 = f(V, I);
  double k2 = f(V + h / 2 * k1, I);
  double k3 = f(V + h / 2 * k2, I);
  double k4 = f(V + h * k3, I);
  return V + h / 6 * (k1 + 2 * k2 + 2 * k3 + k4);
}

/* The cubic Hermite interpolant on s in [0, 1] of a step of length h from
 * (y0, slope d0) to (y1, slope d1), and its derivative in s. */
static double hermite(double s, double y0, double d0, double y1, double d1, double h, double *dp)
{
  double s2 = s * s, s3 = s2 * s;
  double h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s, h01 = -2 * s3 + 3 * s2, h11 = s3 - s2;
  *dp = (6 * s2 - 6 * s) * y0 + (3 * s2 - 4 * s + 1) * h * d0 + (-6 * s2 + 6 * s) * y1 +
        (3 * s2 - 2 * s) * h * d1;
  return h00 * y0 + h10 * h * d0 + h01 * y1 + h11 * h * d1;
}

/* Where the interpolant crosses V_th, given y0 < V_th <= y1: Newton's
 * method kept inside the bracket, bisection when it would leave it. */
static double crossing(double y0, double d0, double y1, double d1, double h)
{
  double lo = 0, hi = 1, s = (V_th - y0) / (y1 - y0);
  for (int it = 0; it < 60; it++) {
    double dp, g = hermite(s, y0, d0, y1, d1, h, &dp) - V_th;
    if (g < 0) lo = s;
    else hi = s;
    double next = dp > 0 ? s - g / dp : -1;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (fabs(next - s) <= 1e-15 || hi - lo <= 1e-15) return next;
    s = next;
  }
  return s;
}

typedef struct { double t; long i; } Spike;

static int by_time(const void *a, const void *b)
{
  const Spike *x = a, *y = b;
  return x->t < y->t ? -1 : x->t > y->t ? 1 : (x->i > y->i) - (x->i < y->i);
}

int main(int argc, char **argv)
{
  if (argc != 4 && argc != 5) {
    fprintf(stderr, "usage: lif_c N STEPS DT [SPIKES]\n");
    return 2;
  }
  long N = atol(argv[1]), steps = atol(argv[2]);
  double dt = atof(argv[3]);
  FILE *out = NULL;
  if (argc == 5 && !(out = fopen(argv[4], "w"))) {
    perror(argv[4]);
    return 1;
  }
  double *V = malloc((size_t)N * sizeof *V), *I = malloc((size_t)N * sizeof *I);
  double *ref_end = malloc((size_t)N * sizeof *ref_end);
  size_t cap = 1024, nspk = 0;
  Spike *spk = malloc(cap * sizeof *spk);
  long total = 0;
  for (long i = 0; i < N; i++) {
    I[i] = N > 1 ? 1.1 + (double)i / (double)(N - 1) : 1.5;
    V[i] = 0;
    ref_end[i] = -INFINITY;
  }
  if (out) fputs("t,group,index\n", out);
  for (long k = 0; k < steps; k++) {
    double t0 = (double)k * dt, t1 = (double)(k + 1) * dt;
    nspk = 0;
    for (long i = 0; i < N; i++) {
      double v = V[i], ts = t0;
      while (ts < t1) {
        if (ref_end[i] > ts) { /* held: to the end of the step or of t_ref */
          if (ref_end[i] >= t1) break;
          ts = ref_end[i];
        }
        double h = t1 - ts, d0 = f(v, I[i]), v1 = rk4(v, I[i], h);
        if (v < V_th && v1 >= V_th) {
          double tsp = ts + crossing(v, d0, v1, f(v1, I[i]), h) * h;
          if (nspk == cap) spk = realloc(spk, (cap *= 2) * sizeof *spk);
          spk[nspk].t = tsp, spk[nspk++].i = i;
          v = V_reset;
          ref_end[i] = tsp + t_ref;
          ts = tsp;
          continue;
        }
        v = v1;
        ts = t1;
      }
      V[i] = v;
    }
    total += (long)nspk;
    if (out && nspk) {
      qsort(spk, nspk, sizeof *spk, by_time);
      for (size_t j = 0; j < nspk; j++) fprintf(out, "%.17g,main,%ld\n", spk[j].t, spk[j].i);
    }
  }
  if (out) fclose(out);
  printf("%.17g %ld\n", V[N / 2], total);
  free(V), free(I), free(ref_end), free(spk);
  return 0;
}
