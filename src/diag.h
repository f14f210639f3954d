/* diag.h: every message a user sees about a bad input.
 *
 * Model errors have one shape (jq/gcc style):
 *     model.nd:3:9: error: undefined name 'gNaa'
 *         3 | I_Na = gNaa*m^3*h*(ENa - V)
 *           |        ^~~~
 *     note: did you mean 'gNa'?
 * Runtime and I/O errors:  neurode: error: <message>
 *
 * Stages call diag_error as often as they find problems and keep going; the
 * caller checks diag->errors between stages.  After DIAG_MAX_ERRORS errors
 * further messages are counted but not printed. */
#ifndef NEURODE_DIAG_H
#define NEURODE_DIAG_H

#include <stdarg.h>
#include <stdio.h>

#include "source.h"

enum { DIAG_MAX_ERRORS = 20 };

typedef struct Diag {
  FILE *out;     /* where messages go (stderr, or a test's buffer) */
  int errors;    /* errors reported so far */
  int located;   /* of which model errors (file:line:col) */
  int suppressed;
} Diag;

void diag_init(Diag *d, FILE *out);

#if defined(__GNUC__)
#define DIAG_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define DIAG_PRINTF(a, b)
#endif

/* file:line:col: error: msg, then the source line with a caret under loc. */
void diag_error(Diag *d, const Source *src, Loc loc, const char *fmt, ...) DIAG_PRINTF(4, 5);
/* file:line:col: note: msg with the source line (src may be NULL: "note: msg"). */
void diag_note_at(Diag *d, const Source *src, Loc loc, const char *fmt, ...) DIAG_PRINTF(4, 5);
/* note: msg -- a hint attached to the previous error. */
void diag_note(Diag *d, const char *fmt, ...) DIAG_PRINTF(2, 3);
/* neurode: error: msg -- runtime, I/O and usage errors. */
void diag_fail(Diag *d, const char *fmt, ...) DIAG_PRINTF(2, 3);
void diag_vfail(Diag *d, const char *fmt, va_list ap);
/* neurode: warning: msg (not counted as an error). */
void diag_warn(Diag *d, const char *fmt, ...) DIAG_PRINTF(2, 3);

/* The closest of n candidate names to `name` by edit distance, or NULL when
 * none is close enough to be a plausible typo. */
const char *diag_closest(const char *name, const char *const *cands, size_t n);

#endif
