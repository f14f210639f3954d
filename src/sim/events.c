/* events.c: happenings inside steps; see events.h. */
#include "events.h"

#include <float.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clones.h"
#include "mem.h"
#include "philox.h"

/* What happens to a copy: the order of these is the order in which
 * happenings at the same instant are dealt with. */
typedef enum { HAP_NONE, HAP_REF_END, HAP_CROSSING, HAP_ARRIVAL } HapKind;

/* A Poisson arrival of input p for a copy, generated ahead of the steps. */
typedef struct Arrival {
  double t;
  size_t copy;
  size_t p;
} Arrival;

/* Streams of Poisson trains: beside the model's call sites (lower.h). */
enum { POISSON_STREAMS = 0xC000 };

/* Pieces of one step beyond this mean a block that keeps its event firing. */
enum { MAX_PIECES = 10000 };

/* Why a share of the candidates stopped short of the step's end: met in the
 * order one thread would meet it (piece, then phase, then copy), and
 * reported by the thread that runs the step (a Diag is not shared). */
typedef struct Fault {
  bool set;
  unsigned piece;
  int phase;
  char what[256], note[256];
} Fault;

/* Scratch for a share of the candidates, worked on by one thread: the
 * gathered copies as a small population, its packed arrays ("_p" below:
 * the active candidates laid out as that population's state), its spikes.
 * Work 0 has room for every copy: the global steps and one thread use it. */
typedef struct Work {
  struct Events *E;
  size_t cap;             /* copies it has room for */
  Instance *sub;
  void *sstate;           /* the method's scratch */
  double *yerr;
  size_t *active;         /* the candidates (indices into cand) still at work */
  double *p0, *p1, *pf0, *pf1, *pbuf; /* S*cap packed */
  double *pt0, *pspan, *ptime, *phspan, *ptt; /* cap packed */
  double *pg;             /* E*cap packed */
  double *ha, *hb, *hga, *hgb, *hroot; /* Illinois, cap packed */
  int *hside;
  double **outs;          /* output pointers for the programs */
  double *ybuf;           /* a program's outputs: max(S, P) * cap */
  SpikeList found;        /* the spikes it found in the step */
  unsigned long nevals;
  unsigned long *piece_evals; /* per piece of the step: the evaluations it took */
  size_t npieces, piece_cap;
  Fault fault;
} Work;

struct Events {
  Instance *in;
  const Compiled *c;
  const StepperType *method;
  SpikeSink *spikes;
  Diag *diag;
  size_t N, S, E, P; /* copies, states, crossing conditions, Poisson inputs */
  bool global;
  double *g_prev, *g_new; /* E*N: each condition's g at the last state and at the step's end */

  /* Poisson arrivals generated up to `horizon`, not yet dealt with, sorted
   * by (copy, t) (per copy) or by t (global). */
  Arrival *arr;
  size_t narr, arr_cap, arr_done;
  double horizon;
  double *rate, *corr;    /* P*N rates at the middle of a step; P correlations */
  bool rate_varies;       /* the rates depend on t */

  /* The candidates (per copy mode) and their pieces of step: arrays with a
   * stride of N hold candidate j's values at j; the shares of the crew's
   * members are runs of j. */
  size_t *cand, ncand;    /* candidate j is copy cand[j] */
  unsigned char *mark;    /* N rounded up to 8: 1 for a candidate (find_candidates) */
  size_t *cursor;         /* per candidate: its first arrival not yet dealt with */
  size_t *cursor_end;
  double *y0, *y1;        /* S*N: the piece's start and end state */
  double *tau0;           /* N: the piece's start */
  double *g0, *g1;        /* E*N: g at the piece's ends */
  double *g_pre;          /* E*N: g just before the last block (a jump over the threshold) */
  double *ref_was, *ref_end_was; /* per candidate: its refractory state at t */
  double *hap_t;          /* per candidate: its next happening */
  HapKind *hap_kind;
  size_t *hap_which;      /* the event (crossing) or input (arrival) */
  Work **work;            /* work[0]; the others made at the first step shared */
  unsigned nwork;

  /* Global mode: the located happenings. */
  double tau;
};

/* ---- small helpers --------------------------------------------------------- */

static double unit_draw(double seed, double stream, double counter, double elem)
{
  uint32_t w[4];
  philox_draw(seed, stream, counter, elem, w);
  return philox_unit(w[0], w[1]);
}

/* An exponential interval of mean 1 (a Poisson train in units of its
 * integrated rate). */
static double exp_draw(double seed, double stream, double counter, double elem)
{
  return -log(1.0 - unit_draw(seed, stream, counter, elem));
}

static bool crossed(double before, double after, bool strict)
{
  return before < 0 && (strict ? after > 0 : after >= 0);
}

static bool event_strict(const Events *E, size_t j)
{
  return E->c->m->events[E->c->cond_event[j]].strict;
}

static int spike(Work *W, double t, size_t copy)
{
  if (!W->E->spikes) return 0;
  return W->found.sink.spike(&W->found.sink, t, copy);
}

typedef struct { double t; size_t copy; } SpikeRec;

static int by_time(const void *a, const void *b)
{
  const SpikeRec *x = a, *y = b;
  if (x->t != y->t) return x->t < y->t ? -1 : 1;
  return x->copy < y->copy ? -1 : x->copy > y->copy;
}

/* The step's spikes, in time order, to the sink: those of every share; the
 * order (time, then copy) does not depend on how the copies were shared. */
static int flush_spikes(Events *E)
{
  size_t n = 0;
  for (unsigned w = 0; w < E->nwork; w++) n += E->work[w]->found.n;
  if (!E->spikes || n == 0) return 0;
  SpikeRec *r = xmalloc(n * sizeof *r);
  bool sorted = true;
  size_t i = 0;
  for (unsigned w = 0; w < E->nwork; w++) {
    Work *W = E->work[w];
    for (size_t q = 0; q < W->found.n; q++, i++) {
      r[i].t = W->found.t[q];
      r[i].copy = W->found.copy[q];
      if (i && by_time(&r[i - 1], &r[i]) > 0) sorted = false;
    }
    spikes_clear(&W->found);
  }
  if (!sorted) qsort(r, n, sizeof *r, by_time);
  int rc = 0;
  for (i = 0; i < n && rc == 0; i++) rc = E->spikes->spike(E->spikes, r[i].t, r[i].copy);
  free(r);
  if (rc != 0) diag_fail(E->diag, "%s", E->spikes->error);
  return rc;
}

static const char *copy_text(const Events *E, size_t copy, char *buf, size_t size)
{
  instance_where(E->in, copy, buf, size);
  return buf;
}

/* A share's failure, kept for the thread that reports (see Fault). */
DIAG_PRINTF(2, 3) static void fault(Work *W, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  W->fault.set = true;
  vsnprintf(W->fault.what, sizeof W->fault.what, fmt, ap);
  W->fault.note[0] = '\0';
  va_end(ap);
}

static void fault_report(Events *E, Fault *f)
{
  diag_fail(E->diag, "%s", f->what);
  if (f->note[0]) diag_note(E->diag, "%s", f->note);
  f->set = false;
}

/* ---- construction --------------------------------------------------------- */

static bool program_reads_others(const Program *p)
{
  return p && p->ncross > 0;
}

