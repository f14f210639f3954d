/* philox.h: Philox4x32-10, the counter-based random number generator of
 * Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2,
 * 3" (SC 2011).  A draw is a pure function of a key (the run's seed) and a
 * counter (what the draw is for: the call site in the model, the step, the
 * element), so results never depend on the order of evaluation, on how
 * often rows are written, or on how a population is split over threads.
 * Checked against the published known-answer vectors (tests/unit). */
#ifndef NEURODE_PHILOX_H
#define NEURODE_PHILOX_H

#include <stdint.h>

static inline void philox_mulhilo(uint32_t a, uint32_t b, uint32_t *hi, uint32_t *lo)
{
  uint64_t p = (uint64_t)a * b;
  *hi = (uint32_t)(p >> 32);
  *lo = (uint32_t)p;
}

/* ctr (4 words) encrypted with key (2 words): out (4 words). */
static inline void philox4x32_10(const uint32_t ctr[4], const uint32_t key[2], uint32_t out[4])
{
  uint32_t c0 = ctr[0], c1 = ctr[1], c2 = ctr[2], c3 = ctr[3];
  uint32_t k0 = key[0], k1 = key[1];
  for (int r = 0; r < 10; r++) {
    if (r > 0) {
      k0 += 0x9E3779B9u; /* the golden ratio */
      k1 += 0xBB67AE85u; /* sqrt(3) - 1 */
    }
    uint32_t hi0, lo0, hi1, lo1;
    philox_mulhilo(0xD2511F53u, c0, &hi0, &lo0);
    philox_mulhilo(0xCD9E8D57u, c2, &hi1, &lo1);
    c0 = hi1 ^ c1 ^ k0;
    c1 = lo1;
    c2 = hi0 ^ c3 ^ k1;
    c3 = lo0;
  }
  out[0] = c0, out[1] = c1, out[2] = c2, out[3] = c3;
}

/* The draws of neurode's random operations: key = the seed's 64 bits;
 * counter = (element, step low, step high, stream), the stream being the
 * call site's number in the model.  Arguments are whole numbers held in
 * doubles (exact below 2^53). */
static inline void philox_draw(double seed, double stream, double step, double elem,
                               uint32_t out[4])
{
  uint64_t s = (uint64_t)seed, k = (uint64_t)step;
  uint32_t key[2] = {(uint32_t)s, (uint32_t)(s >> 32)};
  uint32_t ctr[4] = {(uint32_t)(uint64_t)elem, (uint32_t)k, (uint32_t)(k >> 32),
                     (uint32_t)(uint64_t)stream};
  philox4x32_10(ctr, key, out);
}

/* 53 random bits as a double in [0, 1). */
static inline double philox_unit(uint32_t hi, uint32_t lo)
{
  return (double)((uint64_t)(hi >> 5) << 26 | (lo >> 6)) * 0x1.0p-53;
}

#endif
