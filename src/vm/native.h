/* native.h: the native backend -- a model's right-hand side as C, compiled
 * by the C compiler configure found, loaded with dlopen, and kept in a
 * cache ($XDG_CACHE_HOME/neurode, else ~/.cache/neurode).
 *
 * The C is written from the bytecode (program.h), instruction by
 * instruction in the VM's order, with the VM's operations (opcodes.h) and
 * the same math functions (vmath.h's: SLEEF's AVX functions called
 * directly, exp written in from vmath_exp.h's source -- scalar code calls
 * the host's exp, exprel and exprelr instead --, the rest through
 * NativeApi: native code calls nothing of libm's that could round
 * differently), and compiled with
 * -ffp-contract=off and no fast-math: its results are the VM's, bit for
 * bit.  What it gains: no dispatch, constants in the code, a block's
 * values in registers, and -- the fused stepper -- all four stages of an
 * RK4 step (and many steps) done on one block of elements while it is in
 * L1 cache, with no stage array the size of the population.
 *
 * A program with operations across elements (a sum over the population)
 * is not emitted: the VM runs it (native_emit says why).
 *
 * Ownership: native_emit returns a malloc'd string; native_find and
 * native_poll give a NativeCode (native_free) that holds the loaded
 * library; a NativeBuild is owned until native_poll returns 1 or
 * native_abandon takes it. */
#ifndef NEURODE_NATIVE_H
#define NEURODE_NATIVE_H

#include <stdbool.h>
#include <stddef.h>

#include "program.h"
#include "vm.h"

/* Bump when NativeApi, NativeSteps or the emitted entry points change: a
 * cached library of another version is never loaded. */
enum { NATIVE_ABI = 7, NATIVE_BLOCK = 32, NATIVE_CACHE_MAX = 64 << 20 };

/* How many copies the code takes at a time.  NATIVE_LANES: blocks of
 * NATIVE_BLOCK, each operation a loop over the block's lanes (vectorised),
 * compiled at -O3.  NATIVE_SCALAR: one copy at a time, plain scalars, no
 * lane loops, compiled at -O1 -- for a single neuron, where the lane code is
 * never entered: HH compiles in 0.12 s instead of 0.45-0.6 s and runs as
 * fast (measured: 0.230 vs 0.228 s for 10^6 RK4 steps).  Since then the
 * scalar library is the rhs alone, the loops around it neurode's
 * (native_scalar.h): HH compiles in 0.04-0.05 s. */
typedef enum { NATIVE_LANES, NATIVE_SCALAR } NativeShape;

/* What emitted code calls: the VM's own functions. */
typedef struct NativeApi {
  void (*vmath)(int fn, double *d, const double *x, const double *y, size_t m);
  double (*rand)(double seed, double stream, double step, double elem);
  double (*rand2)(double seed, double stream, double step, double elem);
  double (*randn)(double seed, double stream, double step, double elem);
  double (*poisson)(double lam, double u, double v);
  double (*lookup)(const double *table, double r, double c);
  double (*dexprel)(double x);
  double (*exp)(double x); /* vmath's, one value (code for one copy calls them) */
  double (*exprel)(double x);
  double (*exprelr)(double x);
} NativeApi;

/* One call of the fused fixed-step kernel: steps first .. first+nsteps-1 of
 * the grid t = t0 + (g - 1) dt (the driver's numbering), for the blocks
 * block_lo, block_lo + block_step, ... below block_hi (of NATIVE_BLOCK
 * elements each), the state updated in
 * place.  A block whose new state is not finite stops before that step
 * (its state stays the last good one) and is reported in bad_*: the first
 * such step, and in it the first element and state. */
typedef struct NativeSteps {
  const VmInput *in; /* the rhs's inputs (states, t, step and h are set by the kernel) */
  double *y;         /* nstates * n, state s of element k at s*n + k */
  size_t n;
  double t0, dt;
  unsigned long first, nsteps;
  size_t block_lo, block_hi, block_step;
  unsigned long bad_step; /* 0: none */
  size_t bad_elem, bad_state;
  double bad_value;       /* what it became: NaN or an infinity */
} NativeSteps;

/* The methods a fused kernel exists for. */
typedef enum { NATIVE_FUSED_NONE, NATIVE_FUSED_EULER, NATIVE_FUSED_RK2, NATIVE_FUSED_RK4 } NativeFused;

/* Right-hand-side evaluations per step of a fused method (as its stepper
 * counts them). */
static inline unsigned long native_fused_stages(NativeFused f)
{
  return f == NATIVE_FUSED_RK4 ? 4 : f == NATIVE_FUSED_RK2 ? 2 : 1;
}

/* C for the program `rhs` (nstates derivatives first), of the given shape:
 * lanes, an nd_exec entry equal to vm_exec and a fused kernel for `fused`;
 * scalar, the rhs for one copy alone (native_scalar.h: the loops around it
 * are neurode's, for every method -- `fused` is native_use_method's).
 * NULL, with the reason in why, when the program has operations the
 * emitter does not take. */
char *native_emit(const Program *rhs, size_t nstates, NativeFused fused, NativeShape shape,
                  char *why, size_t whysize);

typedef struct NativeCode NativeCode;

/* The code for source, written by native_emit with this shape (the shape
 * chooses the compiler's flags), if the cache holds it: NULL when it was
 * never compiled. */
NativeCode *native_find(const char *source, NativeShape shape);

/* Compiling: the compiler works in a process of its own while the caller
 * goes on (a run on the VM, or a wait that Ctrl-C can end) -- in a process
 * group of its own, so the terminal's Ctrl-C is the caller's to deal with.
 * native_start: NULL with the reason in err (no compiler, the cache cannot
 * be written).  native_poll: 0 while the compiler is still at work; 1 when
 * it is over, with *code the loaded code (now in the cache) or NULL and the
 * reason in err -- the build is then freed.
 * native_abandon stops the compiler, reaps it and removes its files (NULL:
 * nothing).  Every build ends in exactly one of the two (a poll that
 * returned 1, or an abandon): otherwise its compiler is left a zombie and
 * its files stay (until a later trim finds them over 10 minutes old). */
typedef struct NativeBuild NativeBuild;
NativeBuild *native_start(const char *source, NativeShape shape, char *err, size_t errsize);
int native_poll(NativeBuild *b, NativeCode **code, char *err, size_t errsize);
void native_abandon(NativeBuild *b);
void native_free(NativeCode *c);

void native_exec(const NativeCode *c, const VmInput *in, double *const *out, size_t n);
/* The method native_steps takes (NATIVE_FUSED_NONE: none).  A lanes
 * library's kernel is compiled for one; a scalar library's stepper is the
 * host's and takes the one native_use_method sets (lanes: ignored). */
NativeFused native_fused(const NativeCode *c);
void native_use_method(NativeCode *c, NativeFused fused);
/* Copies per block of native_steps (NATIVE_BLOCK, or 1 for NATIVE_SCALAR). */
size_t native_block(const NativeCode *c);
void native_steps(const NativeCode *c, NativeSteps *s);
/* Seconds spent compiling (0 when it came from the cache). */
double native_compile_seconds(const NativeCode *c);

/* The cache: where it is, what it holds, and emptying it (0, or -1 with
 * errno). */
void native_cache_dir(char *buf, size_t size);
void native_cache_usage(size_t *entries, size_t *bytes);
int native_cache_clear(void);

#endif
