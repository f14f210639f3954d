/* diag.h: every message a user sees about a bad input.
 *
 * Model errors have one shape (jq/gcc style):
 *     model.nd:3:9: error: undefined name 'gNaa'
 *         3 | I_Na = gNaa*m^3*h*(ENa - V)
 *           |        ^~~~
 *     note: did you mean 'gNa'?
 * Runtime and I/O errors:  neurode: error: <message>
 *
 * Messages are counted per unit: a file, a line typed at the prompt, one
 * command of a script.  diag_begin starts a unit, diag_end closes it; after
 * DIAG_MAX_ERRORS errors in one unit further messages are counted but not
 * printed, and diag_end says how many there were.  Stages call diag_error as
 * often as they find problems and keep going; callers compare diag->errors
 * before and after a stage.
 *
 * Every error has a category, and the worst category of a unit decides the
 * exit status (diag_status): a model or usage error exits 2, a runtime or
 * I/O error 1.  Nobody parses a message's text to learn what happened. */
#ifndef NEURODE_DIAG_H
#define NEURODE_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

#include "source.h"

enum { DIAG_MAX_ERRORS = 20 };

typedef enum {
  DIAG_OK = 0,
  DIAG_RUNTIME = 1, /* I/O, a blow-up, an interrupted run: exit 1 */
  DIAG_MODEL = 2    /* the model, a command or the command line is wrong: exit 2 */
} DiagCategory;

typedef struct Diag {
  FILE *out;             /* where messages go (stderr, or a test's buffer) */
  int errors;            /* errors in the current unit */
  int shown;             /* of which printed */
  DiagCategory worst;    /* of the current unit */
  bool suppressing;      /* over the cap: notes of hidden errors are hidden too */
  /* Called before anything is printed (the REPL clears its progress bar). */
  void (*before_message)(void *ctx);
  void *before_ctx;
} Diag;

void diag_init(Diag *d, FILE *out);
/* A new unit: counts and the worst category start again. */
void diag_begin(Diag *d);
/* The end of a unit: if errors were hidden, say how many.  Returns the
 * unit's worst category (its exit status). */
DiagCategory diag_end(Diag *d);

#if defined(__GNUC__)
#define DIAG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DIAG_PRINTF(a, b)
#endif

/* file:line:col: error: msg, then the source line with a caret under loc
 * (a model error). */
void diag_error(Diag *d, const Source *src, Loc loc, const char *fmt, ...) DIAG_PRINTF(4, 5);
/* file:line:col: note: msg with the source line (src may be NULL: "note: msg"). */
void diag_note_at(Diag *d, const Source *src, Loc loc, const char *fmt, ...) DIAG_PRINTF(4, 5);
/* note: msg -- a hint attached to the previous error. */
void diag_note(Diag *d, const char *fmt, ...) DIAG_PRINTF(2, 3);
/* neurode: error: msg -- runtime and I/O errors (exit 1). */
void diag_fail(Diag *d, const char *fmt, ...) DIAG_PRINTF(2, 3);
void diag_vfail(Diag *d, const char *fmt, va_list ap);
/* neurode: error: msg -- a wrong command line or command (exit 2). */
void diag_usage(Diag *d, const char *fmt, ...) DIAG_PRINTF(2, 3);
void diag_vusage(Diag *d, const char *fmt, va_list ap);
/* neurode: warning: msg (not counted as an error). */
void diag_warn(Diag *d, const char *fmt, ...) DIAG_PRINTF(2, 3);
/* neurode: note: msg -- information, not about an error. */
void diag_info(Diag *d, const char *fmt, ...) DIAG_PRINTF(2, 3);

/* "1 row", "2 rows": pick the word for a count. */
static inline const char *diag_plural(unsigned long n, const char *one, const char *many)
{
  return n == 1 ? one : many;
}

/* The closest of n candidate names to `name` by edit distance, or NULL when
 * none is close enough to be a plausible typo. */
const char *diag_closest(const char *name, const char *const *cands, size_t n);

#endif
