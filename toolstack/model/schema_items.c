/*
 * schema_items.c - disks, networks and vtpms list items.
 *
 * Both item forms end up in the same struct: a mapping is read by the
 * generic walk, an xl spec string by the functions below.  Disks always get
 * an xl disk spec, which libxlutil's xlu_disk_parse() parses (for validation
 * here and for the libxl mapping later): xyl never parses disk specs itself.
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE     /* fopencookie */
#endif
#include "model/schema_check.h"
#include "base/util.h"
#include "pv-drivers/xenbus/xb_vdev.h"    /* the one vdev numbering */

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

void *disk_new_item(void *guest)
{
    struct xyl_guest *g = guest;
    struct xyl_disk *dk;

    g->disks = xrealloc(g->disks, (size_t)(g->n_disks + 1) * sizeof(*g->disks));
    dk = &g->disks[g->n_disks++];
    memset(dk, 0, sizeof(*dk));
    dk->cdrom = XYL_UNSET;
    dk->format_idx = dk->access_idx = dk->backend_idx = XYL_UNSET;
    return dk;
}

void *nic_new_item(void *guest)
{
    struct xyl_guest *g = guest;
    struct xyl_nic *nic;

    g->nics = xrealloc(g->nics, (size_t)(g->n_nics + 1) * sizeof(*g->nics));
    nic = &g->nics[g->n_nics++];
    memset(nic, 0, sizeof(*nic));
    nic->type_idx = XYL_UNSET;
    return nic;
}

/* What libxlutil reports goes into a strbuf through a cookie stream:
 * open_memstream() callocs and clears 8 KiB for each, a quarter of a
 * valid definition's cost (callgrind); this allocates nothing until
 * something is written, which happens only for a bad spec. */
static ssize_t msg_write(void *cookie, const char *buf, size_t len)
{
    sb_add(cookie, buf, len);
    return (ssize_t)len;
}

static FILE *msg_stream(struct strbuf *sb)
{
    static const cookie_io_functions_t io = { .write = msg_write };

    return fopencookie(sb, "w", io);
}

/* First line of what libxlutil printed, without its "file: " prefix. */
static const char *xlu_message(char *buf, const char *file)
{
    char *nl;
    size_t fl = strlen(file);

    if (!buf || !*buf)
        return NULL;
    if ((nl = strchr(buf, '\n')) != NULL)
        *nl = '\0';
    if (!strncmp(buf, file, fl) && buf[fl] == ':')
        buf += fl + 1;
    while (*buf == ' ')
        buf++;
    return buf;
}

/* Ask libxlutil to parse dk->spec; keep what validation needs. */
static int disk_check_with_xlu(struct xyl_load *ld, struct ymark m, struct xyl_disk *dk)
{
    struct strbuf msg = STRBUF_INIT;
    FILE *mf = msg_stream(&msg);
    XLU_Config *cfg;
    libxl_device_disk disk;
    const char *specs[1] = { dk->spec };
    int e, rc = 0;

    if (!mf)
        return -1;
    cfg = xlu_cfg_init(mf, ld->file);
    libxl_device_disk_init(&disk);
    e = cfg ? xlu_disk_parse(cfg, 1, specs, &disk) : ENOMEM;
    if (cfg)
        xlu_cfg_destroy(cfg);
    fclose(mf);
    if (e && !strpbrk(dk->spec, ",=")) {
        diag_err(ld->d, ld->file, m, "disk '%s' is a bare path: say which device the guest sees, "
                 "e.g. {target: %s, vdev: xvda} (or xl's '%s,raw,xvda,rw')", dk->spec, dk->spec, dk->spec);
        rc = -1;
    } else if (e) {
        const char *why = xlu_message(msg.buf, ld->file);
        diag_err(ld->d, ld->file, m, "disk '%s': %s", dk->spec,
                 why ? why : strerror(e));
        rc = -1;
    } else if (!disk.vdev || !*disk.vdev) {
        diag_err(ld->d, ld->file, m, "disk '%s' has no vdev (the name the guest sees, e.g. xvda)",
                 dk->spec);
        rc = -1;
    } else if ((dk->devnum = xb_vdev_number(disk.vdev)) < 0) {
        diag_err(ld->d, ld->file, m, "disk vdev '%s' is not a name Xen can number "
                 "(use xvda..., hda-hdd, sda-sdp, or d<N>p<N>)", disk.vdev);
        rc = -1;
    } else {
        free(dk->parsed_vdev);
        dk->parsed_vdev = xstrdup(disk.vdev);
        dk->parsed_readonly = !disk.readwrite;
        dk->parsed_cdrom = disk.is_cdrom;
        if (!dk->target && disk.pdev_path)
            dk->target = xstrdup(disk.pdev_path);
        if (dk->xlu_spec) {
            libxl_device_disk_dispose(&dk->xlu);
            free(dk->xlu_spec);
        }
        dk->xlu = disk;         /* kept for disk_to_libxl: parsed once */
        dk->xlu_spec = xstrdup(dk->spec);
        libxl_device_disk_init(&disk);
    }
    libxl_device_disk_dispose(&disk);
    sb_free(&msg);
    return rc;
}

