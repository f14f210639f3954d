/* spikes.h: where a run's spikes go.
 *
 * A spike is a firing of a spike event (model.h) by one copy of the
 * population: its time and the copy's index.  The driver hands them over in
 * time order (copies in index order at equal times).  A SpikeList keeps
 * them in memory (the session); the command line writes them as CSV. */
#ifndef NEURODE_SPIKES_H
#define NEURODE_SPIKES_H

#include <stddef.h>

typedef struct SpikeSink {
  /* Returns 0, or -1 after an error described in error. */
  int (*spike)(struct SpikeSink *s, double t, size_t copy);
  char error[400];
} SpikeSink;

/* The spikes of a population as two arrays (owned; spikes_free). */
typedef struct SpikeList {
  SpikeSink sink; /* appends */
  double *t;
  size_t *copy;
  size_t n, cap;
} SpikeList;

void spikes_init(SpikeList *l);
void spikes_free(SpikeList *l);
void spikes_clear(SpikeList *l);

/* The name of the only group a model has today: CSV's "group" column. */
#define SPIKES_GROUP "main"

#endif
