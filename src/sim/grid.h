/* grid.h: a model on a domain -- what compiling it adds, and what a run of
 * it keeps.
 *
 * The grid's points are the population's elements (x_k = lo + k dx, k =
 * 0..n-1), so the VM evaluates every term at every point in one pass.  Each
 * state whose equation has d2X/dx2 is a diffusing component: its equation
 * is split as dX/dt = D(x) d2X/dx2 + R, with D found by differentiating the
 * right-hand side with respect to its d2X/dx2 input (so D may be written
 * anywhere in the equation, but may depend only on x and parameters: the
 * implicit solve needs it fixed).  The right-hand side reads d2X/dx2 as an
 * input (IN_SPATIAL) that the instance computes from the state and the
 * ends' conditions, and the implicit steppers are given the diffusion
 * operator (diffusion.h) beside it.
 *
 * Each end of each component has its value given (V = b(t)), its slope
 * given (from a condition linear in dV/dx, solved for it), or is sealed
 * (dV/dx = 0, when nothing is said). */
#ifndef NEURODE_GRID_H
#define NEURODE_GRID_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "diffusion.h"
#include "ir.h"
#include "overrides.h"
#include "program.h"

typedef struct GridShape {
  double lo, hi, dx;
  size_t n;
} GridShape;

typedef struct CompiledGrid {
  size_t *diffusing;  /* component c is state diffusing[c] */
  size_t ndiff;
  bool *end_value;    /* [2c + e]: end e (0 low, 1 high) of c has its value given */
  Program *shape;     /* outputs: lo, hi, then each component's D at every point */
  Program *ends;      /* outputs [2(2c + e)]: the value or slope given; [+1] a value's d/dt */
} CompiledGrid;

struct Compiled;
struct Lowerer;
/* Compile the grid's programs from the lowered right-hand side (before the
 * events change it: the coefficients are the equations' own).  NULL after
 * reporting errors. */
CompiledGrid *grid_compile(struct Compiled *c, struct Lowerer *L, Diag *diag);
void grid_free(CompiledGrid *g);

/* The domain's ends and number of points with these parameter overrides.
 * False after reporting (diag NULL: quietly) a number of points that is not
 * a whole number of at least 3, an empty extent, or a size that is not one
 * number. */
bool grid_shape(const struct Compiled *c, const Override *params, size_t nparams,
                GridShape *shape, Diag *diag);

/* A run's side (instance.h holds one when the model is on a domain). */
typedef struct InstanceGrid {
  GridShape shape;
  double **coef;      /* per component: D at each point */
  double *coef_store;
  size_t *offset;     /* per component: where its values start in the state */
  double *spatial;    /* per state: d2X/dx2 at each point (zero for those that do not diffuse) */
  DiffusionEnd *ends; /* 2 per component, at the time of the last right-hand side */
  double *end_vals, **end_outs; /* the ends program's outputs */
  Diffusion op;       /* what the splitting steppers are given */
} InstanceGrid;

struct Instance;
void grid_instance_init(struct Instance *in);
void grid_instance_free(struct Instance *in);
/* After the parameters changed: spacing and coefficients again. */
void grid_instance_update(struct Instance *in);
/* Before the right-hand side at (t, y): d2X/dx2 of every component; after
 * it: a clamped end moves with its clamp. */
int grid_before_rhs(struct Instance *in, double t, const double *y);
void grid_after_rhs(struct Instance *in, double *dydt);
/* Clamped ends take their values at t (a run's start). */
void grid_impose_ends(struct Instance *in, double t, double *y);

#endif
