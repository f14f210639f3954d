/* events.c: happenings inside steps; see events.h. */
#include "events.h"

#include <float.h>
#include <math.h>
#include <stdint.h>
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

struct Events {
  Instance *in;
  const Compiled *c;
  const StepperType *method;
  SpikeSink *spikes;
  Diag *diag;
  size_t N, S, E, P; /* copies, states, crossing conditions, Poisson inputs */
  bool global;
  double *g_prev, *g_new; /* E*N: each condition's g at the last state and at the step's end */
  double **outs;          /* output pointers for the programs */

  /* Poisson arrivals generated up to `horizon`, not yet dealt with, sorted
   * by (copy, t) (per copy) or by t (global). */
  Arrival *arr;
  size_t narr, arr_cap, arr_done;
  double horizon;
  double *rate, *corr;    /* P*N rates at the middle of a step; P correlations */
  bool rate_varies;       /* the rates depend on t */

  /* The gathered copies (per copy mode) and their pieces of step.  Arrays
   * with a stride of N hold each candidate's values; "packed" ones (_p) the
   * active candidates laid out as the small population's state. */
  Instance *sub;
  void *sstate;           /* the method's scratch, big enough for N copies */
  double *yerr;
  size_t *cand, ncand;    /* candidate j is copy cand[j] */
  unsigned char *mark;    /* N rounded up to 8: 1 for a candidate (find_candidates) */
  size_t *cursor;         /* per candidate: its first arrival not yet dealt with */
  size_t *cursor_end;
  double *y0, *y1;        /* S*N: the piece's start and end state */
  double *tau0;           /* N: the piece's start */
  double *g0, *g1;        /* E*N: g at the piece's ends */
  double *g_pre;          /* E*N: g just before the last block (a jump over the threshold) */
  size_t *active, nactive;
  double *p0, *p1, *pf0, *pf1, *pbuf; /* S*N packed */
  double *pt0, *pspan, *ptime, *phspan, *ptt; /* N packed */
  double *pg;             /* E*N packed */
  double *ha, *hb, *hga, *hgb, *hroot; /* Illinois, N packed */
  int *hside;
  double *hap_t;          /* per candidate: its next happening */
  HapKind *hap_kind;
  size_t *hap_which;      /* the event (crossing) or input (arrival) */
  /* Spikes of the current step, sorted before they go out. */
  double *sp_t;
  size_t *sp_copy, nsp, sp_cap, sp_cap2;

