/* mem.h: allocation that cannot fail silently.
 *
 * xmalloc and friends never return NULL: when memory runs out they print
 * "neurode: error: out of memory" and exit with status 1 (a runtime error;
 * CSV output is then kept as .partial, see sink.h).  There is no sensible
 * recovery from a failed allocation in the middle of a computation.  Sizes
 * that overflow size_t count as running out.  GROW keeps a growable array
 * big enough (doubling). */
#ifndef NEURODE_MEM_H
#define NEURODE_MEM_H

#include <stddef.h>

void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
/* Grow *buf (of *cap elements of elem bytes) to hold at least need elements. */
void grow_array(void **buf, size_t *cap, size_t need, size_t elem);
#define GROW(buf, cap, need) grow_array((void **)&(buf), &(cap), (need), sizeof *(buf))

#endif
