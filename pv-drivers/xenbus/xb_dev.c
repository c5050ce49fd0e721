/*
 * xb_dev.c - create, wait for and remove xyl-vbd and xyl-vif device directories.
 *
 * All writes of one operation go into one xenstore transaction, retried on
 * EAGAIN, so a guest (or xyl-blkback) never sees half a device: either both
 * directories with all their initial nodes exist, or neither does.
 */
#include "xb_dev.h"
#include "xb_parse.h"
#include "xb_state.h"

#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <xen/io/xenbus.h>

/* One line into the caller's buffer; always returns -1. */
static int __attribute__((format(printf, 3, 4))) seterr(char *err, size_t errlen, const char *fmt, ...)
{
    va_list ap;

    if (err && errlen) {
        va_start(ap, fmt);
        vsnprintf(err, errlen, fmt, ap);
        va_end(ap);
    }
    return -1;
}
#define ERR(...) seterr(err, errlen, __VA_ARGS__)

char *xb_read(struct xs_handle *xs, xs_transaction_t t, const char *dir, const char *node,
              unsigned *len)
{
    char path[XB_PATH_MAX * 2];
    unsigned l = 0;
    char *v;

    snprintf(path, sizeof(path), "%s/%s", dir, node);
    v = xs_read(xs, t, path, &l);
    if (len)
        *len = v ? l : 0;
    return v;
}

int xb_read_state(struct xs_handle *xs, xs_transaction_t t, const char *dir)
{
    unsigned len;
    char *v = xb_read(xs, t, dir, "state", &len);
    int st = v ? xb_parse_state(v, len) : -1;

    free(v);
    if (v && st < 0)
        errno = EINVAL;     /* there, but not a state: unlike absent (ENOENT) */
    return st;
}

int xb_write(struct xs_handle *xs, xs_transaction_t t, const char *dir, const char *node,
             const char *val)
{
    char path[XB_PATH_MAX * 2];

    snprintf(path, sizeof(path), "%s/%s", dir, node);
    return xs_write(xs, t, path, val, (unsigned)strlen(val)) ? 0 : -1;
}

int xb_writef(struct xs_handle *xs, xs_transaction_t t, const char *dir, const char *node,
              const char *fmt, ...)
{
    char val[XB_PATH_MAX * 2];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(val, sizeof(val), fmt, ap);
    va_end(ap);
    return xb_write(xs, t, dir, node, val);
}

static bool exists(struct xs_handle *xs, xs_transaction_t t, const char *path)
{
    unsigned n;
    char *v = xs_read(xs, t, path, &n);

    free(v);
    return v != NULL;
}

int xb_dev_write_dirs(struct xs_handle *xs, xs_transaction_t t, const struct xb_kind *k,
                      uint32_t domid, uint32_t devid, const char *what, char *err, size_t errlen)
{
    char fe[XB_PATH_MAX], be[XB_PATH_MAX];
    struct xs_permissions fe_perms[2] = {
        { .id = domid, .perms = XS_PERM_NONE },             /* owner: the guest */
        { .id = XB_BACKEND_DOMID, .perms = XS_PERM_READ },
    };
    struct xs_permissions be_perms[2] = {
        { .id = XB_BACKEND_DOMID, .perms = XS_PERM_NONE },  /* owner: dom0 */
        { .id = domid, .perms = XS_PERM_READ },             /* the guest only reads */
    };
    bool ok;

    if (domid == XB_BACKEND_DOMID || domid > XB_DOMID_MAX)
        return ERR("domain %u cannot have an %s device", domid, k->backend);
    xb_dev_frontend_path(k, fe, sizeof(fe), domid, devid);
    xb_dev_backend_path(k, be, sizeof(be), domid, devid);
    if (exists(xs, t, fe) || exists(xs, t, be)) {
        errno = EEXIST;
        return ERR("%s already has a device %u (%s): detach it first", fe, devid, what);
    }
    /* The directory and its permissions first: nodes created below inherit
     * them (xenstored copies the parent's permissions to a new node). */
    ok = xs_mkdir(xs, t, fe) && xs_set_permissions(xs, t, fe, fe_perms, 2) &&
         !xb_write(xs, t, fe, "backend", be) &&
         !xb_writef(xs, t, fe, "backend-id", "%u", XB_BACKEND_DOMID) &&
         !xb_writef(xs, t, fe, "state", "%d", XenbusStateInitialising);
    if (!ok)
        return ERR("cannot write %s: %s", fe, strerror(errno));
    ok = xs_mkdir(xs, t, be) && xs_set_permissions(xs, t, be, be_perms, 2) &&
         !xb_write(xs, t, be, "frontend", fe) &&
         !xb_writef(xs, t, be, "frontend-id", "%u", domid) &&
         !xb_write(xs, t, be, "online", "1") &&
         !xb_writef(xs, t, be, "state", "%d", XenbusStateInitialising);
    if (!ok)
        return ERR("cannot write %s: %s", be, strerror(errno));
    return 0;
}

