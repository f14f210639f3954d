/* layout.c: offsets and names of state values; see layout.h. */
#include "layout.h"

#include <stdio.h>

void layout_population(Layout *l, const Model *m, size_t n)
{
  l->m = m;
  l->ngroups = 1;
  l->groups[0] = (LayoutGroup){"main", 0, m->nstates, n, 0};
  l->size = m->nstates * n;
}

void layout_locate(const Layout *l, size_t offset, size_t *state, size_t *elem)
{
  const LayoutGroup *g = &l->groups[0];
  size_t rel = offset - g->offset;
  *state = g->first_var + (g->n ? rel / g->n : 0);
  *elem = g->n ? rel % g->n : 0;
}

void layout_name(const Layout *l, size_t offset, char *buf, size_t size)
{
  size_t s, k;
  layout_locate(l, offset, &s, &k);
  const char *name = model_state_name(l->m, s);
  if (layout_count(l) > 1) snprintf(buf, size, "%s[%zu]", name, k);
  else snprintf(buf, size, "%s", name);
}