int disk_parse_spec(struct xyl_load *ld, const struct ynode *n, void *item)
{
    static const char *const formats[] = { "raw", "qcow", "qcow2", "vhd", "qed" };
    static const char *const backends[] = { "phy", "qdisk", "xyl" };
    struct xyl_disk *dk = item;
    struct strbuf sb = STRBUF_INIT;

    dk->mark = n->mark;
    if (n->kind == Y_SCALAR) {
        dk->from_string = true;
        dk->spec = xstrdup(n->str);
        return disk_check_with_xlu(ld, n->mark, dk);
    }
    /* mapping form: the generic walk filled the fields; build the spec */
    if (!dk->vdev)
        return -1;      /* reported by the generic walk */
    if (!dk->target && dk->cdrom != 1) {
        diag_err(ld->d, ld->file, n->mark,
                 "disk %s needs 'target' (an image file or block device); only a CD-ROM may be empty",
                 dk->vdev);
        return -1;
    }
    if (dk->size_bytes && dk->cdrom == 1) {
        diag_err(ld->d, ld->file, dk->mark, "disk %s: a CD-ROM has no 'size'", dk->vdev);
        return -1;
    }
    if (dk->size_bytes && dk->format_idx != XYL_UNSET && dk->format_idx != 0 && dk->format_idx != 2) {
        diag_err(ld->d, ld->file, dk->size_mark, "disk %s: xyl creates raw and qcow2 images only; "
                 "drop 'size' or use format raw or qcow2", dk->vdev);
        return -1;
    }
    if (dk->size_bytes && dk->target && !strncmp(dk->target, "/dev/", 5)) {
        diag_err(ld->d, ld->file, dk->size_mark, "disk %s: '%s' is a block device; "
                 "'size' is for image files only", dk->vdev, dk->target);
        return -1;
    }
    if (dk->format_idx > 0 && (dk->backend_idx == 0 || dk->backend_idx == 2)) {
        /* blkback and xyl-blkback serve raw data only; qemu's qdisk reads the rest */
        diag_err(ld->d, ld->file, dk->mark, "disk %s: backend %s serves raw images only, not %s; "
                 "use backend: qdisk (or no backend) for %s", dk->vdev,
                 dk->backend_idx == 0 ? "phy" : "xyl", formats[dk->format_idx], formats[dk->format_idx]);
        return -1;
    }
    sb_addf(&sb, "format=%s, vdev=%s, access=%s",
            formats[dk->format_idx < 0 ? 0 : dk->format_idx], dk->vdev, dk->access_idx == 1 ? "ro" : "rw");
    if (dk->cdrom == 1)
        sb_adds(&sb, ", devtype=cdrom");
    if (dk->backend_idx >= 0 && dk->backend_idx <= 1)
        sb_addf(&sb, ", backendtype=%s", backends[dk->backend_idx]);
    dk->is_xyl_backend = dk->backend_idx == 2;
    /* target goes last: it may contain commas */
    sb_addf(&sb, ", target=%s", dk->target ? dk->target : "");
    dk->spec = sb_detach(&sb);
    return disk_check_with_xlu(ld, n->mark, dk);
}

