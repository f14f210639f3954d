/* record.c: the samples of a run and what made them; see record.h. */
#include "record.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"

RunRecord *record_new(size_t max_values)
{
  RunRecord *r = xcalloc(1, sizeof *r);
  r->rows = trace_new(max_values);
  spikes_init(&r->spikes);
  return r;
}

void record_clear(RunRecord *r)
{
  trace_clear(r->rows);
  spikes_clear(&r->spikes);
  columns_free(r->cols);
  r->cols = NULL;
  for (size_t i = 0; i < r->nsegs; i++) {
    compiled_unref(r->segs[i].c);
    params_free(&r->segs[i].params);
  }
  r->nsegs = 0;
}

void record_free(RunRecord *r)
{
  if (!r) return;
  record_clear(r);
  spikes_free(&r->spikes);
  trace_free(r->rows);
  free(r->segs);
  free(r);
}

void record_start(RunRecord *r, Columns *cols, size_t N)
{
  record_clear(r);
  r->cols = cols;
  r->N = N;
}

void record_segment(RunRecord *r, const Instance *in)
{
  GROW(r->segs, r->segs_cap, r->nsegs + 1);
  RecordSegment *s = &r->segs[r->nsegs++];
  s->first_row = r->rows->nrows;
  s->c = compiled_ref((Compiled *)in->c);
  params_copy(&s->params, &in->params);
}

static long kept_column(const Columns *kept, const Column *want)
{
  for (size_t k = 0; kept && k < kept->n; k++)
    if (kept->cols[k].kind == want->kind && kept->cols[k].index == want->index &&
        kept->cols[k].reduce == want->reduce &&
        (want->reduce != RED_NONE || kept->cols[k].elem == want->elem))
      return (long)k;
  return -1;
}

/* Every state in the order of the state vector: a row is a state then. */
static bool whole_state(const RunRecord *r, const Model *m)
{
  const Columns *k = r->cols;
  if (!k || k->n != m->nstates * r->N) return false;
  for (size_t i = 0; i < k->n; i++)
    if (k->cols[i].kind != COL_STATE || k->cols[i].index * r->N + k->cols[i].elem != i) return false;
  return true;
}

double *record_values(const RunRecord *r, const Columns *want, RecordStatus *why, char *err,
                      size_t errsize)
{
  *why = RECORD_OK;
  size_t nrows = r->rows->nrows, n = want->n;
  if (!r->cols || r->nsegs == 0) {
    snprintf(err, errsize, "nothing was recorded");
    *why = RECORD_EMPTY;
    return NULL;
  }
  const Model *last = r->segs[r->nsegs - 1].c->m;
  bool whole = whole_state(r, last);
  for (size_t k = 0; k < n; k++) {
    const Column *col = &want->cols[k];
    if (kept_column(r->cols, col) >= 0 || col->kind == COL_PARAM) continue;
    if (col->kind == COL_INTER && whole) {
      /* A random intermediate drew its values in the run: they cannot be
       * drawn again afterwards. */
      const Compiled *c = r->segs[r->nsegs - 1].c;
      const Symbol *s = model_lookup(c->m, model_inter_name(want->model, col->index));
      if (s && s->kind == SYM_INTER && ir_node(&c->ir, c->inter[s->index])->deps & (1u << IN_SEED)) {
        snprintf(err, errsize, "'%s' is random: it can be shown only if the run keeps it "
                 "('set keep = ...' naming it)", want->names[k + 1]);
        *why = RECORD_NOT_KEPT;
        return NULL;
      }
      continue;
    }
    if (col->kind == COL_STATE && col->reduce != RED_NONE && whole) continue;
    snprintf(err, errsize, "'%s' was not kept by the last run", want->names[k + 1]);
    *why = RECORD_NOT_KEPT;
    return NULL;
  }
  double *out = xmalloc((nrows * n + 1) * sizeof *out);
  for (size_t si = 0; si < r->nsegs; si++) {
    const RecordSegment *seg = &r->segs[si];
    size_t end = si + 1 < r->nsegs ? r->segs[si + 1].first_row : nrows;
    if (seg->first_row >= end) continue;
    /* The intermediates of this run's own model, by name. */
    size_t *inters = NULL, ninters = 0;
    long *slot = xmalloc((n + 1) * sizeof *slot);
    for (size_t k = 0; k < n; k++) {
      slot[k] = -1;
      const Column *col = &want->cols[k];
      if (col->kind != COL_INTER || kept_column(r->cols, col) >= 0) continue;
      const Symbol *s = model_lookup(seg->c->m, model_inter_name(want->model, col->index));
      if (!s || s->kind != SYM_INTER) {
        snprintf(err, errsize, "'%s' was not part of the model when the last run was made",
                 want->names[k + 1]);
        *why = RECORD_NOT_IN_MODEL;
        free(inters);
        free(slot);
        free(out);
        return NULL;
      }
      size_t j = 0;
      while (j < ninters && inters[j] != (size_t)s->index) j++;
      if (j == ninters) {
        inters = xrealloc(inters, (ninters + 1) * sizeof *inters);
        inters[ninters++] = (size_t)s->index;
      }
      slot[k] = (long)j;
    }
    Instance *in = NULL;
    Probe *probe = NULL;
    double *iv = NULL;
    if (ninters) {
      in = instance_new(seg->c, r->N);
      instance_set_params(in, &seg->params);
      probe = probe_new(in, inters, ninters);
      iv = xmalloc((ninters * r->N + 1) * sizeof *iv);
    }
    for (size_t row = seg->first_row; row < end; row++) {
      const double *v = trace_row(r->rows, row);
      if (probe) probe_eval(probe, v[0], v + 1, iv);
      for (size_t k = 0; k < n; k++) {
        const Column *col = &want->cols[k];
        long kc = kept_column(r->cols, col);
        if (kc >= 0) {
          out[row * n + k] = v[1 + kc];
          continue;
        }
        /* One copy, or the sum over all of them. */
        size_t e0 = col->reduce != RED_NONE ? 0 : col->elem;
        size_t e1 = col->reduce != RED_NONE ? r->N : col->elem + 1;
        double x = 0;
        for (size_t e = e0; e < e1; e++) {
          if (col->kind == COL_PARAM) {
            const Symbol *s = model_lookup(seg->c->m, model_param_name(want->model, col->index));
            x += s && s->kind == SYM_PARAM ? params_get(&seg->params, (size_t)s->index, e) : NAN;
          } else if (col->kind == COL_STATE) {
            x += v[1 + col->index * r->N + e]; /* the whole state is kept */
          } else {
            x += iv[(size_t)slot[k] * r->N + e];
          }
        }
        out[row * n + k] = col->reduce == RED_MEAN ? x / (double)r->N : x;
      }
    }
    probe_free(probe);
    instance_free(in);
    free(iv);
    free(inters);
    free(slot);
  }
  return out;
}
