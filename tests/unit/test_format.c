/* test_format.c: format_double (sink.h) writes exactly the bytes of its
 * definition -- the first of "%.15g", "%.16g", "%.17g" that strtod reads back
 * -- which is kept here as the reference.  The fast path builds the text from
 * the shortest digits instead, and must not differ in a single byte: CSV
 * outputs are compared byte for byte by users and by the case tests.
 *
 * Random bit patterns cover every exponent and payload; the typical values
 * are what simulations write; the edge cases are where the fast path's
 * reasoning has exceptions (subnormals, powers of two, halfway ties, the
 * switch between fixed and exponent form).  The first difference is printed
 * with the value as %a, so it can be reproduced. */
#include <float.h>
#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "sink.h"

static int reference(char *buf, size_t size, double v)
{
  int n = 0;
  for (int prec = 15; prec <= 17; prec++) {
    n = snprintf(buf, size, "%.*g", prec, v);
    if (prec == 17 || strtod(buf, NULL) == v || v != v) break;
  }
  return n;
}

/* splitmix64: a fixed seed, so a failure is the same on every machine. */
static uint64_t rng_state = 0x6e6575726f6465; /* "neurode" */
static uint64_t next_u64(void)
{
  uint64_t z = (rng_state += UINT64_C(0x9e3779b97f4a7c15));
  z = (z ^ (z >> 30)) * UINT64_C(0xbf58476d1ce4e5b9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94d049bb133111eb);
  return z ^ (z >> 31);
}
static double uniform(double lo, double hi)
{
  return lo + (hi - lo) * ((double)(next_u64() >> 11) * 0x1p-53);
}
static double from_bits(uint64_t b)
{
  double v;
  memcpy(&v, &b, sizeof v);
  return v;
}

/* A group of values: counts them and keeps the first difference. */
typedef struct Group {
  const char *name;
  long count;
  bool failed;
} Group;

/* Compares the text up to its NUL and the length returned.  A buffer too
 * small for the text gets its beginning, as from snprintf: the reference,
 * which reads its own output back, is only defined when the text fits, so
 * it runs with room to spare and its text is cut here. */
static void same(Group *g, double v, size_t size)
{
  g->count++;
  if (g->failed) return;
  char want[64], got[64];
  memset(got, 'X', sizeof got);
  int nw = reference(want, sizeof want, v);
  if (size < sizeof want) want[size ? size - 1 : 0] = '\0';
  int ng = format_double(got, size, v);
  bool ok = nw == ng && (size == 0 ? got[0] == 'X' : strcmp(want, got) == 0);
  if (!ok) {
    g->failed = true;
    got[sizeof got - 1] = '\0';
    fprintf(stderr, "test_format: %s: %a (buffer of %zu): want \"%s\" (%d), got \"%s\" (%d)\n",
            g->name, v, size, want, nw, got, ng);
    check(false, "format: %s: %a is written \"%s\" (%d), not \"%s\" (%d)", g->name, v, got, ng,
          want, nw);
  }
}
static void both_signs(Group *g, double v)
{
  same(g, v, 40);
  same(g, -v, 40);
}
static void report(const Group *g)
{
  if (!g->failed) check(true, "format: %s: %ld values byte-identical to the printf reference", g->name, g->count);
}

static void test_random_bits(void)
{
  Group g = {"random bit patterns", 0, false};
  for (long i = 0; i < 1000000; i++) same(&g, from_bits(next_u64()), 40);
  /* Rare among random bits: subnormals and NaN payloads of both signs. */
  for (long i = 0; i < 20000; i++) {
    uint64_t r = next_u64();
    same(&g, from_bits(r & UINT64_C(0x800fffffffffffff)), 40);
    same(&g, from_bits(r | UINT64_C(0x7ff0000000000001)), 40);
  }
  report(&g);
}

static void test_typical(void)
{
  Group g = {"typical simulation values", 0, false};
  for (long i = 0; i < 100000; i++) same(&g, uniform(-100, 100), 40);
  for (long k = -50000; k < 50000; k++) same(&g, (double)k * 0.01, 40);
  for (long i = 0; i < 100000; i++) same(&g, exp(uniform(-700, 700)), 40);
  /* Times of a run: t = k dt, accumulated or multiplied. */
  double t = 0;
  for (long k = 0; k < 100000; k++) {
    same(&g, t, 40);
    same(&g, (double)k * 0.025, 40);
    t += 0.025;
  }
  report(&g);
}

static void test_edges(void)
{
  Group g = {"edge cases", 0, false};
  const double fixed[] = {NAN, INFINITY, 0.0, DBL_MAX, DBL_MIN, DBL_TRUE_MIN, DBL_EPSILON,
                          0x0.fffffffffffffp-1022, 0x1.0000000000001p-1022, 1, 0.1, 0.2, 0.3,
                          1.0 / 3, 2.0 / 3, M_PI, M_E, 1e15, 1e16, 1e17, 123456789012345678.0,
                          9007199254740993.0, 600000000000000.25, 0.0001, 0.00001, 1e-5,
                          9.9999999999999995e-5, 99999999999999.99, 999999999999999.9,
                          9999999999999998.0, 5e-324, 1e23, 8.41e21, 5.0e-310};
  for (size_t i = 0; i < sizeof fixed / sizeof fixed[0]; i++) both_signs(&g, fixed[i]);
  /* Every power of two (the round-trip interval is narrower below them) and
   * of ten, with their neighbours, and every integer up to 10^5. */
  for (int e = -1074; e <= 1023; e++) {
    double p = ldexp(1, e);
    both_signs(&g, p);
    both_signs(&g, nextafter(p, 0));
    both_signs(&g, nextafter(p, INFINITY));
  }
  for (int e = -323; e <= 308; e++) {
    char s[16];
    snprintf(s, sizeof s, "1e%d", e);
    double p = strtod(s, NULL);
    both_signs(&g, p);
    both_signs(&g, nextafter(p, 0));
    both_signs(&g, nextafter(p, INFINITY));
  }
  for (int i = 0; i <= 100000; i++) both_signs(&g, i);
  /* Few significant bits at every scale: the values whose exact decimal is
   * short, so that they can fall halfway between 16- or 17-digit
   * decimals (600000000000000.25 does: printf rounds it to even). */
  for (int e = -1074; e <= 960; e++)
    for (int m = 1; m < 128; m += 2) both_signs(&g, ldexp(m, e));
  for (long i = 0; i < 200000; i++) {
    double base = floor(uniform(1e14, 1e18));
    both_signs(&g, base + 0.25 * (double)(next_u64() % 4));
  }
  /* A NaN with the sign bit: glibc writes "-nan". */
  same(&g, -NAN, 40);
  same(&g, copysign(NAN, -1), 40);
  report(&g);
}

/* Small buffers: truncated as snprintf truncates, the full length returned. */
static void test_sizes(void)
{
  Group g = {"truncation to small buffers", 0, false};
  const double vs[] = {-2.2250738585072014e-308, 0.1, -1e-5, 123.5, NAN, -INFINITY, -0.0, 1e300};
  for (size_t i = 0; i < sizeof vs / sizeof vs[0]; i++)
    for (size_t size = 0; size <= 26; size++) same(&g, vs[i], size);
  report(&g);
}

int main(void)
{
  test_random_bits();
  test_typical();
  test_edges();
  test_sizes();
  return check_failures ? 1 : 0;
}