/* Scratch for up to cap copies. */
static Work *work_new(Events *E, size_t cap)
{
  const Compiled *c = E->c;
  size_t S = E->S, C = E->E, P = E->P;
  Work *W = xcalloc(1, sizeof *W);
  W->E = E;
  W->cap = cap;
  spikes_init(&W->found);
  W->outs = xcalloc(S + C + 2 * P + 2, sizeof *W->outs);
  W->ybuf = xmalloc(((S > P ? S : P) * cap + 1) * sizeof *W->ybuf);
  if (c->m->discrete) return W;
  W->sub = instance_new((Compiled *)c, cap);
  W->sstate = E->method->alloc(S * cap);
  W->yerr = xmalloc((S * cap + 1) * sizeof *W->yerr);
  W->active = xmalloc((cap + 1) * sizeof *W->active);
  double **sn[] = {&W->p0, &W->p1, &W->pf0, &W->pf1, &W->pbuf};
  for (size_t i = 0; i < sizeof sn / sizeof sn[0]; i++) *sn[i] = xmalloc((S * cap + 1) * sizeof(double));
  W->pg = xmalloc((C * cap + 1) * sizeof *W->pg);
  double **n1[] = {&W->pt0, &W->pspan, &W->ptime, &W->phspan, &W->ptt, &W->ha, &W->hb, &W->hga,
                   &W->hgb, &W->hroot};
  for (size_t i = 0; i < sizeof n1 / sizeof n1[0]; i++) *n1[i] = xmalloc((cap + 1) * sizeof(double));
  W->hside = xmalloc((cap + 1) * sizeof *W->hside);
  return W;
}

static void work_free(Work *W)
{
  spikes_free(&W->found);
  if (W->sub) {
    instance_free(W->sub);
    W->E->method->free(W->sstate);
  }
  void *bufs[] = {W->outs, W->ybuf, W->yerr, W->active, W->p0, W->p1, W->pf0, W->pf1, W->pbuf,
                  W->pg, W->pt0, W->pspan, W->ptime, W->phspan, W->ptt, W->ha, W->hb, W->hga,
                  W->hgb, W->hroot, W->hside, W->piece_evals};
  for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) free(bufs[i]);
  free(W);
}

Events *events_new(Instance *in, const StepperType *method, SpikeSink *spikes, Diag *diag)
{
  const Compiled *c = in->c;
  const Model *m = c->m;
  if (m->nevents == 0 && !m->refractory) return NULL;
  Events *E = xcalloc(1, sizeof *E);
  E->in = in;
  E->c = c;
  E->method = method;
  E->spikes = spikes;
  E->diag = diag;
  size_t N = E->N = in->N, S = E->S = c->nstates, C = E->E = c->ncond, P = E->P = c->npoisson;
  E->work = xmalloc(sizeof *E->work);
  E->work[0] = work_new(E, N);
  E->nwork = 1;
  if (m->discrete) return E;
  bool coupled = program_reads_others(c->rhs) || program_reads_others(c->cond) ||
                 program_reads_others(c->refractory) || program_reads_others(c->rates);
  for (size_t e = 0; c->action && e < m->nevents; e++) coupled |= program_reads_others(c->action[e]);
  /* A grid's points are coupled by diffusion: they step together. */
  E->global = method->adaptive || coupled || c->grid;
  E->g_prev = xcalloc(C * N + 1, sizeof *E->g_prev);
  E->g_new = xcalloc(C * N + 1, sizeof *E->g_new);
  E->rate = xcalloc(P * N + 1, sizeof *E->rate);
  E->corr = xcalloc(P + 1, sizeof *E->corr);
  if (c->rates)
    for (size_t i = 0; i < c->rates->ninputs; i++)
      if (ir_input_kind(c->rates->inputs[i]) == IN_TIME) E->rate_varies = true;
  E->hap_t = xmalloc((N + 1) * sizeof *E->hap_t);
  E->hap_kind = xmalloc((N + 1) * sizeof *E->hap_kind);
  E->hap_which = xmalloc((N + 1) * sizeof *E->hap_which);
  E->cand = xmalloc((N + 1) * sizeof *E->cand);
  E->mark = xcalloc(N + 8, sizeof *E->mark);
  E->cursor = xmalloc((N + 1) * sizeof *E->cursor);
  E->cursor_end = xmalloc((N + 1) * sizeof *E->cursor_end);
  double **sn[] = {&E->y0, &E->y1};
  for (size_t i = 0; i < sizeof sn / sizeof sn[0]; i++) *sn[i] = xmalloc((S * N + 1) * sizeof(double));
  double **en[] = {&E->g0, &E->g1, &E->g_pre};
  for (size_t i = 0; i < sizeof en / sizeof en[0]; i++) *en[i] = xmalloc((C * N + 1) * sizeof(double));
  E->tau0 = xmalloc((N + 1) * sizeof *E->tau0);
  E->ref_was = xmalloc((N + 1) * sizeof *E->ref_was);
  E->ref_end_was = xmalloc((N + 1) * sizeof *E->ref_end_was);
  return E;
}

void events_free(Events *E)
{
  if (!E) return;
  for (unsigned w = 0; w < E->nwork; w++) work_free(E->work[w]);
  free(E->work);
  void *bufs[] = {E->g_prev, E->g_new, E->arr, E->rate, E->corr, E->cand, E->mark, E->cursor,
                  E->cursor_end, E->y0, E->y1, E->g0, E->g1, E->g_pre, E->tau0, E->ref_was, E->ref_end_was, E->hap_t,
                  E->hap_kind, E->hap_which};
  for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) free(bufs[i]);
  free(E);
}

bool events_global(const Events *E)
{
  return E->global;
}

/* ---- programs over the whole population -------------------------------------- */

static void eval_cond(Work *W, Instance *in, double t, const double *y, double *g, size_t n)
{
  for (size_t j = 0; j < W->E->E; j++) W->outs[j] = g + j * n;
  instance_exec(in, &in->cond, t, y, W->outs);
}

/* ---- Poisson arrivals ---------------------------------------------------------- */

static int by_copy_time(const void *a, const void *b)
{
  const Arrival *x = a, *y = b;
  if (x->copy != y->copy) return x->copy < y->copy ? -1 : 1;
  if (x->t != y->t) return x->t < y->t ? -1 : 1;
  return x->p < y->p ? -1 : x->p > y->p;
}

static int by_arrival_time(const void *a, const void *b)
{
  const Arrival *x = a, *y = b;
  if (x->t != y->t) return x->t < y->t ? -1 : 1;
  if (x->copy != y->copy) return x->copy < y->copy ? -1 : 1;
  return x->p < y->p ? -1 : x->p > y->p;
}

static void add_arrival(Events *E, double t, size_t copy, size_t p)
{
  GROW(E->arr, E->arr_cap, E->narr + 1);
  E->arr[E->narr++] = (Arrival){t, copy, p};
}

static bool eval_rates(Events *E, double t)
{
  Instance *in = E->in;
  Work *W = E->work[0];
  size_t N = E->N;
  for (size_t p = 0; p < E->P; p++) {
    W->outs[2 * p] = E->rate + p * N;
    W->outs[2 * p + 1] = W->ybuf + p * N; /* the correlation, per copy: one value */
  }
  instance_exec(in, &in->rates, t, NULL, W->outs);
  for (size_t p = 0; p < E->P; p++) {
    E->corr[p] = N ? W->ybuf[p * N] : 0;
    for (size_t k = 0; k < N; k++) {
      double r = E->rate[p * N + k];
      if (!(r >= 0) || isinf(r)) {
        const ModelEvent *ev = &E->c->m->events[E->c->poisson_event[p]];
        char where[48];
        int line, col;
        source_line_col(ev->st->src, ev->rate->loc.start, &line, &col);
        diag_fail(E->diag, "the rate of the Poisson input at %s:%d is %g%s at t = %.10g",
                  ev->st->src->name, line, r, copy_text(E, k, where, sizeof where), t);
        diag_note(E->diag, "a rate is a number of events per unit of time, 0 or more");
        return false;
      }
    }
  }
  return true;
}

