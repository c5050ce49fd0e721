/*
 * arena.h - a bump allocator: everything a loaded YAML document needs is
 * allocated here and freed at once, which also makes shared alias targets
 * safe (no node is owned by two parents).
 */
#ifndef XYL_ARENA_H
#define XYL_ARENA_H

#include <stddef.h>

struct arena_chunk;
struct arena {
    struct arena_chunk *head;
    size_t used_total;
};

void *arena_alloc(struct arena *a, size_t n);       /* zeroed, 16-aligned */
char *arena_strndup(struct arena *a, const char *s, size_t n);
void arena_free(struct arena *a);

#endif
