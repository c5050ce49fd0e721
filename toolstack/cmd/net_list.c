/*
 * xyl net-list [--json] - the host's Linux bridges (like virsh net-list
 * --all): each bridge's state and the guests whose vifs sit on it
 * (/sys/class/net/BR/brif/vifD.N -> domain D -> its name through libxl,
 * when this is a dom0; elsewhere only the interface names).
 */
#include "cli/command.h"
#include "host/hostcheck.h"
#include "xen/xen.h"

#include <libxl_utils.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "base/json_out.h"

static char *guest_name(struct xyl_xen *x, int domid)
{
    if (!x->ctx || domid < 0)
        return NULL;
    return libxl_domid_to_name(x->ctx, (uint32_t)domid);
}

static void print_json(struct xyl_xen *x, struct hc_bridge *b, int n)
{
    yajl_gen g = json_gen_new();
    int i, k;

    yajl_gen_array_open(g);
    for (i = 0; i < n; i++) {
        yajl_gen_map_open(g);
        json_str(g, "name"); json_str(g, b[i].name);
        json_str(g, "state"); json_str(g, b[i].state);
        json_str(g, "up"); yajl_gen_bool(g, b[i].admin_up);
        json_str(g, "ports");
        yajl_gen_array_open(g);
        for (k = 0; k < b[i].n_ports; k++) {
            struct hc_port *p = &b[i].ports[k];
            char *name = guest_name(x, p->domid);
            yajl_gen_map_open(g);
            json_str(g, "ifname"); json_str(g, p->ifname);
            if (p->domid >= 0) {
                json_str(g, "domid"); yajl_gen_integer(g, p->domid);
                json_str(g, "devid"); yajl_gen_integer(g, p->devid);
                json_str(g, "guest");
                if (name)
                    json_str(g, name);
                else
                    yajl_gen_null(g);
            }
            yajl_gen_map_close(g);
            free(name);
        }
        yajl_gen_array_close(g);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    json_gen_print(g);
}

static void print_table(struct xyl_xen *x, struct hc_bridge *b, int n)
{
    int i, k;

    printf("%-16s %-8s %s\n", "Bridge", "State", "Guests (interface)");
    printf("--------------------------------------------------------\n");
    for (i = 0; i < n; i++) {
        int shown = 0;
        /* up = administratively up; an empty bridge has no carrier yet */
        printf("%-16s %-8s ", b[i].name, b[i].admin_up ? "up" : "down");
        for (k = 0; k < b[i].n_ports; k++) {
            struct hc_port *p = &b[i].ports[k];
            char *name = guest_name(x, p->domid);
            if (p->domid >= 0)
                printf("%s%s(%s)", shown++ ? " " : "", name ? name : "?", p->ifname);
            else
                printf("%s[%s]", shown++ ? " " : "", p->ifname);    /* not a guest's */
            free(name);
        }
        printf("%s\n", shown ? "" : "-");
    }
}

int cmd_net_list(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x = { NULL, NULL };
    struct hc_bridge *b;
    bool json = arg_flag(a, "json");
    int n;

    /* guest names need libxl; without Xen the bridges are listed anyway */
    if (hostcheck_is_dom0("/") && xen_open(&x, o->verbose))
        x.ctx = NULL;
    n = hostcheck_bridges("/", &b);
    if (json)
        print_json(&x, b, n);
    else
        print_table(&x, b, n);
    hostcheck_bridges_free(b, n);
    xen_close(&x);
    return XYL_EXIT_OK;
}
