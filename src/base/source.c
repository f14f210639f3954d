/* source.c: model text and locations; see source.h. */
#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "mem.h"

/* A UTF-8 byte-order mark at the start of a file is not part of its text. */
static const char *skip_bom(const char *text)
{
  return strncmp(text, "\xEF\xBB\xBF", 3) == 0 ? text + 3 : text; /* stops at a NUL */
}

Source *source_from_chunk(const char *name, const char *text, int first_line)
{
  if (first_line == 1) text = skip_bom(text);
  Source *s = xmalloc(sizeof *s);
  s->name = xstrdup(name);
  s->len = strlen(text);
  s->text = xstrdup(text);
  s->first_line = first_line;
  return s;
}

Source *source_from_string(const char *name, const char *text)
{
  return source_from_chunk(name, text, 1);
}

/* Read a stream to its end, refusing more than max bytes (EFBIG): /dev/zero
 * as a model must end with a message, not with all of memory. */
static char *read_all(FILE *f, size_t max, size_t *len_out)
{
  size_t cap = 4096, len = 0;
  char *buf = xmalloc(cap);
  for (;;) {
    if (cap - len < 2) buf = xrealloc(buf, cap *= 2);
    size_t got = fread(buf + len, 1, cap - len - 1, f);
    len += got;
    if (got == 0) break;
    if (len > max) {
      free(buf);
      errno = EFBIG;
      return NULL;
    }
  }
  if (ferror(f)) {
    int saved = errno;
    free(buf);
    errno = saved ? saved : EIO;
    return NULL;
  }
  buf[len] = '\0';
  if (len >= 3 && skip_bom(buf) != buf) {
    memmove(buf, buf + 3, len - 2);
    len -= 3;
  }
  *len_out = len;
  return buf;
}

static Source *wrap(char *text, size_t len, const char *name)
{
  Source *s = xmalloc(sizeof *s);
  s->name = xstrdup(name);
  s->text = text;
  s->len = len;
  s->first_line = 1;
  return s;
}

Source *source_from_file(const char *path, const char *display_name, size_t max)
{
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  struct stat st;
  if (fstat(fileno(f), &st) == 0 && S_ISDIR(st.st_mode)) {
    fclose(f);
    errno = EISDIR;
    return NULL;
  }
  size_t len;
  char *buf = read_all(f, max, &len);
  int saved = errno;
  fclose(f);
  errno = saved;
  return buf ? wrap(buf, len, display_name ? display_name : path) : NULL;
}

Source *source_from_stream(FILE *f, const char *name, size_t max)
{
  size_t len;
  char *buf = read_all(f, max, &len);
  return buf ? wrap(buf, len, name) : NULL;
}

void source_free(Source *src)
{
  if (!src) return;
  free(src->name);
  free(src->text);
  free(src);
}

void source_line_col(const Source *src, size_t offset, int *line, int *col)
{
  if (offset > src->len) offset = src->len;
  int l = 1;
  size_t bol = 0;
  for (size_t i = 0; i < offset; i++)
    if (src->text[i] == '\n') {
      l++;
      bol = i + 1;
    }
  *line = l + src->first_line - 1;
  /* Columns count characters: UTF-8 continuation bytes do not start one. */
  int c = 1;
  for (size_t i = bol; i < offset; i++)
    if (((unsigned char)src->text[i] & 0xC0) != 0x80) c++;
  *col = c;
}

void source_line_span(const Source *src, size_t offset, size_t *start, size_t *len)
{
  if (offset > src->len) offset = src->len;
  size_t b = offset;
  while (b > 0 && src->text[b - 1] != '\n') b--;
  size_t e = offset;
  while (e < src->len && src->text[e] != '\n') e++;
  *start = b;
  *len = e - b;
}