/* Arrivals in (horizon, t_to] for every copy, the rates taken at the middle. */
static bool generate_arrivals(Events *E, double t_to)
{
  if (E->P == 0 || t_to <= E->horizon) return true;
  Instance *in = E->in;
  double from = E->horizon, span = t_to - from;
  if (E->rate_varies && !eval_rates(E, from + 0.5 * span)) return false;
  for (size_t p = 0; p < E->P; p++) {
    double stream = POISSON_STREAMS + 2.0 * (double)p;
    const double *r = E->rate + p * E->N;
    double c = E->corr[p];
    if (c > 0) {
      /* A shared train of rate max r / c, thinned per copy. */
      double rmax = 0;
      for (size_t k = 0; k < E->N; k++) rmax = fmax(rmax, r[k]);
      double R = rmax / c;
      double *b = &in->mother_budget[p], *n = &in->mother_arrivals[p];
      double t = from;
      if (R <= 0) continue;
      for (;;) {
        double left = (t_to - t) * R;
        if (*b > left) {
          *b -= left;
          break;
        }
        t += *b / R;
        if (t > t_to) t = t_to;
        for (size_t k = 0; k < E->N; k++)
          if (unit_draw(in->seed, stream + 1, *n, (double)k + 1) < c * r[k] / rmax)
            add_arrival(E, t, k, p);
        *n += 1;
        *b = exp_draw(in->seed, stream + 1, *n, 0);
      }
      continue;
    }
    for (size_t k = 0; k < E->N; k++) {
      double *b = &in->budget[p * E->N + k];
      double left = span * r[k];
      if (*b > left) { /* the common case: no arrival this step */
        *b -= left;
        continue;
      }
      double t = from, *n = &in->arrivals[p * E->N + k];
      for (;;) {
        left = (t_to - t) * r[k];
        if (*b > left) {
          *b -= left;
          break;
        }
        t += *b / r[k];
        if (t > t_to) t = t_to;
        add_arrival(E, t, k, p);
        *n += 1;
        *b = exp_draw(in->seed, stream, *n, (double)k);
      }
    }
  }
  E->horizon = t_to;
  return true;
}

bool events_start(Events *E, double t, const double *y)
{
  Instance *in = E->in;
  Work *W = E->work[0];
  if (E->c->m->discrete) return true;
  if (E->E) eval_cond(W, in, t, y, E->g_prev, E->N);
  E->narr = E->arr_done = 0;
  E->horizon = t;
  if (E->P) {
    if (!eval_rates(E, t)) return false;
    for (size_t p = 0; p < E->P; p++) {
      const ModelEvent *ev = &E->c->m->events[E->c->poisson_event[p]];
      if (!(E->corr[p] >= 0 && E->corr[p] <= 1)) {
        diag_error(E->diag, ev->st->src, ev->corr->loc, "the correlation of a Poisson input is "
                   "%g; it must be between 0 and 1", E->corr[p]);
        return false;
      }
      double stream = POISSON_STREAMS + 2.0 * (double)p;
      /* The first intervals, once per run of a fresh state. */
      for (size_t k = 0; k < E->N; k++)
        if (isnan(in->budget[p * E->N + k]))
          in->budget[p * E->N + k] = exp_draw(in->seed, stream, 0, (double)k);
      if (isnan(in->mother_budget[p])) in->mother_budget[p] = exp_draw(in->seed, stream + 1, 0, 0);
    }
  }
  return true;
}

/* ---- blocks -------------------------------------------------------------------- */

/* Event e's block on n copies of `in` at times t (per copy) and states y
 * (laid out for n): the states it assigns are replaced, except those held
 * while a copy is refractory. */
static void run_block(Work *W, Instance *in, size_t e, const double *t, double *y, size_t n)
{
  const Compiled *c = W->E->c;
  size_t na = c->nassigned[e];
  if (na == 0) return;
  double *out = W->ybuf; /* na*n values */
  for (size_t j = 0; j < na; j++) W->outs[j] = out + j * n;
  in->t_array = t;
  instance_exec(in, &in->action[e], 0, y, W->outs);
  in->t_array = NULL;
  const Model *m = c->m;
  for (size_t j = 0; j < na; j++) {
    size_t s = c->assigned[e][j];
    bool held = false;
    for (size_t h = 0; h < m->nheld; h++) held |= m->held[h] == s;
    for (size_t k = 0; k < n; k++)
      if (!(held && in->refractory[k])) y[s * n + k] = out[j * n + k];
  }
}

/* Refractory periods of the copies of `in` (n of them, state y) with
 * fired[k], each from its spike's time t[k] (a list, or one time for all
 * when t is NULL: tau): the period is evaluated once for all of them. */
static bool start_refractory(Work *W, Instance *in, const bool *fired, const double *t,
                             double tau, const double *y, size_t n, const size_t *copies,
                             double *ref_end_of)
{
  Events *E = W->E;
  if (!E->c->refractory) return true;
  double *d = W->ybuf;
  W->outs[0] = d;
  in->t_array = t;
  instance_exec(in, &in->refr, tau, y, W->outs);
  in->t_array = NULL;
  for (size_t k = 0; k < n; k++) {
    if (!fired[k]) continue;
    size_t copy = copies ? copies[k] : k;
    double when = t ? t[k] : tau;
    if (!(d[k] >= 0) || isinf(d[k])) {
      char where[48];
      const Stmt *st = E->c->m->refractory;
      int line, col;
      source_line_col(st->src, st->loc.start, &line, &col);
      fault(W, "the refractory period is %g%s at t = %.10g", d[k],
            copy_text(E, copy, where, sizeof where), when);
      snprintf(W->fault.note, sizeof W->fault.note,
               "a refractory period is a duration, 0 or more (see 'refractory' at %s:%d)",
               st->src->name, line);
      return false;
    }
    ref_end_of[copy] = when + d[k];
    in->refractory[k] = d[k] > 0;
    E->in->refractory[copy] = d[k] > 0;
  }
  return true;
}

/* ---- per copy: a gathered population of the copies where something happens ---- */

typedef struct Scaled {
  Work *W;
  size_t m;
} Scaled;

/* d/ds of a copy at t = t0 + s*span: span * f(t, y) (and span * the
 * diagonal of the Jacobian, when diag is not NULL). */
static int scaled_eval(Scaled *sc, double s, const double *y, double *dydt, double *diag)
{
  Work *W = sc->W;
  size_t m = sc->m;
  for (size_t k = 0; k < m; k++) W->ptime[k] = W->pt0[k] + s * W->pspan[k];
  W->sub->t_array = W->ptime;
  W->sub->h_array = W->phspan;
  int rc = diag ? instance_rhs_jdiag(W->sub, 0, y, dydt, diag) : instance_rhs(W->sub, 0, y, dydt);
  for (size_t i = 0; i < W->E->S; i++)
    for (size_t k = 0; k < m; k++) {
      dydt[i * m + k] *= W->pspan[k];
      if (diag) diag[i * m + k] *= W->pspan[k];
    }
  W->sub->t_array = W->sub->h_array = NULL;
  return rc;
}

