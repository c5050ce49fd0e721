/*
 * diag.c - the diagnostics list.
 */
#include "base/diag.h"
#include "base/util.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

void diag_add(struct diags *d, const char *file, struct ymark m,
              enum diag_level level, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    struct diag *x;
    va_list ap;

    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);

    ALLOC_GROW(d->v, d->n, d->alloc);
    x = &d->v[d->n++];
    x->file = xstrdup(file ? file : "<input>");
    x->mark = m;
    x->level = level;
    x->msg = sb_detach(&sb);
    x->seq = d->n - 1;
    if (level == DIAG_ERROR)
        d->errors++;
}

static int cmp_diag(const void *pa, const void *pb)
{
    const struct diag *a = pa, *b = pb;
    int c = strcmp(a->file, b->file);
    if (c)
        return c;
    if (a->mark.line != b->mark.line)
        return a->mark.line < b->mark.line ? -1 : 1;
    if (a->mark.col != b->mark.col)
        return a->mark.col < b->mark.col ? -1 : 1;
    return a->seq < b->seq ? -1 : (a->seq > b->seq);
}

void diags_sort(struct diags *d)
{
    if (d->n > 1)
        qsort(d->v, d->n, sizeof(*d->v), cmp_diag);
}

void diags_print(struct diags *d, FILE *out)
{
    size_t i;

    diags_sort(d);
    for (i = 0; i < d->n; i++) {
        const struct diag *x = &d->v[i];
        const char *lv = x->level == DIAG_ERROR ? "error" : "warning";
        if (x->mark.line)
            fprintf(out, "%s:%u:%u: %s: %s\n", x->file, x->mark.line,
                    x->mark.col, lv, x->msg);
        else
            fprintf(out, "%s: %s: %s\n", x->file, lv, x->msg);
    }
}

void diags_free(struct diags *d)
{
    size_t i;
    for (i = 0; i < d->n; i++) {
        free(d->v[i].file);
        free(d->v[i].msg);
    }
    free(d->v);
    d->v = NULL;
    d->n = d->alloc = d->errors = 0;
}
