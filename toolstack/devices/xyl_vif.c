/*
 * xyl_vif.c - xenstore entries of `backend: xyl` networks and the daemon
 * that serves them (see xyl_vif.h; the disks' twin is xyl_vbd.c).
 */
#define _GNU_SOURCE
#include "devices/xyl_vif.h"
#include "devices/xyl_pv.h"
#include "base/util.h"

#include "pv-drivers/xenbus/xb_parse.h"
#include "pv-drivers/xenbus/xb_vif.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xen/io/xenbus.h>

/* The daemon creates the TAP and joins the bridge before InitWait. */
#define INITWAIT_TIMEOUT_MS 20000
#define DETACH_TIMEOUT_MS 15000

static const char *bridge_of(const struct xyl_nic *n)
{
    return n->bridge ? n->bridge : "xenbr0";
}

int xyl_vif_check_one(const char *file, int devid, const struct xyl_nic *n)
{
    const char *what = n->type_idx == 1 ? "type ioemu (an emulated NIC)" :
                       n->model ? "model" : n->rate ? "rate" : n->script ? "script" :
                       n->vifname ? "vifname" : n->ip ? "ip" : NULL;
    char path[300];

    if (what) {
        fprintf(stderr, "%s:%u:%u: error: network %d: backend xyl does not do %s "
                "(drop it, or use the kernel's netback: no backend key)\n",
                file, n->mark.line, n->mark.col, devid, what);
        return -1;
    }
    snprintf(path, sizeof(path), "/sys/class/net/%s/bridge", bridge_of(n));
    if (strchr(bridge_of(n), '/') || access(path, F_OK)) {
        fprintf(stderr, "%s:%u:%u: error: network %d: there is no bridge '%s' in dom0 "
                "(create it with 'ip link add %s type bridge')\n", file, n->mark.line,
                n->mark.col, devid, bridge_of(n), bridge_of(n));
        return -1;
    }
    return 0;
}

int xyl_vif_check(const struct xyl_guest *g)
{
    int i, rc = 0;

    for (i = 0; i < g->n_nics; i++)
        if (g->nics[i].is_xyl_backend && xyl_vif_check_one(g->file, i, &g->nics[i]))
            rc = -1;
    return rc;
}

int xyl_vif_attach_xb(uint32_t domid, const struct xb_vif *v, int n)
{
    uint32_t *ids = xcalloc((size_t)n, sizeof(*ids));
    char err[XB_ERR_LEN] = "";
    struct xs_handle *xs = xs_open(0);
    int i, rc = -1;

    if (!xs) {
        fprintf(stderr, "xyl: cannot connect to xenstored: %s\n", strerror(errno));
        free(ids);
        return -1;
    }
    for (i = 0; i < n; i++)
        ids[i] = v[i].devid;
    if (xb_vif_create(xs, v, n, err, sizeof(err))) {
        fprintf(stderr, "xyl: cannot add the xyl networks: %s\n", err);
        goto out;
    }
    if (xyl_start_daemon("xyl-netback", "XYL_NETBACK") == 0 &&
        xb_dev_wait(xs, &xb_kind_vif, domid, ids, n, XenbusStateInitWait, INITWAIT_TIMEOUT_MS,
                    err, sizeof(err)) == 0) {
        rc = 0;
        goto out;
    }
    if (err[0])
        fprintf(stderr, "xyl: xyl-netback: %s\n", err);
    for (i = 0; i < n; i++)
        if (xb_dev_remove(xs, &xb_kind_vif, domid, ids[i], err, sizeof(err)))
            fprintf(stderr, "xyl: %s\n", err);
out:
    xs_close(xs);
    free(ids);
    return rc;
}

static void to_xb(uint32_t domid, int devid, const struct xyl_nic *n, struct xb_vif *v)
{
    v->domid = domid;
    v->devid = (uint32_t)devid;
    memcpy(v->mac, n->macaddr, 6);
    v->bridge = bridge_of(n);
}

int xyl_vif_attach(const struct xyl_guest *g, uint32_t domid)
{
    struct xb_vif *v = xcalloc((size_t)g->n_nics + 1, sizeof(*v));
    int i, n = 0, rc = 0;

    for (i = 0; i < g->n_nics; i++)
        if (g->nics[i].is_xyl_backend)
            to_xb(domid, i, &g->nics[i], &v[n++]);
    if (n)
        rc = xyl_vif_attach_xb(domid, v, n);
    free(v);
    return rc;
}

int xyl_vif_hot_attach(uint32_t domid, int devid, const struct xyl_nic *n)
{
    struct xb_vif v;

    to_xb(domid, devid, n, &v);
    return xyl_vif_attach_xb(domid, &v, 1);
}

uint32_t *xyl_vif_list(uint32_t domid, int *n)
{
    struct xs_handle *xs = xs_open(0);
    uint32_t *ids;

    *n = 0;
    if (!xs)
        return NULL;
    ids = xb_dev_list(xs, &xb_kind_vif, domid, n);
    xs_close(xs);
    return ids;
}

