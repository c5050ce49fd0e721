/*
 * The network family (a guest's NICs; the host's bridges are net-list in
 * host.c): xyl network-attach NAME|ID [NIC], network-detach NAME|ID
 * DEVID|MAC, network-list [--json] NAME|ID...
 *
 * attach hot-plugs a NIC (libxl_device_nic_add), detach unplugs it again
 * and shares its reading of the domain's NICs.  NIC is one networks: item
 * as in a definition, the YAML mapping written inline ('{bridge: xenbr1}')
 * or an xl vif spec ('bridge=xenbr1,mac=00:16:3e:..'); without it the NIC
 * joins xenbr0.  The device ID is one more than the highest the guest has,
 * and a missing MAC is derived from the guest's name and that ID as at
 * create, so the guest sees the same MAC every time.  A failed attach
 * leaves nothing: libxl undoes its own steps, and xyl destroys the device
 * if libxl still lists it.  A NIC with `backend: xyl` goes to xyl-netback
 * instead (xyl_vif.c); device IDs are shared between both kinds.
 * list prints xl's columns: Idx BE Mac-Addr. handle state evt-ch
 * tx-/rx-ring-ref BE-path; --json adds the bridge and the backend
 * interface name.  NICs served by xyl-netback follow, with their counters
 * on a second line (--json: "stats", every counter a number).
 */
#include "cli/command.h"
#include "devices/hotplug.h"
#include "base/ident.h"
#include "xen/libxl_map.h"
#include "model/schema_check.h"
#include "base/util.h"
#include "devices/xyl_vif.h"
#include "base/json_out.h"
#include "host/host_config.h"

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
    struct hp_attach h;
    libxl_device_nic nic, left;
    struct host_config hc;
    struct xyl_nic *n;
    const char *arg = a->npos == 2 ? a->pos[1] : NULL;   /* none: xenbr0, all defaults */
    char mac[18];
    int devid = 0, rc = XYL_EXIT_FAIL;

    libxl_device_nic_init(&nic);
    if (hp_attach_begin(&h, o->verbose, a->pos[0], "networks", arg))
        goto out;
    n = &h.g.nics[0];
    precheck(&h.x, &h.dom, arg ? arg : "", n, &devid, &h.d);
    if (hp_attach_checked(&h))
        goto out;
    format_mac(n->macaddr, mac);
    if (n->is_xyl_backend) {        /* served by xyl-netback: libxl never sees it */
        if (xyl_vif_check_one(arg ? arg : "(default)", devid, n))
            goto out;
        if (o->dryrun)
            printf("would attach xyl network %d (mac %s, bridge %s) to %s\n", devid, mac,
                   n->bridge ? n->bridge : "xenbr0", h.dom.name);
        else if (xyl_vif_hot_attach(h.dom.domid, devid, n))
            goto out;
        else
            printf("attached network %d (mac %s, bridge %s, xyl-netback) to %s\n", devid, mac,
                   n->bridge ? n->bridge : "xenbr0", h.dom.name);
        rc = XYL_EXIT_OK;
        goto out;
    }
    if (host_config_load_or_say(&hc, o->config))   /* its hotplug: */
        goto out;
    host_config_free(&hc);
    if (nic_to_libxl(n, devid, &nic)) {
        fprintf(stderr, "xyl: libxlutil rejects rate '%s'\n", n->rate);
        goto out;
    }
    if (o->dryrun) {
        hp_print_json(libxl_device_nic_to_json(h.x.ctx, &nic));
        rc = XYL_EXIT_OK;
        goto out;
    }
    if (libxl_device_nic_add(h.x.ctx, h.dom.domid, &nic, NULL) == 0) {
        printf("attached network %d (mac %s, bridge %s) to %s\n", devid, mac,
               nic.bridge ? nic.bridge : "-", h.dom.name);
        rc = XYL_EXIT_OK;
        goto out;
    }
    fprintf(stderr, "xyl: libxl could not attach network %d to %s (see the messages above)\n",
            devid, h.dom.name);
    /* libxl removes what it added; make sure of it */
    if (hp_find_nic(&h.x, h.dom.domid, devid, NULL) == devid &&
        libxl_devid_to_device_nic(h.x.ctx, h.dom.domid, devid, &left) == 0) {
        fprintf(stderr, "xyl: removing the half-attached network %d\n", devid);
        libxl_device_nic_destroy(h.x.ctx, h.dom.domid, &left, NULL);
        libxl_device_nic_dispose(&left);
    }
out:
    libxl_device_nic_dispose(&nic);
    hp_attach_end(&h);
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

