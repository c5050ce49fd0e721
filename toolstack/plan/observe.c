/*
 * observe.c - the host's domains for the planner (see observe.h).
 *
 * Everything under a guest's data/ is written by the guest too, so values
 * read there are only compared with the desired ones, never interpreted.
 */
#include "plan/observe.h"
#include "images/image_grow.h"
#include "base/util.h"
#include "xen/xs_data.h"
#include "pv-drivers/xenbus/xb_dev.h"

#include <libxl_utils.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xenstore.h>

/* Add key's current data/ value (NULL if absent) to kv, once. */
static void read_key(struct xs_handle *xs, uint32_t domid, const char *key, struct xyl_kvlist *kv)
{
    char *path, *v;
    unsigned len;
    int i;

    for (i = 0; i < kv->n; i++)
        if (!strcmp(kv->v[i].key, key))
            return;
    path = xasprintf("/local/domain/%u/data/%s", domid, key);
    v = xs_read(xs, XBT_NULL, path, &len);
    free(path);
    if (v && strlen(v) != len) {        /* embedded NUL: cannot equal a YAML value */
        free(v);
        v = xstrdup("\x01");
    }
    kv->v = xrealloc(kv->v, (size_t)(kv->n + 1) * sizeof(*kv->v));
    memset(&kv->v[kv->n], 0, sizeof(kv->v[0]));
    kv->v[kv->n].key = xstrdup(key);
    kv->v[kv->n].value = v;
    kv->n++;
}

/* Every key under data/ (below rel, "" for all), at most XS_DATA_MAX_KEYS:
 * `xyl state` does not know which keys a folder will want. */
static void read_all_keys(struct xs_handle *xs, uint32_t domid, const char *rel,
                          struct xyl_kvlist *kv)
{
    char *path = xasprintf("/local/domain/%u/data%s%s", domid, *rel ? "/" : "", rel), **ents;
    unsigned n = 0, i;

    ents = xs_directory(xs, XBT_NULL, path, &n);
    free(path);
    for (i = 0; ents && i < n && kv->n < XS_DATA_MAX_KEYS; i++) {
        char *key = *rel ? xasprintf("%s/%s", rel, ents[i]) : xstrdup(ents[i]);

        if (strlen(key) <= XS_DATA_KEY_MAX && xs_data_key_ok(key)) {
            read_key(xs, domid, key, kv);
            if (kv->n && kv->v[kv->n - 1].value && !kv->v[kv->n - 1].value[0] &&
                !strcmp(kv->v[kv->n - 1].key, key))
                read_all_keys(xs, domid, key, kv);     /* a directory node */
        }
        free(key);
    }
    free(ents);
}

static void read_keys(struct xs_handle *xs, struct plan_have *h, const struct plan_want *want,
                      int n_want, struct xyl_kvlist *kv)
{
    char *copy, *k, *save = NULL;
    int i, j;

    if (!want)
        read_all_keys(xs, h->domid, "", kv);
    for (i = 0; i < n_want; i++)
        if (!strcmp(want[i].name, h->name))
            for (j = 0; want[i].xs && j < want[i].xs->n; j++)
                read_key(xs, h->domid, want[i].xs->v[j].key, kv);
    if (h->data_keys) {
        copy = xstrdup(h->data_keys);
        for (k = strtok_r(copy, " ", &save); k; k = strtok_r(NULL, " ", &save))
            if (xs_data_key_ok(k))
                read_key(xs, h->domid, k, kv);
        free(copy);
    }
}

/* The domain's `backend: xyl` devices of kind k: key and target from
 * xyl's backend nodes (disk: dev, params; NIC: mac, bridge). */
static void read_xdevs(struct xs_handle *xs, const struct xb_kind *k, uint32_t domid,
                       const char *key_node, const char *target_node, struct plan_xdevs *l)
{
    char dir[XB_PATH_MAX], *key, *target;
    uint32_t *ids;
    int n = 0, i;

    ids = xb_dev_list(xs, k, domid, &n);
    for (i = 0; i < n; i++) {
        xb_dev_backend_path(k, dir, sizeof(dir), domid, ids[i]);
        key = xb_read(xs, XBT_NULL, dir, key_node, NULL);
        target = xb_read(xs, XBT_NULL, dir, target_node, NULL);
        if (key)                /* half-written or going: nothing to compare */
            plan_xdevs_add(l, key, target, (int)ids[i]);
        free(key);
        free(target);
    }
    free(ids);
}

/* The images' sizes of a domain's disks (libxl's, file or block device
 * targets, not CD-ROMs; and its xyl disks), by vdev, where the host can
 * tell: what plan compares size: with. */
static void read_sizes(const libxl_domain_config *dc, const struct plan_xdevs *xd,
                       struct plan_xdevs *sz)
{
    uint64_t bytes;
    int i;

    for (i = 0; i < dc->num_disks; i++) {
        const libxl_device_disk *d = &dc->disks[i];

        if (d->is_cdrom || !d->vdev || !d->pdev_path || image_size(d->pdev_path, &bytes))
            continue;
        plan_xdevs_add(sz, d->vdev, d->pdev_path, i);
        sz->v[sz->n - 1].size = bytes;
    }
    for (i = 0; i < xd->n; i++) {
        if (!xd->v[i].target || image_size(xd->v[i].target, &bytes))
            continue;
        plan_xdevs_add(sz, xd->v[i].key, xd->v[i].target, xd->v[i].idx);
        sz->v[sz->n - 1].size = bytes;
    }
}

