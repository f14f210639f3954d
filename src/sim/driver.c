/* driver.c: the simulation loop; see driver.h. */
#include "driver.h"

#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "clones.h"
#include "mem.h"
#include "backend.h"
#include "events.h"
#include "evolve.h"
#include "explain.h"

typedef struct Run {
  Instance *in;
  const RunSpec *spec;
  const Columns *cols;
  Sink *sink;
  Diag *diag;
  Sampler *sampler;
  Events *events;   /* NULL: the model has none */
  Backend *backend;
  double *row;
  double t_row; /* time of the last row written */
  RunResult res;
} Run;

static int write_row(Run *r, double t, const double *y)
{
  r->row[0] = t;
  sampler_row(r->sampler, t, y, r->row + 1);
  r->res.rows++;
  r->t_row = t;
  r->res.t_row = t;
  if (sink_row(r->sink, r->row) != 0) {
    diag_fail(r->diag, "%s", r->sink->error);
    r->res.status = RUN_SINK_ERROR;
    return -1;
  }
  return 0;
}

/* One cheap pass; look closer only on failure.  x * 0 is 0 unless x is a
 * NaN or an infinity; an integer flag, not a sum of the products (a chain
 * of additions, 3-4 times slower); vectorised (clones.h). */
VECTOR_CLONES static bool all_finite(const double *y, size_t n)
{
  int bad = 0;
  for (size_t i = 0; i < n; i++) bad |= y[i] * 0.0 != 0.0;
  return !bad;
}

static size_t first_nonfinite(const double *y, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (!isfinite(y[i])) return i;
  return n;
}

/* "V" for one copy, "V[12]" in a population. */
static void state_label(const Instance *in, size_t i, char *buf, size_t size)
{
  layout_name(&in->layout, i, buf, size);
}

/* A state that became NaN or infinite in the step from (t0, y0) to t.  A
 * random draw or a table lookup given an impossible argument is the model's
 * doing, said as such; otherwise the step size may be to blame. */
static void report_blowup_at(Run *r, size_t i, double value, double t, double t0, const double *y0)
{
  Instance *in = r->in;
  char name[160];
  state_label(in, i, name, sizeof name);
  size_t state, copy;
  layout_locate(&in->layout, i, &state, &copy);
  /* Where the step started, or (its stages reach further) at its end. */
  Explanation x;
  bool found = y0 && explain_find(in, state, copy, t0, y0, &x);
  if (y0 && !found && t != t0 && explain_find(in, state, copy, t, y0, &x)) {
    found = true;
    t0 = t;
  }
  r->res.status = RUN_BLOWUP;
  if (found && x.domain) {
    char where[64] = "";
    instance_where(in, copy, where, sizeof where);
    diag_fail(r->diag, "%s%s at t = %.10g", x.text, where, t0);
    diag_note_at(r->diag, x.src, x.loc, "here");
    diag_note(r->diag, "%s became %s at t = %.10g", name, isnan(value) ? "NaN" : "infinite", t);
    return;
  }
  /* Any other term grows out of bounds because of the step, most often. */
  diag_fail(r->diag, "%s became %s at t = %.10g", name, isnan(value) ? "NaN" : "infinite", t);
  if (!r->spec->method->discrete)
    diag_note(r->diag, "a smaller step (dt) or the adaptive method rk45 may help");
}

static void report_blowup(Run *r, const double *bad, double t, double t0, const double *y0)
{
  size_t n = r->in->layout.size, i = first_nonfinite(bad, n);
  if (i < n) report_blowup_at(r, i, bad[i], t, t0, y0);
}

/* A right-hand side that is not finite where the run starts is the model's
 * doing (a division by zero, a parameter of 0), not the step size's: say
 * which equation and which term, and do not suggest a smaller step. */
static bool rhs_finite_at_start(Run *r, double t, const double *y)
{
  Instance *in = r->in;
  size_t state, copy;
  double value;
  if (!instance_rhs_nonfinite(in, t, y, &state, &copy, &value)) return true;
  char copy_text[64] = "";
  instance_where(in, copy, copy_text, sizeof copy_text);
  diag_fail(r->diag, "d%s/dt is %s at t = %.10g, where the run starts%s",
            model_state_name(in->c->m, state), isnan(value) ? "NaN" : "infinite", t, copy_text);
  explain_nonfinite(in, state, copy, t, y, r->diag);
  r->res.status = RUN_BLOWUP;
  return false;
}

/* The fraction of the run done at time t. */
static double fraction_done(const RunSpec *s, double t)
{
  double start = s->t0 + (double)s->k0 * s->dt;
  return (t - start) / (s->t_end - start);
}

