/*
 * xs_data.c - the guest's data/ keys, written by dom0 in one transaction.
 *
 * data/ belongs to the guest (libxl creates it guest-writable), and nodes
 * dom0 creates below it inherit that, so the guest can read and update
 * them: these are hints for the guest, never trusted by xyl afterwards.
 */
#include "xen/xs_data.h"
#include "base/util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xenstore.h>

int xs_transact(struct xs_handle *xs, bool (*body)(struct xs_handle *, xs_transaction_t, void *),
                void *arg)
{
    int tries;

    for (tries = 0; tries < 10; tries++) {
        xs_transaction_t t = xs_transaction_start(xs);

        if (t == XBT_NULL) {
            fprintf(stderr, "xyl: cannot start a xenstore transaction: %s\n", strerror(errno));
            return -1;
        }
        if (!body(xs, t, arg)) {
            xs_transaction_end(xs, t, true);
            return -1;
        }
        if (xs_transaction_end(xs, t, false))
            return 0;
        if (errno != EAGAIN) {
            fprintf(stderr, "xyl: xenstore transaction failed: %s\n", strerror(errno));
            return -1;
        }
    }
    fprintf(stderr, "xyl: xenstore stayed busy: gave up after 10 tries\n");
    return -1;
}

struct data_write {
    uint32_t domid;
    const struct xyl_kvlist *kv;
};

static bool write_data(struct xs_handle *xs, xs_transaction_t t, void *arg)
{
    const struct data_write *w = arg;
    int i;

    for (i = 0; i < w->kv->n; i++) {
        char *path = xasprintf("/local/domain/%u/data/%s", w->domid, w->kv->v[i].key);
        bool ok = xs_write(xs, t, path, w->kv->v[i].value, (unsigned)strlen(w->kv->v[i].value));

        if (!ok)
            fprintf(stderr, "xyl: cannot write xenstore %s: %s\n", path, strerror(errno));
        free(path);
        if (!ok)
            return false;
    }
    return true;
}

int xs_write_guest_data(uint32_t domid, const struct xyl_kvlist *kv)
{
    struct data_write w = { domid, kv };
    struct xs_handle *xs;
    int rc;

    if (kv->n == 0)
        return 0;
    xs = xs_open(0);
    if (!xs) {
        fprintf(stderr, "xyl: cannot connect to xenstored: %s\n", strerror(errno));
        return -1;
    }
    rc = xs_transact(xs, write_data, &w);
    xs_close(xs);
    return rc;
}

/* Depth-first walk below base/rel, at most 8 levels deep; leaves only. */
static void read_tree(struct xs_handle *xs, const char *base, const char *rel, int depth,
                      struct xyl_kvlist *out, int *alloc, int *skipped)
{
    char *path = rel[0] ? xasprintf("%s/%s", base, rel) : xstrdup(base);
    unsigned int i, nch = 0, len = 0;
    char **ch = xs_directory(xs, XBT_NULL, path, &nch);

    if (ch && nch > 0) {
        if (depth >= 8) {
            (*skipped)++;
        } else {
            for (i = 0; i < nch; i++) {
                char *sub = rel[0] ? xasprintf("%s/%s", rel, ch[i]) : xstrdup(ch[i]);
                read_tree(xs, base, sub, depth + 1, out, alloc, skipped);
                free(sub);
            }
        }
    } else if (rel[0]) {
        char *v = xs_read(xs, XBT_NULL, path, &len);
        if (v && out->n < XS_DATA_MAX_KEYS && xs_data_key_ok(rel) &&
            len <= XS_DATA_VALUE_MAX && strlen(v) == len) {
            ALLOC_GROW(out->v, out->n, *alloc);
            memset(&out->v[out->n], 0, sizeof(out->v[out->n]));
            out->v[out->n].key = xstrdup(rel);
            out->v[out->n].value = v;
            out->n++;
            v = NULL;
        } else if (v) {
            (*skipped)++;
        }
        free(v);
    }
    free(ch);
    free(path);
}

int xs_read_guest_data(uint32_t domid, struct xyl_kvlist *out, int *skipped)
{
    struct xs_handle *xs;
    char *base;
    int alloc = 0;

    out->v = NULL;
    out->n = 0;
    *skipped = 0;
    xs = xs_open(0);
    if (!xs) {
        fprintf(stderr, "xyl: cannot connect to xenstored: %s\n", strerror(errno));
        return -1;
    }
    base = xasprintf("/local/domain/%u/data", domid);
    read_tree(xs, base, "", 0, out, &alloc, skipped);
    free(base);
    xs_close(xs);
    return 0;
}

int xs_remove_guest_data(uint32_t domid, const char *const *keys, int n)
{
    struct xs_handle *xs;
    int i, rc = 0;

    if (n == 0)
        return 0;
    xs = xs_open(0);
    if (!xs) {
        fprintf(stderr, "xyl: cannot connect to xenstored: %s\n", strerror(errno));
        return -1;
    }
    for (i = 0; i < n; i++) {
        char *path = xasprintf("/local/domain/%u/data/%s", domid, keys[i]);

        if (!xs_rm(xs, XBT_NULL, path) && errno != ENOENT) {
            fprintf(stderr, "xyl: cannot remove xenstore %s: %s\n", path, strerror(errno));
            rc = -1;
        }
        free(path);
    }
    xs_close(xs);
    return rc;
}
