/*
 * xyl host-check [--json] - can this host run Xen guests?  Works on any
 * Linux: the checks read /proc and /sys (hostcheck.c); in a dom0 libxl
 * adds the Xen version, its capabilities and its free memory.
 * One line per check: OK|WARN|FAIL  check  detail  (fix: ...).
 * Exit 1 if any check FAILs.
 */
#include "cli/command.h"
#include "host/hostcheck.h"
#include "xen/xen.h"

#include <stdio.h>
#include <string.h>
#include "base/json_out.h"

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

static void print_json(const struct hc_report *r)
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
    if (json) {
        print_json(&r);
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
