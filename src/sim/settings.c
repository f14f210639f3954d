/* settings.c: the table of run settings; see settings.h. */
#include "settings.h"

#include <errno.h>
#include <float.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "crew.h"
#include "mem.h"

/* Tolerances below this ask for more than double precision can give: the
 * step size control would only fail later with a misleading message. */
#define MIN_TOLERANCE 1e-14

const SettingDef setting_table[SETTING__COUNT] = {
  {SET_T, "t", "t", SK_POSITIVE, IN_OPTION | IN_CLI | IN_SET, 0, "T",
   "end time of a run (default: 100)"},
  {SET_DT, "dt", "dt", SK_POSITIVE, IN_OPTION | IN_CLI | IN_SET, 0, "DT",
   "time step; for rk45 the output interval (default: 0.01)"},
  {SET_METHOD, "method", "method", SK_METHOD, IN_OPTION | IN_CLI | IN_SET, 0, "M",
   "integration method (default: rk4)"},
  {SET_RTOL, "rtol", "rtol", SK_TOLERANCE, IN_OPTION | IN_CLI | IN_SET, 0, "R",
   "relative error tolerance of rk45 (default: 1e-6)"},
  {SET_ATOL, "atol", "atol", SK_POSITIVE, IN_OPTION | IN_CLI | IN_SET, 0, "A",
   "absolute error tolerance of rk45 (default: 1e-9)"},
  {SET_EVERY, "every", "every", SK_COUNT, IN_OPTION | IN_CLI | IN_SET, 1e15, "K",
   "write (keep) every K-th step (default: 1)"},
  {SET_MAX_STEPS, "max_steps", "max-steps", SK_COUNT, IN_OPTION | IN_CLI | IN_SET, 1e15, "N",
   "most steps rk45 may take in one run (default: 10^8)"},
  {SET_SEED, "seed", "seed", SK_SEED, IN_CLI | IN_SET, 1.8446744073709550e19, "S",
   "seed of stochastic models (default: 0)"},
  {SET_COPIES, "copies", "n", SK_COUNT, IN_CLI | IN_SET, RUN_MAX_COPIES, "N",
   "copies of the model in the population (default: 1)"},
  {SET_KEEP, "keep", NULL, SK_VARS, IN_SET, 0, "VARS",
   "what a session's run keeps for plot and save (default: every state)"},
  {SET_BACKEND, "backend", "backend", SK_BACKEND, IN_OPTION | IN_CLI | IN_SET, 0, "B",
   "vm, native (the model compiled to C) or auto (default: auto)"},
  {SET_THREADS, "threads", "threads", SK_COUNT, IN_CLI | IN_SET, 256, "N",
   "threads sharing a population (default: the cores available)"},
};

void settings_init(Settings *s)
{
  memset(s, 0, sizeof *s);
}

void settings_defaults(Settings *s)
{
  settings_init(s);
  s->has = (1ul << SETTING__COUNT) - 1;
  s->has &= ~(1ul << SET_KEEP);
  s->num[SET_T] = RUN_DEFAULT_T_END;
  s->num[SET_DT] = RUN_DEFAULT_DT;
  s->num[SET_RTOL] = RUN_DEFAULT_RTOL;
  s->num[SET_ATOL] = RUN_DEFAULT_ATOL;
  s->num[SET_EVERY] = 1;
  s->num[SET_MAX_STEPS] = RUN_DEFAULT_MAX_STEPS;
  s->num[SET_SEED] = 0;
  s->num[SET_COPIES] = 1;
  s->num[SET_BACKEND] = BACKEND_AUTO;
  s->num[SET_THREADS] = 0; /* the cores available (settings_spec) */
  s->method = stepper_find(RUN_DEFAULT_METHOD);
}

void settings_free(Settings *s)
{
  free(s->keep);
  s->keep = NULL;
}

void settings_copy(Settings *dst, const Settings *src)
{
  settings_free(dst);
  *dst = *src;
  dst->keep = src->keep ? xstrdup(src->keep) : NULL;
}

void settings_overlay(Settings *dst, const Settings *src)
{
  for (int i = 0; i < SETTING__COUNT; i++) {
    if (!settings_has(src, (SettingId)i)) continue;
    dst->has |= 1ul << i;
    dst->num[i] = src->num[i];
  }
  if (settings_has(src, SET_METHOD)) dst->method = src->method;
  if (settings_has(src, SET_KEEP)) {
    free(dst->keep);
    dst->keep = src->keep ? xstrdup(src->keep) : NULL;
  }
}

const SettingDef *setting_find(const char *name, bool cli)
{
  for (int i = 0; i < SETTING__COUNT; i++) {
    const SettingDef *d = &setting_table[i];
    const char *n = cli ? d->flag : d->name;
    if (n && strcmp(n, name) == 0) return d;
  }
  return NULL;
}