  /* Global mode: the located happenings. */
  double tau;
  double *ybuf;           /* a whole state */
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

static int spike(Events *E, double t, size_t copy)
{
  if (!E->spikes) return 0;
  if (E->nsp == E->sp_cap) {
    size_t cap = E->sp_cap;
    GROW(E->sp_t, cap, E->nsp + 1);
    GROW(E->sp_copy, E->sp_cap, E->nsp + 1);
  }
  E->sp_t[E->nsp] = t;
  E->sp_copy[E->nsp++] = copy;
  return 0;
}

typedef struct { double t; size_t copy; } SpikeRec;

static int by_time(const void *a, const void *b)
{
  const SpikeRec *x = a, *y = b;
  if (x->t != y->t) return x->t < y->t ? -1 : 1;
  return x->copy < y->copy ? -1 : x->copy > y->copy;
}

/* The step's spikes, in time order, to the sink. */
static int flush_spikes(Events *E)
{
  if (!E->spikes || E->nsp == 0) return 0;
  SpikeRec *r = xmalloc(E->nsp * sizeof *r);
  bool sorted = true;
  for (size_t i = 0; i < E->nsp; i++) {
    r[i].t = E->sp_t[i];
    r[i].copy = E->sp_copy[i];
    if (i && by_time(&r[i - 1], &r[i]) > 0) sorted = false;
  }
  if (!sorted) qsort(r, E->nsp, sizeof *r, by_time);
  int rc = 0;
  for (size_t i = 0; i < E->nsp && rc == 0; i++) rc = E->spikes->spike(E->spikes, r[i].t, r[i].copy);
  free(r);
  E->nsp = 0;
  if (rc != 0) diag_fail(E->diag, "%s", E->spikes->error);
  return rc;
}

static const char *copy_text(const Events *E, size_t copy, char *buf, size_t size)
{
  instance_where(E->in, copy, buf, size);
  return buf;
}

/* ---- construction --------------------------------------------------------- */

static bool program_reads_others(const Program *p)
{
  return p && p->ncross > 0;
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
  size_t nout = S + C + 2 * P + 2;
  E->outs = xcalloc(nout, sizeof *E->outs);
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
  E->ybuf = xmalloc((S * N + 1) * sizeof *E->ybuf);
  E->hap_t = xmalloc((N + 1) * sizeof *E->hap_t);
  E->hap_kind = xmalloc((N + 1) * sizeof *E->hap_kind);
  E->hap_which = xmalloc((N + 1) * sizeof *E->hap_which);
  E->g_pre = xmalloc((C * N + 1) * sizeof *E->g_pre);
  E->pbuf = xmalloc((S * N + 1) * sizeof *E->pbuf);

  E->sub = instance_new((Compiled *)c, N);
  E->sstate = method->alloc(S * N);
  E->yerr = xmalloc((S * N + 1) * sizeof *E->yerr);
  E->cand = xmalloc((N + 1) * sizeof *E->cand);
  E->mark = xcalloc(N + 8, sizeof *E->mark);
  E->cursor = xmalloc((N + 1) * sizeof *E->cursor);
  E->cursor_end = xmalloc((N + 1) * sizeof *E->cursor_end);
  E->active = xmalloc((N + 1) * sizeof *E->active);
  double **sn[] = {&E->y0, &E->y1, &E->p0, &E->p1, &E->pf0, &E->pf1};
  for (size_t i = 0; i < sizeof sn / sizeof sn[0]; i++) *sn[i] = xmalloc((S * N + 1) * sizeof(double));
  double **en[] = {&E->g0, &E->g1, &E->pg};
  for (size_t i = 0; i < sizeof en / sizeof en[0]; i++) *en[i] = xmalloc((C * N + 1) * sizeof(double));
  double **n1[] = {&E->tau0, &E->pt0, &E->pspan, &E->ptime, &E->phspan, &E->ptt, &E->ha, &E->hb,
                   &E->hga, &E->hgb, &E->hroot};
  for (size_t i = 0; i < sizeof n1 / sizeof n1[0]; i++) *n1[i] = xmalloc((N + 1) * sizeof(double));
  E->hside = xmalloc((N + 1) * sizeof *E->hside);
  return E;
}

void events_free(Events *E)
{
  if (!E) return;
  free(E->outs);
  free(E->g_prev);
  free(E->g_new);
  free(E->arr);
  free(E->rate);
  free(E->corr);
  free(E->ybuf);
  if (E->sub) {
    instance_free(E->sub);
    E->method->free(E->sstate);
  }
  void *bufs[] = {E->yerr, E->cand, E->mark, E->cursor, E->cursor_end, E->active, E->y0,
                  E->y1, E->p0, E->p1, E->pf0, E->pf1, E->pbuf, E->g0, E->g1, E->g_pre, E->pg,
                  E->tau0, E->pt0, E->pspan, E->ptime, E->phspan, E->ptt, E->ha, E->hb, E->hga,
                  E->hgb, E->hroot, E->hap_t, E->hside, E->hap_kind, E->hap_which, E->sp_t,
                  E->sp_copy};
  for (size_t i = 0; i < sizeof bufs / sizeof bufs[0]; i++) free(bufs[i]);
  free(E);
}

bool events_global(const Events *E)
{
  return E->global;
}

/* ---- programs over the whole population -------------------------------------- */

static void eval_cond(Events *E, Instance *in, double t, const double *y, double *g, size_t n)
{
  for (size_t j = 0; j < E->E; j++) E->outs[j] = g + j * n;
  instance_exec(in, &in->cond, t, y, E->outs);
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
  size_t N = E->N;
  for (size_t p = 0; p < E->P; p++) {
    E->outs[2 * p] = E->rate + p * N;
    E->outs[2 * p + 1] = E->ybuf + p * N; /* the correlation, per copy: one value */
  }
  instance_exec(in, &in->rates, t, NULL, E->outs);
  for (size_t p = 0; p < E->P; p++) {
    E->corr[p] = N ? E->ybuf[p * N] : 0;
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
  if (E->c->m->discrete) return true;
  if (E->E) eval_cond(E, in, t, y, E->g_prev, E->N);
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
static void run_block(Events *E, Instance *in, size_t e, const double *t, double *y, size_t n)
{
  const Compiled *c = E->c;
  size_t na = c->nassigned[e];
  if (na == 0) return;
  double *out = E->ybuf; /* na*n values */
  for (size_t j = 0; j < na; j++) E->outs[j] = out + j * n;
  in->t_array = t;
  instance_exec(in, &in->action[e], 0, y, E->outs);
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
static bool start_refractory(Events *E, Instance *in, const bool *fired, const double *t,
                             double tau, const double *y, size_t n, const size_t *copies,
                             double *ref_end_of)
{
  if (!E->c->refractory) return true;
  double *d = E->ybuf;
  E->outs[0] = d;
  in->t_array = t;
  instance_exec(in, &in->refr, tau, y, E->outs);
  in->t_array = NULL;
  for (size_t k = 0; k < n; k++) {
    if (!fired[k]) continue;
    size_t copy = copies ? copies[k] : k;
    double when = t ? t[k] : tau;
    if (!(d[k] >= 0) || isinf(d[k])) {
      char where[48];
      diag_fail(E->diag, "the refractory period is %g%s at t = %.10g", d[k],
                copy_text(E, copy, where, sizeof where), when);
      const Stmt *st = E->c->m->refractory;
      int line, col;
      source_line_col(st->src, st->loc.start, &line, &col);
      diag_note(E->diag, "a refractory period is a duration, 0 or more (see 'refractory' at %s:%d)",
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
  Events *E;
  size_t m;
} Scaled;

/* d/ds of a copy at t = t0 + s*span: span * f(t, y) (and span * the
 * diagonal of the Jacobian, when diag is not NULL). */
static int scaled_eval(Scaled *sc, double s, const double *y, double *dydt, double *diag)
{
  Events *E = sc->E;
  size_t m = sc->m;
  for (size_t k = 0; k < m; k++) E->ptime[k] = E->pt0[k] + s * E->pspan[k];
  E->sub->t_array = E->ptime;
  E->sub->h_array = E->phspan;
  int rc = diag ? instance_rhs_jdiag(E->sub, 0, y, dydt, diag) : instance_rhs(E->sub, 0, y, dydt);
  for (size_t i = 0; i < E->S; i++)
    for (size_t k = 0; k < m; k++) {
      dydt[i * m + k] *= E->pspan[k];
      if (diag) diag[i * m + k] *= E->pspan[k];
    }
  E->sub->t_array = E->sub->h_array = NULL;
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
static int sub_step(Events *E, size_t m, const double *from, double *out, unsigned piece,
                    unsigned long *nevals)
{
  for (size_t k = 0; k < m; k++) E->phspan[k] = E->pspan[k] > 0 ? E->pspan[k] : 1;
  E->sub->step = events_draw_step(E->in->step, piece);
  Scaled sc = {E, m};
  OdeSystem sys = {E->S * m, &sc, scaled_rhs, scaled_rhs_diag, 0, NULL, NULL, 0}; /* per copy: never a grid */
  int rc = E->method->apply(E->sstate, &sys, 0.0, 1.0, from, out, E->yerr, NULL, NULL);
  *nevals += sys.nevals;
  E->sub->step = E->in->step;
  return rc;
}

/* f in time units at each packed copy's own time. */
static int sub_rhs_at(Events *E, size_t m, const double *t, const double *y, double *f,
                      unsigned long *nevals)
{
  for (size_t k = 0; k < m; k++) E->phspan[k] = E->pspan[k] > 0 ? E->pspan[k] : 1;
  E->sub->t_array = t;
  E->sub->h_array = E->phspan;
  (*nevals)++;
  int rc = instance_rhs(E->sub, 0, y, f);
  E->sub->t_array = E->sub->h_array = NULL;
  return rc;
}

static void pack(const Events *E, const double *from, double *to, size_t m, size_t stride_from,
                 size_t nvars)
{
  for (size_t i = 0; i < nvars; i++)
    for (size_t a = 0; a < m; a++) to[i * m + a] = from[i * stride_from + E->active[a]];
}

static void unpack(const Events *E, const double *from, double *to, size_t m, size_t stride_to,
                   size_t nvars)
{
  for (size_t i = 0; i < nvars; i++)
    for (size_t a = 0; a < m; a++) to[i * stride_to + E->active[a]] = from[i * m + a];
}

/* The cubic Hermite interpolant of each packed copy's piece at its own theta. */
static void hermite(Events *E, size_t m, const double *theta, double *out)
{
  for (size_t i = 0; i < E->S; i++)
    for (size_t k = 0; k < m; k++) {
      double th = theta[k], t1 = 1 - th, h = E->pspan[k];
      double h00 = (1 + 2 * th) * t1 * t1, h10 = th * t1 * t1;
      double h01 = th * th * (3 - 2 * th), h11 = -th * th * t1;
      size_t x = i * m + k;
      out[x] = h00 * E->p0[x] + h10 * h * E->pf0[x] + h01 * E->p1[x] + h11 * h * E->pf1[x];
    }
}

/* The state of each packed copy at its own theta, into out (packed). */
typedef int (*DenseFn)(Events *E, size_t m, const double *theta, double *out, void *ctx);

static int dense_hermite(Events *E, size_t m, const double *theta, double *out, void *ctx)
{
  (void)ctx;
  hermite(E, m, theta, out);
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

static int dense_global(Events *E, size_t m, const double *theta, double *out, void *ctx)
{
  GlobalDense *gd = ctx;
  Evolve *ev = gd->ev;
  for (size_t a = 0; a < m; a++) {
    size_t k = E->cand[E->active[a]];
    for (size_t s = 0; s < E->S; s++) gd->idx[s] = s * E->N + k;
    double t = ev->t_prev + theta[a] * (ev->t - ev->t_prev);
    if (evolve_dense_some(ev, gd->ode, t, gd->idx, E->S, gd->one) != 0) return -1;
    for (size_t s = 0; s < E->S; s++) out[s * m + a] = gd->one[s];
  }
  return 0;
}

/* Illinois for crossing condition j in the packed copies with want[k]:
 * the first theta where it holds, into hroot. */
static int locate_crossings(Events *E, size_t m, size_t j, const bool *want, DenseFn dense,
                            void *ctx)
{
  bool strict = event_strict(E, j);
  double *pj = E->pg; /* packed g of all conditions at the trial points */
  for (size_t k = 0; k < m; k++) {
    size_t c = E->active[k];
    E->ha[k] = 0, E->hb[k] = 1;
    E->hga[k] = E->g0[j * E->N + c], E->hgb[k] = E->g1[j * E->N + c];
    E->hside[k] = 0;
    E->hroot[k] = want[k] ? 1 : NAN;
  }
  for (int it = 0; it < 100; it++) {
    bool busy = false;
    for (size_t k = 0; k < m; k++) {
      if (!want[k] || E->hb[k] - E->ha[k] <= 4 * DBL_EPSILON) {
        E->ptime[k] = E->hb[k];
        continue;
      }
      double a = E->ha[k], b = E->hb[k], ga = E->hga[k], gb = E->hgb[k];
      double th = (a * gb - b * ga) / (gb - ga);
      if (!(th > a && th < b)) th = 0.5 * (a + b);
      E->ptime[k] = th;
      busy = true;
    }
    if (!busy) break;
    if (dense(E, m, E->ptime, E->pbuf, ctx) != 0) return -1;
    for (size_t k = 0; k < m; k++) E->ptt[k] = E->pt0[k] + E->ptime[k] * E->pspan[k];
    E->sub->t_array = E->ptt;
    eval_cond(E, E->sub, 0, E->pbuf, pj, m);
    E->sub->t_array = NULL;
    for (size_t k = 0; k < m; k++) {
      if (!want[k] || E->hb[k] - E->ha[k] <= 4 * DBL_EPSILON) continue;
      double g = pj[j * m + k], th = E->ptime[k];
      if (strict ? g > 0 : g >= 0) {
        E->hb[k] = th, E->hgb[k] = g;
        if (E->hside[k] == 1) E->hga[k] *= 0.5;
        E->hside[k] = 1;
      } else {
        E->ha[k] = th, E->hga[k] = g;
        if (E->hside[k] == -1) E->hgb[k] *= 0.5;
        E->hside[k] = -1;
      }
      if (g == 0 && !strict) E->ha[k] = E->hb[k];
    }
  }
  for (size_t k = 0; k < m; k++) E->hroot[k] = want[k] ? E->hb[k] : NAN;
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
static int next_happenings(Events *E, size_t m, double tn, unsigned long *nevals)
{
  Instance *in = E->in;
  size_t N = E->N;
  bool any_crossing = false;
  bool *want = xcalloc(m + 1, sizeof *want);
  for (size_t a = 0; a < m; a++) {
    size_t j = E->active[a], k = E->cand[j];
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
    for (size_t a = 0; a < m; a++) E->ptt[a] = tn;
    if (sub_rhs_at(E, m, E->pt0, E->p0, E->pf0, nevals) ||
        sub_rhs_at(E, m, E->ptt, E->p1, E->pf1, nevals)) {
      free(want);
      return -1;
    }
    for (size_t c = 0; c < E->E; c++) {
      bool some = false;
      for (size_t a = 0; a < m; a++) {
        size_t j = E->active[a];
        want[a] = !in->refractory[E->cand[j]] &&
                  crossed(E->g0[c * N + j], E->g1[c * N + j], event_strict(E, c));
        some |= want[a];
      }
      if (!some) continue;
      locate_crossings(E, m, c, want, dense_hermite, NULL);
      for (size_t a = 0; a < m; a++) {
        if (!want[a]) continue;
        size_t j = E->active[a];
        double t = E->pt0[a] + E->hroot[a] * E->pspan[a];
        if (E->hroot[a] >= 1) t = tn;
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
static int apply_happenings(Events *E, size_t m)
{
  Instance *in = E->in, *sub = E->sub;
  size_t N = E->N;
  const Compiled *c = E->c;
  /* g just before (for kicks over the threshold). */
  if (E->E) {
    sub->t_array = E->pt0;
    eval_cond(E, sub, 0, E->p0, E->pg, m);
    sub->t_array = NULL;
    for (size_t i = 0; i < E->E; i++)
      for (size_t a = 0; a < m; a++) E->g_pre[i * N + E->active[a]] = E->pg[i * m + a];
  }
  for (size_t a = 0; a < m; a++) {
    size_t j = E->active[a], k = E->cand[j];
    switch (E->hap_kind[j]) {
    case HAP_REF_END:
      in->refractory[k] = sub->refractory[a] = 0;
      in->ref_end[k] = -INFINITY;
      break;
    case HAP_CROSSING: spike(E, E->pt0[a], k); break;
    case HAP_ARRIVAL: E->cursor[j]++; break;
    case HAP_NONE: break;
    }
  }
  /* The blocks: one program per event, over the copies it concerns (the
   * others' results are not kept). */
  for (size_t e = 0; e < c->m->nevents; e++) {
    bool some = false;
    for (size_t a = 0; a < m && !some; a++) {
      size_t j = E->active[a];
      some = (E->hap_kind[j] == HAP_CROSSING && c->cond_event[E->hap_which[j]] == e) ||
             (E->hap_kind[j] == HAP_ARRIVAL && c->poisson_event[E->hap_which[j]] == e);
    }
    if (!some) continue;
    memcpy(E->pbuf, E->p0, E->S * m * sizeof *E->pbuf);
    run_block(E, sub, e, E->pt0, E->pbuf, m);
    for (size_t a = 0; a < m; a++) {
      size_t j = E->active[a];
      bool mine = (E->hap_kind[j] == HAP_CROSSING && c->cond_event[E->hap_which[j]] == e) ||
                  (E->hap_kind[j] == HAP_ARRIVAL && c->poisson_event[E->hap_which[j]] == e);
      if (!mine) continue;
      for (size_t s = 0; s < E->S; s++) E->p0[s * m + a] = E->pbuf[s * m + a];
    }
  }
  /* Spikes start refractory periods (after the block: the reset is what is held). */
  if (c->refractory) {
    bool *fired = xmalloc((m + 1) * sizeof *fired);
    size_t *copies = xmalloc((m + 1) * sizeof *copies);
    bool some = false;
    for (size_t a = 0; a < m; a++) {
      size_t j = E->active[a];
      fired[a] = E->hap_kind[j] == HAP_CROSSING;
      copies[a] = E->cand[j];
      some |= fired[a];
    }
    bool ok = !some || start_refractory(E, sub, fired, E->pt0, 0, E->p0, m, copies, in->ref_end);
    free(fired);
    free(copies);
    if (!ok) return -1;
  }
  return 0;
}

int events_fixed(Events *E, Evolve *ev, OdeSystem *ode)
{
  Instance *in = E->in;
  size_t N = E->N, S = E->S;
  double t = ev->t_prev, tn = ev->t;
  if (!generate_arrivals(E, tn)) return -1;
  if (E->narr > E->arr_done + 1) qsort(E->arr, E->narr, sizeof *E->arr, by_copy_time);
  if (E->E) eval_cond(E, in, tn, ev->y, E->g_new, N);
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
  }
  size_t m = E->ncand;
  for (size_t j = 0; j < m; j++) {
    size_t k = E->cand[j];
    E->active[j] = j;
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
  int rc = 0;
  for (unsigned piece = 0; m > 0; piece++) {
    if (piece >= MAX_PIECES) {
      diag_fail(E->diag, "events keep happening in copy %zu at t = %.10g: more than %d in one "
                "step", E->cand[E->active[0]], E->tau0[E->active[0]], MAX_PIECES);
      rc = -1;
      break;
    }
    /* The active candidates as a population of their own. */
    size_t *copies = xmalloc(m * sizeof *copies);
    for (size_t a = 0; a < m; a++) copies[a] = E->cand[E->active[a]];
    instance_gather(E->sub, in, copies, m);
    free(copies);
    pack(E, E->y0, E->p0, m, N, S);
    pack(E, E->y1, E->p1, m, N, S);
    for (size_t a = 0; a < m; a++) {
      E->pt0[a] = E->tau0[E->active[a]];
      E->pspan[a] = tn - E->pt0[a];
    }
    if ((rc = next_happenings(E, m, tn, &ode->nevals)) != 0) break;
    /* Those with nothing more to happen are done. */
    size_t keep = 0;
    for (size_t a = 0; a < m; a++)
      if (E->hap_kind[E->active[a]] != HAP_NONE) E->active[keep++] = E->active[a];
    if (keep == 0) break;
    if (keep < m) {
      m = keep;
      size_t *copies2 = xmalloc(m * sizeof *copies2);
      for (size_t a = 0; a < m; a++) copies2[a] = E->cand[E->active[a]];
      instance_gather(E->sub, in, copies2, m);
      free(copies2);
      pack(E, E->y0, E->p0, m, N, S);
    }
    m = keep;
    /* The step again, up to each one's happening (the draws of this piece). */
    for (size_t a = 0; a < m; a++) {
      size_t j = E->active[a];
      E->pt0[a] = E->tau0[j];
      E->pspan[a] = E->hap_t[j] - E->tau0[j];
    }
    if (sub_step(E, m, E->p0, E->p1, piece, &ode->nevals) != 0) {
      rc = -1;
      break;
    }
    for (size_t a = 0; a < m; a++) {
      size_t j = E->active[a];
      if (E->pspan[a] <= 0)
        for (size_t s = 0; s < S; s++) E->p1[s * m + a] = E->p0[s * m + a];
      E->pt0[a] = E->hap_t[j];
    }
    memcpy(E->p0, E->p1, S * m * sizeof *E->p0);
    if ((rc = apply_happenings(E, m)) != 0) break;
    /* The rest of the step from there, with the next piece's draws. */
    for (size_t a = 0; a < m; a++) E->pspan[a] = tn - E->pt0[a];
    if (sub_step(E, m, E->p0, E->p1, piece + 1, &ode->nevals) != 0) {
      rc = -1;
      break;
    }
    for (size_t a = 0; a < m; a++)
      if (E->pspan[a] <= 0)
        for (size_t s = 0; s < S; s++) E->p1[s * m + a] = E->p0[s * m + a];
    if (E->E) {
      E->sub->t_array = E->pt0;
      eval_cond(E, E->sub, 0, E->p0, E->pg, m);
      unpack(E, E->pg, E->g0, m, N, E->E);
      for (size_t a = 0; a < m; a++) E->ptt[a] = tn;
      E->sub->t_array = E->ptt;
      eval_cond(E, E->sub, 0, E->p1, E->pg, m);
      E->sub->t_array = NULL;
      unpack(E, E->pg, E->g1, m, N, E->E);
    }
    unpack(E, E->p0, E->y0, m, N, S);
    unpack(E, E->p1, E->y1, m, N, S);
    for (size_t a = 0; a < m; a++) E->tau0[E->active[a]] = E->pt0[a];
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
  if (rc == 0) rc = flush_spikes(E);
  return rc;
}

/* ---- global steps ---------------------------------------------------------------- */

int events_locate(Events *E, Evolve *ev, OdeSystem *ode, double *tau)
{
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
  if (E->E) eval_cond(E, in, tn, ev->y, E->g_new, N);
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
      instance_gather(E->sub, in, E->cand, m);
      for (size_t a = 0; a < m; a++) {
        size_t k = E->cand[a];
        E->active[a] = a;
        want[a] = true;
        E->pt0[a] = t;
        E->pspan[a] = h;
        for (size_t q = 0; q < E->E; q++) {
          E->g0[q * N + a] = E->g_prev[q * N + k];
          E->g1[q * N + a] = E->g_new[q * N + k];
        }
      }
      rc = locate_crossings(E, m, c, want, dense_global, &gd);
      for (size_t a = 0; a < m && rc == 0; a++) {
        size_t k = E->cand[a];
        double root = E->hroot[a] >= 1 ? tn : t + E->hroot[a] * h;
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
  double *g = E->pbuf;
  for (size_t c = 0; c < E->E && program_reads_others(E->c->cond); c++) {
    bool strict = event_strict(E, c);
    for (size_t k = 0; k < N; k++) {
      if (in->refractory[k] || !crossed(E->g_prev[c * N + k], E->g_new[c * N + k], strict)) continue;
      double a = 0, b = 1, ga = E->g_prev[c * N + k], gb = E->g_new[c * N + k];
      int side = 0;
      for (int it = 0; it < 100 && b - a > 4 * DBL_EPSILON; it++) {
        double th = (a * gb - b * ga) / (gb - ga);
        if (!(th > a && th < b)) th = 0.5 * (a + b);
        if (evolve_dense(ev, ode, t + th * h, E->ybuf) != 0) return -1;
        eval_cond(E, in, t + th * h, E->ybuf, g, N);
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
  size_t N = E->N, S = E->S;
  double *copy = xmalloc((S * N + 1) * sizeof *copy);
  memcpy(copy, y, S * N * sizeof *copy);
  double *times = xmalloc((N + 1) * sizeof *times);
  for (size_t k = 0; k < N; k++) times[k] = t;
  run_block(E, E->in, e, times, copy, N);
  for (size_t s = 0; s < S; s++)
    for (size_t k = 0; k < N; k++)
      if (mask[k]) y[s * N + k] = copy[s * N + k];
  free(times);
  free(copy);
}

int events_apply(Events *E, Evolve *ev)
{
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
    if (E->E) eval_cond(E, in, tau, y, E->g_pre, N);
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
          spike(E, tau, k);
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
    if (some && c->refractory && !start_refractory(E, in, fired, NULL, tau, y, N, NULL, in->ref_end))
      rc = -1;
    if (!any) break;
    /* g before this round's blocks, to see a kick over a threshold. */
    if (E->E) {
      double *swap = E->g_new;
      E->g_new = E->g_pre, E->g_pre = swap;
    }
  }
  if (E->E) eval_cond(E, in, tau, y, E->g_prev, N);
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
  Instance *in = E->in;
  size_t N = E->N;
  const double *cond = in->map_extra, *dur = in->map_extra + E->E * N;
  for (size_t k = 0; k < N; k++) {
    bool fired = false;
    for (size_t j = 0; j < E->E; j++) fired |= cond[j * N + k] != 0;
    if (!fired) continue;
    spike(E, t, k);
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
