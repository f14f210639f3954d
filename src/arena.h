/* arena.h: bump allocator for data that dies together (an AST, an IR).
 *
 * Contract: arena_alloc never returns NULL (out of memory aborts with a
 * message: there is no sensible recovery mid-parse).  Memory is zeroed.
 * Everything allocated from an arena is released by one arena_free. */
#ifndef NEURODE_ARENA_H
#define NEURODE_ARENA_H

#include <stddef.h>

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
  ArenaBlock *head;
} Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);
void *arena_alloc(Arena *a, size_t size);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);

/* Checked heap helpers for everything that is not arena-owned. */
void *xmalloc(size_t size);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t size);
char *xstrdup(const char *s);
/* Grow *buf (of *cap elements of elem bytes) to hold at least need elements. */
void grow_array(void **buf, size_t *cap, size_t need, size_t elem);
#define GROW(buf, cap, need) grow_array((void **)&(buf), &(cap), (need), sizeof *(buf))

#endif
