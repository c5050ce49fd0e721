/*
 * xyl network-attach NAME|ID [NIC]     - hot-plug a NIC (libxl_device_nic_add)
 * xyl network-detach NAME|ID DEVID|MAC - unplug it again
 *
 * Twins in one file: detach is attach's undo and shares its reading of the
 * domain's NICs.  NIC is one networks: item as in a definition, the YAML
 * mapping written inline ('{bridge: xenbr1}') or an xl vif spec
 * ('bridge=xenbr1,mac=00:16:3e:..'); without it the NIC joins xenbr0.  The
 * device ID is one more than the highest the guest has, and a missing MAC
 * is derived from the guest's name and that ID as at create, so the guest
 * sees the same MAC every time.  A failed attach leaves nothing: libxl
 * undoes its own steps, and xyl destroys the device if libxl still lists it.
 * A NIC with `backend: xyl` goes to xyl-netback instead (xyl_vif.c); device
 * IDs are shared between both kinds.
 */
#include "cli/command.h"
#include "devices/hotplug.h"
#include "base/ident.h"
#include "xen/libxl_map.h"
#include "model/schema_check.h"
#include "base/util.h"
#include "devices/xyl_vif.h"

#include <libxl_utils.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The backend is this dom0 and the default vif-bridge script will run. */
static bool local_bridge(const struct xyl_nic *n)
{
    const char *s = n->script ? strrchr(n->script, '/') : NULL;
    bool dom0 = !n->backend || !strcmp(n->backend, "Domain-0") || !strcmp(n->backend, "0");
    return dom0 && (!n->script || !strcmp(s ? s + 1 : n->script, "vif-bridge"));
}

/* Checks xyl can make before libxl is asked; sets *devid. */
static void precheck(struct xyl_xen *x, const struct hp_dom *dom, const char *arg,
                     struct xyl_nic *n, int *devid, struct diags *d)
{
    libxl_device_nic *list;
    const char *br = n->bridge ? n->bridge : "xenbr0";
    char mac[18], path[300];
    int cnt = 0, i, nx = 0;
    uint32_t *xyl = xyl_vif_list(dom->domid, &nx);

    *devid = 0;
    if (n->type_idx == 1)
        hp_err(d, arg, hp_arg_mark(arg, "ioemu", n->mark),
               "an emulated NIC (type ioemu) cannot be hot-plugged; use type vif");
    list = libxl_device_nic_list(x->ctx, dom->domid, &cnt);
    for (i = 0; list && i < cnt; i++)
        if (list[i].devid >= *devid)
            *devid = list[i].devid + 1;
    if (nx && (int)xyl[nx - 1] >= *devid)       /* sorted */
        *devid = (int)xyl[nx - 1] + 1;
    free(xyl);
    if (n->mac_derived)
        derive_mac(dom->name, *devid, n->macaddr);
    for (i = 0; list && i < cnt; i++) {
        if (!memcmp(list[i].mac, n->macaddr, 6)) {
            format_mac(n->macaddr, mac);
            hp_err(d, arg, hp_arg_mark(arg, n->mac, n->mark),
                   "%s's network %d already has mac %s%s", dom->name, list[i].devid, mac,
                   n->mac_derived ? " (derived from the name: give 'mac' by hand)" : "");
        }
    }
    if (list)
        libxl_device_nic_list_free(list, cnt);
    if (local_bridge(n)) {
        snprintf(path, sizeof(path), "/sys/class/net/%s/bridge", br);
        if (strchr(br, '/') || access(path, F_OK))
            hp_err(d, n->bridge ? arg : NULL, hp_arg_mark(arg, br, n->mark),
                   "there is no bridge '%s' in dom0 (see 'ip link show type bridge'; "
                   "create it with 'ip link add %s type bridge')", br, br);
    }
}

