/*
 * xyl vcpu-pin NAME|ID VCPU|all CPUS - set the hard affinity of one vCPU or
 * of all of them (libxl_set_vcpuaffinity[_all]).  CPUS is "all" or a list of
 * host CPUs and ranges, e.g. "0-1,3"; every CPU must exist on this host.
 */
#include "cli/command.h"
#include "xen/xen.h"

#include <libxl_utils.h>

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int parse_num(const char **p, unsigned long *out)
{
    char *end;

    if (!isdigit((unsigned char)**p))
        return -1;
    errno = 0;
    *out = strtoul(*p, &end, 10);
    if (errno || *out > 65535)
        return -1;
    *p = end;
    return 0;
}

/* "all" or "N[-M][,...]" into map; prints one line and returns -1 if bad. */
static int parse_cpus(const char *s, int nr_cpus, libxl_bitmap *map)
{
    const char *p = s;
    unsigned long a, b, i;

    if (!strcmp(s, "all")) {
        for (i = 0; i < (unsigned long)nr_cpus; i++)
            libxl_bitmap_set(map, (int)i);
        return 0;
    }
    for (;;) {
        if (parse_num(&p, &a))
            goto bad;
        b = a;
        if (*p == '-') {
            p++;
            if (parse_num(&p, &b) || b < a)
                goto bad;
        }
        if (b >= (unsigned long)nr_cpus) {
            fprintf(stderr, "xyl: CPU %lu does not exist: this host has %d CPU%s (0-%d)\n",
                    b, nr_cpus, nr_cpus == 1 ? "" : "s", nr_cpus - 1);
            return -1;
        }
        for (i = a; i <= b; i++)
            libxl_bitmap_set(map, (int)i);
        if (*p == '\0')
            return 0;
        if (*p++ != ',')
            goto bad;
    }
bad:
    fprintf(stderr, "xyl vcpu-pin: '%s' is not a CPU list: write e.g. 1, 0-1,3 or all\n", s);
    return -1;
}

int cmd_vcpu_pin(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    libxl_physinfo pi;
    libxl_bitmap map;
    libxl_vcpuinfo *v = NULL;
    uint32_t domid;
    unsigned long vcpu = 0;
    const char *p = a->pos[1];
    bool all = !strcmp(a->pos[1], "all");
    int nv = 0, nr, r, rc = XYL_EXIT_FAIL;

    if (!all && (parse_num(&p, &vcpu) || *p)) {
        return usage_error(a->cmd, "'%s' is not a vCPU number or 'all'", a->pos[1]);
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    libxl_physinfo_init(&pi);
    libxl_bitmap_init(&map);
    if (xen_find_domain(&x, a->pos[0], &domid))
        goto out;
    if (libxl_get_physinfo(x.ctx, &pi) || libxl_cpu_bitmap_alloc(x.ctx, &map, 0)) {
        fprintf(stderr, "xyl: libxl could not read the host's CPUs\n");
        goto out;
    }
    if (parse_cpus(a->pos[2], (int)pi.nr_cpus, &map))
        goto out;
    v = libxl_list_vcpu(x.ctx, domid, &nv, &nr);
    if (!v) {
        fprintf(stderr, "xyl: libxl could not list the vCPUs of %s\n", a->pos[0]);
        goto out;
    }
    if (!all && vcpu >= (unsigned long)nv) {
        fprintf(stderr, "xyl: %s has no vCPU %lu (it has %d: 0-%d)\n", a->pos[0], vcpu, nv, nv - 1);
        goto out;
    }
    if (o->dryrun) {
        printf("would pin vCPU %s of %s to CPUs %s\n", a->pos[1], a->pos[0], a->pos[2]);
        rc = XYL_EXIT_OK;
        goto out;
    }
    r = all ? libxl_set_vcpuaffinity_all(x.ctx, domid, (unsigned)nv, &map, NULL)
            : libxl_set_vcpuaffinity(x.ctx, domid, (uint32_t)vcpu, &map, NULL);
    if (r)
        fprintf(stderr, "xyl: libxl could not pin vCPU %s of %s to %s (libxl error %d)\n",
                a->pos[1], a->pos[0], a->pos[2], r);
    else
        rc = XYL_EXIT_OK;
out:
    if (v)
        libxl_vcpuinfo_list_free(v, nv);
    libxl_bitmap_dispose(&map);
    libxl_physinfo_dispose(&pi);
    xen_close(&x);
    return rc;
}
