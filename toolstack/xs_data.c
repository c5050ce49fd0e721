/*
 * xs_data.c - the guest's data/ keys, written by dom0 in one transaction.
 *
 * data/ belongs to the guest (libxl creates it guest-writable), and nodes
 * dom0 creates below it inherit that, so the guest can read and update
 * them: these are hints for the guest, never trusted by xyl afterwards.
 */
#include "xs_data.h"
#include "util.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xenstore.h>

int xs_write_guest_data(uint32_t domid, const struct xyl_kvlist *kv)
{
    struct xs_handle *xs;
    int i, tries, rc = -1;

    if (kv->n == 0)
        return 0;
    xs = xs_open(0);
    if (!xs) {
        fprintf(stderr, "xyl: cannot connect to xenstored: %s\n", strerror(errno));
        return -1;
    }
    for (tries = 0; tries < 10; tries++) {
        xs_transaction_t t = xs_transaction_start(xs);
        bool ok = t != XBT_NULL;

        for (i = 0; ok && i < kv->n; i++) {
            char *path = xasprintf("/local/domain/%u/data/%s", domid, kv->v[i].key);
            ok = xs_write(xs, t, path, kv->v[i].value, (unsigned)strlen(kv->v[i].value));
            if (!ok)
                fprintf(stderr, "xyl: cannot write xenstore %s: %s\n", path, strerror(errno));
            free(path);
        }
        if (!ok) {
            if (t != XBT_NULL)
                xs_transaction_end(xs, t, true);
            break;
        }
        if (xs_transaction_end(xs, t, false)) {
            rc = 0;
            break;
        }
        if (errno != EAGAIN) {
            fprintf(stderr, "xyl: xenstore transaction failed: %s\n", strerror(errno));
            break;
        }
    }
    xs_close(xs);
    return rc;
}