static void progress(Run *r, double t)
{
  const RunSpec *s = r->spec;
  if (s->progress && s->t_end > s->t0 + (double)s->k0 * s->dt)
    s->progress(s->progress_ctx, fraction_done(s, t));
}

static bool interrupted(const RunSpec *s)
{
  return s->interrupt && *s->interrupt;
}

static int step_failed(Run *r, double t)
{
  if (r->res.status == RUN_DONE) {
    diag_fail(r->diag, "the right-hand side failed at t = %.10g", t);
    r->res.status = RUN_STEP_FAILED;
  }
  return -1;
}

/* An event's failure was reported by it. */
static int event_failed(Run *r)
{
  r->res.status = RUN_STEP_FAILED;
  return -1;
}

/* Whole step g (t to tn) of the population by native code's fused kernel,
 * the stepper's bits, for the events to look into: the blocks shared by the
 * crew, no stage arrays.  A state that is not finite is reported as
 * run_fixed would, the state left at t. */
static int fused_step(Run *r, OdeSystem *ode, Evolve *ev, unsigned long g, double t, double tn)
{
  const RunSpec *s = r->spec;
  double *y = evolve_outside_begin(ev);
  NativeSteps res;
  backend_steps(r->backend, r->in, y, s->t0, s->dt, g, 1, &res);
  ode->nevals += native_fused_stages(r->backend->fused);
  if (res.bad_step) {
    r->res.steps++; /* counted, as run_fixed counts a step that fails */
    evolve_set(ev, t, ev->y_prev);
    report_blowup_at(r, layout_offset(&r->in->layout, res.bad_state, res.bad_elem), res.bad_value,
                     tn, t, evolve_y(ev));
    return -1;
  }
  evolve_outside_end(ev, tn, s->dt);
  return 0;
}

/* One step of the grid, t to tn (step g, or 0 for a shorter last one), with
 * what happens inside it. */
static int step_with_events(Run *r, OdeSystem *ode, Evolve *ev, unsigned long g, double t,
                            double h, double tn)
{
  Events *E = r->events;
  if (E && r->spec->method->discrete) events_map_before(E, t);
  /* Per-copy events after a whole step: the fused kernel can take it. */
  if (E && g && r->backend && r->backend->fused && !events_global(E)) {
    if (fused_step(r, ode, ev, g, t, tn) != 0) return -1;
    return events_fixed(E, ev, ode) ? event_failed(r) : 0;
  }
  if (evolve_step(ev, ode, h, tn) != 0) return step_failed(r, t);
  if (!E) return 0;
  if (r->spec->method->discrete) return events_map_after(E, t) ? event_failed(r) : 0;
  if (!events_global(E)) return events_fixed(E, ev, ode) ? event_failed(r) : 0;
  /* Global: up to each happening, then on from there to the grid time. */
  for (;;) {
    double tau, tc = ev->t_prev;
    int rc = events_locate(E, ev, ode, &tau);
    if (rc < 0) return event_failed(r);
    if (rc == 0) return 0;
    evolve_set(ev, tc, ev->y_prev);
    if (tau > tc && evolve_step(ev, ode, tau - tc, tau) != 0) return step_failed(r, tc);
    if (events_apply(E, ev) != 0) return event_failed(r);
    if (tau >= tn) return 0;
    if (evolve_step(ev, ode, tn - tau, tn) != 0) return step_failed(r, tau);
  }
}

/* The whole steps of a fixed-step run, and whether a shorter last one
 * follows (when dt does not divide the span). */
static unsigned long whole_steps(const RunSpec *s, bool *partial)
{
  double start = s->t0 + (double)s->k0 * s->dt;
  double span = s->t_end - start;
  unsigned long nsteps = (unsigned long)floor(span / s->dt + 1e-9);
  *partial = span - (double)nsteps * s->dt > 1e-9 * s->dt;
  return nsteps;
}

static void run_fused(Run *r, OdeSystem *ode, Evolve *ev, double *y, unsigned long from);

/* Is native code compiling in the background done, now that step g (of a
 * fixed-step run; of an adaptive one, the number of steps taken) is, at
 * time t?  Then it computes from step g + 1 on (backend.h).  Not asked
 * when no step is left. */
static bool native_arrived(Run *r, unsigned long g, double t)
{
  Backend *b = r->backend;
  const RunSpec *s = r->spec;
  if (!b || (!b->build && !b->src) || g % b->poll_every != 0 || t >= s->t_end) return false;
  if (!backend_poll(b, r->in, fraction_done(s, t))) return false;
  r->res.native = true;
  r->res.native_from = g + 1;
  return true;
}

