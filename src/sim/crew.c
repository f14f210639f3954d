/* crew.c: see crew.h.  A job is published by bumping a counter; workers
 * spin on it for a while (a run's steps follow each other within
 * microseconds, and waking a sleeping thread costs far more than that here)
 * and only then sleep on a condition variable.  The caller, done with its
 * own share, spins the same way until the workers are done. */
#define _GNU_SOURCE 1
#include "crew.h"

#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "mem.h"

/* About 50-100 microseconds of polling before sleeping. */
enum { SPINS = 20000 };

typedef struct Member {
  struct Crew *crew;
  unsigned id;
  pthread_t thread;
} Member;

struct Crew {
  unsigned n;
  bool cores_enough;  /* a core for every member (crew_quick) */
  Member *members;
  pthread_mutex_t lock;
  pthread_cond_t go, done;
  atomic_ulong job;   /* incremented for every crew_run */
  atomic_uint busy;   /* workers still on the current job */
  atomic_int quit;
  void (*fn)(void *, unsigned);
  void *ctx;
};

static inline void pause_briefly(void)
{
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

static void *work(void *arg)
{
  Member *me = arg;
  Crew *c = me->crew;
  unsigned long seen = 0;
  for (;;) {
    int spins = 0;
    while (atomic_load(&c->job) == seen && !atomic_load(&c->quit) && spins < SPINS) {
      pause_briefly();
      spins++;
    }
    if (atomic_load(&c->job) == seen && !atomic_load(&c->quit)) {
      pthread_mutex_lock(&c->lock);
      while (atomic_load(&c->job) == seen && !atomic_load(&c->quit)) pthread_cond_wait(&c->go, &c->lock);
      pthread_mutex_unlock(&c->lock);
    }
    if (atomic_load(&c->quit)) break;
    seen = atomic_load(&c->job);
    c->fn(c->ctx, me->id);
    if (atomic_fetch_sub(&c->busy, 1) == 1) {
      pthread_mutex_lock(&c->lock);
      pthread_cond_signal(&c->done);
      pthread_mutex_unlock(&c->lock);
    }
  }
  return NULL;
}

Crew *crew_new(unsigned n)
{
  if (n <= 1) return NULL;
  Crew *c = xcalloc(1, sizeof *c);
  c->members = xcalloc(n, sizeof *c->members);
  pthread_mutex_init(&c->lock, NULL);
  pthread_cond_init(&c->go, NULL);
  pthread_cond_init(&c->done, NULL);
  atomic_init(&c->job, 0);
  atomic_init(&c->busy, 0);
  atomic_init(&c->quit, 0);
  c->n = 1;
  for (unsigned m = 1; m < n; m++) {
    c->members[m].crew = c;
    c->members[m].id = m;
    /* Without a thread the crew is smaller: the split adapts, the results
     * do not change. */
    if (pthread_create(&c->members[m].thread, NULL, work, &c->members[m]) != 0) break;
    c->n++;
  }
  c->cores_enough = c->n <= crew_cores();
  return c;
}

void crew_free(Crew *c)
{
  if (!c) return;
  pthread_mutex_lock(&c->lock);
  atomic_store(&c->quit, 1);
  pthread_cond_broadcast(&c->go);
  pthread_mutex_unlock(&c->lock);
  for (unsigned m = 1; m < c->n; m++) pthread_join(c->members[m].thread, NULL);
  pthread_mutex_destroy(&c->lock);
  pthread_cond_destroy(&c->go);
  pthread_cond_destroy(&c->done);
  free(c->members);
  free(c);
}

unsigned crew_size(const Crew *c) { return c ? c->n : 1; }

unsigned crew_quick(const Crew *c) { return c && c->cores_enough ? c->n : 1; }

void crew_run(Crew *c, void (*fn)(void *ctx, unsigned member), void *ctx)
{
  if (!c || c->n == 1) {
    fn(ctx, 0);
    return;
  }
  c->fn = fn;
  c->ctx = ctx;
  atomic_store(&c->busy, c->n - 1);
  /* Under the lock: a worker about to sleep sees the new job or the wake. */
  pthread_mutex_lock(&c->lock);
  atomic_fetch_add(&c->job, 1);
  pthread_cond_broadcast(&c->go);
  pthread_mutex_unlock(&c->lock);
  fn(ctx, 0);
  for (int spins = 0; atomic_load(&c->busy) && spins < SPINS; spins++) pause_briefly();
  if (atomic_load(&c->busy)) {
    pthread_mutex_lock(&c->lock);
    while (atomic_load(&c->busy)) pthread_cond_wait(&c->done, &c->lock);
    pthread_mutex_unlock(&c->lock);
  }
}

unsigned crew_cores(void)
{
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof set, &set) == 0) {
    int n = CPU_COUNT(&set);
    if (n >= 1) return (unsigned)n;
  }
  long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n >= 1 ? (unsigned)n : 1;
}
