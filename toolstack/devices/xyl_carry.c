/*
 * xyl_carry.c - see xyl_carry.h.
 */
#define _GNU_SOURCE
#include "devices/xyl_carry.h"
#include "devices/xyl_vbd.h"
#include "devices/xyl_vif.h"
#include "base/util.h"

#include "pv-drivers/xenbus/xb_dev.h"
#include "pv-drivers/xenbus/xb_vif.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define PARAMS_MAX 1024         /* xb_vbd_create's limit on an image path */
#define BRIDGE_MAX 15           /* IFNAMSIZ - 1 */

static bool printable(const char *s)
{
    for (; *s; s++)
        if ((unsigned char)*s < 0x20 || (unsigned char)*s > 0x7e)
            return false;
    return true;
}

static bool params_ok(const char *p)
{
    return p && p[0] == '/' && strlen(p) <= PARAMS_MAX && printable(p);
}

static bool bridge_ok(const char *b)
{
    size_t n = b ? strlen(b) : 0;

    return n >= 1 && n <= BRIDGE_MAX && !strchr(b, '/') && !strchr(b, ' ') && printable(b);
}

static int parse_mac(const char *s, uint8_t mac[6])
{
    unsigned v[6];
    int i, end = 0;

    if (sscanf(s, "%2x:%2x:%2x:%2x:%2x:%2x%n", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5],
               &end) != 6 || end != 17 || s[end])
        return -1;
    for (i = 0; i < 6; i++) {
        if (!isxdigit((unsigned char)s[i * 3]) || !isxdigit((unsigned char)s[i * 3 + 1]))
            return -1;
        mac[i] = (uint8_t)v[i];
    }
    return 0;
}

static void add_disk(struct xyl_carried *c, uint32_t devid, const char *vdev, const char *params,
                     bool ro)
{
    struct xyl_carried_disk *d;

    c->disk = xrealloc(c->disk, (size_t)(c->n_disk + 1) * sizeof(*c->disk));
    d = &c->disk[c->n_disk++];
    d->devid = devid;
    d->vdev = xstrdup(vdev);
    d->params = xstrdup(params);
    d->readonly = ro;
}

static void add_nic(struct xyl_carried *c, uint32_t devid, const uint8_t mac[6], const char *br)
{
    struct xyl_carried_nic *n;

    c->nic = xrealloc(c->nic, (size_t)(c->n_nic + 1) * sizeof(*c->nic));
    n = &c->nic[c->n_nic++];
    n->devid = devid;
    memcpy(n->mac, mac, 6);
    n->bridge = xstrdup(br);
}

int xyl_carry_read(uint32_t domid, struct xyl_carried *c)
{
    struct xs_handle *xs = xs_open(0);
    char dir[XB_PATH_MAX], *vdev, *params, *mode, *mac, *br;
    uint32_t *ids, id;
    uint8_t m[6];
    int n = 0, i;

    memset(c, 0, sizeof(*c));
    if (!xs) {
        fprintf(stderr, "xyl: cannot connect to xenstored: %s\n", strerror(errno));
        return -1;
    }
    ids = xb_dev_list(xs, &xb_kind_vbd, domid, &n);
    for (i = 0; i < n; i++) {
        xb_dev_backend_path(&xb_kind_vbd, dir, sizeof(dir), domid, ids[i]);
        vdev = xb_read(xs, XBT_NULL, dir, "dev", NULL);
        params = xb_read(xs, XBT_NULL, dir, "params", NULL);
        mode = xb_read(xs, XBT_NULL, dir, "mode", NULL);
        if (vdev && params && mode && !xb_vdev_to_devid(vdev, &id) && id == ids[i] &&
            params_ok(params))
            add_disk(c, ids[i], vdev, params, strcmp(mode, "w") != 0);
        free(vdev);
        free(params);
        free(mode);
    }
    free(ids);
    n = 0;
    ids = xb_dev_list(xs, &xb_kind_vif, domid, &n);
    for (i = 0; i < n; i++) {
        xb_dev_backend_path(&xb_kind_vif, dir, sizeof(dir), domid, ids[i]);
        mac = xb_read(xs, XBT_NULL, dir, "mac", NULL);
        br = xb_read(xs, XBT_NULL, dir, "bridge", NULL);
        if (mac && bridge_ok(br) && !parse_mac(mac, m))
            add_nic(c, ids[i], m, br);
        free(mac);
        free(br);
    }
    free(ids);
    xs_close(xs);
    return 0;
}