/* The devid of the guest's xyl NIC with this MAC (our backend's mac node). */
static int devid_of_mac(struct xs_handle *xs, uint32_t domid, const uint8_t *mac)
{
    char be[XB_PATH_MAX], want[18];
    int i, n, found = -1;
    uint32_t *ids = xb_dev_list(xs, &xb_kind_vif, domid, &n);

    snprintf(want, sizeof(want), "%02x:%02x:%02x:%02x:%02x:%02x", mac[0], mac[1], mac[2],
             mac[3], mac[4], mac[5]);
    for (i = 0; i < n && found < 0; i++) {
        char *m = xb_read(xs, XBT_NULL,
                          xb_dev_backend_path(&xb_kind_vif, be, sizeof(be), domid, ids[i]),
                          "mac", NULL);

        if (m && !strcasecmp(m, want))
            found = (int)ids[i];
        free(m);
    }
    free(ids);
    return found;
}

int xyl_vif_hot_detach(uint32_t domid, int devid, const uint8_t *mac)
{
    char err[XB_ERR_LEN] = "", be[XB_PATH_MAX], *there;
    struct xs_handle *xs = xs_open(0);
    uint32_t id;

    if (!xs)
        return 1;               /* then it is libxl's to say */
    if (devid < 0)
        devid = devid_of_mac(xs, domid, mac);
    there = devid < 0 ? NULL :
        xb_read(xs, XBT_NULL, xb_dev_backend_path(&xb_kind_vif, be, sizeof(be), domid,
                                                  (uint32_t)devid), "frontend", NULL);
    free(there);
    if (!there) {
        xs_close(xs);
        return 1;
    }
    id = (uint32_t)devid;
    /* ask the guest to let go; a NIC holds no data, so after the timeout
     * (a guest that ignores it) the entries go anyway */
    if (xb_dev_offline(xs, &xb_kind_vif, domid, id, err, sizeof(err)) ||
        xb_dev_wait(xs, &xb_kind_vif, domid, &id, 1, XenbusStateClosed, DETACH_TIMEOUT_MS,
                    err, sizeof(err)))
        fprintf(stderr, "xyl: the guest did not release network %d (%s); removing it anyway\n",
                devid, err);
    if (xb_dev_remove(xs, &xb_kind_vif, domid, id, err, sizeof(err))) {
        fprintf(stderr, "xyl: %s\n", err);
        xs_close(xs);
        return -1;
    }
    xs_close(xs);
    return 0;
}

int xyl_vif_remove_all(uint32_t domid)
{
    return xyl_pv_remove_all(&xb_kind_vif, domid);
}

/* A frontend number: -1 unless a strictly parsed value <= INT_MAX. */
static int fe_num(struct xs_handle *xs, const char *dir, const char *node)
{
    unsigned len;
    char *s = xb_read(xs, XBT_NULL, dir, node, &len);
    uint32_t v;
    int rc = s && !xb_parse_u32(s, len, 0x7fffffff, &v) ? (int)v : -1;

    free(s);
    return rc;
}

/* Our own (dom0's) node copied into buf, printable characters only. */
static void be_str(struct xs_handle *xs, const char *dir, const char *node, char *buf, size_t n)
{
    char *s = xb_read(xs, XBT_NULL, dir, node, NULL);
    size_t i;

    snprintf(buf, n, "%s", s ? s : "");
    for (i = 0; buf[i]; i++)
        if ((unsigned char)buf[i] < 0x20 || (unsigned char)buf[i] > 0x7e)
            buf[i] = '?';
    free(s);
}

int xyl_vif_info(uint32_t domid, uint32_t devid, struct xyl_vif_info *in)
{
    struct xs_handle *xs = xs_open(0);
    char fe[XB_PATH_MAX];

    memset(in, 0, sizeof(*in));
    if (!xs)
        return -1;
    xb_dev_backend_path(&xb_kind_vif, in->path, sizeof(in->path), domid, devid);
    xb_dev_frontend_path(&xb_kind_vif, fe, sizeof(fe), domid, devid);
    in->state = xb_read_state(xs, XBT_NULL, in->path);
    in->fe_state = xb_read_state(xs, XBT_NULL, fe);
    in->evtch = fe_num(xs, fe, "event-channel");
    in->tx_ref = fe_num(xs, fe, "tx-ring-ref");
    in->rx_ref = fe_num(xs, fe, "rx-ring-ref");
    be_str(xs, in->path, "mac", in->mac, sizeof(in->mac));
    be_str(xs, in->path, "bridge", in->bridge, sizeof(in->bridge));
    be_str(xs, in->path, "xyl-stats", in->stats, sizeof(in->stats));
    xs_close(xs);
    return 0;
}
