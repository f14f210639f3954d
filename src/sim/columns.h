/* columns.h: which values a run writes -- the --vars list.
 *
 * Syntax: names separated by commas; each is a state, an intermediate or a
 * parameter, optionally indexed into the population: V, V[3], V[0:10]
 * (copies 0..9).  A bare name in a population of N > 1 means all N copies;
 * sum(V) and mean(V) are one column, over all copies.  On a domain (grid
 * given) the copies are the grid's points, and V@x=2.5 is the point nearest
 * x = 2.5 (named by its own position when it is not exactly there).
 * The default is every state variable in declaration order.  Column 0 is
 * always t.  Columns own their names (columns_free). */
#ifndef NEURODE_COLUMNS_H
#define NEURODE_COLUMNS_H

#include <stdbool.h>
#include <stddef.h>

#include "grid.h"
#include "model.h"

typedef enum { COL_STATE, COL_INTER, COL_PARAM } ColKind;
typedef enum { RED_NONE, RED_SUM, RED_MEAN } ColReduce;

typedef struct Column {
  ColKind kind;
  ColReduce reduce; /* over all copies (elem unused) */
  size_t index; /* state, intermediate or parameter number */
  size_t elem;  /* copy in the population */
  size_t obs;   /* COL_INTER: position in Columns.inters */
} Column;

typedef struct Columns {
  const Model *model; /* the model the names were looked up in */
  Column *cols;   /* the data columns (t excluded) */
  size_t n;
  char **names;   /* n + 1 names: "t", then each column's */
  size_t *inters; /* distinct intermediates needed (for a Probe) */
  size_t ninters;
} Columns;

/* spec NULL or "" means the default.  On error returns NULL and writes a
 * message (without the "neurode: error: " prefix) to err. */
Columns *columns_parse(const Model *m, size_t N, const GridShape *grid, const char *spec,
                       char *err, size_t errsize);
void columns_free(Columns *c);

#endif