int observe_host(libxl_ctx *ctx, const struct plan_want *want, int n_want, struct observed *o)
{
    libxl_dominfo *info;
    struct xs_handle *xs;
    char uuid[LIBXL_UUID_FMTLEN + 1];
    int nd = 0, i, k, rc = -1;

    memset(o, 0, sizeof(*o));
    if (meta_read_all(&o->meta, &o->n_meta))
        return -1;
    if (!(xs = xs_open(0))) {
        fprintf(stderr, "xyl: cannot connect to xenstored: %s\n", strerror(errno));
        return -1;
    }
    info = libxl_list_domain(ctx, &nd);
    if (!info) {
        fprintf(stderr, "xyl: libxl cannot list the domains\n");
        goto out;
    }
    o->v = xcalloc((size_t)nd, sizeof(*o->v));
    o->dc = xcalloc((size_t)nd, sizeof(*o->dc));
    o->names = xcalloc((size_t)nd, sizeof(*o->names));
    o->xs = xcalloc((size_t)nd, sizeof(*o->xs));
    o->xd = xcalloc((size_t)nd, sizeof(*o->xd));
    o->xn = xcalloc((size_t)nd, sizeof(*o->xn));
    o->sz = xcalloc((size_t)nd, sizeof(*o->sz));
    o->uuid = xcalloc((size_t)nd, sizeof(*o->uuid));
    for (i = 0; i < nd; i++) {
        struct plan_have *h = &o->v[o->n];
        libxl_domain_config *dc = &o->dc[o->n];

        if (info[i].domid == 0 || info[i].dying)
            continue;
        libxl_domain_config_init(dc);
        if (libxl_retrieve_domain_configuration(ctx, info[i].domid, dc, NULL)) {
            /* gone meanwhile, or not built by libxl: nothing to compare */
            libxl_domain_config_dispose(dc);
            if (libxl_domain_info(ctx, NULL, info[i].domid))
                continue;
            fprintf(stderr, "xyl: libxl has no configuration for domain %u: "
                    "it was not created through libxl; destroy it or leave it out\n", info[i].domid);
            goto out;
        }
        o->names[o->n] = libxl_domid_to_name(ctx, info[i].domid);
        if (!o->names[o->n])
            o->names[o->n] = xasprintf("(domain %u)", info[i].domid);
        h->name = o->names[o->n];
        h->domid = info[i].domid;
        h->dc = dc;
        libxl_uuid_copy(ctx, &o->uuid[o->n], &info[i].uuid);
        h->stopped = info[i].shutdown && info[i].shutdown_reason != LIBXL_SHUTDOWN_REASON_SUSPEND;
        snprintf(uuid, sizeof(uuid), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(info[i].uuid));
        for (k = 0; k < o->n_meta; k++) {
            struct xyl_meta *m = &o->meta[k];

            if (!strcmp(m->uuid, uuid) && m->managed) {
                h->managed = true;
                h->file = m->file;
                h->sha256 = m->sha256;
                h->data_keys = m->data_keys;
                h->stop_timeout = m->stop_timeout;
            }
        }
        read_keys(xs, h, want, n_want, &o->xs[o->n]);
        h->xs = &o->xs[o->n];
        read_xdevs(xs, &xb_kind_vbd, h->domid, "dev", "params", &o->xd[o->n]);
        read_xdevs(xs, &xb_kind_vif, h->domid, "mac", "bridge", &o->xn[o->n]);
        h->xdisks = &o->xd[o->n];
        h->xnics = &o->xn[o->n];
        read_sizes(dc, &o->xd[o->n], &o->sz[o->n]);
        h->sizes = &o->sz[o->n];
        o->n++;
    }
    rc = 0;
out:
    if (info)
        libxl_dominfo_list_free(info, nd);
    xs_close(xs);
    if (rc)
        observe_free(o);
    return rc;
}

bool observe_meta_stale(const struct observed *o, const struct xyl_meta *m)
{
    char uuid[LIBXL_UUID_FMTLEN + 1];
    int i;

    for (i = 0; i < o->n; i++) {
        snprintf(uuid, sizeof(uuid), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(o->uuid[i]));
        if (!strcmp(uuid, m->uuid))
            return false;
    }
    return true;
}

void observe_free(struct observed *o)
{
    int i, k;

    for (i = 0; i < o->n; i++) {
        libxl_domain_config_dispose(&o->dc[i]);
        free(o->names[i]);
        for (k = 0; k < o->xs[i].n; k++) {
            free(o->xs[i].v[k].key);
            free(o->xs[i].v[k].value);
        }
        free(o->xs[i].v);
        if (o->xd)
            plan_xdevs_free(&o->xd[i]);
        if (o->xn)
            plan_xdevs_free(&o->xn[i]);
        if (o->sz)
            plan_xdevs_free(&o->sz[i]);
    }
    free(o->sz);
    free(o->xd);
    free(o->xn);
    free(o->v);
    free(o->dc);
    free(o->names);
    free(o->xs);
    free(o->uuid);
    meta_free(o->meta, o->n_meta);
    memset(o, 0, sizeof(*o));
}
