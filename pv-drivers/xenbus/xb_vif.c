/*
 * xb_vif.c - see xb_vif.h.
 */
#include "xb_vif.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

static int write_vif(struct xs_handle *xs, xs_transaction_t t, int i, void *ctx,
                     char *err, size_t errlen)
{
    const struct xb_vif *v = (const struct xb_vif *)ctx + i;
    char fe[XB_PATH_MAX], be[XB_PATH_MAX], mac[18], what[32];
    bool ok;

    snprintf(what, sizeof(what), "network %u", v->devid);
    if (xb_dev_write_dirs(xs, t, &xb_kind_vif, v->domid, v->devid, what, err, errlen))
        return -1;
    snprintf(mac, sizeof(mac), "%02x:%02x:%02x:%02x:%02x:%02x", v->mac[0], v->mac[1],
             v->mac[2], v->mac[3], v->mac[4], v->mac[5]);
    xb_dev_frontend_path(&xb_kind_vif, fe, sizeof(fe), v->domid, v->devid);
    xb_dev_backend_path(&xb_kind_vif, be, sizeof(be), v->domid, v->devid);
    ok = !xb_writef(xs, t, fe, "handle", "%u", v->devid) && !xb_write(xs, t, fe, "mac", mac);
    if (!ok) {
        snprintf(err, errlen, "cannot write %s: %s", fe, strerror(errno));
        return -1;
    }
    ok = !xb_writef(xs, t, be, "handle", "%u", v->devid) && !xb_write(xs, t, be, "mac", mac) &&
         !xb_write(xs, t, be, "bridge", v->bridge) && !xb_write(xs, t, be, "type", "xyl");
    if (!ok) {
        snprintf(err, errlen, "cannot write %s: %s", be, strerror(errno));
        return -1;
    }
    return 0;
}

int xb_vif_create(struct xs_handle *xs, const struct xb_vif *v, int n, char *err, size_t errlen)
{
    int i;

    for (i = 0; i < n; i++) {
        if (!v[i].bridge || !v[i].bridge[0] || strlen(v[i].bridge) > 15 ||
            strchr(v[i].bridge, '/')) {
            snprintf(err, errlen, "network %u: '%s' is not a bridge name (1-15 characters, "
                     "no '/')", v[i].devid, v[i].bridge ? v[i].bridge : "");
            return -1;
        }
        if (v[i].devid > 999) {     /* xylvif<domid>.<devid> must fit IFNAMSIZ */
            snprintf(err, errlen, "network %u: xyl networks are numbered 0..999", v[i].devid);
            return -1;
        }
    }
    return xb_dev_create(xs, n, write_vif, (void *)v, err, errlen);
}
