/* columns.c: the --vars list; see columns.h. */
#include "columns.h"

#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

typedef struct Builder {
  Columns *c;
  size_t cap, names_cap, inters_cap;
  size_t N;
  const Model *m;
} Builder;

static void add_col(Builder *b, ColKind kind, ColReduce reduce, size_t index, size_t elem,
                    const char *name);

static void add(Builder *b, ColKind kind, size_t index, size_t elem)
{
  add_col(b, kind, RED_NONE, index, elem, NULL);
}

/* name: the column's header, or NULL for the usual one. */
static void add_col(Builder *b, ColKind kind, ColReduce reduce, size_t index, size_t elem,
                    const char *name)
{
  Columns *c = b->c;
  GROW(c->cols, b->cap, c->n + 1);
  GROW(c->names, b->names_cap, c->n + 2);
  Column *col = &c->cols[c->n];
  col->kind = kind;
  col->reduce = reduce;
  col->index = index;
  col->elem = elem;
  col->obs = 0;
  const char *base = kind == COL_STATE ? model_state_name(b->m, index)
                     : kind == COL_INTER ? model_inter_name(b->m, index)
                                         : model_param_name(b->m, index);
  char buf[160];
  if (reduce != RED_NONE) snprintf(buf, sizeof buf, "%s(%s)", reduce == RED_SUM ? "sum" : "mean", base);
  else if (b->N > 1) snprintf(buf, sizeof buf, "%s[%zu]", base, elem);
  else snprintf(buf, sizeof buf, "%s", base);
  c->names[c->n + 1] = xstrdup(name ? name : buf);
  if (kind == COL_INTER) {
    size_t j = 0;
    while (j < c->ninters && c->inters[j] != index) j++;
    if (j == c->ninters) {
      GROW(c->inters, b->inters_cap, c->ninters + 1);
      c->inters[c->ninters++] = index;
    }
    col->obs = j;
  }
  c->n++;
}

static bool parse_index(const char *s, size_t *out, const char **end)
{
  if (!isdigit((unsigned char)*s)) return false;
  errno = 0;
  char *e;
  unsigned long long v = strtoull(s, &e, 10);
  if (errno) return false;
  *out = (size_t)v;
  *end = e;
  return true;
}

static Columns *fail(Columns *c, char *err, size_t errsize, const char *fmt, ...)
    DIAG_PRINTF(4, 5);
static Columns *fail(Columns *c, char *err, size_t errsize, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, errsize, fmt, ap);
  va_end(ap);
  columns_free(c);
  return NULL;
}

/* V@x=2.5: the grid point nearest the position.  False (err set) when the
 * text after '@' is not "COORD=NUMBER" or the position is off the domain. */
static bool position(const Model *m, const GridShape *g, const char *item, const char *at,
                     size_t *elem, char *name, size_t namesize, char *err, size_t errsize)
{
  const char *coord = m->domain ? m->domain->name : "x";
  size_t cl = strlen(coord);
  char *end;
  double x = NAN;
  if (strncmp(at, coord, cl) == 0 && at[cl] == '=') x = strtod(at + cl + 1, &end);
  if (isnan(x) || end == at + cl + 1 || *end) {
    snprintf(err, errsize, "bad position in '%s@%s': write %s@%s=2.5", item, at, item, coord);
    return false;
  }
  if (!g) {
    snprintf(err, errsize, "'%s@%s': the model has no domain; a position needs one", item, at);
    return false;
  }
  double k = (x - g->lo) / g->dx;
  if (!(k >= -0.5 && k <= (double)(g->n - 1) + 0.5)) {
    snprintf(err, errsize, "%s = %g is outside the domain [%g, %g]", coord, x, g->lo, g->hi);
    return false;
  }
  *elem = (size_t)floor(k + 0.5);
  if (*elem >= g->n) *elem = g->n - 1;
  double at_x = g->lo + (double)*elem * g->dx;
  if (fabs(at_x - x) <= 1e-9 * (g->hi - g->lo)) snprintf(name, namesize, "%s@%s=%g", item, coord, x);
  else snprintf(name, namesize, "%s@%s=%.10g", item, coord, at_x);
  return true;
}

