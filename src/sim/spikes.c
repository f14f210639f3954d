/* spikes.c: spikes kept in memory; see spikes.h. */
#include "spikes.h"

#include <stdlib.h>
#include <string.h>

#include "mem.h"

static int append(SpikeSink *s, double t, size_t copy)
{
  SpikeList *l = (SpikeList *)s;
  if (l->n == l->cap) {
    size_t cap = l->cap;
    GROW(l->t, cap, l->n + 1);
    GROW(l->copy, l->cap, l->n + 1);
  }
  l->t[l->n] = t;
  l->copy[l->n++] = copy;
  return 0;
}

void spikes_init(SpikeList *l)
{
  memset(l, 0, sizeof *l);
  l->sink.spike = append;
}

void spikes_free(SpikeList *l)
{
  free(l->t);
  free(l->copy);
  spikes_init(l);
}

void spikes_clear(SpikeList *l)
{
  l->n = 0;
}
