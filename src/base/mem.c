/* mem.c: checked allocation; see mem.h. */
#include "mem.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The one exit below main: an allocation that fails leaves nothing to
 * recover in the middle of a computation, and the caller's files are closed
 * by exit (CSV output is written whole or kept as .partial, see sink.h).
 * Exit status 1, as for every runtime error -- not abort()'s 134. */
static void out_of_memory(size_t size)
{
  fprintf(stderr, "neurode: error: out of memory (%zu bytes more were needed)\n", size);
  exit(1);
}

void *xmalloc(size_t size)
{
  void *p = malloc(size ? size : 1);
  if (!p) out_of_memory(size);
  return p;
}

void *xcalloc(size_t n, size_t size)
{
  if (size && n > (size_t)-1 / size) out_of_memory((size_t)-1);
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (!p) out_of_memory(n * size);
  return p;
}

void *xrealloc(void *p, size_t size)
{
  p = realloc(p, size ? size : 1);
  if (!p) out_of_memory(size);
  return p;
}

char *xstrdup(const char *s)
{
  size_t n = strlen(s) + 1;
  return memcpy(xmalloc(n), s, n);
}

void grow_array(void **buf, size_t *cap, size_t need, size_t elem)
{
  if (need <= *cap) return;
  size_t ncap = *cap ? *cap * 2 : 8;
  while (ncap < need) ncap *= 2;
  if (ncap > (size_t)-1 / elem) out_of_memory((size_t)-1);
  *buf = xrealloc(*buf, ncap * elem);
  *cap = ncap;
}

