/*
 * xb_path.c - device numbers and xenstore paths for xyl-vbd and xyl-vif devices.
 */
#include "xb_path.h"
#include "xb_parse.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/* "a".."z", "aa".."zz"...: bijective base 26, as Linux and libxl name disks.
 * Returns the disk number or -1; *end points after the letters. */
static long disk_letters(const char *s, const char **end)
{
    long v = 0;
    int n = 0;

    while (*s >= 'a' && *s <= 'z') {
        if (++n > 4)            /* beyond the largest encodable disk */
            return -1;
        v = v * 26 + (*s - 'a' + 1);
        s++;
    }
    *end = s;
    return n ? v - 1 : -1;
}

/* Optional partition number after the disk; -1 if malformed. */
static long partition(const char *s)
{
    uint64_t v;

    if (!*s)
        return 0;
    if (*s == '0' || xb_parse_uint(s, strlen(s), 255, &v))  /* no "xvda01" */
        return -1;
    return (long)v;
}

static int encode_xvd(long disk, long part, uint32_t *devid)
{
    if (disk < 0 || part < 0)
        return -1;
    if (disk < 16 && part < 16) {
        *devid = (202u << 8) | (uint32_t)disk << 4 | (uint32_t)part;
        return 0;
    }
    if (disk < (1L << 20) && part < 256) {
        *devid = (1u << 28) | (uint32_t)disk << 8 | (uint32_t)part;
        return 0;
    }
    return -1;
}

int xb_vdev_to_devid(const char *vdev, uint32_t *devid)
{
    const char *p;
    long disk, part;

    if (!vdev)
        return -1;
    if (!strncmp(vdev, "xvd", 3)) {
        disk = disk_letters(vdev + 3, &p);
        return encode_xvd(disk, disk < 0 ? -1 : partition(p), devid);
    }
    if (!strncmp(vdev, "sd", 2) || !strncmp(vdev, "hd", 2)) {
        bool scsi = vdev[0] == 's';

        disk = disk_letters(vdev + 2, &p);
        part = disk < 0 ? -1 : partition(p);
        if (disk < 0 || part < 0)
            return -1;
        if (scsi) {
            if (disk > 15 || part > 15)
                return -1;
            *devid = (8u << 8) | (uint32_t)disk << 4 | (uint32_t)part;
        } else {
            if (disk > 3 || part > 63)
                return -1;
            *devid = (disk < 2 ? (3u << 8) | (uint32_t)disk << 6
                               : (22u << 8) | (uint32_t)(disk - 2) << 6) | (uint32_t)part;
        }
        return 0;
    }
    if (vdev[0] == 'd') {       /* dN or dNpM */
        uint64_t d, pt = 0;
        const char *sep = strchr(vdev + 1, 'p');
        size_t dlen = sep ? (size_t)(sep - vdev - 1) : strlen(vdev + 1);

        if (xb_parse_uint(vdev + 1, dlen, (1u << 20) - 1, &d) ||
            (dlen > 1 && vdev[1] == '0'))
            return -1;
        if (sep && (xb_parse_uint(sep + 1, strlen(sep + 1), 255, &pt) ||
                    (sep[1] == '0' && sep[2])))
            return -1;
        return encode_xvd((long)d, (long)pt, devid);
    }
    return -1;
}

const struct xb_kind xb_kind_vbd = { "xyl-vbd", "vbd", XB_BACKEND_BASE "xyl-vbd" };
const struct xb_kind xb_kind_vif = { "xyl-vif", "vif", XB_BACKEND_BASE "xyl-vif" };

char *xb_dev_backend_path(const struct xb_kind *k, char *buf, size_t n, uint32_t domid,
                          uint32_t devid)
{
    snprintf(buf, n, "%s/%u/%u", k->root, domid, devid);
    return buf;
}

char *xb_dev_backend_domain_path(const struct xb_kind *k, char *buf, size_t n, uint32_t domid)
{
    snprintf(buf, n, "%s/%u", k->root, domid);
    return buf;
}

char *xb_dev_frontend_path(const struct xb_kind *k, char *buf, size_t n, uint32_t domid,
                           uint32_t devid)
{
    snprintf(buf, n, "/local/domain/%u/device/%s/%u", domid, k->frontend, devid);
    return buf;
}

char *xb_backend_path(char *buf, size_t n, uint32_t domid, uint32_t devid)
{
    return xb_dev_backend_path(&xb_kind_vbd, buf, n, domid, devid);
}

char *xb_backend_domain_path(char *buf, size_t n, uint32_t domid)
{
    return xb_dev_backend_domain_path(&xb_kind_vbd, buf, n, domid);
}

char *xb_frontend_path(char *buf, size_t n, uint32_t domid, uint32_t devid)
{
    return xb_dev_frontend_path(&xb_kind_vbd, buf, n, domid, devid);
}

/* One canonical decimal component ("0" or no leading zero) up to '/' or NUL. */
static int component(const char **pp, uint32_t max, uint32_t *out)
{
    const char *s = *pp;
    size_t len = strcspn(s, "/");

    if (len > 1 && s[0] == '0')
        return -1;
    if (xb_parse_u32(s, len, max, out))
        return -1;
    *pp = s + len;
    return 0;
}

int xb_split_backend_path(const char *path, uint32_t *domid, uint32_t *devid,
                          const char **rest)
{
    return xb_dev_split_backend_path(&xb_kind_vbd, path, domid, devid, rest);
}

int xb_dev_split_backend_path(const struct xb_kind *k, const char *path, uint32_t *domid,
                              uint32_t *devid, const char **rest)
{
    size_t rl = strlen(k->root);
    const char *p;
    int found = 0;

    if (!path || strncmp(path, k->root, rl) || (path[rl] && path[rl] != '/'))
        return -1;
    p = path + rl;
    if (*p == '/' && p[1]) {
        p++;
        if (component(&p, XB_DOMID_MAX, domid))
            return -1;
        found = 1;
        if (*p == '/' && p[1]) {
            p++;
            if (component(&p, UINT32_MAX, devid))
                return -1;
            found = 2;
        }
    }
    *rest = p;
    return found;
}
