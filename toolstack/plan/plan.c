/*
 * plan.c - desired guests + observed domains -> actions (see plan.h).
 *
 * Matching is by name (libxl keeps names unique).  Every comparison reads
 * the libxl_domain_config of both sides, the desired one straight from the
 * YAML through libxl_map.c, so a field means the same on both sides.
 */
#include "plan/plan.h"
#include "base/util.h"
#include "xen/xs_data.h"

#include <libxl_utils.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

const char *plan_kind_name(enum plan_kind k)
{
    static const char *const names[] = {
        [PLAN_UNCHANGED] = "unchanged", [PLAN_CREATE] = "create", [PLAN_UPDATE] = "update",
        [PLAN_RECREATE] = "recreate", [PLAN_DESTROY] = "destroy", [PLAN_CONFLICT] = "conflict",
        [PLAN_KEEP] = "keep",
    };
    return (unsigned)k < ARRAY_SIZE(names) ? names[k] : "?";
}

static void why(struct plan_action *a, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void why(struct plan_action *a, const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    va_list ap;

    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    ALLOC_GROW(a->why, a->n_why, a->alloc_why);
    a->why[a->n_why++] = sb_detach(&sb);
}

static void op(struct plan_action *a, enum plan_op_kind kind, uint64_t value, int idx,
               const char *key)
{
    ALLOC_GROW(a->ops, a->n_ops, a->alloc_ops);
    a->ops[a->n_ops++] = (struct plan_op){ kind, value, idx, key };
}

static struct plan_action *add(struct plan *p, enum plan_kind kind, int want, int have,
                               const char *name)
{
    struct plan_action *a;

    ALLOC_GROW(p->v, p->n, p->alloc);
    a = &p->v[p->n++];
    memset(a, 0, sizeof(*a));
    a->kind = kind;
    a->want = want;
    a->have = have;
    a->name = name;
    return a;
}

/* NULL and "" are the same: "not set" */
static bool same_str(const char *a, const char *b)
{
    return !strcmp(a ? a : "", b ? b : "");
}

/* "64 MiB", or KiB when not a whole number of MiB */
static const char *size_str(uint64_t kb, char *buf, size_t n)
{
    if (kb % 1024)
        snprintf(buf, n, "%" PRIu64 " KiB", kb);
    else
        snprintf(buf, n, "%" PRIu64 " MiB", kb / 1024);
    return buf;
}

/* "96→64 MiB", or each side with its unit when one is not whole MiB */
static const char *size_change(uint64_t from, uint64_t to, char *buf, size_t n)
{
    char a[32], b[32];

    if (from % 1024 == 0 && to % 1024 == 0)
        snprintf(buf, n, "%" PRIu64 "→%" PRIu64 " MiB", from / 1024, to / 1024);
    else
        snprintf(buf, n, "%s→%s", size_str(from, a, sizeof(a)), size_str(to, b, sizeof(b)));
    return buf;
}

static void mac_str(const libxl_mac m, char *buf)
{
    snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x", m[0], m[1], m[2], m[3], m[4], m[5]);
}

/* What needs a new domain: each difference is one reason. */
static void compare_boot(struct plan_action *a, const libxl_domain_config *w,
                         const libxl_domain_config *h)
{
    static const struct { const char *name; size_t off; } strs[] = {
        { "kernel", offsetof(libxl_domain_build_info, kernel) },
        { "ramdisk", offsetof(libxl_domain_build_info, ramdisk) },
        { "cmdline", offsetof(libxl_domain_build_info, cmdline) },
        { "bootloader", offsetof(libxl_domain_build_info, bootloader) },
    };
    static const struct { const char *name; size_t off; } acts[] = {
        { "on_poweroff", offsetof(libxl_domain_config, on_poweroff) },
        { "on_reboot", offsetof(libxl_domain_config, on_reboot) },
        { "on_crash", offsetof(libxl_domain_config, on_crash) },
    };
    char b1[80];
    size_t i;

    if (w->c_info.type != h->c_info.type)
        why(a, "type %s→%s", libxl_domain_type_to_string(h->c_info.type),
            libxl_domain_type_to_string(w->c_info.type));
    if (libxl_uuid_compare((libxl_uuid *)&w->c_info.uuid, (libxl_uuid *)&h->c_info.uuid))
        why(a, "uuid changed");
    for (i = 0; i < ARRAY_SIZE(strs); i++) {
        const char *ws = *(char *const *)((const char *)&w->b_info + strs[i].off);
        const char *hs = *(char *const *)((const char *)&h->b_info + strs[i].off);

        if (!same_str(ws, hs))
            why(a, "%s '%s'→'%s'", strs[i].name, hs ? hs : "", ws ? ws : "");
    }
    for (i = 0; i < ARRAY_SIZE(acts); i++) {
        libxl_action_on_shutdown wa = *(const libxl_action_on_shutdown *)((const char *)w + acts[i].off);
        libxl_action_on_shutdown ha = *(const libxl_action_on_shutdown *)((const char *)h + acts[i].off);

        if (wa != ha)
            why(a, "%s %s→%s", acts[i].name, libxl_action_on_shutdown_to_string(ha),
                libxl_action_on_shutdown_to_string(wa));
    }
    if (w->b_info.max_memkb != h->b_info.max_memkb)
        why(a, "maxmem %s", size_change(h->b_info.max_memkb, w->b_info.max_memkb, b1, sizeof(b1)));
    else if (w->b_info.target_memkb > h->b_info.max_memkb)
        why(a, "memory %s is above maxmem", size_change(h->b_info.target_memkb, w->b_info.target_memkb,
                                                       b1, sizeof(b1)));
    if (w->b_info.max_vcpus != h->b_info.max_vcpus)
        why(a, "maxvcpus %d→%d", h->b_info.max_vcpus, w->b_info.max_vcpus);
}

static int find_disk(const libxl_domain_config *dc, const char *vdev)
{
    int i;

    for (i = 0; i < dc->num_disks; i++)
        if (same_str(dc->disks[i].vdev, vdev))
            return i;
    return -1;
}

static int find_nic(const libxl_domain_config *dc, const libxl_mac mac)
{
    int i;

    for (i = 0; i < dc->num_nics; i++)
        if (!memcmp(dc->nics[i].mac, mac, sizeof(libxl_mac)))
            return i;
    return -1;
}

/* Devices: changed ones need a new domain (recreate reasons in r), added
 * and removed ones are hot-plugged (ops and reasons in a). */
static void compare_devices(struct plan_action *a, struct plan_action *r,
                            const libxl_domain_config *w, const libxl_domain_config *h)
{
    char m[18];
    int i, j;

    for (i = 0; i < w->num_disks; i++) {
        const libxl_device_disk *wd = &w->disks[i], *hd;

        j = find_disk(h, wd->vdev);
        if (j < 0) {
            op(a, OP_DISK_ADD, 0, i, NULL);
            why(a, "+disk %s (%s)", wd->vdev, wd->pdev_path ? wd->pdev_path : "empty");
            continue;
        }
        hd = &h->disks[j];
        if (!same_str(wd->pdev_path, hd->pdev_path))
            why(r, "disk %s target '%s'→'%s'", wd->vdev, hd->pdev_path ? hd->pdev_path : "",
                wd->pdev_path ? wd->pdev_path : "");
        if (wd->readwrite != hd->readwrite)
            why(r, "disk %s %s→%s", wd->vdev, hd->readwrite ? "rw" : "ro", wd->readwrite ? "rw" : "ro");
        if (wd->is_cdrom != hd->is_cdrom)
            why(r, "disk %s cdrom %s→%s", wd->vdev, hd->is_cdrom ? "yes" : "no",
                wd->is_cdrom ? "yes" : "no");
        if (wd->format != hd->format && wd->format != LIBXL_DISK_FORMAT_UNKNOWN &&
            hd->format != LIBXL_DISK_FORMAT_UNKNOWN)
            why(r, "disk %s format %s→%s", wd->vdev, libxl_disk_format_to_string(hd->format),
                libxl_disk_format_to_string(wd->format));
    }
    for (j = 0; j < h->num_disks; j++)
        if (find_disk(w, h->disks[j].vdev) < 0) {
            op(a, OP_DISK_DEL, 0, j, NULL);
            why(a, "-disk %s", h->disks[j].vdev ? h->disks[j].vdev : "?");
        }
    for (i = 0; i < w->num_nics; i++) {
        const libxl_device_nic *wn = &w->nics[i];

        mac_str(wn->mac, m);
        j = find_nic(h, wn->mac);
        if (j < 0) {
            op(a, OP_NIC_ADD, 0, i, NULL);
            why(a, "+nic %s", m);
            continue;
        }
        /* libxl's default bridge is xenbr0 */
        if (!same_str(wn->bridge ? wn->bridge : "xenbr0", h->nics[j].bridge ? h->nics[j].bridge : "xenbr0"))
            why(r, "nic %s bridge %s→%s", m, h->nics[j].bridge ? h->nics[j].bridge : "xenbr0",
                wn->bridge ? wn->bridge : "xenbr0");
    }
    for (j = 0; j < h->num_nics; j++)
        if (find_nic(w, h->nics[j].mac) < 0) {
            mac_str(h->nics[j].mac, m);
            op(a, OP_NIC_DEL, 0, j, NULL);
            why(a, "-nic %s", m);
        }
}

void plan_xdevs_add(struct plan_xdevs *l, const char *key, const char *target, int idx)
{
    l->v = xrealloc(l->v, (size_t)(l->n + 1) * sizeof(*l->v));
    l->v[l->n].key = xstrdup(key);
    l->v[l->n].target = target ? xstrdup(target) : NULL;
    l->v[l->n].idx = idx;
    l->v[l->n].size = 0;
    l->n++;
}

void plan_xdevs_free(struct plan_xdevs *l)
{
    int i;

    for (i = 0; i < l->n; i++) {
        free(l->v[i].key);
        free(l->v[i].target);
    }
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

static const struct plan_xdev *find_xdev(const struct plan_xdevs *l, const char *key)
{
    int i;

    for (i = 0; l && i < l->n; i++)
        if (!strcasecmp(l->v[i].key, key))
            return &l->v[i];
    return NULL;
}

/* `backend: xyl` devices: added and removed ones are hot-plugged by xyl,
 * a changed image or bridge needs a new domain.  what: "disk", "nic". */
static void compare_xdevs(struct plan_action *a, struct plan_action *r, const struct plan_xdevs *w,
                          const struct plan_xdevs *h, bool disk)
{
    const char *what = disk ? "xyl disk" : "xyl nic";
    const struct plan_xdev *o;
    int i;

    for (i = 0; w && i < w->n; i++) {
        o = find_xdev(h, w->v[i].key);
        if (!o) {
            op(a, disk ? OP_XDISK_ADD : OP_XNIC_ADD, 0, w->v[i].idx, w->v[i].key);
            if (disk)
                why(a, "+%s %s (%s)", what, w->v[i].key, w->v[i].target ? w->v[i].target : "?");
            else
                why(a, "+%s %s", what, w->v[i].key);
        } else if (!same_str(o->target, w->v[i].target)) {
            why(r, "%s %s %s '%s'→'%s'", what, w->v[i].key, disk ? "target" : "bridge",
                o->target ? o->target : "", w->v[i].target ? w->v[i].target : "");
        }
    }
    for (i = 0; h && i < h->n; i++)
        if (!find_xdev(w, h->v[i].key)) {
            op(a, disk ? OP_XDISK_DEL : OP_XNIC_DEL, (uint64_t)h->v[i].idx, -1, h->v[i].key);
            why(a, "-%s %s", what, h->v[i].key);
        }
}

/* size: against the images as they are: a larger size grows the disk in
 * place (the running guest sees it, OP_DISK_GROW); a smaller one is
 * refused: returns the reason then (malloc'd), else NULL. */
static char *compare_sizes(struct plan_action *a, const struct plan_xdevs *w,
                           const struct plan_xdevs *h)
{
    const struct plan_xdev *o;
    char b[80];
    int i;

    for (i = 0; w && i < w->n; i++) {
        o = find_xdev(h, w->v[i].key);
        if (!o || o->size == w->v[i].size)
            continue;           /* a disk added now, or a size the host could not tell */
        if (w->v[i].size < o->size)
            return xasprintf("disk %s: size %s is below its image's (%s): xyl does not shrink "
                             "disks (raise size:, or shrink the image yourself)", w->v[i].key,
                             size_str(w->v[i].size / 1024, b, sizeof(b) / 2),
                             size_str(o->size / 1024, b + sizeof(b) / 2, sizeof(b) / 2));
        op(a, OP_DISK_GROW, w->v[i].size, w->v[i].idx, w->v[i].key);
        why(a, "disk %s %s (grown online)", w->v[i].key,
            size_change(o->size / 1024, w->v[i].size / 1024, b, sizeof(b)));
    }
    return NULL;
}

static const char *kv_get(const struct xyl_kvlist *kv, const char *key, bool *found)
{
    int i;

    *found = false;
    for (i = 0; kv && i < kv->n; i++)
        if (!strcmp(kv->v[i].key, key)) {
            *found = true;
            return kv->v[i].value;
        }
    return NULL;
}

/* xenstore: keys against the guest's data/ values; keys xyl wrote before
 * (data_keys) and no longer wanted are removed. */
static void compare_xenstore(struct plan_action *a, const struct plan_want *w,
                             const struct plan_have *h)
{
    const char *cur, *p, *e;
    bool found;
    int i;

    for (i = 0; w->xs && i < w->xs->n; i++) {
        cur = kv_get(h->xs, w->xs->v[i].key, &found);
        if (!cur || strcmp(cur, w->xs->v[i].value)) {
            op(a, OP_XS_SET, 0, i, w->xs->v[i].key);
            why(a, "xenstore %s", w->xs->v[i].key);
        }
    }
    for (p = h->data_keys ? h->data_keys : ""; *p; p = e) {
        char key[XS_DATA_KEY_MAX + 1];
        size_t n;

        while (*p == ' ')
            p++;
        e = p + strcspn(p, " ");
        n = (size_t)(e - p);
        if (!n || n >= sizeof(key))
            continue;
        memcpy(key, p, n);
        key[n] = '\0';
        kv_get(w->xs, key, &found);
        if (found)
            continue;
        cur = kv_get(h->xs, key, &found);
        if (cur) {
            /* the op's key must outlive this loop: point into have's list */
            for (i = 0; i < h->xs->n; i++)
                if (!strcmp(h->xs->v[i].key, key))
                    op(a, OP_XS_DEL, 0, i, h->xs->v[i].key);
            why(a, "-xenstore %s", key);
        }
    }
}

static void plan_one(struct plan *p, const struct plan_want *w, int wi,
                     const struct plan_have *h, int hi)
{
    struct plan_action *a, r = { 0 };
    const libxl_domain_build_info *wb = &w->dc->b_info, *hb = &h->dc->b_info;
    char b1[80], *shrink;
    int won, hon, i;

    if (!h->managed) {
        a = add(p, PLAN_CONFLICT, wi, hi, w->name);
        why(a, "domain %u of that name was not created by xyl: destroy or rename it", h->domid);
        p->conflicts++;
        return;
    }
    a = add(p, PLAN_UPDATE, wi, hi, w->name);
    if (h->stopped)
        why(&r, "it has shut down");
    compare_boot(&r, w->dc, h->dc);
    if (wb->target_memkb != hb->target_memkb && wb->target_memkb <= hb->max_memkb) {
        op(a, OP_MEMORY, wb->target_memkb, 0, NULL);
        why(a, "memory %s", size_change(hb->target_memkb, wb->target_memkb, b1, sizeof(b1)));
    }
    won = libxl_bitmap_count_set(&wb->avail_vcpus);
    hon = libxl_bitmap_count_set(&hb->avail_vcpus);
    if (won != hon) {
        if (won > hb->max_vcpus) {
            why(&r, "vcpus %d→%d is above maxvcpus %d", hon, won, hb->max_vcpus);
        } else {
            op(a, OP_VCPUS, (uint64_t)won, 0, NULL);
            why(a, "vcpus %d→%d", hon, won);
        }
    }
    shrink = compare_sizes(a, w->sizes, h->sizes);
    if (shrink) {
        for (i = 0; i < a->n_why; i++)
            free(a->why[i]);
        a->n_why = 0;
        a->n_ops = 0;
        for (i = 0; i < r.n_why; i++)
            free(r.why[i]);
        free(r.why);
        a->kind = PLAN_CONFLICT;
        why(a, "%s", shrink);
        free(shrink);
        p->conflicts++;
        return;
    }
    compare_devices(a, &r, w->dc, h->dc);
    compare_xdevs(a, &r, w->xdisks, h->xdisks, true);
    compare_xdevs(a, &r, w->xnics, h->xnics, false);
    compare_xenstore(a, w, h);
    if (r.n_why) {
        /* the new domain gets everything: the in-place list is moot */
        for (i = 0; i < a->n_why; i++)
            free(a->why[i]);
        free(a->why);
        free(a->ops);
        a->kind = PLAN_RECREATE;
        a->why = r.why;
        a->n_why = r.n_why;
        a->alloc_why = r.alloc_why;
        a->ops = NULL;
        a->n_ops = a->alloc_ops = 0;
        a->disruptive = !h->stopped;
        p->disruptive += a->disruptive;
        p->changes++;
        return;
    }
    if (!same_str(w->sha256, h->sha256) || !same_str(w->file, h->file)) {
        op(a, OP_RECORD, 0, 0, NULL);
        if (!same_str(w->file, h->file))
            why(a, "defined in %s now (was %s)", w->file, h->file ? h->file : "unknown");
        else if (!a->n_why)
            why(a, "definition edited, the running guest already matches");
    }
    if (a->n_ops) {
        /* any in-place change also refreshes the record */
        if (a->ops[a->n_ops - 1].kind != OP_RECORD)
            op(a, OP_RECORD, 0, 0, NULL);
        p->changes++;
    } else {
        a->kind = PLAN_UNCHANGED;
    }
}

/* Is file inside folder dir (an absolute path)? */
static bool under(const char *file, const char *dir)
{
    size_t n = strlen(dir);

    while (n > 1 && dir[n - 1] == '/')
        n--;
    return file && !strncmp(file, dir, n) && file[n] == '/';
}

void plan_make(const struct plan_want *want, int n_want,
               const struct plan_have *have, int n_have,
               const char *dir, bool prune, struct plan *out)
{
    struct plan_action *a;
    int i, j;

    memset(out, 0, sizeof(*out));
    for (i = 0; i < n_want; i++) {
        if (want[i].skip)
            continue;
        for (j = 0; j < n_have; j++)
            if (!strcmp(have[j].name, want[i].name))
                break;
        if (j == n_have) {
            add(out, PLAN_CREATE, i, -1, want[i].name);
            out->changes++;
        } else {
            plan_one(out, &want[i], i, &have[j], j);
        }
    }
    for (j = 0; j < n_have; j++) {
        if (!have[j].managed || !under(have[j].file, dir))
            continue;
        for (i = 0; i < n_want; i++)
            if (!strcmp(have[j].name, want[i].name))
                break;
        if (i < n_want)
            continue;
        a = add(out, prune ? PLAN_DESTROY : PLAN_KEEP, -1, j, have[j].name);
        why(a, "%s is gone%s", have[j].file, prune ? "" : "; --prune destroys it");
        if (prune) {
            out->changes++;
            a->disruptive = !have[j].stopped;
            out->disruptive += a->disruptive;
        }
    }
}

void plan_free(struct plan *p)
{
    int i, k;

    for (i = 0; i < p->n; i++) {
        for (k = 0; k < p->v[i].n_why; k++)
            free(p->v[i].why[k]);
        free(p->v[i].why);
        free(p->v[i].ops);
    }
    free(p->v);
    memset(p, 0, sizeof(*p));
}