Columns *columns_parse(const Model *m, size_t N, const GridShape *grid, const char *spec,
                       char *err, size_t errsize)
{
  Columns *c = xcalloc(1, sizeof *c);
  c->model = m;
  Builder b = {c, 0, 0, 0, N, m};
  GROW(c->names, b.names_cap, 1);
  c->names[0] = xstrdup("t");
  if (!spec || !*spec) {
    for (size_t s = 0; s < m->nstates; s++)
      for (size_t k = 0; k < N; k++) add(&b, COL_STATE, s, k);
    return c;
  }
  char *copy = xstrdup(spec);
  char *save = NULL;
  for (char *item = strtok_r(copy, ",", &save); item; item = strtok_r(NULL, ",", &save)) {
    while (isspace((unsigned char)*item)) item++;
    char *endp = item + strlen(item);
    while (endp > item && isspace((unsigned char)endp[-1])) *--endp = '\0';
    /* sum(V), mean(V): one column over the copies. */
    ColReduce reduce = RED_NONE;
    size_t ilen = strlen(item);
    if (ilen > 2 && item[ilen - 1] == ')' && (strncmp(item, "sum(", 4) == 0 || strncmp(item, "mean(", 5) == 0)) {
      reduce = item[0] == 's' ? RED_SUM : RED_MEAN;
      item[ilen - 1] = '\0';
      item += reduce == RED_SUM ? 4 : 5;
      while (isspace((unsigned char)*item)) item++;
      char *e2 = item + strlen(item);
      while (e2 > item && isspace((unsigned char)e2[-1])) *--e2 = '\0';
      if (strchr(item, '[')) {
        fail(c, err, errsize, "%s() is over all copies: write %s(%.*s) without an index",
             reduce == RED_SUM ? "sum" : "mean", reduce == RED_SUM ? "sum" : "mean",
             (int)strcspn(item, "["), item);
        free(copy);
        return NULL;
      }
    }
    char *atsign = strchr(item, '@');
    char posname[192] = "";
    size_t at_elem = 0;
    if (atsign && reduce == RED_NONE) {
      *atsign = '\0';
      if (!position(m, grid, item, atsign + 1, &at_elem, posname, sizeof posname, err, errsize)) {
        free(copy);
        columns_free(c);
        return NULL;
      }
    }
    char *br = strchr(item, '[');
    size_t lo = 0, hi = N;
    if (br) {
      const char *p;
      *br = '\0';
      if (!parse_index(br + 1, &lo, &p)) goto bad_index;
      hi = lo + 1;
      if (*p == ':') {
        if (!parse_index(p + 1, &hi, &p)) goto bad_index;
      }
      if (strcmp(p, "]") != 0) goto bad_index;
      if (lo >= N || hi > N || hi <= lo) {
        fail(c, err, errsize, "index out of range for '%s' (%s are numbered 0 to %zu)",
             item, grid ? "the grid's points" : "copies", N - 1);
        free(copy);
        return NULL;
      }
    }
    if (!*item) {
      free(copy);
      return fail(c, err, errsize, "empty name in '%s'%s", spec, "");
    }
    const Symbol *s = model_lookup(m, item);
    if (!s || s->kind == SYM_FUNC || s->kind == SYM_TABLE) {
      size_t nn;
      const char **names = model_all_names(m, &nn);
      const char *best = diag_closest(item, names, nn);
      char hint[128] = "";
      if (best) snprintf(hint, sizeof hint, "; did you mean '%s'?", best);
      free(names);
      Columns *r = s ? fail(c, err, errsize, "'%s' is a %s, not a variable", item,
                            s->kind == SYM_TABLE ? "table" : "function")
                     : fail(c, err, errsize, "unknown variable '%s'%s", item, hint);
      free(copy);
      return r;
    }
    ColKind kind = s->kind == SYM_STATE ? COL_STATE : s->kind == SYM_INTER ? COL_INTER : COL_PARAM;
    if (reduce != RED_NONE) add_col(&b, kind, reduce, (size_t)s->index, 0, NULL);
    else if (posname[0]) add_col(&b, kind, RED_NONE, (size_t)s->index, at_elem, posname);
    else for (size_t k = lo; k < hi; k++) add(&b, kind, (size_t)s->index, k);
    continue;
  bad_index:
    fail(c, err, errsize, "bad index in '%s': write %s[K] or a range %s[A:B]", spec, item,
         item);
    free(copy);
    return NULL;
  }
  free(copy);
  return c;
}

void columns_free(Columns *c)
{
  if (!c) return;
  if (c->names)
    for (size_t i = 0; i <= c->n; i++) free(c->names[i]);
  free(c->names);
  free(c->cols);
  free(c->inters);
  free(c);
}
