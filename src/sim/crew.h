/* crew.h: threads that share a run's work -- the blocks of a population.
 *
 * A Crew of n members is the calling thread plus n - 1 workers, started by
 * crew_new and kept until crew_free (a run starts them once, not per step).
 * crew_run calls fn(ctx, m) for every member m, member 0 on the caller, and
 * returns when all are done.  What a member does must depend on m only, not
 * on timing: results are then the same for any number of members (the
 * work is split by blocks whose arithmetic does not depend on the split).
 *
 * How many: --threads / 'set threads' (default crew_cores(): the cores this
 * process may use).  Analyses that already run one simulation per thread
 * (sweep, threshold) give each run one member, so there are never more
 * threads than cores asked for. */
#ifndef NEURODE_CREW_H
#define NEURODE_CREW_H

typedef struct Crew Crew;

/* NULL when n <= 1: one member needs no crew (callers treat NULL as 1). */
Crew *crew_new(unsigned n);
void crew_free(Crew *c);
unsigned crew_size(const Crew *c);
/* The members to share a job of microseconds among: crew_size, or 1 when
 * there are more members than cores.  Then a member waits for a core for a
 * whole time slice, and the others spin meanwhile: such jobs go faster on
 * one thread (10,000 LIF, each step shared by 3 threads on 2 cores: 16 s,
 * not 1). */
unsigned crew_quick(const Crew *c);
void crew_run(Crew *c, void (*fn)(void *ctx, unsigned member), void *ctx);

/* The processors this process may run on (sched_getaffinity), at least 1. */
unsigned crew_cores(void);

/* Member m's share of nblocks blocks: [*lo, *hi), contiguous, in order. */
static inline void crew_share(unsigned m, unsigned members, unsigned long nblocks,
                              unsigned long *lo, unsigned long *hi)
{
  *lo = nblocks * m / members;
  *hi = nblocks * (m + 1) / members;
}

#endif
