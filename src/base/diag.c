/* diag.c: error and note printing; see diag.h. */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

void diag_init(Diag *d, FILE *out)
{
  d->out = out;
  d->before_message = NULL;
  d->before_ctx = NULL;
  diag_begin(d);
}

void diag_begin(Diag *d)
{
  d->errors = 0;
  d->shown = 0;
  d->worst = DIAG_OK;
  d->suppressing = false;
}

DiagCategory diag_end(Diag *d)
{
  if (d->errors > d->shown) {
    if (d->before_message) d->before_message(d->before_ctx);
    fprintf(d->out, "note: %d errors in all; only the first %d are shown\n", d->errors,
            d->shown);
  }
  DiagCategory worst = d->worst;
  diag_begin(d);
  return worst;
}

/* Count an error; false when it is over the cap and must not be shown. */
static bool count(Diag *d, DiagCategory cat)
{
  d->errors++;
  if (cat > d->worst) d->worst = cat;
  if (d->shown >= DIAG_MAX_ERRORS) {
    d->suppressing = true;
    return false;
  }
  d->shown++;
  d->suppressing = false;
  if (d->before_message) d->before_message(d->before_ctx);
  return true;
}

/* UTF-8 continuation bytes do not start a character. */
static bool starts_char(char c)
{
  return ((unsigned char)c & 0xC0) != 0x80;
}

/* Lines longer than this are shown as a window around the culprit. */
enum { QUOTE_WIDTH = 100 };

static void quote_source(Diag *d, const Source *src, Loc loc)
{
  size_t start, len;
  int line, col;
  source_line_col(src, loc.start, &line, &col);
  source_line_span(src, loc.start, &start, &len);
  if (len == 0 && loc.start >= src->len) return; /* at end of file: nothing to show */
  size_t from = start, to = start + len;
  if (len > QUOTE_WIDTH) {
    from = loc.start > start + QUOTE_WIDTH / 3 ? loc.start - QUOTE_WIDTH / 3 : start;
    while (from > start && !starts_char(src->text[from])) from--;
    to = from + QUOTE_WIDTH < start + len ? from + QUOTE_WIDTH : start + len;
    while (to < start + len && !starts_char(src->text[to])) to++;
  }
  const char *pre = from > start ? "..." : "", *post = to < start + len ? "..." : "";
  char gutter[16];
  int gw = snprintf(gutter, sizeof gutter, "%d", line);
  fprintf(d->out, " %s | %s%.*s%s\n", gutter, pre, (int)(to - from), src->text + from, post);
  fprintf(d->out, " %*s | %s", gw, "", *pre ? "   " : "");
  /* One column per character (not per byte); tabs are repeated so the caret
   * lines up however the terminal expands them. */
  for (size_t i = from; i < loc.start && i < to; i++)
    if (starts_char(src->text[i])) fputc(src->text[i] == '\t' ? '\t' : ' ', d->out);
  fputc('^', d->out);
  size_t end = loc.end;
  if (end > to) end = to;
  for (size_t i = loc.start + 1; i < end; i++)
    if (starts_char(src->text[i])) fputc('~', d->out);
  fputc('\n', d->out);
}

static void located(Diag *d, const Source *src, Loc loc, const char *kind,
                    const char *fmt, va_list ap)
{
  int line, col;
  source_line_col(src, loc.start, &line, &col);
  fprintf(d->out, "%s:%d:%d: %s: ", src->name, line, col, kind);
  vfprintf(d->out, fmt, ap);
  fputc('\n', d->out);
  quote_source(d, src, loc);
}

void diag_error(Diag *d, const Source *src, Loc loc, const char *fmt, ...)
{
  if (!count(d, DIAG_MODEL)) return;
  va_list ap;
  va_start(ap, fmt);
  located(d, src, loc, "error", fmt, ap);
  va_end(ap);
}

void diag_note_at(Diag *d, const Source *src, Loc loc, const char *fmt, ...)
{
  if (d->suppressing) return;
  if (d->before_message) d->before_message(d->before_ctx);
  va_list ap;
  va_start(ap, fmt);
  if (src) {
    located(d, src, loc, "note", fmt, ap);
  } else {
    fputs("note: ", d->out);
    vfprintf(d->out, fmt, ap);
    fputc('\n', d->out);
  }
  va_end(ap);
}