static int scaled_rhs(void *ctx, double s, const double *y, double *dydt)
{
  return scaled_eval(ctx, s, y, dydt, NULL);
}

static int scaled_rhs_diag(void *ctx, double s, const double *y, double *dydt, double *diag)
{
  return scaled_eval(ctx, s, y, dydt, diag);
}

/* One step of each packed copy from pt0 over pspan: from p0 to out. */
static int sub_step(Work *W, size_t m, const double *from, double *out, unsigned piece,
                    unsigned long *nevals)
{
  const Events *E = W->E;
  for (size_t k = 0; k < m; k++) W->phspan[k] = W->pspan[k] > 0 ? W->pspan[k] : 1;
  W->sub->step = events_draw_step(E->in->step, piece);
  Scaled sc = {W, m};
  OdeSystem sys = {E->S * m, &sc, scaled_rhs, scaled_rhs_diag, 0, NULL, NULL, 0}; /* per copy: never a grid */
  int rc = E->method->apply(W->sstate, &sys, 0.0, 1.0, from, out, W->yerr, NULL, NULL);
  *nevals += sys.nevals;
  W->sub->step = E->in->step;
  return rc;
}

/* f in time units at each packed copy's own time. */
static int sub_rhs_at(Work *W, size_t m, const double *t, const double *y, double *f,
                      unsigned long *nevals)
{
  for (size_t k = 0; k < m; k++) W->phspan[k] = W->pspan[k] > 0 ? W->pspan[k] : 1;
  W->sub->t_array = t;
  W->sub->h_array = W->phspan;
  (*nevals)++;
  int rc = instance_rhs(W->sub, 0, y, f);
  W->sub->t_array = W->sub->h_array = NULL;
  return rc;
}

static void pack(const Work *W, const double *from, double *to, size_t m, size_t stride_from,
                 size_t nvars)
{
  for (size_t i = 0; i < nvars; i++)
    for (size_t a = 0; a < m; a++) to[i * m + a] = from[i * stride_from + W->active[a]];
}

static void unpack(const Work *W, const double *from, double *to, size_t m, size_t stride_to,
                   size_t nvars)
{
  for (size_t i = 0; i < nvars; i++)
    for (size_t a = 0; a < m; a++) to[i * stride_to + W->active[a]] = from[i * m + a];
}

/* The cubic Hermite interpolant of each packed copy's piece at its own theta. */
static void hermite(Work *W, size_t m, const double *theta, double *out)
{
  for (size_t i = 0; i < W->E->S; i++)
    for (size_t k = 0; k < m; k++) {
      double th = theta[k], t1 = 1 - th, h = W->pspan[k];
      double h00 = (1 + 2 * th) * t1 * t1, h10 = th * t1 * t1;
      double h01 = th * th * (3 - 2 * th), h11 = -th * th * t1;
      size_t x = i * m + k;
      out[x] = h00 * W->p0[x] + h10 * h * W->pf0[x] + h01 * W->p1[x] + h11 * h * W->pf1[x];
    }
}

/* The state of each packed copy at its own theta, into out (packed). */
typedef int (*DenseFn)(Work *W, size_t m, const double *theta, double *out, void *ctx);

static int dense_hermite(Work *W, size_t m, const double *theta, double *out, void *ctx)
{
  (void)ctx;
  hermite(W, m, theta, out);
  return 0;
}

/* Global steps: the method's own dense output of the population's step,
 * for each packed copy's components. */
typedef struct GlobalDense {
  Evolve *ev;
  OdeSystem *ode;
  size_t *idx;
  double *one;
} GlobalDense;

static int dense_global(Work *W, size_t m, const double *theta, double *out, void *ctx)
{
  const Events *E = W->E;
  GlobalDense *gd = ctx;
  Evolve *ev = gd->ev;
  for (size_t a = 0; a < m; a++) {
    size_t k = E->cand[W->active[a]];
    for (size_t s = 0; s < E->S; s++) gd->idx[s] = s * E->N + k;
    double t = ev->t_prev + theta[a] * (ev->t - ev->t_prev);
    if (evolve_dense_some(ev, gd->ode, t, gd->idx, E->S, gd->one) != 0) return -1;
    for (size_t s = 0; s < E->S; s++) out[s * m + a] = gd->one[s];
  }
  return 0;
}

/* Illinois for crossing condition j in the packed copies with want[k]:
 * the first theta where it holds, into hroot. */
static int locate_crossings(Work *W, size_t m, size_t j, const bool *want, DenseFn dense,
                            void *ctx)
{
  const Events *E = W->E;
  bool strict = event_strict(E, j);
  double *pj = W->pg; /* packed g of all conditions at the trial points */
  for (size_t k = 0; k < m; k++) {
    size_t c = W->active[k];
    W->ha[k] = 0, W->hb[k] = 1;
    W->hga[k] = E->g0[j * E->N + c], W->hgb[k] = E->g1[j * E->N + c];
    W->hside[k] = 0;
    W->hroot[k] = want[k] ? 1 : NAN;
  }
  for (int it = 0; it < 100; it++) {
    bool busy = false;
    for (size_t k = 0; k < m; k++) {
      if (!want[k] || W->hb[k] - W->ha[k] <= 4 * DBL_EPSILON) {
        W->ptime[k] = W->hb[k];
        continue;
      }
      double a = W->ha[k], b = W->hb[k], ga = W->hga[k], gb = W->hgb[k];
      double th = (a * gb - b * ga) / (gb - ga);
      if (!(th > a && th < b)) th = 0.5 * (a + b);
      W->ptime[k] = th;
      busy = true;
    }
    if (!busy) break;
    if (dense(W, m, W->ptime, W->pbuf, ctx) != 0) return -1;
    for (size_t k = 0; k < m; k++) W->ptt[k] = W->pt0[k] + W->ptime[k] * W->pspan[k];
    W->sub->t_array = W->ptt;
    eval_cond(W, W->sub, 0, W->pbuf, pj, m);
    W->sub->t_array = NULL;
    for (size_t k = 0; k < m; k++) {
      if (!want[k] || W->hb[k] - W->ha[k] <= 4 * DBL_EPSILON) continue;
      double g = pj[j * m + k], th = W->ptime[k];
      if (strict ? g > 0 : g >= 0) {
        W->hb[k] = th, W->hgb[k] = g;
        if (W->hside[k] == 1) W->hga[k] *= 0.5;
        W->hside[k] = 1;
      } else {
        W->ha[k] = th, W->hga[k] = g;
        if (W->hside[k] == -1) W->hgb[k] *= 0.5;
        W->hside[k] = -1;
      }
      if (g == 0 && !strict) W->ha[k] = W->hb[k];
    }
  }
  for (size_t k = 0; k < m; k++) W->hroot[k] = want[k] ? W->hb[k] : NAN;
  return 0;
}

/* Mark the copies where something happens in (t, tn]: a crossing of a copy
 * not refractory, the end of a refractory period.  This runs over every copy
 * at every step, and a branch per copy cost more than the rest of the search:
 * which copies are refractory follows no pattern a predictor learns.  So the
 * marks are made without branches, a pass per condition; these loops
 * vectorise. */
