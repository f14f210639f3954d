/* arena.c: bump allocator; see arena.h. */
#include "arena.h"

#include <stdlib.h>
#include <string.h>

struct ArenaBlock {
  ArenaBlock *next;
  size_t used, size;
  _Alignas(max_align_t) unsigned char data[];
};

enum { ARENA_BLOCK = 16384 };

void arena_init(Arena *a) { a->head = NULL; }

void arena_free(Arena *a)
{
  ArenaBlock *b = a->head;
  while (b) {
    ArenaBlock *next = b->next;
    free(b);
    b = next;
  }
  a->head = NULL;
}

void *arena_alloc(Arena *a, size_t size)
{
  const size_t align = _Alignof(max_align_t);
  size = (size + align - 1) & ~(align - 1);
  ArenaBlock *b = a->head;
  if (!b || b->size - b->used < size) {
    size_t bsize = size > ARENA_BLOCK ? size : ARENA_BLOCK;
    b = xmalloc(sizeof *b + bsize);
    b->used = 0;
    b->size = bsize;
    b->next = a->head;
    a->head = b;
  }
  void *p = b->data + b->used;
  b->used += size;
  memset(p, 0, size);
  return p;
}

char *arena_strndup(Arena *a, const char *s, size_t n)
{
  char *p = arena_alloc(a, n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *arena_strdup(Arena *a, const char *s)
{
  return arena_strndup(a, s, strlen(s));
}
