/* native_scalar.c: the loops around a scalar library's nd_rhs1; see
 * native_scalar.h.  The arithmetic of each method is step_euler.c's,
 * step_rk2.c's and step_rk4.c's, operation for operation (and the lanes
 * library's, native_emit.c's emit_fused). */
#include "native_scalar.h"

#include <stdlib.h>

#include "mem.h"

/* A call's pointers and values: on the stack for a model of ordinary size
 * (with events the stepper is called once per step: no malloc there),
 * else on the heap.  v: four rooms of `width` values (a state vector, or
 * the outputs: outputs past the derivatives are none of a fused model's). */
enum { SMALL = 64 };
typedef struct Frame {
  const double **p;
  double *v;
  size_t width;
  const double *p_small[SMALL];
  double v_small[4 * SMALL];
} Frame;

static void frame_open(Frame *f, const NativeScalar *c)
{
  f->width = c->nstates > c->noutputs ? c->nstates : c->noutputs;
  f->p = c->ninputs <= SMALL ? f->p_small : xmalloc(c->ninputs * sizeof *f->p);
  f->v = f->width <= SMALL ? f->v_small : xmalloc(4 * f->width * sizeof *f->v);
}

static void frame_close(Frame *f)
{
  if (f->p != f->p_small) free(f->p);
  if (f->v != f->v_small) free(f->v);
}

/* Where input `in` of copy j is. */
static const double *input_at(const VmInput *in, int code, size_t j)
{
  if (!in->array) return &in->scalar;
  return code == NATIVE_IN_TABLE ? in->array : in->array + j;
}

void native_scalar_exec(const NativeScalar *c, const NativeApi *api, const VmInput *in,
                        double *const *out, size_t n)
{
  Frame f;
  frame_open(&f, c);
  for (size_t j = 0; j < n; j++) {
    double t = 0, step = 0, h = 0;
    for (size_t k = 0; k < c->ninputs; k++) {
      int code = c->inputs[k];
      const double *at = input_at(&in[k], code, j);
      if (code >= 0) f.v[code] = *at;
      else if (code == NATIVE_IN_TIME) t = *at;
      else if (code == NATIVE_IN_STEP) step = *at;
      else if (code == NATIVE_IN_H) h = *at;
      f.p[k] = at;
    }
    double *x = f.v, *o = f.v + f.width;
    c->rhs(api, x, t, step, h, f.p, o);
    for (size_t q = 0; q < c->noutputs; q++) out[q][j] = o[q];
  }
  frame_close(&f);
}

/* One copy's steps.  y: the step's start; x: the state the later stages
 * evaluate at, then the step's end -- which becomes y by a swap (a copy
 * loop would be a call of memmove per step).  Four separate rooms, but not
 * `restrict`: the swap makes x and y each other's. */
static void copy_steps(const NativeScalar *c, NativeFused method, const NativeApi *api,
                       NativeSteps *s, size_t b, const double *const *p, double *y, double *x,
                       double *k, double *acc)
{
  const size_t S = c->nstates, n = s->n;
  const double h = s->dt;
  for (size_t v = 0; v < S; v++) y[v] = s->y[v * n + b];
  for (unsigned long g = s->first; g < s->first + s->nsteps; g++) {
    const double t = s->t0 + (double)(g - 1) * s->dt, step = (double)(g - 1);
    switch (method) {
    case NATIVE_FUSED_EULER:
      c->rhs(api, y, t, step, h, p, k);
      for (size_t v = 0; v < S; v++) x[v] = y[v] + h * k[v];
      break;
    case NATIVE_FUSED_RK2:
      c->rhs(api, y, t, step, h, p, k);
      for (size_t v = 0; v < S; v++) x[v] = y[v] + 0.5 * h * k[v];
      c->rhs(api, x, t + 0.5 * h, step, h, p, k);
      for (size_t v = 0; v < S; v++) x[v] = y[v] + h * k[v];
      break;
    default: {
      const double h2 = 0.5 * h, h6 = h / 6.0;
      c->rhs(api, y, t, step, h, p, k);
      for (size_t v = 0; v < S; v++) {
        acc[v] = k[v];
        x[v] = y[v] + h2 * k[v];
      }
      c->rhs(api, x, t + h2, step, h, p, k);
      for (size_t v = 0; v < S; v++) {
        acc[v] += 2 * k[v];
        x[v] = y[v] + h2 * k[v];
      }
      c->rhs(api, x, t + h2, step, h, p, k);
      for (size_t v = 0; v < S; v++) {
        acc[v] += 2 * k[v];
        x[v] = y[v] + h * k[v];
      }
      c->rhs(api, x, t + h, step, h, p, k);
      for (size_t v = 0; v < S; v++) x[v] = y[v] + h6 * (acc[v] + k[v]);
      break;
    }
    }
    /* The driver's test (x * 0 is 0 unless x is a NaN or an infinity);
     * the first bad value in the state's order, as the lanes code finds it.
     * The copy stops before this step. */
    int bad = 0;
    for (size_t v = 0; v < S; v++) bad |= x[v] * 0.0 != 0.0;
    if (bad) {
      size_t bv = 0;
      while (x[bv] * 0.0 == 0.0) bv++;
      if (!s->bad_step || g < s->bad_step ||
          (g == s->bad_step && (bv < s->bad_state || (bv == s->bad_state && b < s->bad_elem))))
        s->bad_step = g, s->bad_state = bv, s->bad_elem = b, s->bad_value = x[bv];
      break;
    }
    double *end = x;
    x = y, y = end;
  }
  for (size_t v = 0; v < S; v++) s->y[v * n + b] = y[v];
}

void native_scalar_steps(const NativeScalar *c, NativeFused method, const NativeApi *api,
                         NativeSteps *s)
{
  Frame f;
  frame_open(&f, c);
  double *y = f.v, *x = y + f.width, *k = x + f.width, *acc = k + f.width;
  for (size_t b = s->block_lo; b < s->block_hi; b += s->block_step) {
    for (size_t j = 0; j < c->ninputs; j++) f.p[j] = input_at(&s->in[j], c->inputs[j], b);
    copy_steps(c, method, api, s, b, f.p, y, x, k, acc);
  }
  frame_close(&f);
}