VECTOR_CLONES static void mark_candidates(const Events *E, unsigned char *restrict mark, double tn)
{
  size_t N = E->N;
  const double *restrict ref = E->in->refractory, *restrict ref_end = E->in->ref_end;
  memset(mark, 0, N);
  for (size_t j = 0; j < E->E; j++) {
    const double *restrict a = E->g_prev + j * N, *restrict b = E->g_new + j * N;
    const int loose = !event_strict(E, j);
    for (size_t k = 0; k < N; k++)
      mark[k] |= (unsigned char)((a[k] < 0) & ((b[k] > 0) | ((b[k] == 0) & loose)));
  }
  for (size_t k = 0; k < N; k++) {
    const int r = ref[k] != 0;
    mark[k] = (unsigned char)((r & (ref_end[k] <= tn)) | ((r ^ 1) & mark[k]));
  }
}

/* The candidates: the copies marked, and those with a Poisson arrival in the
 * step.  They are few; the marks are read eight at a time. */
static void find_candidates(Events *E, double tn)
{
  size_t N = E->N;
  unsigned char *mark = E->mark;
  mark_candidates(E, mark, tn);
  for (size_t i = E->arr_done; i < E->narr; i++) mark[E->arr[i].copy] = 1;
  E->ncand = 0;
  for (size_t w = 0; w < N; w += 8) {
    uint64_t marks;
    memcpy(&marks, mark + w, sizeof marks);
    if (!marks) continue;
    for (size_t k = w; k < w + 8 && k < N; k++)
      if (mark[k]) E->cand[E->ncand++] = k;
  }
}

/* Each active candidate's first happening in its piece [tau0, tn]. */
static int next_happenings(Work *W, size_t m, double tn)
{
  const Events *E = W->E;
  Instance *in = E->in;
  size_t N = E->N;
  bool any_crossing = false;
  bool *want = xcalloc(m + 1, sizeof *want);
  for (size_t a = 0; a < m; a++) {
    size_t j = W->active[a], k = E->cand[j];
    E->hap_t[j] = INFINITY;
    E->hap_kind[j] = HAP_NONE;
    if (in->refractory[k] && in->ref_end[k] <= tn) {
      E->hap_t[j] = fmax(in->ref_end[k], E->tau0[j]);
      E->hap_kind[j] = HAP_REF_END;
    }
    if (E->cursor[j] < E->cursor_end[j]) {
      const Arrival *r = &E->arr[E->cursor[j]];
      if (r->t < E->hap_t[j]) {
        E->hap_t[j] = fmax(r->t, E->tau0[j]);
        E->hap_kind[j] = HAP_ARRIVAL;
        E->hap_which[j] = r->p;
      }
    }
    if (in->refractory[k]) continue;
    for (size_t c = 0; c < E->E; c++) {
      /* A block that lifted g over 0 (a kick): the event fires right there. */
      if (crossed(E->g_pre[c * N + j], E->g0[c * N + j], event_strict(E, c)) &&
          E->tau0[j] <= E->hap_t[j]) {
        E->hap_t[j] = E->tau0[j];
        E->hap_kind[j] = HAP_CROSSING;
        E->hap_which[j] = c;
      }
      if (crossed(E->g0[c * N + j], E->g1[c * N + j], event_strict(E, c))) any_crossing = true;
    }
  }
  if (any_crossing) {
    /* The piece's Hermite interpolant: f at both ends. */
    for (size_t a = 0; a < m; a++) W->ptt[a] = tn;
    if (sub_rhs_at(W, m, W->pt0, W->p0, W->pf0, &W->nevals) ||
        sub_rhs_at(W, m, W->ptt, W->p1, W->pf1, &W->nevals)) {
      free(want);
      return -1;
    }
    for (size_t c = 0; c < E->E; c++) {
      bool some = false;
      for (size_t a = 0; a < m; a++) {
        size_t j = W->active[a];
        want[a] = !in->refractory[E->cand[j]] &&
                  crossed(E->g0[c * N + j], E->g1[c * N + j], event_strict(E, c));
        some |= want[a];
      }
      if (!some) continue;
      locate_crossings(W, m, c, want, dense_hermite, NULL);
      for (size_t a = 0; a < m; a++) {
        if (!want[a]) continue;
        size_t j = W->active[a];
        double t = W->pt0[a] + W->hroot[a] * W->pspan[a];
        if (W->hroot[a] >= 1) t = tn;
        if (t < E->hap_t[j] || (t == E->hap_t[j] && E->hap_kind[j] == HAP_ARRIVAL)) {
          E->hap_t[j] = t;
          E->hap_kind[j] = HAP_CROSSING;
          E->hap_which[j] = c;
        }
      }
    }
  }
  free(want);
  return 0;
}

/* Apply the happening of each active candidate at its time (the packed
 * state p0 is there; pt0 its time). */
static int apply_happenings(Work *W, size_t m)
{
  Events *E = W->E;
  Instance *in = E->in, *sub = W->sub;
  size_t N = E->N;
  const Compiled *c = E->c;
  /* g just before (for kicks over the threshold). */
  if (E->E) {
    sub->t_array = W->pt0;
    eval_cond(W, sub, 0, W->p0, W->pg, m);
    sub->t_array = NULL;
    for (size_t i = 0; i < E->E; i++)
      for (size_t a = 0; a < m; a++) E->g_pre[i * N + W->active[a]] = W->pg[i * m + a];
  }
  for (size_t a = 0; a < m; a++) {
    size_t j = W->active[a], k = E->cand[j];
    switch (E->hap_kind[j]) {
    case HAP_REF_END:
      in->refractory[k] = sub->refractory[a] = 0;
      in->ref_end[k] = -INFINITY;
      break;
    case HAP_CROSSING: spike(W, W->pt0[a], k); break;
    case HAP_ARRIVAL: E->cursor[j]++; break;
    case HAP_NONE: break;
    }
  }
  /* The blocks: one program per event, over the copies it concerns (the
   * others' results are not kept). */
  for (size_t e = 0; e < c->m->nevents; e++) {
    bool some = false;
    for (size_t a = 0; a < m && !some; a++) {
      size_t j = W->active[a];
      some = (E->hap_kind[j] == HAP_CROSSING && c->cond_event[E->hap_which[j]] == e) ||
             (E->hap_kind[j] == HAP_ARRIVAL && c->poisson_event[E->hap_which[j]] == e);
    }
    if (!some) continue;
    memcpy(W->pbuf, W->p0, E->S * m * sizeof *W->pbuf);
    run_block(W, sub, e, W->pt0, W->pbuf, m);
    for (size_t a = 0; a < m; a++) {
      size_t j = W->active[a];
      bool mine = (E->hap_kind[j] == HAP_CROSSING && c->cond_event[E->hap_which[j]] == e) ||
                  (E->hap_kind[j] == HAP_ARRIVAL && c->poisson_event[E->hap_which[j]] == e);
      if (!mine) continue;
      for (size_t s = 0; s < E->S; s++) W->p0[s * m + a] = W->pbuf[s * m + a];
    }
  }
  /* Spikes start refractory periods (after the block: the reset is what is held). */
  if (c->refractory) {
    bool *fired = xmalloc((m + 1) * sizeof *fired);
    size_t *copies = xmalloc((m + 1) * sizeof *copies);
    bool some = false;
    for (size_t a = 0; a < m; a++) {
      size_t j = W->active[a];
      fired[a] = E->hap_kind[j] == HAP_CROSSING;
      copies[a] = E->cand[j];
      some |= fired[a];
    }
    bool ok = !some || start_refractory(W, sub, fired, W->pt0, 0, W->p0, m, copies, in->ref_end);
    free(fired);
    free(copies);
    if (!ok) return -1;
  }
  return 0;
}

