/* backend.h: what computes a run -- the VM or native code (native.h), on
 * this thread alone or with a crew (crew.h) -- and when.
 *
 * backend_open looks at the run.  BACKEND_NATIVE compiles first (or finds
 * the code in the cache; waiting for the compiler ends if spec->interrupt
 * is set) and runs natively throughout.  BACKEND_AUTO uses the code when it
 * is in the cache; otherwise, when the run would take the VM longer than
 * compiling takes -- estimated from the steps for a fixed-step run, from
 * the pace of its first 10 ms for an adaptive one -- it starts the compiler
 * in the background and the run goes on on the VM: the driver calls
 * backend_poll now and then, and native code takes over when it is there --
 * from a step boundary, bit-identical, so the output does not show where
 * (shorter runs stay on the VM; a compile that has not finished when the
 * run ends is stopped).  When native code cannot be had (no compiler, the
 * model has operations it does not take), the run goes on with the VM and
 * a note says why -- once per run, never an error.  One neuron gets scalar
 * code (native.h: NATIVE_SCALAR).
 * A fixed-step run of a model without domain with euler, rk2 or rk4 gets
 * the fused kernel: backend_steps advances the whole state by many steps
 * (without events) or one (with them: driver.c), block by block, in place.
 *
 * The instance uses the crew and the code until backend_close. */
#ifndef NEURODE_BACKEND_H
#define NEURODE_BACKEND_H

#include <stdbool.h>

#include "crew.h"
#include "diag.h"
#include "driver.h"
#include "instance.h"
#include "native.h"

typedef struct Backend {
  Crew *crew;
  NativeCode *code;
  NativeBuild *build;  /* compiling in the background (auto), or NULL */
  char *src;           /* auto, adaptive: the C, until the run's pace says to compile it */
  NativeShape shape;
  double opened, compile_estimate; /* when the run began; what compiling takes (s) */
  Diag *diag;          /* where a failed background compile is noted */
  unsigned long poll_every; /* steps between backend_poll calls (about 1 ms of the VM's) */
  NativeFused fused;  /* NATIVE_FUSED_NONE: step through the stepper */
  NativeFused method; /* the run's method, as a fused kernel would take it */
  bool share_one_step; /* backend_steps of one step uses the crew (enough work) */
  double compile_seconds; /* 0: the code came from the cache (or the VM runs) */
} Backend;

/* steps: how many steps the run takes (for BACKEND_AUTO's estimate). */
void backend_open(Backend *b, Instance *in, const RunSpec *spec, double steps, Diag *diag);
void backend_close(Backend *b, Instance *in);
/* Has native code just taken over (the background compile is done)?  Then
 * b->code and b->fused are set and the instance uses the code.  done: the
 * fraction of the run done (for an adaptive run's decision to compile).
 * Call it every poll_every steps: while nothing has arrived it costs a
 * waitpid (or a clock read); on arrival, the library is loaded. */
bool backend_poll(Backend *b, Instance *in, double done);

/* Steps first .. first+nsteps-1 of the grid t0 + k dt on the state y (in
 * place), shared out by the crew.  result->bad_step is 0, or the first step
 * whose result was not finite (native.h: the copies that failed keep their
 * state before it). */
void backend_steps(Backend *b, Instance *in, double *y, double t0, double dt,
                   unsigned long first, unsigned long nsteps, NativeSteps *result);

/* The C the native backend writes for this model and method (check
 * --emit-c); NULL with the reason in why. */
char *backend_emit(const Compiled *c, const StepperType *method, char *why, size_t whysize);

#endif