static void kv_add(struct xyl_kvlist *kv, char *key, char *value)
{
    kv->v = xrealloc(kv->v, (size_t)(kv->n + 1) * sizeof(*kv->v));
    memset(&kv->v[kv->n], 0, sizeof(kv->v[0]));
    kv->v[kv->n].key = key;
    kv->v[kv->n].value = value;
    kv->n++;
}

void xyl_carry_to_kv(const struct xyl_carried *c, struct xyl_kvlist *kv)
{
    int i;

    for (i = 0; i < c->n_disk; i++)
        kv_add(kv, xasprintf(XYL_CARRY_VBD_PREFIX "%u", c->disk[i].devid),
               xasprintf("%s %s %s", c->disk[i].readonly ? "r" : "w", c->disk[i].vdev,
                         c->disk[i].params));
    for (i = 0; i < c->n_nic; i++) {
        const uint8_t *m = c->nic[i].mac;

        kv_add(kv, xasprintf(XYL_CARRY_VIF_PREFIX "%u", c->nic[i].devid),
               xasprintf("%02x:%02x:%02x:%02x:%02x:%02x %s", m[0], m[1], m[2], m[3], m[4], m[5],
                         c->nic[i].bridge));
    }
}

/* "DEVID" after a prefix: a plain decimal number */
static int parse_devid(const char *s, uint32_t *out)
{
    char *end;
    unsigned long v;

    if (!isdigit((unsigned char)s[0]) || (s[0] == '0' && s[1]))
        return -1;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || *end || v > UINT32_MAX)
        return -1;
    *out = (uint32_t)v;
    return 0;
}

/* One pair: 0 taken into c, -1 malformed. */
static int parse_pair(const char *key, const char *value, struct xyl_carried *c)
{
    uint32_t devid, id;
    char *copy, *sp, *sp2;
    uint8_t mac[6];
    int rc = -1;

    copy = xstrdup(value);
    if (!strncmp(key, XYL_CARRY_VBD_PREFIX, strlen(XYL_CARRY_VBD_PREFIX))) {
        /* "r|w VDEV PARAMS" */
        if (parse_devid(key + strlen(XYL_CARRY_VBD_PREFIX), &devid) ||
            (copy[0] != 'r' && copy[0] != 'w') || copy[1] != ' ')
            goto out;
        sp = strchr(copy + 2, ' ');
        if (!sp)
            goto out;
        *sp = '\0';
        if (xb_vdev_to_devid(copy + 2, &id) || id != devid || !params_ok(sp + 1))
            goto out;
        add_disk(c, devid, copy + 2, sp + 1, copy[0] == 'r');
        rc = 0;
    } else {
        /* "MAC BRIDGE" */
        if (parse_devid(key + strlen(XYL_CARRY_VIF_PREFIX), &devid) || devid > 0xffff)
            goto out;
        sp = strchr(copy, ' ');
        if (!sp)
            goto out;
        *sp = '\0';
        sp2 = sp + 1;
        if (parse_mac(copy, mac) || !bridge_ok(sp2))
            goto out;
        add_nic(c, devid, mac, sp2);
        rc = 0;
    }
out:
    free(copy);
    return rc;
}

static bool carried_key(const char *key)
{
    return !strncmp(key, XYL_CARRY_VBD_PREFIX, strlen(XYL_CARRY_VBD_PREFIX)) ||
           !strncmp(key, XYL_CARRY_VIF_PREFIX, strlen(XYL_CARRY_VIF_PREFIX));
}