/* Steps first..total of the run (1-based) through the stepper.  When
 * native code with a fused kernel arrives, the whole steps left go to
 * run_fused (y is its room; ev gets the state it ends with). */
static void run_fixed(Run *r, OdeSystem *ode, Evolve *ev, unsigned long first, double *y)
{
  const RunSpec *s = r->spec;
  bool partial;
  unsigned long nsteps = whole_steps(s, &partial);
  unsigned long total = nsteps + (partial ? 1 : 0);
  unsigned long every = (unsigned long)s->every;
  for (unsigned long k = first; k <= total; k++) {
    unsigned long g = s->k0 + k; /* the step's index on the grid */
    double t = s->t0 + (double)(g - 1) * s->dt;
    double h = (k > nsteps) ? s->t_end - t : s->dt;
    double tn = (k > nsteps) ? s->t_end : s->t0 + (double)g * s->dt;
    r->in->step = (double)(g - 1);
    r->in->h = h;
    if (step_with_events(r, ode, ev, k > nsteps ? 0 : g, t, h, tn) != 0) break;
    r->res.steps++;
    const double *cur = evolve_y(ev);
    if (!all_finite(cur, ode->dim)) {
      report_blowup(r, cur, tn, t, ev->y_prev);
      break;
    }
    r->res.t = tn;
    r->res.k = g;
    bool due = g % every == 0 || k == total;
    if (due && write_row(r, tn, cur) != 0) break;
    if ((k & 1023) == 0) progress(r, tn);
    if (interrupted(s)) {
      if (!due) write_row(r, tn, cur);
      r->res.status = RUN_INTERRUPTED;
      break;
    }
    if (native_arrived(r, g, tn) && r->backend->fused && !r->events && k < nsteps) {
      memcpy(y, cur, ode->dim * sizeof *y);
      run_fused(r, ode, ev, y, g + 1);
      evolve_set(ev, r->res.t, y);
      return;
    }
  }
}

/* The same run by the fused kernel (backend.h), on y in place, from grid
 * step `from` (the first to take) to the end: as many
 * steps at a time as lead to the next row (at most about 2^23 element
 * steps, so an interrupt is seen soon), the rows and the failure exactly as
 * run_fixed writes and reports them.  A shorter last step goes through the
 * stepper. */
static void run_fused(Run *r, OdeSystem *ode, Evolve *ev, double *y, unsigned long from)
{
  const RunSpec *s = r->spec;
  bool partial;
  unsigned long nsteps = whole_steps(s, &partial);
  unsigned long every = (unsigned long)s->every, last = s->k0 + nsteps;
  unsigned long cap = r->in->N >= (1ul << 23) ? 1 : (1ul << 23) / r->in->N;
  unsigned long evals = native_fused_stages(r->backend->fused);
  for (unsigned long g = from; g <= last;) {
    unsigned long due = (g + every - 1) / every * every;
    unsigned long end = due < last ? due : last;
    if (end - g + 1 > cap) end = g + cap - 1;
    NativeSteps res;
    backend_steps(r->backend, r->in, y, s->t0, s->dt, g, end - g + 1, &res);
    if (res.bad_step) {
      r->res.steps += res.bad_step - g + 1; /* the failed step counts, as in run_fixed */
      ode->nevals += evals * (res.bad_step - g + 1);
      if (res.bad_step > g) {
        r->res.k = res.bad_step - 1;
        r->res.t = s->t0 + (double)r->res.k * s->dt;
      }
      report_blowup_at(r, layout_offset(&r->in->layout, res.bad_state, res.bad_elem), res.bad_value,
                       s->t0 + (double)res.bad_step * s->dt,
                       s->t0 + (double)(res.bad_step - 1) * s->dt, y);
      return;
    }
    r->res.steps += end - g + 1;
    ode->nevals += evals * (end - g + 1);
    double tn = s->t0 + (double)end * s->dt;
    r->res.t = tn;
    r->res.k = end;
    bool row = end % every == 0 || (end == last && !partial);
    if (row && write_row(r, tn, y) != 0) return;
    progress(r, tn);
    if (interrupted(s)) {
      if (!row) write_row(r, tn, y);
      r->res.status = RUN_INTERRUPTED;
      return;
    }
    g = end + 1;
  }
  if (partial) {
    evolve_set(ev, s->t0 + (double)last * s->dt, y);
    run_fixed(r, ode, ev, nsteps + 1, y);
    memcpy(y, evolve_y(ev), ode->dim * sizeof *y);
  }
}

