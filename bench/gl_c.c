/* gl_c.c: the benchmark's baseline for random numbers -- the Galves-
 * Loecherbach network (stdlib/galves_locherbach.nd, its default parameters)
 * written by hand, with the draws neurode makes:
 *
 *   X_i(t)   = [u_i(t) < phi(V_i(t))],  phi(V) = 1/(1 + exp(-(V - theta)/s))
 *   V_i(t+1) = 0 if X_i(t) = 1, else mu V_i(t) + I_ext + (w/N)(sum_j X_j(t) - X_i(t))
 *
 * u_i(t) is Philox4x32-10 (src/base/philox.h, the same code as neurode's)
 * keyed by the seed, counter (copy i, step t low and high 32 bits, stream),
 * words 0 and 1 made a double in [0, 1).  neurode numbers the random call
 * sites of a model's dynamics from 1, so the model's one bernoulli is stream
 * 1: with the same seed, and phi and the update computed in the same order,
 * this program and neurode draw the same numbers and end in the same state.
 *
 * usage: gl_c N STEPS [SEED [STREAM]]   (defaults 0 and 1)
 *        gl_c --kat                      Philox against the published vectors
 * Prints V of copy N/2 after STEPS steps (t = 0 .. STEPS-1) and the number
 * of spikes. */
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../src/base/philox.h"

static const double mu = 0.9, I_ext = 0.1, w = 0.5, theta = 1, s = 0.1;

/* The known-answer vectors of Random123 (kat_vectors, philox4x32 10). */
static int kat(void)
{
  static const struct { uint32_t ctr[4], key[2], want[4]; } v[] = {
    {{0, 0, 0, 0}, {0, 0}, {0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8}},
    {{0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff}, {0xffffffff, 0xffffffff},
     {0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd}},
    {{0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344}, {0xa4093822, 0x299f31d0},
     {0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1}},
  };
  int bad = 0;
  for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
    uint32_t out[4];
    philox4x32_10(v[i].ctr, v[i].key, out);
    int ok = memcmp(out, v[i].want, sizeof out) == 0;
    printf("%s philox4x32-10 vector %zu\n", ok ? "ok" : "not ok", i + 1);
    bad += !ok;
  }
  return bad ? 1 : 0;
}

int main(int argc, char **argv)
{
  if (argc == 2 && strcmp(argv[1], "--kat") == 0) return kat();
  if (argc < 3 || argc > 5) {
    fprintf(stderr, "usage: gl_c N STEPS [SEED [STREAM]] | gl_c --kat\n");
    return 2;
  }
  long N = atol(argv[1]);
  uint64_t steps = strtoull(argv[2], NULL, 10);
  uint64_t seed = argc > 3 ? strtoull(argv[3], NULL, 10) : 0;
  uint32_t stream = argc > 4 ? (uint32_t)strtoul(argv[4], NULL, 10) : 1;
  if (N < 1) return 2;
  double *V = calloc((size_t)N, sizeof *V), *X = calloc((size_t)N, sizeof *X);
  if (!V || !X) return 1;
  const uint32_t key[2] = {(uint32_t)seed, (uint32_t)(seed >> 32)};
  const double coupling = w / (double)N;
  uint64_t spikes = 0;
  for (uint64_t k = 0; k < steps; k++) {
    double sum = 0;
    for (long i = 0; i < N; i++) {
      uint32_t ctr[4] = {(uint32_t)i, (uint32_t)k, (uint32_t)(k >> 32), stream}, out[4];
      philox4x32_10(ctr, key, out);
      double u = philox_unit(out[0], out[1]);
      double p = 1 / (1 + exp(-(V[i] - theta) / s));
      X[i] = u < p ? 1.0 : 0.0;
      sum += X[i];
    }
    spikes += (uint64_t)sum;
    for (long i = 0; i < N; i++)
      V[i] = X[i] != 0 ? 0 : mu * V[i] + I_ext + coupling * (sum - X[i]);
  }
  printf("%.17g %" PRIu64 "\n", V[N / 2], spikes);
  free(V);
  free(X);
  return 0;
}