/* libxlutil's rate parser: "10Mb/s", "1MB/s@20ms". */
static int nic_check_rate(struct xyl_load *ld, struct ymark m, const char *rate)
{
    struct strbuf msg = STRBUF_INIT;
    FILE *mf = msg_stream(&msg);
    XLU_Config *cfg;
    libxl_device_nic nic;
    int e;

    if (!mf)
        return -1;
    cfg = xlu_cfg_init(mf, ld->file);
    libxl_device_nic_init(&nic);
    e = cfg ? xlu_vif_parse_rate(cfg, rate, &nic) : ENOMEM;
    if (cfg)
        xlu_cfg_destroy(cfg);
    fclose(mf);
    libxl_device_nic_dispose(&nic);
    if (e) {
        const char *why = xlu_message(msg.buf, ld->file);
        diag_err(ld->d, ld->file, m, "network rate '%s': %s (write e.g. 10Mb/s or 1MB/s@20ms)",
                 rate, why ? why : strerror(e));
    }
    sb_free(&msg);
    return e ? -1 : 0;
}

/* One key=value item of an xl spec string at m; the callee owns val. */
typedef int spec_item_fn(struct xyl_load *ld, struct ymark m, const char *key, char *val, void *obj);

/* Walk an xl spec string "k=v,k=v" the way xl splits it: at commas, blanks
 * before an item skipped, empty items ignored.  An item without '=' is
 * refused ('what' names the spec).  0, or -1 if any item was refused. */
static int spec_items(struct xyl_load *ld, const struct ynode *n, const char *what,
                      spec_item_fn *fn, void *obj)
{
    const char *s = n->str, *p = s;
    int rc = 0;

    while (*p) {
        const char *end = strchr(p, ','), *eq;
        size_t len;
        struct ymark m = n->mark;

        while (*p == ' ')
            p++;
        len = end ? (size_t)(end - p) : strlen(p);
        m.col += (unsigned)(p - s) + (n->plain ? 0 : 1);
        eq = memchr(p, '=', len);
        if (len && !eq) {
            diag_err(ld->d, ld->file, m, "%s spec item '%.*s' is not key=value", what, (int)len, p);
            rc = -1;
        } else if (len) {
            char *key = xstrndup(p, (size_t)(eq - p));
            if (fn(ld, m, key, xstrndup(eq + 1, len - (size_t)(eq - p) - 1), obj))
                rc = -1;
            free(key);
        }
        if (!end)
            break;
        p = end + 1;
    }
    return rc;
}

/* "bridge=xenbr0,mac=...,model=e1000": the same keys as the mapping form. */
static int nic_item(struct xyl_load *ld, struct ymark m, const char *key, char *val, void *obj)
{
    struct xyl_nic *nic = obj;
    const struct xyl_key *k = keyset_find(&xyl_nic_keys, key);
    char **field;

    if (!k) {
        diag_err(ld->d, ld->file, m, "unknown network setting '%s'%s", key,
                 edit_distance(key, "bridge") <= 2 ? " (did you mean 'bridge'?)" :
                 edit_distance(key, "model") <= 2 ? " (did you mean 'model'?)" :
                 edit_distance(key, "script") <= 2 ? " (did you mean 'script'?)" :
                 edit_distance(key, "vifname") <= 2 ? " (did you mean 'vifname'?)" : "");
        free(val);
        return -1;
    }
    if (k->vtype == VT_ENUM) {
        int i;
        for (i = 0; k->choices[i] && strcmp(k->choices[i], val); i++)
            ;
        if (!k->choices[i])
            diag_err(ld->d, ld->file, m, "network %s must be vif or ioemu, got '%s'", key, val);
        else
            *(int *)((char *)nic + k->off) = i;
        free(val);
        return k->choices[i] ? 0 : -1;
    }
    field = (char **)((char *)nic + k->off);
    free(*field);
    *field = val;
    if (!strcmp(key, "mac"))
        nic->mac_mark = m;
    else if (!strcmp(key, "rate"))
        nic->rate_mark = m;
    return 0;
}