int cmd_network_attach(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct diags d = { 0 };
    struct xyl_xen x;
    struct hp_dom dom = { 0, NULL, 0 };
    struct xyl_guest g;
    libxl_device_nic nic, left;
    struct xyl_nic *n = NULL;
    const char *arg = a->npos == 2 ? a->pos[1] : NULL;
    char mac[18];
    int devid = 0, rc = XYL_EXIT_FAIL;

    guest_init(&g);
    libxl_device_nic_init(&nic);
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (hp_find_domain(&x, a->pos[0], &dom))
        goto out;
    /* no NIC argument: the empty item, all defaults */
    if (hp_parse_item(&dom, "networks", arg ? arg : "{}", &g, &d) == 0) {
        n = &g.nics[0];
        precheck(&x, &dom, arg ? arg : "", n, &devid, &d);
    }
    if (d.errors || !n) {
        diags_print(&d, stderr);
        goto out;
    }
    if (n->is_xyl_backend) {        /* served by xyl-netback: libxl never sees it */
        format_mac(n->macaddr, mac);
        if (xyl_vif_check_one(arg ? arg : "(default)", devid, n))
            goto out;
        if (o->dryrun)
            printf("would attach xyl network %d (mac %s, bridge %s) to %s\n", devid, mac,
                   n->bridge ? n->bridge : "xenbr0", dom.name);
        else if (xyl_vif_hot_attach(dom.domid, devid, n))
            goto out;
        else
            printf("attached network %d (mac %s, bridge %s, xyl-netback) to %s\n", devid, mac,
                   n->bridge ? n->bridge : "xenbr0", dom.name);
        rc = XYL_EXIT_OK;
        goto out;
    }
    if (nic_to_libxl(n, devid, &nic)) {
        fprintf(stderr, "xyl: libxlutil rejects rate '%s'\n", n->rate);
        goto out;
    }
    format_mac(n->macaddr, mac);
    if (o->dryrun) {
        char *json = libxl_device_nic_to_json(x.ctx, &nic);
        printf("%s\n", json ? json : "");
        free(json);
        rc = XYL_EXIT_OK;
        goto out;
    }
    if (libxl_device_nic_add(x.ctx, dom.domid, &nic, NULL) == 0) {
        printf("attached network %d (mac %s, bridge %s) to %s\n", devid, mac,
               nic.bridge ? nic.bridge : "-", dom.name);
        rc = XYL_EXIT_OK;
        goto out;
    }
    fprintf(stderr, "xyl: libxl could not attach network %d to %s (see the messages above)\n",
            devid, dom.name);
    /* libxl removes what it added; make sure of it */
    if (hp_find_nic(&x, dom.domid, devid, NULL) == devid &&
        libxl_devid_to_device_nic(x.ctx, dom.domid, devid, &left) == 0) {
        fprintf(stderr, "xyl: removing the half-attached network %d\n", devid);
        libxl_device_nic_destroy(x.ctx, dom.domid, &left, NULL);
        libxl_device_nic_dispose(&left);
    }
out:
    libxl_device_nic_dispose(&nic);
    guest_free(&g);
    diags_free(&d);
    hp_dom_free(&dom);
    xen_close(&x);
    return rc;
}

int cmd_network_detach(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    struct hp_dom dom = { 0, NULL, 0 };
    libxl_device_nic nic;
    uint8_t macaddr[6];
    bool by_mac;
    char *end;
    long devid = -1;
    int r, rc = XYL_EXIT_FAIL;

    by_mac = strchr(a->pos[1], ':') != NULL;
    if (by_mac && parse_mac(a->pos[1], macaddr)) {
        return usage_error(a->cmd, "'%s' is not a MAC (00:16:3e:xx:xx:xx)", a->pos[1]);
    }
    if (!by_mac) {
        errno = 0;
        devid = strtol(a->pos[1], &end, 10);
        if (a->pos[1][0] < '0' || a->pos[1][0] > '9' || *end || errno || devid > 65535) {
            return usage_error(a->cmd, "'%s' is neither a device ID (see 'xyl network-list') "
                               "nor a MAC", a->pos[1]);
        }
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    libxl_device_nic_init(&nic);
    if (hp_find_domain(&x, a->pos[0], &dom))
        goto out;
    /* an xyl network (xyl-netback's) first; 1: not one of those */
    if (!o->dryrun && (r = xyl_vif_hot_detach(dom.domid, (int)devid, macaddr)) != 1) {
        rc = r ? XYL_EXIT_FAIL : XYL_EXIT_OK;
        goto out;
    }
    devid = hp_find_nic(&x, dom.domid, (int)devid, by_mac ? macaddr : NULL);
    if (devid < 0 || libxl_devid_to_device_nic(x.ctx, dom.domid, (int)devid, &nic)) {
        fprintf(stderr, "xyl: %s has no network %s (see 'xyl network-list %s')\n",
                dom.name, a->pos[1], dom.name);
        goto out;
    }
    if (o->dryrun) {
        printf("would detach network %d of %s\n", nic.devid, dom.name);
        rc = XYL_EXIT_OK;
        goto out;
    }
    r = libxl_device_nic_remove(x.ctx, dom.domid, &nic, NULL);
    if (r)
        fprintf(stderr, "xyl: libxl could not detach network %s from %s (libxl error %d)\n",
                a->pos[1], dom.name, r);
    else
        rc = XYL_EXIT_OK;
out:
    libxl_device_nic_dispose(&nic);
    hp_dom_free(&dom);
    xen_close(&x);
    return rc;
}
