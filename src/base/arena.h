/* arena.h: bump allocator for data that dies together (an AST).
 *
 * Contract: arena_alloc never returns NULL (see mem.h for running out).
 * Memory is zeroed.  Everything allocated from an arena is released by one
 * arena_free. */
#ifndef NEURODE_ARENA_H
#define NEURODE_ARENA_H

#include <stddef.h>

#include "mem.h"

typedef struct ArenaBlock ArenaBlock;
typedef struct Arena {
  ArenaBlock *head;
} Arena;

void arena_init(Arena *a);
void arena_free(Arena *a);
void *arena_alloc(Arena *a, size_t size);
char *arena_strndup(Arena *a, const char *s, size_t n);
char *arena_strdup(Arena *a, const char *s);

#endif
