/* table.c: reading a numeric CSV file; see table.h. */
#include "table.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

/* One line [p, end): its cells as numbers, appended to *vals.  Returns the
 * number of cells, or -1 with *bad at a cell that is not a number. */
static long parse_line(const char *p, const char *end, double **vals, size_t *n, size_t *cap,
                       const char **bad, const char **bad_end)
{
  long cells = 0;
  for (;;) {
    while (p < end && blank(*p)) p++;
    const char *cell = p;
    while (p < end && *p != ',') p++;
    const char *cell_end = p;
    while (cell_end > cell && blank(cell_end[-1])) cell_end--;
    char buf[64];
    size_t len = (size_t)(cell_end - cell);
    char *stop = buf;
    double v = 0;
    if (len > 0 && len < sizeof buf) {
      memcpy(buf, cell, len);
      buf[len] = '\0';
      errno = 0;
      v = strtod(buf, &stop);
    }
    if (len == 0 || len >= sizeof buf || *stop != '\0' || !isfinite(v)) {
      *bad = cell;
      *bad_end = cell_end > cell ? cell_end : cell + 1;
      return -1;
    }
    GROW(*vals, *cap, *n + 1);
    (*vals)[(*n)++] = v;
    cells++;
    if (p >= end) return cells;
    p++; /* the comma */
  }
}

bool table_parse(const Source *src, Table *t, Loc *where, char *why, size_t size)
{
  memset(t, 0, sizeof *t);
  size_t cap = 2, n = 2;
  double *vals = xmalloc(cap * sizeof *vals);
  const char *text = src->text, *p = text, *stop = text + src->len;
  size_t rows = 0, cols = 0;
  bool first = true;
  if (stop - p >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3; /* a BOM */
  while (p < stop) {
    const char *eol = memchr(p, '\n', (size_t)(stop - p));
    if (!eol) eol = stop;
    const char *q = p;
    while (q < eol && blank(*q)) q++;
    if (q == eol || *q == '#') {
      p = eol + 1;
      continue;
    }
    size_t before = n;
    const char *bad = NULL, *bad_end = NULL;
    long cells = parse_line(q, eol, &vals, &n, &cap, &bad, &bad_end);
    if (cells < 0 && first && bad == q) { /* a header: its first cell is not a number */
      n = before;
      first = false;
      p = eol + 1;
      continue;
    }
    first = false;
    if (cells < 0) {
      where->start = (uint32_t)(bad - text);
      where->end = (uint32_t)(bad_end - text);
      int len = (int)(bad_end - bad);
      if (bad_end == bad + 1 && (*bad == ',' || bad >= eol))
        snprintf(why, size, "a value is missing here");
      else
        snprintf(why, size, "'%.*s' is not a number", len > 40 ? 40 : len, bad);
      free(vals);
      return false;
    }
    if (rows == 0) {
      cols = (size_t)cells;
    } else if ((size_t)cells != cols) {
      where->start = (uint32_t)(q - text);
      where->end = (uint32_t)(eol - text);
      snprintf(why, size, "this row has %ld value%s, but the first row has %zu", cells,
               cells == 1 ? "" : "s", cols);
      free(vals);
      return false;
    }
    rows++;
    p = eol + 1;
  }
  if (rows == 0) {
    where->start = where->end = 0;
    snprintf(why, size, "the file holds no rows of numbers");
    free(vals);
    return false;
  }
  vals[0] = (double)rows;
  vals[1] = (double)cols;
  t->rows = rows;
  t->cols = cols;
  t->data = vals;
  return true;
}

void table_free(Table *t)
{
  free(t->data);
  t->data = NULL;
}
