/*
 * xb_path.c - xenstore paths for xyl-vbd and xyl-vif devices (their device
 * numbers: xb_vdev.c).
 */
#include "xb_path.h"
#include "xb_parse.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

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