void setting_names(unsigned where, char *buf, size_t size)
{
  size_t used = 0;
  buf[0] = '\0';
  for (int i = 0; i < SETTING__COUNT && used < size; i++)
    if (setting_table[i].where & where)
      used += (size_t)snprintf(buf + used, size - used, "%s%s", used ? ", " : "",
                               setting_table[i].name);
}

const char *setting_closest(const char *name, unsigned where, bool cli)
{
  const char *cands[SETTING__COUNT];
  size_t n = 0;
  for (int i = 0; i < SETTING__COUNT; i++)
    if ((setting_table[i].where & where) && (cli ? setting_table[i].flag : setting_table[i].name))
      cands[n++] = cli ? setting_table[i].flag : setting_table[i].name;
  return diag_closest(name, cands, n);
}

/* A whole number written in decimal digits only (no sign, hex or exponent). */
static bool parse_whole(const char *text, double max, double *out)
{
  if (!*text) return false;
  for (const char *p = text; *p; p++)
    if (*p < '0' || *p > '9') return false;
  errno = 0;
  double v = strtod(text, NULL);
  if (errno == ERANGE || v > max) return false;
  *out = v;
  return true;
}

static bool parse_real(const char *text, double *out)
{
  if (!*text) return false;
  char *end;
  errno = 0;
  double v = strtod(text, &end);
  /* strtod also reads hexadecimal and "inf"/"nan": a setting is a decimal number. */
  if (*end || errno == ERANGE || !isfinite(v) || strpbrk(text, "xXnN")) return false;
  *out = v;
  return true;
}

bool setting_parse(Settings *s, const SettingDef *d, const char *text, const char *label,
                   SettingError *e)
{
  double v = 0;
  e->msg[0] = e->hint[0] = '\0';
  switch (d->kind) {
  case SK_METHOD: {
    const StepperType *m = stepper_find(text);
    if (!m) {
      snprintf(e->msg, sizeof e->msg, "unknown method '%s'", text);
      char names[128];
      stepper_list(names, sizeof names);
      snprintf(e->hint, sizeof e->hint, "known methods: %s", names);
      return false;
    }
    s->method = m;
    break;
  }
  case SK_BACKEND:
    if (strcmp(text, "vm") == 0) v = BACKEND_VM;
    else if (strcmp(text, "native") == 0) v = BACKEND_NATIVE;
    else if (strcmp(text, "auto") == 0) v = BACKEND_AUTO;
    else {
      snprintf(e->msg, sizeof e->msg, "unknown backend '%s'", text);
      snprintf(e->hint, sizeof e->hint, "backends: vm, native, auto");
      return false;
    }
    break;
  case SK_VARS:
    free(s->keep);
    s->keep = *text ? xstrdup(text) : NULL;
    break;
  case SK_COUNT:
    if (!parse_whole(text, d->max, &v) || v < 1) {
      if (d->max < 1e12)
        snprintf(e->msg, sizeof e->msg, "%s expects a whole number from 1 to %.15g, not '%s'",
                 label, d->max, text);
      else
        snprintf(e->msg, sizeof e->msg, "%s expects a whole number (1 or more), not '%s'", label,
                 text);
      return false;
    }
    break;
  case SK_SEED:
    if (!parse_whole(text, d->max, &v)) {
      snprintf(e->msg, sizeof e->msg, "%s expects a whole number (0 or more), not '%s'", label,
               text);
      return false;
    }
    break;
  case SK_POSITIVE:
  case SK_TOLERANCE:
    if (!parse_real(text, &v) || !(v > 0)) {
      snprintf(e->msg, sizeof e->msg, "%s expects a positive number, not '%s'", label, text);
      return false;
    }
    if (d->kind == SK_TOLERANCE && v < MIN_TOLERANCE) {
      snprintf(e->msg, sizeof e->msg, "%s %s is below what double precision can deliver", label,
               text);
      snprintf(e->hint, sizeof e->hint, "use %g or more", MIN_TOLERANCE);
      return false;
    }
    break;
  }
  s->num[d->id] = v;
  s->has |= 1ul << d->id;
  return true;
}