/* Everything for one disk, inside transaction t. */
static int write_vbd(struct xs_handle *xs, xs_transaction_t t, int i, void *ctx,
                     char *err, size_t errlen)
{
    const struct xb_vbd *v = (const struct xb_vbd *)ctx + i;
    char fe[XB_PATH_MAX], be[XB_PATH_MAX];
    bool ok;

    if (xb_dev_write_dirs(xs, t, &xb_kind_vbd, v->domid, v->devid, v->vdev, err, errlen))
        return -1;
    xb_frontend_path(fe, sizeof(fe), v->domid, v->devid);
    xb_backend_path(be, sizeof(be), v->domid, v->devid);
    ok = !xb_writef(xs, t, fe, "virtual-device", "%u", v->devid) &&
         !xb_write(xs, t, fe, "device-type", "disk");
    if (!ok)
        return ERR("cannot write %s: %s", fe, strerror(errno));
    ok = !xb_write(xs, t, be, "params", v->params) &&
         !xb_write(xs, t, be, "type", "xyl") &&
         !xb_write(xs, t, be, "mode", v->readonly ? "r" : "w") &&
         !xb_write(xs, t, be, "device-type", "disk") &&
         !xb_write(xs, t, be, "removable", "0") &&
         !xb_write(xs, t, be, "dev", v->vdev) &&
         (!v->takeover || !xb_writef(xs, t, be, "takeover", "%u", v->takeover_domid));
    if (!ok)
        return ERR("cannot write %s: %s", be, strerror(errno));
    return 0;
}

int xb_dev_create(struct xs_handle *xs, int n, xb_dev_writer *write, void *ctx,
                  char *err, size_t errlen)
{
    int i, tries;

    for (tries = 0; tries < XB_TX_TRIES; tries++) {
        xs_transaction_t t = xs_transaction_start(xs);

        if (t == XBT_NULL)
            return ERR("cannot start a xenstore transaction: %s", strerror(errno));
        for (i = 0; i < n; i++) {
            if (write(xs, t, i, ctx, err, errlen)) {
                xs_transaction_end(xs, t, true);
                return -1;
            }
        }
        if (xs_transaction_end(xs, t, false))
            return 0;
        if (errno != EAGAIN)
            return ERR("xenstore transaction failed: %s", strerror(errno));
    }
    return ERR("xenstore stayed busy (%d transaction retries)", XB_TX_TRIES);
}

int xb_vbd_create(struct xs_handle *xs, const struct xb_vbd *v, int n, char *err, size_t errlen)
{
    int i;

    for (i = 0; i < n; i++)
        if (!v[i].params || v[i].params[0] != '/' || strlen(v[i].params) > 1024)
            return ERR("disk %s: the image must be an absolute path (at most 1024 bytes)",
                       v[i].vdev);
    return xb_dev_create(xs, n, write_vbd, (void *)v, err, errlen);
}

/* Remove path if it is there.  xenstored answers EINVAL (not ENOENT) when
 * the parent is gone too, e.g. the guest's whole tree after libxl destroyed
 * it: so look first, in the same transaction. */
static bool rm(struct xs_handle *xs, xs_transaction_t t, const char *path)
{
    return !exists(xs, t, path) || xs_rm(xs, t, path) || errno == ENOENT;
}

/* Inside t: one device, then its guest's directory if now empty. */
static bool remove_one(struct xs_handle *xs, xs_transaction_t t, const struct xb_kind *k,
                       uint32_t domid, uint32_t devid)
{
    char fe[XB_PATH_MAX], be[XB_PATH_MAX], dom[XB_PATH_MAX];
    unsigned n = 0;
    char **left;

    xb_dev_frontend_path(k, fe, sizeof(fe), domid, devid);
    xb_dev_backend_path(k, be, sizeof(be), domid, devid);
    xb_dev_backend_domain_path(k, dom, sizeof(dom), domid);
    if (!rm(xs, t, fe) || !rm(xs, t, be))
        return false;
    left = xs_directory(xs, t, dom, &n);
    free(left);
    return left && n > 0 ? true : rm(xs, t, dom);
}

