/*
 * diag.h - collected diagnostics ("FILE:LINE:COL: error: message").
 *
 * Validation never stops at the first problem: every check appends here and
 * the caller prints them all, sorted by position, at the end.
 */
#ifndef XYL_DIAG_H
#define XYL_DIAG_H

#include <stdio.h>

struct ymark {
    unsigned line;      /* 1-based; 0 = no position (whole file) */
    unsigned col;       /* 1-based */
};

enum diag_level { DIAG_ERROR, DIAG_WARNING };

struct diag {
    char *file;
    struct ymark mark;
    enum diag_level level;
    char *msg;
    size_t seq;         /* insertion order, to keep the sort stable */
};

struct diags {
    struct diag *v;
    size_t n, alloc;
    size_t errors;
};

void diag_add(struct diags *d, const char *file, struct ymark m,
              enum diag_level level, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#define diag_err(d, f, m, ...)  diag_add((d), (f), (m), DIAG_ERROR, __VA_ARGS__)
#define diag_warn(d, f, m, ...) diag_add((d), (f), (m), DIAG_WARNING, __VA_ARGS__)

/* Sort by file, line, column (stable). */
void diags_sort(struct diags *d);
/* Sort by file, line, column (stable) and print one line each. */
void diags_print(struct diags *d, FILE *out);
void diags_free(struct diags *d);

#endif