bool settings_from_model(const Model *m, Settings *out, Diag *diag)
{
  settings_init(out);
  int before = diag->errors;
  for (size_t i = 0; i < m->noptions; i++) {
    const Stmt *st = m->options[i];
    const SettingDef *d = setting_find(st->name, false);
    if (!d || !(d->where & IN_OPTION)) {
      diag_error(diag, st->src, st->name_loc, "unknown option '%s'", st->name);
      const char *best = setting_closest(st->name, IN_OPTION, false);
      char names[256];
      setting_names(IN_OPTION, names, sizeof names);
      if (best) diag_note(diag, "did you mean '%s'?", best);
      else if (d) diag_note(diag, "'%s' is set for a run (--%s or 'set %s'), not in a model; "
                                  "options: %s", st->name, d->flag ? d->flag : d->name,
                            st->name, names);
      else diag_note(diag, "known options: %s", names);
      continue;
    }
    const Expr *e = st->value;
    char text[64], label[64];
    snprintf(label, sizeof label, "option '%s'", st->name);
    if (d->kind == SK_METHOD || d->kind == SK_BACKEND) {
      snprintf(text, sizeof text, "%.*s", (int)(e->loc.end - e->loc.start),
               st->src->text + e->loc.start);
    } else {
      double v;
      if (!model_const_value(e, &v) || !isfinite(v)) {
        diag_error(diag, st->src, e->loc, "option '%s' needs a constant number", st->name);
        continue;
      }
      /* The shortest text that reads back as the value. */
      for (int prec = 15; prec <= 17; prec++) {
        snprintf(text, sizeof text, "%.*g", prec, v);
        if (strtod(text, NULL) == v) break;
      }
    }
    SettingError err;
    if (!setting_parse(out, d, text, label, &err)) {
      diag_error(diag, st->src, e->loc, "%s", err.msg);
      if (err.hint[0]) diag_note(diag, "%s", err.hint);
    }
  }
  return diag->errors == before;
}

void setting_format(const Settings *s, SettingId id, char *buf, size_t size)
{
  switch (setting_table[id].kind) {
  case SK_METHOD: snprintf(buf, size, "%s", s->method ? s->method->name : "?"); break;
  case SK_VARS: snprintf(buf, size, "%s", s->keep ? s->keep : "every state"); break;
  case SK_BACKEND: snprintf(buf, size, "%s", backend_name((int)s->num[id])); break;
  case SK_COUNT:
    if (id == SET_THREADS && s->num[id] == 0) {
      snprintf(buf, size, "cores");
      break;
    }
    /* fall through */
  case SK_SEED: snprintf(buf, size, "%.0f", s->num[id]); break;
  default: snprintf(buf, size, "%g", s->num[id]); break;
  }
}

void settings_spec(const Settings *s, RunSpec *spec, double *length)
{
  /* A whole RunSpec: what settings do not say (no spike sink, no interrupt,
   * no progress, start at 0) is the caller's to set. */
  *spec = (RunSpec){0};
  *length = s->num[SET_T];
  spec->dt = s->num[SET_DT];
  spec->rtol = s->num[SET_RTOL];
  spec->atol = s->num[SET_ATOL];
  spec->every = (long)s->num[SET_EVERY];
  spec->max_steps = (unsigned long)s->num[SET_MAX_STEPS];
  spec->method = s->method;
  spec->backend = (int)s->num[SET_BACKEND];
  spec->threads = s->num[SET_THREADS] > 0 ? (unsigned)s->num[SET_THREADS] : crew_cores();
}

void settings_model_defaults(Settings *s, const Model *m)
{
  if (m->discrete) {
    s->method = &stepper_map;
    s->num[SET_DT] = 1;
  } else if (m->white_noise) {
    s->method = &stepper_euler;
  } else if (m->domain) {
    s->method = &stepper_cn;
  }
}

bool settings_fit_model(const Settings *s, const Model *m, SettingError *e)
{
  e->msg[0] = e->hint[0] = '\0';
  if (m->discrete && !s->method->discrete) {
    snprintf(e->msg, sizeof e->msg, "this model is discrete (X(t+1) = ...): it is stepped by its "
             "updates, not by method %s", s->method->name);
    snprintf(e->hint, sizeof e->hint, "leave the method out (it is 'map')");
  } else if (m->discrete && s->num[SET_DT] != 1) {
    snprintf(e->msg, sizeof e->msg, "this model is discrete: t counts steps, so dt is 1, "
             "not %g", s->num[SET_DT]);
    snprintf(e->hint, sizeof e->hint, "leave dt out; the number of steps is t");
  } else if (!m->discrete && s->method->discrete) {
    snprintf(e->msg, sizeof e->msg, "method map steps discrete models (X(t+1) = ...); this "
             "model is continuous");
    snprintf(e->hint, sizeof e->hint, "choose a method for ODEs, e.g. rk4");
  } else if (m->domain && s->num[SET_COPIES] != 1) {
    snprintf(e->msg, sizeof e->msg, "this model is on the domain '%s': its copies are the "
             "domain's points, so copies (--n) cannot be set", m->domain->name);
    snprintf(e->hint, sizeof e->hint, "the number of points is given by the domain statement "
             "(domain %s = [0, L] with N points)", m->domain->name);
  } else if (m->white_noise && s->method != &stepper_euler) {
    snprintf(e->msg, sizeof e->msg, "white noise (xi) is integrated by Euler-Maruyama, but the "
             "method is %s, which would be wrong for it", s->method->name);
    snprintf(e->hint, sizeof e->hint, "use method euler (the default for such models) with a "
             "small dt");
  } else {
    return true;
  }
  return false;
}
