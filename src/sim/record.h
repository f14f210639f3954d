/* record.h: what a run leaves behind in the session -- its samples, what
 * they are, and the model and parameter values that made them.
 *
 * A record is a Sink the driver writes rows into (t, then the columns it
 * was started with), and a SpikeList for its spikes.  A run continued with `run +T` appends rows; each run
 * (continued or not) opens a segment that keeps a reference to its compiled
 * model and a copy of its parameter values, so the values derived later --
 * an intermediate to plot, a parameter's column -- are those of the run
 * that made the rows, whatever was edited or set since.
 *
 * A RunRecord owns its rows, columns and segments (record_free). */
#ifndef NEURODE_RECORD_H
#define NEURODE_RECORD_H

#include <stdbool.h>
#include <stddef.h>

#include "columns.h"
#include "instance.h"
#include "spikes.h"
#include "trace.h"

typedef struct RecordSegment {
  size_t first_row;
  Compiled *c;        /* a reference */
  ParamValues params; /* a copy */
} RecordSegment;

typedef struct RunRecord {
  Trace *rows;
  Columns *cols;      /* what each row holds after t (NULL: nothing recorded) */
  size_t N;           /* the population's size */
  RecordSegment *segs;
  size_t nsegs, segs_cap;
  SpikeList spikes;   /* every spike of the run, in time order */
} RunRecord;

RunRecord *record_new(size_t max_values);
void record_free(RunRecord *r);
/* Forget everything. */
void record_clear(RunRecord *r);
/* A fresh run will write these columns (the record takes them). */
void record_start(RunRecord *r, Columns *cols, size_t N);
/* The rows written from now on come from this instance's model and values. */
void record_segment(RunRecord *r, const Instance *in);
static inline Sink *record_sink(RunRecord *r) { return trace_sink(r->rows); }
static inline size_t record_nrows(const RunRecord *r) { return r->rows->nrows; }
static inline double record_time(const RunRecord *r, size_t row) { return trace_row(r->rows, row)[0]; }

/* The values of the wanted columns at every row (rows x want->n, row-major;
 * the caller frees).  A column the run kept is copied; a parameter comes
 * from the run's own values; an intermediate is computed from the kept
 * state with the run's model, when the run kept every state.  Returns NULL
 * when a column cannot be had: *why says which case, err the message. */
typedef enum { RECORD_OK, RECORD_EMPTY, RECORD_NOT_KEPT, RECORD_NOT_IN_MODEL } RecordStatus;
double *record_values(const RunRecord *r, const Columns *want, RecordStatus *why, char *err,
                      size_t errsize);

#endif
