/*
 * xyl network-list [--json] NAME|ID... - a guest's NICs, in xl's columns:
 * Idx BE Mac-Addr. handle state evt-ch tx-/rx-ring-ref BE-path.
 * --json adds the bridge and the backend interface name.
 */
#include "../command.h"
#include "../hotplug.h"
#include "../ident.h"
#include "../util.h"

#include <libxl_utils.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yajl/yajl_gen.h>

#define S(g, s) yajl_gen_string((g), (const unsigned char *)(s), strlen(s))

static void json_nic(yajl_gen g, const struct hp_dom *dom, const libxl_device_nic *n,
                     const libxl_nicinfo *in)
{
    char mac[18];

    format_mac(n->mac, mac);
    yajl_gen_map_open(g);
    S(g, "name"); S(g, dom->name);
    S(g, "domid"); yajl_gen_integer(g, dom->domid);
    S(g, "devid"); yajl_gen_integer(g, in->devid);
    S(g, "mac"); S(g, mac);
    S(g, "bridge"); S(g, n->bridge ? n->bridge : "");
    S(g, "vifname"); S(g, n->ifname ? n->ifname : "");
    S(g, "backend_id"); yajl_gen_integer(g, in->backend_id);
    S(g, "frontend_id"); yajl_gen_integer(g, in->frontend_id);
    S(g, "state"); yajl_gen_integer(g, in->state);
    S(g, "evtch"); yajl_gen_integer(g, in->evtch);
    S(g, "tx_ring_ref"); yajl_gen_integer(g, in->rref_tx);
    S(g, "rx_ring_ref"); yajl_gen_integer(g, in->rref_rx);
    S(g, "backend_path"); S(g, in->backend ? in->backend : "");
    yajl_gen_map_close(g);
}

int cmd_network_list(int argc, char **argv, const struct xyl_opts *o)
{
    struct xyl_xen x;
    yajl_gen g = NULL;
    int i, j, n, json = 0, ndoms = 0, rc = XYL_EXIT_OK;

    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            json = 1;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "xyl network-list: unknown option '%s'\n", argv[i]);
            print_usage(find_command("network-list"));
            return XYL_EXIT_USAGE;
        } else
            ndoms++;
    }
    if (!ndoms) {
        print_usage(find_command("network-list"));
        return XYL_EXIT_USAGE;
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (json) {
        g = yajl_gen_alloc(NULL);
        yajl_gen_config(g, yajl_gen_beautify, 1);
        yajl_gen_array_open(g);
    } else {
        printf("%-3s %-2s %-17s %-6s %-5s %-6s %5s/%-5s %-30s\n", "Idx", "BE", "Mac Addr.",
               "handle", "state", "evt-ch", "tx-", "rx-ring-ref", "BE-path");
    }
    for (i = 1; i < argc; i++) {
        struct hp_dom dom = { 0, NULL, 0 };
        libxl_device_nic *nics;

        if (argv[i][0] == '-')
            continue;
        if (hp_find_domain(&x, argv[i], &dom)) {
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
        hp_dom_free(&dom);
    }
    if (json) {
        const unsigned char *buf;
        size_t len;
        yajl_gen_array_close(g);
        yajl_gen_get_buf(g, &buf, &len);
        fwrite(buf, 1, len, stdout);
        yajl_gen_free(g);
    }
    xen_close(&x);
    return rc;
}
