/*
 * util.h - small helpers shared by the whole toolstack: allocation that
 * cannot fail silently, and a growable string buffer.
 *
 * Out-of-memory is the one condition we do not try to return up: like git's
 * xmalloc(), we print one line and abort, because every caller would
 * otherwise need a path for a state it cannot recover from.
 */
#ifndef XYL_UTIL_H
#define XYL_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

void *xmalloc(size_t n);
void *xcalloc(size_t n, size_t size);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s);
char *xstrndup(const char *s, size_t n);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Grow an array of 'elem' sized items so that index 'n' fits. */
#define ALLOC_GROW(arr, n, alloc) do {                                   \
        if ((size_t)(n) >= (size_t)(alloc)) {                            \
            (alloc) = (alloc) ? (alloc) * 2 : 8;                         \
            if ((size_t)(alloc) <= (size_t)(n)) (alloc) = (n) + 1;       \
            (arr) = xrealloc((arr), (size_t)(alloc) * sizeof(*(arr)));   \
        }                                                                \
    } while (0)

struct strbuf {
    char *buf;      /* always NUL terminated once anything was added */
    size_t len;
    size_t alloc;
};
#define STRBUF_INIT { NULL, 0, 0 }

void sb_add(struct strbuf *sb, const char *s, size_t n);
void sb_adds(struct strbuf *sb, const char *s);
void sb_addc(struct strbuf *sb, char c);
void sb_addf(struct strbuf *sb, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void sb_vaddf(struct strbuf *sb, const char *fmt, va_list ap);
const char *sb_str(struct strbuf *sb);   /* "" when empty */
char *sb_detach(struct strbuf *sb);      /* caller frees; buffer reset */
void sb_reset(struct strbuf *sb);
void sb_free(struct strbuf *sb);

/* Read a whole file (at most max bytes); returns NULL with errno set. */
char *read_file(const char *path, size_t max, size_t *len_out);

bool str_ends_with(const char *s, const char *suffix);

/* Edit distance between two short strings (for "did you mean"). */
int edit_distance(const char *a, const char *b);

#endif
