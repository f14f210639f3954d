/* driver.h: runs an Instance through time (evolve.h) and feeds a Sink.
 *
 * The driver owns the loop: fixed steps (t_k = t0 + k dt, never accumulated)
 * or, for adaptive methods, error-controlled steps with samples taken from
 * the method's dense output.  It writes a row every `every` steps (adaptive:
 * every every*dt time units) plus the first and the last state, checks after
 * every step that the state is finite, and stops early when *interrupt
 * becomes nonzero (Ctrl-C in the REPL), keeping what it has.
 *
 * Events (events.h) are dealt with after every step; spikes go to
 * spec->spikes in time order.  A discrete model (method map) steps by its
 * update, t counting steps.
 *
 * On return y holds the state at res->t (the last good state on a blow-up). */
#ifndef NEURODE_DRIVER_H
#define NEURODE_DRIVER_H

#include <signal.h>
#include <stdbool.h>

#include "columns.h"
#include "sampler.h"
#include "diag.h"
#include "sink.h"
#include "stepper.h"
#include "instance.h"
#include "spikes.h"

/* How the right-hand side is computed: the VM, native code (native.h), or
 * native when the run is long enough to repay compiling it (or it is
 * cached).  Never a different result: native code is bit-identical. */
enum { BACKEND_VM, BACKEND_NATIVE, BACKEND_AUTO };
static inline const char *backend_name(int b)
{
  return b == BACKEND_VM ? "vm" : b == BACKEND_NATIVE ? "native" : "auto";
}

typedef struct RunSpec {
  const StepperType *method;
  /* The run starts at t0 + k0*dt and ends at t_end; fixed steps land on
   * t0 + k*dt (a continued run keeps its grid: times are never summed). */
  double t0, t_end;
  unsigned long k0;
  double dt;        /* fixed: the step; adaptive: the output interval and first step */
  long every;       /* write every K-th step (adaptive: every K*dt) */
  double rtol, atol;
  unsigned long max_steps; /* adaptive: give up after this many steps */
  volatile sig_atomic_t *interrupt; /* may be NULL */
  SpikeSink *spikes;                /* where spikes go (may be NULL) */
  bool write_initial;               /* write the row at t0 (false when continuing) */
  /* Called now and then with the fraction done; may be NULL. */
  void (*progress)(void *ctx, double fraction);
  void *progress_ctx;
  int backend;      /* BACKEND_*; 0 (vm) when not set */
  unsigned threads; /* crew members (crew.h); 0 or 1: this thread alone */
} RunSpec;

typedef enum {
  RUN_DONE = 0,
  RUN_INTERRUPTED = 1,
  RUN_BLOWUP = -1,   /* a state became NaN or Inf */
  RUN_SINK_ERROR = -2,
  RUN_STEP_FAILED = -3
} RunStatus;

typedef struct RunResult {
  RunStatus status;
  double t;              /* time of the last good state */
  unsigned long k;       /* fixed steps: its index on the grid (t = t0 + k*dt if on it) */
  unsigned long steps, rejected, nevals, rows;
  double t_row;          /* time of the last row written */
  bool native;           /* native code computed it (backend.h) */
  unsigned long native_from; /* 0, or the first step native code computed
                                when it was compiled in the background (a
                                fixed-step run: its index on the grid; an
                                adaptive one: the number of steps + 1) */
  double compile_seconds; /* compiling it took (0: it was in the cache) */
} RunResult;

/* Errors are reported through diag ("neurode: error: ..."). */
RunResult driver_run(Instance *in, const RunSpec *spec, double *y, const Columns *cols,
                     Sink *sink, Diag *diag);

#endif