int xb_vbd_offline(struct xs_handle *xs, uint32_t domid, uint32_t devid, char *err, size_t errlen)
{
    return xb_dev_offline(xs, &xb_kind_vbd, domid, devid, err, errlen);
}

int xb_dev_offline(struct xs_handle *xs, const struct xb_kind *k, uint32_t domid, uint32_t devid,
                   char *err, size_t errlen)
{
    char be[XB_PATH_MAX];
    int tries;

    xb_dev_backend_path(k, be, sizeof(be), domid, devid);
    for (tries = 0; tries < XB_TX_TRIES; tries++) {
        xs_transaction_t t = xs_transaction_start(xs);

        if (t == XBT_NULL)
            return ERR("cannot start a xenstore transaction: %s", strerror(errno));
        if (!exists(xs, t, be)) {
            xs_transaction_end(xs, t, true);
            errno = ENOENT;
            return ERR("%s does not exist", be);
        }
        if (xb_write(xs, t, be, "online", "0") ||
            xb_writef(xs, t, be, "state", "%d", XenbusStateClosing)) {
            int e = errno;

            xs_transaction_end(xs, t, true);
            return ERR("cannot write %s: %s", be, strerror(e));
        }
        if (xs_transaction_end(xs, t, false))
            return 0;
        if (errno != EAGAIN)
            return ERR("xenstore transaction failed: %s", strerror(errno));
    }
    return ERR("xenstore stayed busy (%d transaction retries)", XB_TX_TRIES);
}

static bool device_gone(struct xs_handle *xs, const struct xb_kind *k, uint32_t domid,
                        uint32_t devid)
{
    char fe[XB_PATH_MAX], be[XB_PATH_MAX];

    return !exists(xs, XBT_NULL, xb_dev_frontend_path(k, fe, sizeof(fe), domid, devid)) &&
           !exists(xs, XBT_NULL, xb_dev_backend_path(k, be, sizeof(be), domid, devid));
}

int xb_vbd_remove(struct xs_handle *xs, uint32_t domid, uint32_t devid, char *err, size_t errlen)
{
    return xb_dev_remove(xs, &xb_kind_vbd, domid, devid, err, errlen);
}

int xb_dev_remove(struct xs_handle *xs, const struct xb_kind *k, uint32_t domid, uint32_t devid,
                  char *err, size_t errlen)
{
    int tries, e = 0;

    for (tries = 0; tries < XB_TX_TRIES; tries++) {
        xs_transaction_t t = xs_transaction_start(xs);

        if (t == XBT_NULL)
            return ERR("cannot start a xenstore transaction: %s", strerror(errno));
        if (!remove_one(xs, t, k, domid, devid)) {
            /* Someone else (xyl-blkback reaping a dead guest, or the
             * toolstack) may be removing the same nodes right now: C
             * xenstored can then fail an operation inside our transaction
             * (EIO) instead of the commit (EAGAIN).  Abort, and retry unless
             * the other side finished the job. */
            e = errno;
            xs_transaction_end(xs, t, true);
            if (device_gone(xs, k, domid, devid))
                return 0;
            continue;
        }
        if (xs_transaction_end(xs, t, false))
            return 0;
        if (errno != EAGAIN)
            return ERR("xenstore transaction failed: %s", strerror(errno));
    }
    if (e)
        return ERR("cannot remove device %u of domain %u: %s", devid, domid, strerror(e));
    return ERR("xenstore stayed busy (%d transaction retries)", XB_TX_TRIES);
}

static int cmp_u32(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

    return x < y ? -1 : x > y;
}

uint32_t *xb_vbd_list(struct xs_handle *xs, uint32_t domid, int *n)
{
    return xb_dev_list(xs, &xb_kind_vbd, domid, n);
}

