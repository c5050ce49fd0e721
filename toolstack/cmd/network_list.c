/*
 * xyl network-list [--json] NAME|ID... - a guest's NICs, in xl's columns:
 * Idx BE Mac-Addr. handle state evt-ch tx-/rx-ring-ref BE-path.
 * --json adds the bridge and the backend interface name.  NICs served by
 * xyl-netback (backend: xyl) follow, with their counters on a second line
 * (--json: "stats", every counter a number).
 */
#include "cli/command.h"
#include "devices/hotplug.h"
#include "base/ident.h"
#include "base/util.h"
#include "devices/xyl_vif.h"

#include <libxl_utils.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/json_out.h"

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

int cmd_network_list(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    yajl_gen g = NULL;
    int i, j, n, json = arg_flag(a, "json"), rc = XYL_EXIT_OK;

    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (json) {
        g = json_gen_new();
        yajl_gen_array_open(g);
    } else {
        printf("%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n", "Idx", "BE", "Mac Addr.",
               "handle", "state", "evt-ch", "tx-", "rx-ring-ref", "BE-path");
    }
    for (i = 0; i < a->npos; i++) {
        struct hp_dom dom = { 0, NULL, 0 };
        libxl_device_nic *nics;

        if (hp_find_domain(&x, a->pos[i], &dom)) {
            rc = XYL_EXIT_FAIL;
            continue;
        }
        nics = libxl_device_nic_list(x.ctx, dom.domid, &n);
        for (j = 0; nics && j < n; j++) {
            libxl_nicinfo in;
            char mac[18];
            libxl_nicinfo_init(&in);
            if (libxl_device_nic_getinfo(x.ctx, dom.domid, &nics[j], &in) == 0) {
                format_mac(nics[j].mac, mac);
                if (json)
                    json_nic(g, &dom, &nics[j], &in);
                else
                    printf("%-3d %-2d %s%6d %5d %6d %5d/%-11d %-30s\n", in.devid,
                           in.backend_id, mac, in.devid, in.state, in.evtch, in.rref_tx,
                           in.rref_rx, in.backend ? in.backend : "");
            }
            libxl_nicinfo_dispose(&in);
        }
        if (nics)
            libxl_device_nic_list_free(nics, n);
        xyl_nics(json ? g : NULL, &dom);
        hp_dom_free(&dom);
    }
    if (json) {
        yajl_gen_array_close(g);
        json_gen_print(g);
    }
    xen_close(&x);
    return rc;
}
