/* layout.h: where each value of a run's state vector lives, and its name.
 *
 * The state vector holds groups one after another; within a group, values
 * are struct-of-arrays: variable v of element k is at offset + v*n + k, so
 * one instruction of the VM runs over a whole group.  Today a model is one
 * group -- its population of n copies ("main"); groups of other sizes
 * (several populations, synapse sets, the points of a grid) are further
 * entries of the same table, and everything that maps an offset to a name or
 * back goes through here.  A Layout borrows its Model (for names). */
#ifndef NEURODE_LAYOUT_H
#define NEURODE_LAYOUT_H

#include <stddef.h>

#include "model.h"

typedef struct LayoutGroup {
  const char *name;  /* "main" */
  size_t first_var;  /* its variables are the model's states first_var.. */
  size_t nvars;
  size_t n;          /* elements: copies, or grid points */
  size_t offset;     /* of its first value in the state vector */
} LayoutGroup;

enum { LAYOUT_MAX_GROUPS = 1 };

typedef struct Layout {
  const Model *m;
  LayoutGroup groups[LAYOUT_MAX_GROUPS];
  size_t ngroups;
  size_t size; /* values in the state vector */
} Layout;

/* The model's states as one population of n copies. */
void layout_population(Layout *l, const Model *m, size_t n);

/* State s (the model's numbering) of element k. */
static inline size_t layout_offset(const Layout *l, size_t s, size_t k)
{
  const LayoutGroup *g = &l->groups[0];
  return g->offset + (s - g->first_var) * g->n + k;
}
/* The elements of a group: the population's size. */
static inline size_t layout_count(const Layout *l) { return l->groups[0].n; }

/* Which state and element an offset holds. */
void layout_locate(const Layout *l, size_t offset, size_t *state, size_t *elem);

/* "V", or "V[12]" in a population of more than one: how messages and CSV
 * headers name the value at an offset. */
void layout_name(const Layout *l, size_t offset, char *buf, size_t size);

#endif