void diag_note(Diag *d, const char *fmt, ...)
{
  if (d->suppressing) return;
  if (d->before_message) d->before_message(d->before_ctx);
  va_list ap;
  va_start(ap, fmt);
  fputs("note: ", d->out);
  vfprintf(d->out, fmt, ap);
  fputc('\n', d->out);
  va_end(ap);
}

static void fail_as(Diag *d, DiagCategory cat, const char *fmt, va_list ap)
{
  if (!count(d, cat)) return;
  fputs("neurode: error: ", d->out);
  vfprintf(d->out, fmt, ap);
  fputc('\n', d->out);
}

void diag_vfail(Diag *d, const char *fmt, va_list ap)
{
  fail_as(d, DIAG_RUNTIME, fmt, ap);
}

void diag_fail(Diag *d, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fail_as(d, DIAG_RUNTIME, fmt, ap);
  va_end(ap);
}

void diag_vusage(Diag *d, const char *fmt, va_list ap)
{
  fail_as(d, DIAG_MODEL, fmt, ap);
}

void diag_usage(Diag *d, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  fail_as(d, DIAG_MODEL, fmt, ap);
  va_end(ap);
}

void diag_warn(Diag *d, const char *fmt, ...)
{
  if (d->before_message) d->before_message(d->before_ctx);
  va_list ap;
  va_start(ap, fmt);
  fputs("neurode: warning: ", d->out);
  vfprintf(d->out, fmt, ap);
  fputc('\n', d->out);
  va_end(ap);
}

void diag_info(Diag *d, const char *fmt, ...)
{
  if (d->before_message) d->before_message(d->before_ctx);
  va_list ap;
  va_start(ap, fmt);
  fputs("neurode: note: ", d->out);
  vfprintf(d->out, fmt, ap);
  fputc('\n', d->out);
  va_end(ap);
}

/* Edit distance, case-insensitive (V for v is a typo), counting the swap of
 * two neighbours as one edit (gian for gain): optimal string alignment. */
static char lower(char c)
{
  return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static size_t edit_distance(const char *a, const char *b)
{
  size_t la = strlen(a), lb = strlen(b);
  if (la > 64 || lb > 64) return (size_t)-1;
  static const size_t W = 65;
  size_t d[65 * 65];
  for (size_t i = 0; i <= la; i++) d[i * W] = i;
  for (size_t j = 0; j <= lb; j++) d[j] = j;
  for (size_t i = 1; i <= la; i++)
    for (size_t j = 1; j <= lb; j++) {
      size_t cost = lower(a[i - 1]) != lower(b[j - 1]);
      size_t best = d[(i - 1) * W + j - 1] + cost;
      if (d[(i - 1) * W + j] + 1 < best) best = d[(i - 1) * W + j] + 1;
      if (d[i * W + j - 1] + 1 < best) best = d[i * W + j - 1] + 1;
      if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) && lower(a[i - 2]) == lower(b[j - 1]) &&
          d[(i - 2) * W + j - 2] + 1 < best)
        best = d[(i - 2) * W + j - 2] + 1;
      d[i * W + j] = best;
    }
  return d[la * W + lb];
}

const char *diag_closest(const char *name, const char *const *cands, size_t n)
{
  const char *best = NULL;
  size_t best_d = (size_t)-1;
  size_t len = strlen(name);
  /* One edit per three characters, at most three, and one for a name of
   * two (vv for v); a name of one character only matches when they differ
   * in case (v for V). */
  size_t limit = len / 3;
  if (limit > 3) limit = 3;
  if (len == 2) limit = 1;
  for (size_t i = 0; i < n; i++) {
    if (!cands[i] || strcmp(cands[i], name) == 0) continue;
    if (len == 2 && lower(cands[i][0]) != lower(name[0])) continue; /* Vm is not Cm */
    size_t dist = edit_distance(name, cands[i]);
    if (dist <= limit && dist < best_d) {
      best_d = dist;
      best = cands[i];
    }
  }
  return best;
}