int xyl_carry_from_kv(struct xyl_kvlist *kv, struct xyl_carried *c)
{
    int i, j, k, rc = 0;
    bool dup = false;

    memset(c, 0, sizeof(*c));
    for (i = j = 0; i < kv->n; i++) {
        if (!carried_key(kv->v[i].key)) {
            kv->v[j++] = kv->v[i];
            continue;
        }
        if (rc == 0 && parse_pair(kv->v[i].key, kv->v[i].value, c)) {
            fprintf(stderr, "xyl: the saved xyl device %s = '%.80s' is malformed; "
                    "not restoring a guest without its devices\n", kv->v[i].key, kv->v[i].value);
            rc = -1;
        }
        free(kv->v[i].key);
        free(kv->v[i].value);
    }
    kv->n = j;
    /* one device per devid and kind: a doubled pair is as bad as a broken one */
    for (i = 0; i < c->n_disk; i++)
        for (k = i + 1; k < c->n_disk; k++)
            dup |= c->disk[i].devid == c->disk[k].devid;
    for (i = 0; i < c->n_nic; i++)
        for (k = i + 1; k < c->n_nic; k++)
            dup |= c->nic[i].devid == c->nic[k].devid;
    if (rc == 0 && dup)
        fprintf(stderr, "xyl: the saved xyl devices name one device twice; "
                "not restoring a guest without its devices\n");
    if (rc || dup)
        xyl_carry_free(c);
    return rc || dup ? -1 : 0;
}

int xyl_carry_flush(const struct xyl_carried *c)
{
    struct stat sb;
    const char *why;
    int i, fd;

    for (i = 0; i < c->n_disk; i++) {
        if (c->disk[i].readonly)
            continue;
        why = NULL;
        /* O_NONBLOCK: whatever sits at the path now must not hang us */
        fd = open(c->disk[i].params, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
        if (fd < 0 || fstat(fd, &sb))
            why = strerror(errno);
        else if (!S_ISREG(sb.st_mode) && !S_ISBLK(sb.st_mode))
            why = "neither a file nor a block device";
        else if (fdatasync(fd))
            why = strerror(errno);
        if (fd >= 0)
            close(fd);
        if (why) {
            fprintf(stderr, "xyl: cannot flush the xyl disk %s (%s): %s\n", c->disk[i].vdev,
                    c->disk[i].params, why);
            return -1;
        }
    }
    return 0;
}

int xyl_carry_attach(uint32_t domid, const struct xyl_carried *c, bool takeover,
                     uint32_t takeover_domid)
{
    struct xb_vbd *v;
    struct xb_vif *n;
    int i, rc = 0;

    if (c->n_disk) {
        v = xcalloc((size_t)c->n_disk, sizeof(*v));
        for (i = 0; i < c->n_disk; i++) {
            v[i].domid = domid;
            v[i].devid = c->disk[i].devid;
            v[i].vdev = c->disk[i].vdev;
            v[i].params = c->disk[i].params;
            v[i].readonly = c->disk[i].readonly;
            v[i].takeover = takeover;
            v[i].takeover_domid = takeover_domid;
        }
        rc = xyl_vbd_attach_xb(domid, v, c->n_disk);
        free(v);
    }
    if (rc == 0 && c->n_nic) {
        n = xcalloc((size_t)c->n_nic, sizeof(*n));
        for (i = 0; i < c->n_nic; i++) {
            n[i].domid = domid;
            n[i].devid = c->nic[i].devid;
            memcpy(n[i].mac, c->nic[i].mac, 6);
            n[i].bridge = c->nic[i].bridge;
        }
        rc = xyl_vif_attach_xb(domid, n, c->n_nic);
        free(n);
        if (rc)
            xyl_vbd_remove_all(domid);      /* nothing left: the disks go too */
    }
    return rc;
}

void xyl_carry_free(struct xyl_carried *c)
{
    int i;

    for (i = 0; i < c->n_disk; i++) {
        free(c->disk[i].vdev);
        free(c->disk[i].params);
    }
    for (i = 0; i < c->n_nic; i++)
        free(c->nic[i].bridge);
    free(c->disk);
    free(c->nic);
    memset(c, 0, sizeof(*c));
}
