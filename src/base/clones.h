/* clones.h: a second, AVX2 copy of a hot function, picked when the program loads.
 *
 * A function marked VECTOR_CLONES is compiled twice on x86-64 (GCC, Linux):
 * for the baseline (SSE2) and for AVX2; the dynamic loader picks the copy
 * the CPU can run.  Both give the same bits: vector instructions round like
 * scalar ones and nothing is contracted into an FMA (-ffp-contract=off).  It
 * also lets GCC vectorise comparisons of doubles, which it will not do for
 * plain SSE2 while FP exceptions are observable (-ftrapping-math). */
#ifndef NEURODE_CLONES_H
#define NEURODE_CLONES_H

/* Not under ThreadSanitizer: it instruments the loader's choosing function,
 * which runs before the sanitizer is ready (a crash at start). */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__linux__) && \
    !defined(__SANITIZE_THREAD__)
#define VECTOR_CLONES __attribute__((target_clones("avx2", "default")))
#else
#define VECTOR_CLONES
#endif

#endif