uint32_t *xb_dev_list(struct xs_handle *xs, const struct xb_kind *k, uint32_t domid, int *n)
{
    char dom[XB_PATH_MAX];
    unsigned i, num = 0;
    char **ents;
    uint32_t *ids;

    *n = 0;
    ents = xs_directory(xs, XBT_NULL, xb_dev_backend_domain_path(k, dom, sizeof(dom), domid), &num);
    if (!ents || num == 0) {
        free(ents);
        return NULL;
    }
    ids = malloc(num * sizeof(*ids));
    for (i = 0; ids && i < num; i++) {
        uint32_t id;

        /* our own tree (dom0-only), but a stray node must not become a devid */
        if (!xb_parse_u32(ents[i], strlen(ents[i]), UINT32_MAX, &id))
            ids[(*n)++] = id;
    }
    free(ents);
    if (ids && *n)
        qsort(ids, (size_t)*n, sizeof(*ids), cmp_u32);
    return ids;
}

int xb_vbd_remove_domain(struct xs_handle *xs, uint32_t domid, char *err, size_t errlen)
{
    return xb_dev_remove_domain(xs, &xb_kind_vbd, domid, err, errlen);
}

int xb_dev_remove_domain(struct xs_handle *xs, const struct xb_kind *k, uint32_t domid,
                         char *err, size_t errlen)
{
    char dom[XB_PATH_MAX];
    int i, n, rc = 0;
    uint32_t *ids = xb_dev_list(xs, k, domid, &n);

    for (i = 0; i < n; i++)
        if (xb_dev_remove(xs, k, domid, ids[i], err, errlen))
            rc = -1;
    free(ids);
    /* stray nodes (no devid) would keep the directory: remove it outright */
    if (!rc && !rm(xs, XBT_NULL, xb_dev_backend_domain_path(k, dom, sizeof(dom), domid)))
        rc = ERR("cannot remove %s: %s", dom, strerror(errno));
    return rc;
}

static long now_ms(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

int xb_wait_backends(struct xs_handle *xs, uint32_t domid, const uint32_t *devids, int n,
                     int want, int timeout_ms, char *err, size_t errlen)
{
    return xb_dev_wait(xs, &xb_kind_vbd, domid, devids, n, want, timeout_ms, err, errlen);
}

int xb_dev_wait(struct xs_handle *xs, const struct xb_kind *k, uint32_t domid,
                const uint32_t *devids, int n, int want, int timeout_ms, char *err, size_t errlen)
{
    static const char token[] = "xyl-wait-backend";
    char be[XB_PATH_MAX], path[XB_PATH_MAX + 8];
    long end = now_ms() + timeout_ms;
    int i, rc = -1, st = -1;
    uint32_t waiting = 0;

    for (i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "%s/state", xb_dev_backend_path(k, be, sizeof(be), domid, devids[i]));
        if (!xs_watch(xs, path, token)) {
            ERR("cannot watch %s: %s", path, strerror(errno));
            n = i;
            goto out;
        }
    }
    for (;;) {
        long left;
        struct pollfd pfd = { .fd = xs_fileno(xs), .events = POLLIN };
        char **ev;

        for (i = 0; i < n; i++) {
            xb_dev_backend_path(k, be, sizeof(be), domid, devids[i]);
            st = xb_read_state(xs, XBT_NULL, be);
            if ((want < XenbusStateClosing && st >= XenbusStateClosing) ||
                (st < 0 && errno == ENOENT)) {
                char *why = xb_read(xs, XBT_NULL, be, "error", NULL);

                ERR("%s: the backend %s%s%s", be,
                    st < 0 ? "directory disappeared" : "closed the device",
                    why ? ": " : "", why ? why : "");
                free(why);
                goto out;
            }
            if (st < want)
                break;
        }
        if (i == n) {
            rc = 0;
            goto out;
        }
        waiting = devids[i];
        left = end - now_ms();
        if (left <= 0) {
            ERR("backend %s of device %u is still %s after %d ms (is xyl-%s running? "
                "see its log)", be, waiting, xb_state_name(st), timeout_ms,
                k == &xb_kind_vif ? "netback" : "blkback");
            goto out;
        }
        if (pfd.fd < 0 || poll(&pfd, 1, (int)(left > 1000 ? 1000 : left)) < 0) {
            if (errno == EINTR)
                continue;
            ERR("waiting for xenstore: %s", strerror(errno));
            goto out;
        }
        while ((ev = xs_check_watch(xs)))   /* drain; we re-read every state */
            free(ev);
    }
out:
    for (i = 0; i < n; i++) {
        snprintf(path, sizeof(path), "%s/state", xb_dev_backend_path(k, be, sizeof(be), domid, devids[i]));
        xs_unwatch(xs, path, token);
    }
    return rc;
}