/* Piece p of a share took n evaluations of the rhs. */
static void count_piece(Work *W, unsigned p, unsigned long n)
{
  GROW(W->piece_evals, W->piece_cap, (size_t)p + 1);
  W->piece_evals[p] = n;
  W->npieces = (size_t)p + 1;
}

/* Where a share's failure comes in the step: the order one thread meets them. */
enum { AT_PIECES, AT_NEXT, AT_TO_HAPPENING, AT_APPLY, AT_REST };

static int failed(Work *W, unsigned piece, int phase)
{
  W->fault.set = true;
  W->fault.piece = piece;
  W->fault.phase = phase;
  return -1;
}

/* The step of candidates [jlo, jhi) (ev from t to tn), piece by piece: each
 * one's happenings in turn, the step taken again up to each and on from it.
 * Touches only these candidates' entries of the arrays indexed by candidate,
 * these copies' refractory state, and W: shares run side by side. */
static int work_pieces(Work *W, const Evolve *ev, size_t jlo, size_t jhi)
{
  Events *E = W->E;
  Instance *in = E->in;
  size_t N = E->N, S = E->S, m = jhi - jlo;
  double t = ev->t_prev, tn = ev->t;
  for (size_t a = 0; a < m; a++) {
    size_t j = jlo + a, k = E->cand[j];
    W->active[a] = j;
    E->tau0[j] = t;
    for (size_t s = 0; s < S; s++) {
      E->y0[s * N + j] = ev->y_prev[s * N + k];
      E->y1[s * N + j] = ev->y[s * N + k];
    }
    for (size_t c = 0; c < E->E; c++) {
      E->g0[c * N + j] = E->g_prev[c * N + k];
      E->g1[c * N + j] = E->g_new[c * N + k];
      E->g_pre[c * N + j] = E->g0[c * N + j];
    }
  }
  size_t *copies = xmalloc((m + 1) * sizeof *copies);
  int rc = 0;
  W->fault.what[0] = '\0'; /* a failure without a message reports none */
  unsigned long at = W->nevals;
  unsigned last = 0;
  for (unsigned piece = 0; m > 0; piece++) {
    if (piece > 0) count_piece(W, piece - 1, W->nevals - at);
    at = W->nevals;
    last = piece;
    if (piece >= MAX_PIECES) {
      fault(W, "events keep happening in copy %zu at t = %.10g: more than %d in one step",
            E->cand[W->active[0]], E->tau0[W->active[0]], MAX_PIECES);
      rc = failed(W, piece, AT_PIECES);
      break;
    }
    /* The active candidates as a population of their own. */
    for (size_t a = 0; a < m; a++) copies[a] = E->cand[W->active[a]];
    instance_gather(W->sub, in, copies, m);
    pack(W, E->y0, W->p0, m, N, S);
    pack(W, E->y1, W->p1, m, N, S);
    for (size_t a = 0; a < m; a++) {
      W->pt0[a] = E->tau0[W->active[a]];
      W->pspan[a] = tn - W->pt0[a];
    }
    if (next_happenings(W, m, tn) != 0) {
      rc = failed(W, piece, AT_NEXT);
      break;
    }
    /* Those with nothing more to happen are done. */
    size_t keep = 0;
    for (size_t a = 0; a < m; a++)
      if (E->hap_kind[W->active[a]] != HAP_NONE) W->active[keep++] = W->active[a];
    if (keep == 0) break;
    if (keep < m) {
      m = keep;
      for (size_t a = 0; a < m; a++) copies[a] = E->cand[W->active[a]];
      instance_gather(W->sub, in, copies, m);
      pack(W, E->y0, W->p0, m, N, S);
    }
    m = keep;
    /* The step again, up to each one's happening (the draws of this piece). */
    for (size_t a = 0; a < m; a++) {
      size_t j = W->active[a];
      W->pt0[a] = E->tau0[j];
      W->pspan[a] = E->hap_t[j] - E->tau0[j];
    }
    if (sub_step(W, m, W->p0, W->p1, piece, &W->nevals) != 0) {
      rc = failed(W, piece, AT_TO_HAPPENING);
      break;
    }
    for (size_t a = 0; a < m; a++) {
      size_t j = W->active[a];
      if (W->pspan[a] <= 0)
        for (size_t s = 0; s < S; s++) W->p1[s * m + a] = W->p0[s * m + a];
      W->pt0[a] = E->hap_t[j];
    }
    memcpy(W->p0, W->p1, S * m * sizeof *W->p0);
    if (apply_happenings(W, m) != 0) {
      rc = failed(W, piece, AT_APPLY);
      break;
    }
    /* The rest of the step from there, with the next piece's draws. */
    for (size_t a = 0; a < m; a++) W->pspan[a] = tn - W->pt0[a];
    if (sub_step(W, m, W->p0, W->p1, piece + 1, &W->nevals) != 0) {
      rc = failed(W, piece, AT_REST);
      break;
    }
    for (size_t a = 0; a < m; a++)
      if (W->pspan[a] <= 0)
        for (size_t s = 0; s < S; s++) W->p1[s * m + a] = W->p0[s * m + a];
    if (E->E) {
      W->sub->t_array = W->pt0;
      eval_cond(W, W->sub, 0, W->p0, W->pg, m);
      unpack(W, W->pg, E->g0, m, N, E->E);
      /* A crossing whose block did not lower its g (no reset: c += 1)
       * stays crossed: it fires again only after g has gone below 0.
       * Located to a tolerance, g there may be a hair below 0, which the
       * rest of the step would take for a second crossing at once (and
       * again: "events keep happening"). */
      for (size_t a = 0; a < m; a++) {
        size_t j = W->active[a], c = E->hap_which[j];
        if (E->hap_kind[j] != HAP_CROSSING) continue;
        double *g = &E->g0[c * N + j], *before = &E->g_pre[c * N + j];
        if (*g < 0 && *g >= *before) *g = *before = 0;
      }
      for (size_t a = 0; a < m; a++) W->ptt[a] = tn;
      W->sub->t_array = W->ptt;
      eval_cond(W, W->sub, 0, W->p1, W->pg, m);
      W->sub->t_array = NULL;
      unpack(W, W->pg, E->g1, m, N, E->E);
    }
    unpack(W, W->p0, E->y0, m, N, S);
    unpack(W, W->p1, E->y1, m, N, S);
    for (size_t a = 0; a < m; a++) E->tau0[W->active[a]] = W->pt0[a];
  }
  count_piece(W, last, W->nevals - at);
  free(copies);
  return rc;
}

/* Candidates per share below which one thread does them all: a share costs
 * a hand-over to the crew, a candidate a few microseconds. */
enum { SHARE_MIN = 16 };

typedef struct Shares {
  Events *E;
  const Evolve *ev;
  unsigned members;
} Shares;

static void share_member(void *ctx, unsigned member)
{
  Shares *sh = ctx;
  unsigned long lo, hi;
  crew_share(member, sh->members, sh->E->ncand, &lo, &hi);
  if (lo < hi) work_pieces(sh->E->work[member], sh->ev, lo, hi);
}

/* The crew's members that share this step's candidates (1: the caller
 * alone); each member's Work made the first time. */
