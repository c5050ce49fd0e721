/*
 * xyl uptime [NAME|ID...] - time since each domain was started.
 */
#include "cli/command.h"
#include "xen/xen.h"

#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include <libxl_utils.h>

static void print_one(struct xyl_xen *x, uint32_t domid)
{
    uint32_t start = libxl_vm_get_start_time(x->ctx, domid);
    time_t now = time(NULL);
    long s = start && (time_t)start <= now ? (long)(now - (time_t)start) : 0;
    char *name = libxl_domid_to_name(x->ctx, domid);

    if (domid == 0) {       /* dom0 has no start time in xenstore */
        struct timespec ts;
        clock_gettime(CLOCK_BOOTTIME, &ts);
        s = (long)ts.tv_sec;
    }
    printf("%-40s %5u ", name ? name : "?", domid);
    if (s >= 86400)
        printf("%ld days, ", s / 86400);
    printf("%2ld:%02ld:%02ld\n", (s % 86400) / 3600, (s % 3600) / 60, s % 60);
    free(name);
}

int cmd_uptime(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    libxl_dominfo *info;
    uint32_t domid;
    int n, i, rc = XYL_EXIT_OK;

    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    printf("%-40s %5s %s\n", "Name", "ID", "Uptime");
    if (a->npos) {
        for (i = 0; i < a->npos; i++) {
            if (xen_find_domain(&x, a->pos[i], &domid))
                rc = XYL_EXIT_FAIL;
            else
                print_one(&x, domid);
        }
    } else if ((info = libxl_list_domain(x.ctx, &n)) != NULL) {
        for (i = 0; i < n; i++)
            print_one(&x, info[i].domid);
        libxl_dominfo_list_free(info, n);
    } else {
        rc = XYL_EXIT_FAIL;
    }
    xen_close(&x);
    return rc;
}
