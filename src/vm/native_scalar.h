/* native_scalar.h: the host's half of scalar native code (NATIVE_SCALAR,
 * one copy at a time: a single neuron).
 *
 * A scalar library holds the right-hand side for one copy and nothing else:
 *   void nd_rhs1(const NativeApi *api, const double *x, double t, double step,
 *                double h, const double *const *p, double *o)
 * x[s]: state s; t, step (the step's number g - 1) and h: the time inputs;
 * p[k]: where input k's value is when it is anything else (a table: the
 * whole table); o[j]: output j.  It reads every input before it writes an
 * output.  With it, nd_inputs[k] says what input k is -- a state's index
 * (>= 0) or one of the kinds below -- and nd_nstates, nd_ninputs,
 * nd_noutputs the sizes.
 *
 * The loops around it are here, compiled once with neurode: the exec over
 * copies and the fused euler/rk2/rk4 stepper, the same operations in the
 * same order as the lanes library's (native_emit.c) and the steppers'
 * (step_*.c), so the results are the VM's, bit for bit.  Why not emitted:
 * a single neuron's run waits for its compile, and gcc spent two thirds of
 * it on those loops (HH: 0.10-0.14 s for the whole file, 0.04-0.05 s for
 * the rhs alone). */
#ifndef NEURODE_NATIVE_SCALAR_H
#define NEURODE_NATIVE_SCALAR_H

#include <stddef.h>

#include "native.h"

enum {
  NATIVE_IN_FIXED = -1, /* the same through the call: in[k].array + copy, or in[k].scalar */
  NATIVE_IN_TIME = -2,
  NATIVE_IN_STEP = -3,  /* the step's number g - 1 */
  NATIVE_IN_H = -4,
  NATIVE_IN_TABLE = -5  /* in[k].array whole */
};

typedef void NativeRhs1(const NativeApi *api, const double *x, double t, double step, double h,
                        const double *const *p, double *o);

typedef struct NativeScalar {
  NativeRhs1 *rhs;
  const int *inputs; /* nd_inputs, in the library */
  size_t nstates, ninputs, noutputs;
} NativeScalar;

/* nd_exec's and nd_steps's meanings (native.h: native_exec, native_steps). */
void native_scalar_exec(const NativeScalar *c, const NativeApi *api, const VmInput *in,
                        double *const *out, size_t n);
void native_scalar_steps(const NativeScalar *c, NativeFused method, const NativeApi *api,
                         NativeSteps *s);

#endif