static unsigned share_members(Events *E)
{
  unsigned members = crew_quick(E->in->crew);
  if (members < 2 || E->ncand < (size_t)SHARE_MIN * members) return 1;
  if (E->nwork < members) {
    E->work = xrealloc(E->work, members * sizeof *E->work);
    for (unsigned w = E->nwork; w < members; w++) E->work[w] = work_new(E, E->N / members + 2);
    E->nwork = members;
  }
  return members;
}

/* The step's evaluations of the rhs as one thread counts them: a piece's
 * calls are made for all its copies at once, however many shares have
 * copies in it.  The shares' counts start again. */
static unsigned long shares_evals(Events *E, unsigned members)
{
  unsigned long evals = 0;
  for (size_t p = 0;; p++) {
    unsigned long most = 0;
    bool any = false;
    for (unsigned w = 0; w < members; w++) {
      const Work *W = E->work[w];
      if (p >= W->npieces) continue;
      any = true;
      if (W->piece_evals[p] > most) most = W->piece_evals[p];
    }
    if (!any) break;
    evals += most;
  }
  for (unsigned w = 0; w < members; w++) E->work[w]->nevals = E->work[w]->npieces = 0;
  return evals;
}

/* The failure one thread would have met first (NULL: none): the earliest
 * piece and phase, then the lowest copy (shares are runs of copies in
 * order).  The shares' faults are cleared; the one returned keeps its text. */
static Fault *first_fault(Events *E, unsigned members)
{
  Fault *first = NULL;
  for (unsigned w = 0; w < members; w++) {
    Fault *f = &E->work[w]->fault;
    if (f->set && (!first || f->piece < first->piece ||
                   (f->piece == first->piece && f->phase < first->phase)))
      first = f;
    f->set = false;
  }
  return first;
}

int events_fixed(Events *E, Evolve *ev, OdeSystem *ode)
{
  Instance *in = E->in;
  size_t N = E->N, S = E->S;
  double tn = ev->t;
  if (!generate_arrivals(E, tn)) return -1;
  if (E->narr > E->arr_done + 1) qsort(E->arr, E->narr, sizeof *E->arr, by_copy_time);
  if (E->E) eval_cond(E->work[0], in, tn, ev->y, E->g_new, N);
  find_candidates(E, tn);
  if (E->ncand == 0) {
    double *g = E->g_prev;
    E->g_prev = E->g_new, E->g_new = g;
    E->narr = E->arr_done = 0;
    return 0;
  }
  /* Each candidate's arrivals: a run of the sorted list. */
  size_t r = 0;
  for (size_t j = 0; j < E->ncand; j++) {
    size_t k = E->cand[j];
    while (r < E->narr && E->arr[r].copy < k) r++;
    E->cursor[j] = r;
    while (r < E->narr && E->arr[r].copy == k) r++;
    E->cursor_end[j] = r;
    /* As it was, for a failed step to leave. */
    E->ref_was[j] = in->refractory[k];
    E->ref_end_was[j] = in->ref_end[k];
  }
  /* The candidates do not touch each other (a coupled population steps
   * globally): shared among the crew, each member a run of them. */
  Shares sh = {E, ev, share_members(E)};
  if (sh.members > 1) crew_run(E->in->crew, share_member, &sh);
  else work_pieces(E->work[0], ev, 0, E->ncand);
  ode->nevals += shares_evals(E, sh.members);
  Fault *first = first_fault(E, sh.members);
  if (first) {
    /* The population is left at t, as it was: the other shares have gone
     * further into the step than one thread would have. */
    if (first->what[0]) fault_report(E, first);
    for (size_t j = 0; j < E->ncand; j++) {
      in->refractory[E->cand[j]] = E->ref_was[j];
      in->ref_end[E->cand[j]] = E->ref_end_was[j];
    }
    for (unsigned w = 0; w < E->nwork; w++) spikes_clear(&E->work[w]->found);
    E->narr = E->arr_done = 0;
    evolve_set(ev, ev->t_prev, ev->y_prev);
    return -1;
  }
  /* Back into the population. */
  for (size_t j = 0; j < E->ncand; j++) {
    size_t k = E->cand[j];
    for (size_t s = 0; s < S; s++) ev->y[s * N + k] = E->y1[s * N + j];
    for (size_t c = 0; c < E->E; c++) E->g_new[c * N + k] = E->g1[c * N + j];
  }
  double *g = E->g_prev;
  E->g_prev = E->g_new, E->g_new = g;
  E->narr = E->arr_done = 0;
  evolve_set(ev, tn, ev->y);
  return flush_spikes(E);
}

/* ---- global steps ---------------------------------------------------------------- */

int events_locate(Events *E, Evolve *ev, OdeSystem *ode, double *tau)
{
  Work *W = E->work[0];
  Instance *in = E->in;
  size_t N = E->N;
  double t = ev->t_prev, tn = ev->t, h = tn - t;
  if (E->arr_done > 0) { /* forget the arrivals dealt with */
    memmove(E->arr, E->arr + E->arr_done, (E->narr - E->arr_done) * sizeof *E->arr);
    E->narr -= E->arr_done;
    E->arr_done = 0;
  }
  if (!generate_arrivals(E, tn)) return -1;
  if (E->narr > E->arr_done + 1)
    qsort(E->arr + E->arr_done, E->narr - E->arr_done, sizeof *E->arr, by_arrival_time);
  if (E->E) eval_cond(W, in, tn, ev->y, E->g_new, N);
  double first = INFINITY;
  for (size_t k = 0; k < N; k++) {
    E->hap_kind[k] = HAP_NONE;
    E->hap_t[k] = INFINITY;
    if (in->refractory[k] && in->ref_end[k] <= tn) first = fmin(first, fmax(in->ref_end[k], t));
  }
  if (E->arr_done < E->narr && E->arr[E->arr_done].t <= tn) first = fmin(first, E->arr[E->arr_done].t);
  /* Crossings, from the method's dense output of the step: the copies that
   * crossed as a small population (their g at their own times), unless g
   * itself reads other copies (then the whole population, one time each). */
  if (!program_reads_others(E->c->cond)) {
    GlobalDense gd = {ev, ode, xmalloc((E->S + 1) * sizeof(size_t)),
                      xmalloc((E->S + 1) * sizeof(double))};
    bool *want = xcalloc(N + 1, sizeof *want);
    int rc = 0;
    for (size_t c = 0; c < E->E && rc == 0; c++) {
      bool strict = event_strict(E, c);
      E->ncand = 0;
      for (size_t k = 0; k < N; k++)
        if (!in->refractory[k] && crossed(E->g_prev[c * N + k], E->g_new[c * N + k], strict))
          E->cand[E->ncand++] = k;
      size_t m = E->ncand;
      if (m == 0) continue;
      instance_gather(W->sub, in, E->cand, m);
      for (size_t a = 0; a < m; a++) {
        size_t k = E->cand[a];
        W->active[a] = a;
        want[a] = true;
        W->pt0[a] = t;
        W->pspan[a] = h;
        for (size_t q = 0; q < E->E; q++) {
          E->g0[q * N + a] = E->g_prev[q * N + k];
          E->g1[q * N + a] = E->g_new[q * N + k];
        }
      }
      rc = locate_crossings(W, m, c, want, dense_global, &gd);
      for (size_t a = 0; a < m && rc == 0; a++) {
        size_t k = E->cand[a];
        double root = W->hroot[a] >= 1 ? tn : t + W->hroot[a] * h;
        if (root < E->hap_t[k]) {
          E->hap_t[k] = root;
          E->hap_kind[k] = HAP_CROSSING;
          E->hap_which[k] = c;
        }
        first = fmin(first, root);
      }
    }
    free(want);
    free(gd.idx);
    free(gd.one);
    if (rc != 0) return -1;
  }
  double *g = W->pbuf;
  for (size_t c = 0; c < E->E && program_reads_others(E->c->cond); c++) {
    bool strict = event_strict(E, c);
    for (size_t k = 0; k < N; k++) {
      if (in->refractory[k] || !crossed(E->g_prev[c * N + k], E->g_new[c * N + k], strict)) continue;
      double a = 0, b = 1, ga = E->g_prev[c * N + k], gb = E->g_new[c * N + k];
      int side = 0;
      for (int it = 0; it < 100 && b - a > 4 * DBL_EPSILON; it++) {
        double th = (a * gb - b * ga) / (gb - ga);
        if (!(th > a && th < b)) th = 0.5 * (a + b);
        if (evolve_dense(ev, ode, t + th * h, W->ybuf) != 0) return -1;
        eval_cond(W, in, t + th * h, W->ybuf, g, N);
        double v = g[c * N + k];
        if (strict ? v > 0 : v >= 0) {
          b = th, gb = v;
          if (side == 1) ga *= 0.5;
          side = 1;
        } else {
          a = th, ga = v;
          if (side == -1) gb *= 0.5;
          side = -1;
        }
        if (v == 0 && !strict) break;
      }
      double root = b >= 1 ? tn : t + b * h;
      if (root < E->hap_t[k]) {
        E->hap_t[k] = root;
        E->hap_kind[k] = HAP_CROSSING;
        E->hap_which[k] = c;
      }
      first = fmin(first, root);
    }
  }
  if (first == INFINITY) {
    double *swap = E->g_prev;
    E->g_prev = E->g_new, E->g_new = swap;
    return 0;
  }
  E->tau = *tau = first;
  return 1;
}

