/* backend.c: see backend.h. */
#include "backend.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "mem.h"

static double seconds_now(void)
{
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* What a fixed-step run would cost on the VM, in seconds: about 3.8 ns per
 * instruction a call and 0.6 ns per element-instruction (measured with HH,
 * RK4: one neuron, 4.4 ns an instruction; 10,000, 0.58 ns an element's),
 * the elements shared by the threads; a method of order p takes about p
 * evaluations a step. */
static double vm_seconds(const Instance *in, const RunSpec *spec, double steps, unsigned threads)
{
  double evals = steps * (spec->method->order > 1 ? spec->method->order : 1);
  return evals * (double)(in->c->rhs->ncode + 1) *
         (3.8e-9 + 0.6e-9 * (double)in->N / (double)threads);
}

/* What compiling takes, in seconds, with some margin for a busy machine:
 * lanes, about 0.5 s plus 2.8 ms an instruction (HH, 52 instructions:
 * 0.45-0.6 s on an idle machine, up to 1 s on a busy one; forty HH
 * compartments, 2160: 6.5 s); scalar (-O1, the rhs alone), 0.08 s plus
 * 0.4 ms an instruction (HH: 0.05 s; forty HH neurons in a ring, one copy,
 * 2240 instructions: 0.8 s). */
static double compile_seconds(const Instance *in, NativeShape shape)
{
  double n = (double)in->c->rhs->ncode;
  return shape == NATIVE_SCALAR ? 0.08 + 4e-4 * n : 0.5 + 2.8e-3 * n;
}

static NativeFused fused_for(const Compiled *c, const StepperType *m)
{
  /* With events the kernel takes one step at a time (driver.c). */
  if (c->grid || c->m->discrete || c->nextra) return NATIVE_FUSED_NONE;
  if (m == &stepper_rk4) return NATIVE_FUSED_RK4;
  if (m == &stepper_rk2) return NATIVE_FUSED_RK2;
  if (m == &stepper_euler) return NATIVE_FUSED_EULER;
  return NATIVE_FUSED_NONE;
}

static char *emit(const Compiled *c, const StepperType *method, NativeShape shape, char *why,
                  size_t whysize)
{
  return native_emit(c->rhs, c->nstates, fused_for(c, method), shape, why, whysize);
}

char *backend_emit(const Compiled *c, const StepperType *method, char *why, size_t whysize)
{
  return emit(c, method, NATIVE_LANES, why, whysize);
}

/* Once per run, never an error. */
static void unavailable(Diag *diag, const char *why)
{
  diag_info(diag, "native code is not available (%s): this run uses the VM", why);
}

/* The code is here: the instance computes with it from now on. */
static void take(Backend *b, Instance *in, NativeCode *code)
{
  b->code = code;
  native_use_method(code, b->method);
  b->fused = native_fused(code);
  /* One step at a time (a model with events): the crew shares the step when
   * it is worth a hand-over of a few microseconds -- about 20,000
   * instruction-copies (LIF, 10,000 copies: the step and the events' work
   * both shared, 2 threads: 1.07-1.27 -> 0.86-1.01 s); a hundred copies are
   * quicker on one thread. */
  b->share_one_step = (double)(in->c->rhs->ncode + 1) * (double)native_fused_stages(b->fused) *
                          (double)in->N >= 20000;
  b->compile_seconds = native_compile_seconds(code);
  instance_use(in, b->crew, code);
}

/* Compile now and wait for it -- or stop waiting when the run is
 * interrupted (Ctrl-C does not reach the compiler: native.h). */
static NativeCode *compile_waiting(const char *src, NativeShape shape, const RunSpec *spec,
                                   bool *interrupted, char *why, size_t whysize)
{
  NativeBuild *build = native_start(src, shape, why, whysize);
  NativeCode *code = NULL;
  const struct timespec pause = {0, 2000000};
  while (build && !native_poll(build, &code, why, whysize)) {
    if (spec->interrupt && *spec->interrupt) {
      native_abandon(build);
      *interrupted = true;
      return NULL;
    }
    nanosleep(&pause, NULL);
  }
  return code;
}

/* The compiler started on b->src, which it no longer needs. */
static void start_build(Backend *b)
{
  char why[300];
  b->build = native_start(b->src, b->shape, why, sizeof why);
  if (!b->build) unavailable(b->diag, why);
  free(b->src);
  b->src = NULL;
}

void backend_open(Backend *b, Instance *in, const RunSpec *spec, double steps, Diag *diag)
{
  memset(b, 0, sizeof *b);
  unsigned threads = spec->threads ? spec->threads : 1;
  /* More threads than blocks would idle. */
  size_t blocks = (in->N + NATIVE_BLOCK - 1) / NATIVE_BLOCK;
  if (threads > blocks) threads = (unsigned)blocks;
  b->crew = crew_new(threads);
  instance_use(in, b->crew, NULL);
  if (spec->backend == BACKEND_VM) return;
  /* One neuron: scalar code, compiled in a fraction of the time. */
  b->shape = in->N == 1 && !in->grid ? NATIVE_SCALAR : NATIVE_LANES;
  b->method = fused_for(in->c, spec->method);
  char why[300] = "";
  char *src = emit(in->c, spec->method, b->shape, why, sizeof why);
  NativeCode *code = src ? native_find(src, b->shape) : NULL;
  bool interrupted = false;
  b->diag = diag;
  b->compile_estimate = compile_seconds(in, b->shape);
  /* Looked for about every millisecond of the VM's work. */
  double every = 1e-3 / vm_seconds(in, spec, 1, threads);
  b->poll_every = every < 1 ? 1 : every > 1e6 ? 1000000 : (unsigned long)every;
  if (code) {
    take(b, in, code);
  } else if (src && spec->backend == BACKEND_NATIVE) {
    if ((code = compile_waiting(src, b->shape, spec, &interrupted, why, sizeof why))) take(b, in, code);
    else if (!interrupted) unavailable(diag, why);
  } else if (src && spec->method->adaptive) {
    /* auto, steps unknown (t/dt is a poor guess): the VM starts, and
     * backend_poll decides from the run's progress. */
    b->src = src, src = NULL;
    b->opened = seconds_now();
  } else if (src && vm_seconds(in, spec, steps, threads) > b->compile_estimate) {
    /* auto, long enough to repay compiling: the VM starts now, native
     * code takes over when the compiler is done (backend_poll). */
    b->src = src, src = NULL;
    start_build(b);
  } else if (!src && spec->backend == BACKEND_NATIVE) {
    unavailable(diag, why);
  }
  free(src);
}

bool backend_poll(Backend *b, Instance *in, double done)
{
  if (b->src) {
    /* Still deciding: start when what is left of the run, at the speed
     * so far, would take longer than compiling (measured after 10 ms). */
    double spent = seconds_now() - b->opened;
    if (spent >= 0.01 && done > 0 && done < 1 && spent * (1 - done) / done > b->compile_estimate)
      start_build(b);
    return false;
  }
  if (!b->build) return false;
  NativeCode *code;
  char why[300];
  if (!native_poll(b->build, &code, why, sizeof why)) return false;
  b->build = NULL;
  if (!code) {
    unavailable(b->diag, why);
    return false;
  }
  take(b, in, code);
  return true;
}

void backend_close(Backend *b, Instance *in)
{
  /* A compile that has just finished still goes into the cache. */
  NativeCode *late = NULL;
  char why[300];
  if (b->build && native_poll(b->build, &late, why, sizeof why)) b->build = NULL;
  native_free(late);
  native_abandon(b->build);
  free(b->src);
  instance_use(in, NULL, NULL);
  native_free(b->code);
  crew_free(b->crew);
  memset(b, 0, sizeof *b);
}

typedef struct Steps {
  Backend *b;
  NativeSteps *part; /* per member */
  unsigned members;
  unsigned long nblocks;
} Steps;

/* Member m takes every members-th block from block m: copies with more
 * to do (a strong drive, many spikes) are often neighbours, and dealing the
 * blocks out like cards shares them evenly. */
static void steps_member(void *ctx, unsigned m)
{
  Steps *s = ctx;
  s->part[m].block_lo = m;
  s->part[m].block_hi = s->nblocks;
  s->part[m].block_step = s->members;
  if (m < s->nblocks) native_steps(s->b->code, &s->part[m]);
}

void backend_steps(Backend *b, Instance *in, double *y, double t0, double dt,
                   unsigned long first, unsigned long nsteps, NativeSteps *result)
{
  Crew *crew = nsteps > 1 || (b->share_one_step && crew_quick(b->crew) > 1) ? b->crew : NULL;
  unsigned members = crew_size(crew);
  NativeSteps one[1], *part = members > 1 ? xcalloc(members, sizeof *part) : one;
  size_t block = native_block(b->code);
  Steps s = {b, part, members, (in->N + block - 1) / block};
  for (unsigned m = 0; m < members; m++)
    part[m] = (NativeSteps){in->rhs.in, y, in->N, t0, dt, first, nsteps, 0, 0, 1, 0, 0, 0, 0};
  crew_run(crew, steps_member, &s);
  /* The first failure in the order a single thread would meet it. */
  *result = part[0];
  for (unsigned m = 1; m < members; m++) {
    const NativeSteps *p = &part[m];
    if (!p->bad_step) continue;
    if (!result->bad_step || p->bad_step < result->bad_step ||
        (p->bad_step == result->bad_step &&
         (p->bad_state < result->bad_state ||
          (p->bad_state == result->bad_state && p->bad_elem < result->bad_elem)))) {
      result->bad_step = p->bad_step;
      result->bad_state = p->bad_state;
      result->bad_elem = p->bad_elem;
      result->bad_value = p->bad_value;
    }
  }
  if (part != one) free(part);
}
