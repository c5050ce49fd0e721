/*
 * xyl vcpu-set NAME|ID N - bring vCPUs 0..N-1 online and the rest offline
 * (libxl_set_vcpuonline: xenstore cpu/K/availability for PV and PVH, QMP for
 * HVM).  N is bounded by the guest's maxvcpus, fixed when it was created.
 */
#include "cli/command.h"
#include "xen/xen.h"

#include <libxl_utils.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

int cmd_vcpu_set(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    libxl_dominfo info;
    libxl_bitmap map;
    uint32_t domid;
    unsigned long n, maxv;
    char *end;
    int i, r, rc = XYL_EXIT_FAIL;

    errno = 0;
    n = strtoul(a->pos[1], &end, 10);
    if (a->pos[1][0] < '0' || a->pos[1][0] > '9' || *end || errno || n < 1 || n > 4096) {
        return usage_error(a->cmd, "'%s' is not a number of vCPUs (1 or more)", a->pos[1]);
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    libxl_dominfo_init(&info);
    libxl_bitmap_init(&map);
    if (xen_find_domain(&x, a->pos[0], &domid))
        goto out;
    if (libxl_domain_info(x.ctx, &info, domid)) {
        fprintf(stderr, "xyl: domain %s disappeared\n", a->pos[0]);
        goto out;
    }
    maxv = (unsigned long)info.vcpu_max_id + 1;
    if (n > maxv) {
        fprintf(stderr, "xyl: %s has at most %lu vCPU%s (its maxvcpus, fixed at create); "
                "give 1 to %lu, or raise maxvcpus in its definition and create it again\n",
                a->pos[0], maxv, maxv == 1 ? "" : "s", maxv);
        goto out;
    }
    if (o->dryrun) {
        printf("would set %s to %lu online vCPU%s\n", a->pos[0], n, n == 1 ? "" : "s");
        rc = XYL_EXIT_OK;
        goto out;
    }
    if (libxl_cpu_bitmap_alloc(x.ctx, &map, (int)maxv)) {
        fprintf(stderr, "xyl: cannot allocate a CPU map\n");
        goto out;
    }
    for (i = 0; i < (int)n; i++)
        libxl_bitmap_set(&map, i);
    r = libxl_set_vcpuonline(x.ctx, domid, &map, NULL);
    if (r)
        fprintf(stderr, "xyl: libxl could not set %s to %lu vCPUs (libxl error %d)\n",
                a->pos[0], n, r);
    else
        rc = XYL_EXIT_OK;
out:
    libxl_bitmap_dispose(&map);
    libxl_dominfo_dispose(&info);
    xen_close(&x);
    return rc;
}