int nic_parse_spec(struct xyl_load *ld, const struct ynode *n, void *item)
{
    struct xyl_nic *nic = item;
    int rc = 0;

    nic->mark = n->mark;
    if (!nic->mac_mark.line)
        nic->mac_mark = n->mark;
    if (n->kind == Y_SCALAR) {
        nic->from_string = true;
        rc = spec_items(ld, n, "network", nic_item, nic);
    } else {
        size_t i;
        for (i = 0; i < n->n; i++) {
            if (n->keys[i]->kind != Y_SCALAR)
                continue;
            if (!strcmp(n->keys[i]->str, "mac"))
                nic->mac_mark = n->items[i]->mark;
            else if (!strcmp(n->keys[i]->str, "rate"))
                nic->rate_mark = n->items[i]->mark;
        }
    }
    if (nic->mac) {
        if (parse_mac(nic->mac, nic->macaddr)) {
            diag_err(ld->d, ld->file, nic->mac_mark,
                     "mac '%s' is not of the form 00:16:3e:xx:xx:xx (six hex pairs)", nic->mac);
            rc = -1;
        } else if (nic->macaddr[0] & 1) {
            diag_err(ld->d, ld->file, nic->mac_mark,
                     "mac '%s' is a multicast address; a NIC needs a unicast one "
                     "(clear the lowest bit of the first byte)", nic->mac);
            rc = -1;
        } else if (!(nic->macaddr[0] | nic->macaddr[1] | nic->macaddr[2] |
                     nic->macaddr[3] | nic->macaddr[4] | nic->macaddr[5])) {
            diag_err(ld->d, ld->file, nic->mac_mark, "mac must not be all zeros");
            rc = -1;
        } else {
            nic->mac_valid = true;
        }
    }
    nic->is_xyl_backend = nic->backend && !strcmp(nic->backend, "xyl");
    if (nic->rate && nic_check_rate(ld, nic->rate_mark.line ? nic->rate_mark : nic->mark, nic->rate))
        rc = -1;
    return rc;
}

void *vtpm_new_item(void *guest)
{
    struct xyl_guest *g = guest;
    struct xyl_vtpm *v;

    g->vtpms = xrealloc(g->vtpms, (size_t)(g->n_vtpms + 1) * sizeof(*g->vtpms));
    v = &g->vtpms[g->n_vtpms++];
    memset(v, 0, sizeof(*v));
    return v;
}

/* "backend=vtpm-web,uuid=...": xl's vtpm spec.  As in xl, the value is
 * kept as written and a repeated key's last value wins.  xl stops reading
 * at an item without '=' and keeps what came before; xyl refuses it
 * rather than drop the rest. */
static int vtpm_item(struct xyl_load *ld, struct ymark m, const char *key, char *val, void *obj)
{
    struct xyl_vtpm *v = obj;
    char **field = !strcmp(key, "backend") ? &v->backend : !strcmp(key, "uuid") ? &v->uuid : NULL;

    if (!field) {
        diag_err(ld->d, ld->file, m, "unknown vtpm setting '%s' (xl knows backend and uuid)", key);
        free(val);
        return -1;
    }
    free(*field);
    *field = val;
    return 0;
}

int vtpm_parse_spec(struct xyl_load *ld, const struct ynode *n, void *item)
{
    struct xyl_vtpm *v = item;
    libxl_uuid u;

    v->mark = n->mark;
    if (n->kind == Y_SCALAR) {
        if (spec_items(ld, n, "vtpm", vtpm_item, v))
            return -1;
        if (!v->backend) {
            diag_err(ld->d, ld->file, n->mark, "vtpm '%s' names no backend (backend=DOMAIN, "
                     "the vTPM stub domain that serves it)", n->str);
            return -1;
        }
    } else if (!v->backend) {
        return -1;      /* reported by the generic walk */
    }
    if (!*v->backend || *v->backend == ' ' || strchr(v->backend, ',')) {
        /* xl's vtpm spec splits at commas and skips leading blanks */
        diag_err(ld->d, ld->file, n->mark, "vtpm backend '%s' %s: name the vTPM stub domain that serves it",
                 v->backend, *v->backend ? "cannot be written in xl's vtpm spec (a comma or a leading blank)"
                                         : "is empty");
        return -1;
    }
    if (v->uuid && check_uuid_text(ld, n->mark, v->uuid, &u, "libxl make one"))
        return -1;
    return 0;
}
