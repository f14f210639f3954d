/* backend.c: see backend.h. */
#include "backend.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

/* The work (element instructions) below which a run stays on the VM: what
 * the VM does (some 10^9 a second) while the compiler works, which takes
 * about 0.3 s plus 2.8 ms per instruction of the program (measured: HH,
 * 52 instructions, 0.45 s; forty HH compartments, 2160, 6.5 s). */
static double native_worth(size_t ncode) { return 3e8 + 2.8e6 * (double)ncode; }

static NativeFused fused_for(const Compiled *c, const StepperType *m)
{
  if (c->m->nevents || c->grid || c->m->discrete || c->nextra) return NATIVE_FUSED_NONE;
  if (m == &stepper_rk4) return NATIVE_FUSED_RK4;
  if (m == &stepper_rk2) return NATIVE_FUSED_RK2;
  if (m == &stepper_euler) return NATIVE_FUSED_EULER;
  return NATIVE_FUSED_NONE;
}

char *backend_emit(const Compiled *c, const StepperType *method, char *why, size_t whysize)
{
  return native_emit(c->rhs, c->nstates, fused_for(c, method), why, whysize);
}

void backend_open(Backend *b, Instance *in, const RunSpec *spec, double steps, Diag *diag)
{
  memset(b, 0, sizeof *b);
  unsigned threads = spec->threads ? spec->threads : 1;
  /* More threads than blocks would idle. */
  size_t blocks = (in->N + NATIVE_BLOCK - 1) / NATIVE_BLOCK;
  if (threads > blocks) threads = (unsigned)blocks;
  b->crew = crew_new(threads);
  if (spec->backend != BACKEND_VM) {
    char why[300] = "";
    char *src = backend_emit(in->c, spec->method, why, sizeof why);
    double work = (double)in->N * steps * (double)(in->c->rhs->ncode + 1);
    double worth = native_worth(in->c->rhs->ncode);
    if (src && spec->backend == BACKEND_AUTO && work < worth) {
      /* Short: only what is compiled already. */
      b->code = native_find(src);
    } else if (src) {
      b->code = native_load(src, why, sizeof why);
      if (b->code) b->compile_seconds = native_compile_seconds(b->code);
    }
    if (!b->code && (spec->backend == BACKEND_NATIVE || (src && work >= worth)))
      diag_info(diag, "native code is not available (%s): this run uses the VM", why);
    free(src);
  }
  if (b->code) b->fused = native_fused(b->code);
  instance_use(in, b->crew, b->code);
}

void backend_close(Backend *b, Instance *in)
{
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
  unsigned members = crew_size(b->crew);
  NativeSteps one[1], *part = members > 1 ? xcalloc(members, sizeof *part) : one;
  Steps s = {b, part, members, (in->N + NATIVE_BLOCK - 1) / NATIVE_BLOCK};
  for (unsigned m = 0; m < members; m++)
    part[m] = (NativeSteps){in->rhs.in, y, in->N, t0, dt, first, nsteps, 0, 0, 1, 0, 0, 0, 0};
  crew_run(b->crew, steps_member, &s);
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
