/* source.h: a named piece of model text, and locations inside it.
 *
 * A Loc is a half-open byte range [start, end) in one Source; it becomes
 * line:col only when a message is printed.  A Source owns its text and name;
 * free it with source_free.  ASTs keep pointers to their Source, so it must
 * outlive them. */
#ifndef NEURODE_SOURCE_H
#define NEURODE_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

typedef struct Loc {
  uint32_t start, end;
} Loc;

typedef struct Source {
  char *name;   /* shown in messages: a path, "--set", "<stdin>" */
  char *text;   /* NUL-terminated */
  size_t len;
  int first_line; /* line number of the text's first line (a chunk of a file) */
} Source;

/* Reads a file (or a stream to its end) of at most max bytes.  On failure
 * returns NULL and sets errno (EFBIG: longer than max). */
Source *source_from_file(const char *path, const char *display_name, size_t max);
Source *source_from_stream(FILE *f, const char *name, size_t max);
Source *source_from_string(const char *name, const char *text);
/* A piece of a larger input whose first line is line first_line. */
Source *source_from_chunk(const char *name, const char *text, int first_line);
void source_free(Source *src);

/* 1-based line and column (in characters, UTF-8) of a byte offset. */
void source_line_col(const Source *src, size_t offset, int *line, int *col);
/* The line containing offset: start offset and length (no newline). */
void source_line_span(const Source *src, size_t offset, size_t *start, size_t *len);

static inline Loc loc_span(Loc a, Loc b)
{
  Loc l = {a.start, b.end > a.end ? b.end : a.end};
  return l;
}

#endif