/* Event e's block for the copies with mask[k], on the whole population. */
static void block_where(Events *E, size_t e, const bool *mask, double t, double *y)
{
  Work *W = E->work[0];
  size_t N = E->N, S = E->S;
  double *copy = xmalloc((S * N + 1) * sizeof *copy);
  memcpy(copy, y, S * N * sizeof *copy);
  double *times = xmalloc((N + 1) * sizeof *times);
  for (size_t k = 0; k < N; k++) times[k] = t;
  run_block(W, E->in, e, times, copy, N);
  for (size_t s = 0; s < S; s++)
    for (size_t k = 0; k < N; k++)
      if (mask[k]) y[s * N + k] = copy[s * N + k];
  free(times);
  free(copy);
}

int events_apply(Events *E, Evolve *ev)
{
  Work *W = E->work[0];
  Instance *in = E->in;
  const Compiled *c = E->c;
  size_t N = E->N;
  double tau = E->tau;
  double *y = ev->y;
  bool *mask = xcalloc(N + 1, sizeof *mask);
  bool *fired = xcalloc(N + 1, sizeof *fired);
  /* Per copy, the g at tau of the crossing that fired there (NAN: none). */
  double *g_fired = xmalloc((N + 1) * sizeof *g_fired);
  for (size_t k = 0; k < N; k++) g_fired[k] = NAN;
  int rc = 0;
  for (size_t k = 0; k < N; k++)
    if (in->refractory[k] && in->ref_end[k] <= tau) {
      in->refractory[k] = 0;
      in->ref_end[k] = -INFINITY;
    }
  for (int round = 0; round < MAX_PIECES && rc == 0; round++) {
    /* Crossings at tau (from the location, or a kick by a block just run). */
    bool any = false;
    for (size_t k = 0; k < N; k++) fired[k] = false;
    if (E->E) eval_cond(W, in, tau, y, E->g_pre, N);
    for (size_t e = 0; e < c->m->nevents; e++) {
      bool some = false;
      for (size_t k = 0; k < N; k++) {
        mask[k] = false;
        if (in->refractory[k]) continue;
        if (round == 0 && E->hap_kind[k] == HAP_CROSSING && E->hap_t[k] <= tau &&
            c->cond_event[E->hap_which[k]] == e)
          mask[k] = true;
        for (size_t j = 0; round > 0 && j < E->E; j++)
          if (c->cond_event[j] == e && crossed(E->g_new[j * N + k], E->g_pre[j * N + k],
                                               event_strict(E, j)))
            mask[k] = true;
        if (mask[k]) {
          some = any = fired[k] = true;
          spike(W, tau, k);
          if (round == 0 && E->E) g_fired[k] = E->g_pre[E->hap_which[k] * N + k];
        }
      }
      if (some) block_where(E, e, mask, tau, y);
    }
    if (round == 0) {
      /* Poisson arrivals at tau, in order. */
      while (E->arr_done < E->narr && E->arr[E->arr_done].t <= tau) {
        const Arrival *r = &E->arr[E->arr_done++];
        for (size_t k = 0; k < N; k++) mask[k] = k == r->copy;
        block_where(E, c->poisson_event[r->p], mask, tau, y);
        any = true;
      }
    }
    bool some = false;
    for (size_t k = 0; k < N; k++) some |= fired[k];
    if (some && c->refractory && !start_refractory(W, in, fired, NULL, tau, y, N, NULL, in->ref_end)) {
      fault_report(E, &W->fault);
      rc = -1;
    }
    if (!any) break;
    /* g before this round's blocks, to see a kick over a threshold. */
    if (E->E) {
      double *swap = E->g_new;
      E->g_new = E->g_pre, E->g_pre = swap;
    }
  }
  if (E->E) eval_cond(W, in, tau, y, E->g_prev, N);
  /* A crossing whose block did not lower its g (no reset: w += 1) stays
   * crossed: it fires again only after g has gone below 0.  Located to a
   * tolerance, and the step redone up to tau, g there may be a hair below 0,
   * which the rest of the step would take for a second crossing. */
  for (size_t k = 0; k < N && E->E; k++) {
    if (isnan(g_fired[k])) continue;
    double *g = &E->g_prev[E->hap_which[k] * N + k];
    if (*g < 0 && *g >= g_fired[k]) *g = 0;
  }
  free(g_fired);
  free(mask);
  free(fired);
  evolve_set(ev, tau, y);
  if (rc == 0) rc = flush_spikes(E);
  return rc;
}

/* ---- discrete models --------------------------------------------------------------- */

void events_map_before(Events *E, double t)
{
  Instance *in = E->in;
  if (!E->c->refractory) return;
  for (size_t k = 0; k < E->N; k++) in->refractory[k] = t < in->ref_end[k];
}

int events_map_after(Events *E, double t)
{
  Work *W = E->work[0];
  Instance *in = E->in;
  size_t N = E->N;
  const double *cond = in->map_extra, *dur = in->map_extra + E->E * N;
  for (size_t k = 0; k < N; k++) {
    bool fired = false;
    for (size_t j = 0; j < E->E; j++) fired |= cond[j * N + k] != 0;
    if (!fired) continue;
    spike(W, t, k);
    if (!E->c->refractory) continue;
    if (!(dur[k] >= 0) || isinf(dur[k])) {
      char where[48];
      diag_fail(E->diag, "the refractory period is %g%s at t = %.10g", dur[k],
                copy_text(E, k, where, sizeof where), t);
      diag_note(E->diag, "a refractory period is a number of steps, 0 or more");
      return -1;
    }
    in->ref_end[k] = t + 1 + dur[k];
  }
  return flush_spikes(E);
}
