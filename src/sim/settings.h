/* settings.h: the one table of run settings -- names, kinds, ranges,
 * messages -- read by the model's `option` lines, the command line, the
 * session's `set`/`show options`, --help and (by a test) the man page.
 *
 * A Settings holds the values one layer gives (a bit per setting says which
 * are given): the defaults, a model file's options, the command line or the
 * session.  Layers are combined with settings_overlay, the later winning,
 * and settings_spec turns the result into what the driver needs.  A
 * Settings owns its strings (settings_free). */
#ifndef NEURODE_SETTINGS_H
#define NEURODE_SETTINGS_H

#include <stdbool.h>
#include <stddef.h>

#include "diag.h"
#include "driver.h"
#include "model.h"
#include "stepper.h"

typedef enum {
  SET_T,         /* the length of a run */
  SET_DT,
  SET_METHOD,
  SET_RTOL,
  SET_ATOL,
  SET_EVERY,
  SET_MAX_STEPS,
  SET_SEED,
  SET_COPIES,
  SET_KEEP,      /* the session's kept columns */
  SET_BACKEND,   /* vm, native or auto (driver.h) */
  SET_THREADS,   /* threads sharing a population */
  SETTING__COUNT
} SettingId;

typedef enum {
  SK_POSITIVE,   /* a number > 0 */
  SK_TOLERANCE,  /* a number >= 1e-14 (what double precision can deliver) */
  SK_COUNT,      /* a whole number >= 1 */
  SK_SEED,       /* a whole number >= 0 */
  SK_METHOD,     /* a name from the stepper table */
  SK_VARS,       /* a list of variables (checked against the model later) */
  SK_BACKEND     /* vm, native or auto */
} SettingKind;

/* Where a setting may be given. */
enum { IN_OPTION = 1, IN_CLI = 2, IN_SET = 4 };

typedef struct SettingDef {
  SettingId id;
  const char *name;     /* option and set name */
  const char *flag;     /* command-line name without "--" (NULL: none) */
  SettingKind kind;
  unsigned where;
  double max;           /* largest value (counts) */
  const char *arg;      /* the value's name in help: T, DT, M, ... */
  const char *doc;      /* one line */
} SettingDef;

extern const SettingDef setting_table[SETTING__COUNT];

typedef struct Settings {
  unsigned long has;    /* bit (1 << SettingId) for each value given */
  double num[SETTING__COUNT]; /* numbers and counts */
  const StepperType *method;
  char *keep;
} Settings;

#define RUN_DEFAULT_T_END 100.0
#define RUN_DEFAULT_DT 0.01
#define RUN_DEFAULT_RTOL 1e-6
#define RUN_DEFAULT_ATOL 1e-9
#define RUN_DEFAULT_METHOD "rk4"
#define RUN_DEFAULT_MAX_STEPS 1e8
#define RUN_MAX_COPIES 1e8

void settings_init(Settings *s);           /* nothing given */
void settings_defaults(Settings *s);       /* every setting at its default */
void settings_free(Settings *s);
void settings_copy(Settings *dst, const Settings *src);
/* dst takes every value src gives. */
void settings_overlay(Settings *dst, const Settings *src);
static inline bool settings_has(const Settings *s, SettingId id) { return s->has >> id & 1; }

/* By name (the option/set name, or with cli the flag name); NULL if none. */
const SettingDef *setting_find(const char *name, bool cli);
/* The known names of settings allowed in `where`, ", "-separated, and the
 * closest one to a mistyped name (NULL when none is close). */
void setting_names(unsigned where, char *buf, size_t size);
const char *setting_closest(const char *name, unsigned where, bool cli);

/* Set one value from text (the command line, `set`).  label names the
 * setting as the user wrote it ("--dt", "option 'dt'").  On error returns
 * false with what is wrong in msg and, when there is one, a fix in hint. */
typedef struct SettingError {
  char msg[256], hint[256];
} SettingError;
bool setting_parse(Settings *s, const SettingDef *d, const char *text, const char *label,
                   SettingError *e);

/* The model's `option` lines as a layer; reports bad ones (located) and
 * returns false. */
bool settings_from_model(const Model *m, Settings *out, Diag *diag);

/* What a model itself implies, under the layers given: a discrete model is
 * stepped by its update (method map, dt 1), white noise by Euler-Maruyama
 * (method euler). */
void settings_model_defaults(Settings *s, const Model *m);
/* Settings that cannot run this model (rk4 for white noise, a dt for a
 * discrete model...): false with the message and a fix. */
bool settings_fit_model(const Settings *s, const Model *m, SettingError *e);

/* The value of a numeric setting as text ("0.01", "rk4", "V, m"). */
void setting_format(const Settings *s, SettingId id, char *buf, size_t size);

/* The driver's view of complete settings (after settings_defaults and the
 * overlays): spec's method, dt, every, rtol, atol, max_steps, the rest of
 * spec zero (no spike sink, interrupt or progress: the caller's to set);
 * *length is the duration of a run. */
void settings_spec(const Settings *s, RunSpec *spec, double *length);

#endif
