/*
 * The host family (this machine, not one guest): xyl host-check [--json],
 * info [--json], net-list [--json] (the host's bridges; a guest's NICs are
 * network-list in network.c).
 *
 * host-check: can this host run Xen guests?  Works on any Linux: the
 * checks read /proc and /sys (hostcheck.c); in a dom0 libxl adds the Xen
 * version, its capabilities and its free memory.  One line per check:
 * OK|WARN|FAIL  check  detail  (fix: ...).  Exit 1 if any check FAILs.
 * info: host and hypervisor facts, in xl info's key names.
 * net-list: the host's Linux bridges (like virsh net-list --all), each
 * bridge's state and the guests whose vifs sit on it
 * (/sys/class/net/BR/brif/vifD.N -> domain D -> its name through libxl,
 * when this is a dom0; elsewhere only the interface names).
 */
#include "cli/command.h"
#include "host/hostcheck.h"
#include "hvm/firmware.h"
#include "xen/xen.h"
#include "base/json_out.h"
#include "base/util.h"

#include <libxl_utils.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

/* Xen's own facts through libxl; -1 (silently) when libxl cannot open */
static int xen_facts(int verbose, struct hc_xen *hx)
{
    struct xyl_xen x;
    const libxl_version_info *v;
    libxl_physinfo pi;
    int rc = -1;

    memset(hx, 0, sizeof(*hx));
    if (xen_open(&x, verbose))
        return -1;
    v = libxl_get_version_info(x.ctx);
    if (v)
        snprintf(hx->version, sizeof(hx->version), "%d.%d%s", v->xen_version_major,
                 v->xen_version_minor, v->xen_version_extra ? v->xen_version_extra : "");
    libxl_physinfo_init(&pi);
    if (libxl_get_physinfo(x.ctx, &pi) == 0) {
        hx->pv = pi.cap_pv;
        hx->hvm = pi.cap_hvm;
        hx->hap = pi.cap_hap;
        hx->iommu = pi.cap_hvm_directio;
        hx->shadow = pi.cap_shadow;
        hx->free_mib = pi.free_pages * 4096 / (1 << 20);
        hx->total_mib = pi.total_pages * 4096 / (1 << 20);
        rc = 0;
    }
    libxl_physinfo_dispose(&pi);
    xen_close(&x);
    return rc;
}