static void run_adaptive(Run *r, OdeSystem *ode, Evolve *ev)
{
  const RunSpec *s = r->spec;
  size_t dim = ode->dim;
  double *ysample = xmalloc((dim + 1) * sizeof *ysample);
  Control ctl;
  control_init(&ctl, s->rtol, s->atol);
  double interval = s->dt * (double)s->every;
  double t_written = s->t0;
  double h = fmin(s->dt, s->t_end - s->t0);
  unsigned long next = 1; /* index of the next sample time */
  while (evolve_t(ev) < s->t_end) {
    if (r->res.steps + r->res.rejected >= s->max_steps) {
      diag_fail(r->diag, "%s took %lu steps and reached only t = %.10g of %.10g", s->method->name,
                s->max_steps, evolve_t(ev), s->t_end);
      diag_note(r->diag, "the equations may be stiff, or the tolerances too tight for them "
                         "(allow more steps with --max-steps or 'set max_steps')");
      r->res.status = RUN_STEP_FAILED;
      break;
    }
    double t = evolve_t(ev);
    size_t worst = 0;
    r->in->step = (double)r->res.steps;
    int rc = evolve_adaptive(ev, ode, &ctl, s->t_end, &h, &r->res.rejected, &worst);
    if (rc == EVOLVE_TOO_SMALL) {
      if (!all_finite(evolve_trial(ev), dim)) {
        report_blowup(r, evolve_trial(ev), t, t, evolve_y(ev));
      } else {
        char name[160];
        state_label(r->in, worst, name, sizeof name);
        diag_fail(r->diag, "the step size fell below %.3g at t = %.10g, where %s = %.6g "
                           "changes too fast", h, t, name, evolve_y(ev)[worst]);
        diag_note(r->diag, "the solution may blow up here, or the equations are stiff");
        r->res.status = RUN_STEP_FAILED;
      }
      break;
    }
    if (rc != 0) {
      diag_fail(r->diag, "the right-hand side failed at t = %.10g", t);
      r->res.status = RUN_STEP_FAILED;
      break;
    }
    r->res.steps++;
    /* An event inside: the step again, up to it (the samples before it come
     * from this shorter step), and its block applied after them. */
    bool happened = false;
    if (r->events) {
      double tau;
      int erc = events_locate(r->events, ev, ode, &tau);
      if (erc < 0) {
        event_failed(r);
        break;
      }
      if (erc > 0) {
        evolve_set(ev, t, ev->y_prev);
        if (tau > t && evolve_step(ev, ode, tau - t, tau) != 0) {
          step_failed(r, t);
          break;
        }
        happened = true;
      }
    }
    /* Accepted: write the samples that fall inside (t, tn]. */
    double tn = evolve_t(ev);
    /* A sample time within rounding of the step's end is the step's end;
     * relative to the times (not absolute: a tiny dt has tiny times) and
     * less than half an interval, so no two samples fall together. */
    double eps = fmin(64 * DBL_EPSILON * fmax(fabs(tn), fabs(s->t0)), 0.25 * interval);
    for (;; next++) {
      double ts = s->t0 + (double)next * interval;
      if (ts > tn + eps) break;
      if (ts >= tn - eps) {
        ts = tn;
        memcpy(ysample, evolve_y(ev), dim * sizeof *ysample);
      } else if (evolve_dense(ev, ode, ts, ysample) != 0) {
        diag_fail(r->diag, "the right-hand side failed at t = %.10g", ts);
        r->res.status = RUN_STEP_FAILED;
        goto out;
      }
      if (write_row(r, ts, ysample) != 0) goto out;
      t_written = ts;
    }
    if (happened && events_apply(r->events, ev) != 0) {
      event_failed(r);
      break;
    }
    r->res.t = tn;
    bool stop = interrupted(s);
    /* The final state is always written, even off the sampling grid. */
    if ((tn >= s->t_end || stop) && t_written != tn) {
      if (write_row(r, tn, evolve_y(ev)) != 0) goto out;
      t_written = tn;
    }
    if (stop) {
      r->res.status = RUN_INTERRUPTED;
      break;
    }
    if ((r->res.steps & 255) == 0) progress(r, tn);
    native_arrived(r, r->res.steps, tn);
  }
out:
  free(ysample);
}

