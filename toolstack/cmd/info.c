/*
 * xyl info [--json] - host and hypervisor facts, in xl info's key names.
 */
#include "cli/command.h"
#include "base/util.h"
#include "xen/xen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include "base/json_out.h"

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