static void print_checks_json(const struct hc_report *r)
{
    yajl_gen g = json_gen_new();
    int i;

    yajl_gen_map_open(g);
    json_str(g, "ok"); yajl_gen_bool(g, hostcheck_worst(r) != HC_FAIL);
    json_str(g, "checks");
    yajl_gen_array_open(g);
    for (i = 0; i < r->n; i++) {
        yajl_gen_map_open(g);
        json_str(g, "check"); json_str(g, r->v[i].check);
        json_str(g, "status"); json_str(g, hc_status_name(r->v[i].status));
        json_str(g, "detail"); json_str(g, r->v[i].detail);
        json_str(g, "fix");
        if (r->v[i].fix)
            json_str(g, r->v[i].fix);
        else
            yajl_gen_null(g);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    json_gen_print(g);
}

int cmd_host_check(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct hc_report r = { 0 };
    struct hc_xen hx;
    const char *root = arg_str(a, "root", "/");    /* for tests: check a copied tree */
    bool json = arg_flag(a, "json"), have_xen = false;
    int i, rc;

    if (!strcmp(root, "/") && hostcheck_is_dom0(root))
        have_xen = xen_facts(o->verbose, &hx) == 0;
    hostcheck_run(root, have_xen ? &hx : NULL, &r);
    if (hostcheck_is_dom0(root))        /* what HVM guests boot: only a dom0 needs it */
        hvm_firmware_hostcheck(root, &r);
    if (json) {
        print_checks_json(&r);
    } else {
        for (i = 0; i < r.n; i++) {
            printf("%-4s  %-18s  %s", hc_status_name(r.v[i].status), r.v[i].check, r.v[i].detail);
            if (r.v[i].fix)
                printf("  (fix: %s)", r.v[i].fix);
            putchar('\n');
        }
    }
    rc = hostcheck_worst(&r) == HC_FAIL ? XYL_EXIT_FAIL : XYL_EXIT_OK;
    hc_report_free(&r);
    return rc;
}

struct fact {
    const char *key;
    char *value;
};

static void add(struct fact *f, int *n, const char *key, char *value)
{
    f[*n].key = key;
    f[*n].value = value;
    (*n)++;
}

int cmd_info(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    const libxl_version_info *v;
    libxl_physinfo pi;
    struct utsname u;
    struct fact f[16];
    struct strbuf caps = STRBUF_INIT;
    int n = 0, i, json = arg_flag(a, "json");
    unsigned long page_mib_div = 256;    /* 4 KiB pages per MiB */

    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    v = libxl_get_version_info(x.ctx);
    libxl_physinfo_init(&pi);
    if (!v || libxl_get_physinfo(x.ctx, &pi)) {
        fprintf(stderr, "xyl: libxl could not read the hypervisor's version or physinfo\n");
        libxl_physinfo_dispose(&pi);
        xen_close(&x);
        return XYL_EXIT_FAIL;
    }
    uname(&u);
    if (pi.cap_pv) sb_adds(&caps, "pv ");
    if (pi.cap_hvm) sb_adds(&caps, "hvm ");
    if (pi.cap_hvm && pi.cap_hvm_directio) sb_adds(&caps, "hvm_directio ");
    if (pi.cap_pv && pi.cap_hvm_directio) sb_adds(&caps, "pv_directio ");
    if (pi.cap_hap) sb_adds(&caps, "hap ");
    if (pi.cap_shadow) sb_adds(&caps, "shadow ");
    if (pi.cap_iommu_hap_pt_share) sb_adds(&caps, "iommu_hap_pt_share ");
    if (caps.len)
        caps.buf[--caps.len] = '\0';

    add(f, &n, "host", xstrdup(u.nodename));
    add(f, &n, "release", xstrdup(u.release));
    add(f, &n, "machine", xstrdup(u.machine));
    add(f, &n, "nr_cpus", xasprintf("%u", pi.nr_cpus));
    add(f, &n, "nr_nodes", xasprintf("%u", pi.nr_nodes));
    add(f, &n, "cpu_mhz", xasprintf("%u.%03u", pi.cpu_khz / 1000, pi.cpu_khz % 1000));
    add(f, &n, "virt_caps", sb_detach(&caps));
    add(f, &n, "total_memory", xasprintf("%lu", (unsigned long)(pi.total_pages / page_mib_div)));
    add(f, &n, "free_memory", xasprintf("%lu", (unsigned long)(pi.free_pages / page_mib_div)));
    add(f, &n, "xen_version", xasprintf("%d.%d%s", v->xen_version_major, v->xen_version_minor,
                                        v->xen_version_extra ? v->xen_version_extra : ""));
    add(f, &n, "xen_caps", xstrdup(v->capabilities ? v->capabilities : ""));
    add(f, &n, "xen_commandline", xstrdup(v->commandline ? v->commandline : ""));
    add(f, &n, "xen_compiler", xstrdup(v->compiler ? v->compiler : ""));

    if (json) {
        yajl_gen g = json_gen_new();
        yajl_gen_map_open(g);
        for (i = 0; i < n; i++) {
            json_str(g, f[i].key);
            json_str(g, f[i].value);
        }
        yajl_gen_map_close(g);
        json_gen_print(g);
    } else {
        for (i = 0; i < n; i++)
            printf("%-23s: %s\n", f[i].key, f[i].value);
    }
    for (i = 0; i < n; i++)
        free(f[i].value);
    libxl_physinfo_dispose(&pi);
    xen_close(&x);
    return XYL_EXIT_OK;
}

static char *guest_name(struct xyl_xen *x, int domid)
{
    if (!x->ctx || domid < 0)
        return NULL;
    return libxl_domid_to_name(x->ctx, (uint32_t)domid);
}

static void print_bridges_json(struct xyl_xen *x, struct hc_bridge *b, int n)
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

static void print_bridges_table(struct xyl_xen *x, struct hc_bridge *b, int n)
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
        print_bridges_json(&x, b, n);
    else
        print_bridges_table(&x, b, n);
    hostcheck_bridges_free(b, n);
    xen_close(&x);
    return XYL_EXIT_OK;
}