RunResult driver_run(Instance *in, const RunSpec *spec, double *y, const Columns *cols,
                     Sink *sink, Diag *diag)
{
  /* Adaptive runs start where they are (k0 is 0 for them). */
  double start = spec->t0 + (double)spec->k0 * spec->dt;
  Run r = {in, spec, cols, sink, diag, sampler_new(in, cols), NULL, NULL, NULL, start,
           {RUN_DONE, start, spec->k0, 0, 0, 0, 0, start, false, 0, 0}};
  r.events = events_new(in, spec->method, spec->spikes, diag);
  OdeSystem ode = instance_ode(in);
  size_t dim = ode.dim;
  r.row = xmalloc((cols->n + 1) * sizeof *r.row);
  Evolve *ev = evolve_new(spec->method, dim);
  if (in->c->m->discrete != spec->method->discrete) {
    /* settings_fit_model says it to the user before a run; a caller that
     * did not ask is stopped here. */
    diag_usage(diag, "method %s cannot step a %s model", spec->method->name,
               in->c->m->discrete ? "discrete" : "continuous");
    r.res.status = RUN_STEP_FAILED;
  } else if (spec->method->split && !ode.diffusion) {
    diag_usage(diag, "method %s solves the diffusion (d2V/dx2) of a model on a domain, and this "
               "model has none", spec->method->name);
    diag_note(diag, "use rk4, or rk45");
    r.res.status = RUN_STEP_FAILED;
  } else if (ode.diffusion && !spec->method->split && !spec->method->adaptive &&
             spec->dt > diffusion_stable_step(ode.diffusion)) {
    /* Explicit steps on a grid: the fastest mode decays at 4D/dx^2. */
    double limit = diffusion_stable_step(ode.diffusion);
    diag_usage(diag, "method %s with dt = %g is unstable on this grid: an explicit method needs "
               "dt <= dx^2/(2D) = %.4g here (dx = %g, largest D = %.4g)", spec->method->name,
               spec->dt, limit, ode.diffusion->dx, ode.diffusion->dx * ode.diffusion->dx / (2 * limit));
    diag_note(diag, "use method cn (the default on a domain: implicit, any dt) or be, or dt <= %.4g",
              limit);
    r.res.status = RUN_STEP_FAILED;
  } else if (spec->method->uses_jacobian && !ode.rhs_jac) {
    diag_usage(diag, "method %s needs the model's Jacobian, which this model does not give%s",
               spec->method->name, in->grid ? " on a domain (use cn there)" :
               in->c->nstates > COMPILED_MAX_JACOBIAN ? " (more than 32 state variables)" :
               " (an equation's derivative has no rule)");
    r.res.status = RUN_STEP_FAILED;
  } else if (spec->method->uses_diag && !ode.rhs_diag) {
    diag_fail(diag, "%s needs the diagonal of the Jacobian, which this system does not give",
              spec->method->name);
    r.res.status = RUN_STEP_FAILED;
  }

  if (r.res.status != RUN_DONE) {
    /* reported */
  } else if (sink_begin(sink, (const char *const *)cols->names, cols->n + 1) != 0) {
    diag_fail(diag, "%s", sink->error);
    r.res.status = RUN_SINK_ERROR;
  } else if (!all_finite(y, dim)) {
    size_t i = first_nonfinite(y, dim);
    char name[160];
    state_label(in, i, name, sizeof name);
    diag_fail(diag, "the %s value of %s is %s", spec->write_initial ? "initial" : "current", name,
              isnan(y[i]) ? "NaN" : "infinite");
    r.res.status = RUN_BLOWUP;
  } else if (!rhs_finite_at_start(&r, start, y)) {
    /* reported */
  } else if (r.events && !events_start(r.events, start, y)) {
    r.res.status = RUN_STEP_FAILED;
  } else if (!spec->write_initial || write_row(&r, start, y) == 0) {
    if (spec->t_end > start) {
      Backend be;
      backend_open(&be, in, spec, (spec->t_end - start) / spec->dt, diag);
      r.backend = &be;
      r.res.native = be.code != NULL;
      if (be.fused && !spec->method->adaptive && !r.events) {
        run_fused(&r, &ode, ev, y, spec->k0 + 1);
      } else {
        evolve_set(ev, start, y);
        if (spec->method->adaptive) run_adaptive(&r, &ode, ev);
        else run_fixed(&r, &ode, ev, 1, y);
        /* The last good state (a blow-up's trial is not taken). */
        memcpy(y, evolve_y(ev), dim * sizeof *y);
      }
      r.res.compile_seconds = be.compile_seconds;
      backend_close(&be, in);
    }
  }
  if (sink_end(sink) != 0 && r.res.status != RUN_SINK_ERROR) {
    diag_fail(diag, "%s", sink->error);
    r.res.status = RUN_SINK_ERROR;
  }
  r.res.nevals = ode.nevals;
  events_free(r.events);
  evolve_free(ev);
  free(r.row);
  sampler_free(r.sampler);
  return r.res;
}
