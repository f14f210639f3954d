/* table.h: a table of numbers read from a CSV file (the `table` statement).
 *
 * One row per line, values separated by commas (spaces around them are
 * ignored); blank lines and lines starting with '#' are skipped; a first
 * line that starts with something other than a number is a header and is
 * skipped too.  Every row
 * must have as many values as the first.  The data is laid out as the VM's
 * table lookup reads it: rows, columns, then the values row by row. */
#ifndef NEURODE_TABLE_H
#define NEURODE_TABLE_H

#include <stdbool.h>
#include <stddef.h>

#include "source.h"

typedef struct Table {
  size_t rows, cols;
  double *data; /* 2 + rows*cols values: rows, cols, values (owned) */
} Table;

/* Parse a whole file's text.  On failure returns false with *where (inside
 * src) and a message in why. */
bool table_parse(const Source *src, Table *t, Loc *where, char *why, size_t size);
void table_free(Table *t);

#endif