static void json_nic(yajl_gen g, const struct hp_dom *dom, const libxl_device_nic *n,
                     const libxl_nicinfo *in)
{
    char mac[18];

    format_mac(n->mac, mac);
    yajl_gen_map_open(g);
    json_str(g, "name"); json_str(g, dom->name);
    json_str(g, "domid"); yajl_gen_integer(g, dom->domid);
    json_str(g, "devid"); yajl_gen_integer(g, in->devid);
    json_str(g, "mac"); json_str(g, mac);
    json_str(g, "bridge"); json_str(g, n->bridge ? n->bridge : "");
    json_str(g, "vifname"); json_str(g, n->ifname ? n->ifname : "");
    json_str(g, "backend_id"); yajl_gen_integer(g, in->backend_id);
    json_str(g, "frontend_id"); yajl_gen_integer(g, in->frontend_id);
    json_str(g, "state"); yajl_gen_integer(g, in->state);
    json_str(g, "evtch"); yajl_gen_integer(g, in->evtch);
    json_str(g, "tx_ring_ref"); yajl_gen_integer(g, in->rref_tx);
    json_str(g, "rx_ring_ref"); yajl_gen_integer(g, in->rref_rx);
    json_str(g, "backend_path"); json_str(g, in->backend ? in->backend : "");
    yajl_gen_map_close(g);
}

/* "key=value key=value" (xyl-netback's, dom0-written) as a JSON map. */
static void json_stats(yajl_gen g, const char *stats)
{
    char *copy = xstrdup(stats), *tok, *save = NULL;

    yajl_gen_map_open(g);
    for (tok = strtok_r(copy, " ", &save); tok; tok = strtok_r(NULL, " ", &save)) {
        char *eq = strchr(tok, '='), *end;
        unsigned long long v;

        if (!eq)
            continue;
        *eq = '\0';
        v = strtoull(eq + 1, &end, 10);
        if (*end)
            continue;
        json_str(g, tok);
        yajl_gen_integer(g, (long long)v);
    }
    yajl_gen_map_close(g);
    free(copy);
}

static void xyl_nics(yajl_gen g, const struct hp_dom *dom)
{
    int j, n;
    uint32_t *ids = xyl_vif_list(dom->domid, &n);

    for (j = 0; j < n; j++) {
        struct xyl_vif_info in;

        if (xyl_vif_info(dom->domid, ids[j], &in))
            continue;
        if (g) {
            yajl_gen_map_open(g);
            json_str(g, "name"); json_str(g, dom->name);
            json_str(g, "domid"); yajl_gen_integer(g, dom->domid);
            json_str(g, "devid"); yajl_gen_integer(g, ids[j]);
            json_str(g, "mac"); json_str(g, in.mac);
            json_str(g, "bridge"); json_str(g, in.bridge);
            json_str(g, "backend"); json_str(g, "xyl-netback");
            json_str(g, "backend_id"); yajl_gen_integer(g, 0);
            json_str(g, "frontend_id"); yajl_gen_integer(g, dom->domid);
            json_str(g, "state"); yajl_gen_integer(g, in.state);
            json_str(g, "frontend_state"); yajl_gen_integer(g, in.fe_state);
            json_str(g, "evtch"); yajl_gen_integer(g, in.evtch);
            json_str(g, "tx_ring_ref"); yajl_gen_integer(g, in.tx_ref);
            json_str(g, "rx_ring_ref"); yajl_gen_integer(g, in.rx_ref);
            json_str(g, "backend_path"); json_str(g, in.path);
            json_str(g, "stats"); json_stats(g, in.stats);
            yajl_gen_map_close(g);
        } else {
            printf("%-3u %-2d %-17s%6u %5d %6d %5d/%-11d %-30s\n", ids[j], 0, in.mac, ids[j],
                   in.state, in.evtch, in.tx_ref, in.rx_ref, in.path);
            printf("    xyl-netback, bridge %s: %s\n", in.bridge,
                   in.stats[0] ? in.stats : "no traffic yet");
        }
    }
    free(ids);
}

/* One domain's NICs (libxl's, then xyl-netback's), as table rows or JSON. */
static void list_nics(struct xyl_xen *x, const struct hp_dom *dom, yajl_gen g)
{
    libxl_device_nic *nics;
    int j, n;

    nics = libxl_device_nic_list(x->ctx, dom->domid, &n);
    for (j = 0; nics && j < n; j++) {
        libxl_nicinfo in;
        char mac[18];
        libxl_nicinfo_init(&in);
        if (libxl_device_nic_getinfo(x->ctx, dom->domid, &nics[j], &in) == 0) {
            format_mac(nics[j].mac, mac);
            if (g)
                json_nic(g, dom, &nics[j], &in);
            else
                printf("%-3d %-2d %s%6d %5d %6d %5d/%-11d %-30s\n", in.devid,
                       in.backend_id, mac, in.devid, in.state, in.evtch, in.rref_tx,
                       in.rref_rx, in.backend ? in.backend : "");
        }
        libxl_nicinfo_dispose(&in);
    }
    if (nics)
        libxl_device_nic_list_free(nics, n);
    xyl_nics(g, dom);
}

int cmd_network_list(const struct cmd_args *a, const struct xyl_opts *o)
{
    char header[128];

    snprintf(header, sizeof(header), "%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n",
             "Idx", "BE", "Mac Addr.", "handle", "state", "evt-ch", "tx-", "rx-ring-ref",
             "BE-path");
    return hp_list(o->verbose, a->pos, a->npos, arg_flag(a, "json"), header, list_nics)
           ? XYL_EXIT_FAIL : XYL_EXIT_OK;
}
