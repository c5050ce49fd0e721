/*
 * xyl mem-set NAME|ID SIZE  - the balloon target (libxl_set_memory_target,
 *                             enforced: Xen's cap follows it, as with xl)
 * xyl mem-max NAME|ID SIZE  - the maximum: memory/static-max and Xen's cap
 *                             (libxl_domain_setmaxmem of Xen 4.17 sets both)
 *
 * Twins in one file: the same arguments, the same size parsing and the same
 * reading of the guest's memory/ keys, which lets both refuse an impossible
 * value with one line that names the other command, before libxl is asked:
 * the target may not exceed static-max, nor the maximum go below the target.
 * SIZE is 512M, 1G, 1048576K or a bare number of MiB (like memory: in a
 * definition).
 */
#include "cli/command.h"
#include "model/schema.h"
#include "base/util.h"
#include "xen/xen.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <xenstore.h>

#define MIN_MIB 16      /* as for memory: in a definition */

/* The guest's memory/KEY in KiB, or -1 if absent or unreadable. */
static long long mem_key(struct xs_handle *xs, uint32_t domid, const char *key)
{
    char path[64], *v, *end;
    unsigned len;
    long long kb = -1;

    snprintf(path, sizeof(path), "/local/domain/%u/memory/%s", domid, key);
    v = xs ? xs_read(xs, XBT_NULL, path, &len) : NULL;
    if (v) {
        errno = 0;
        kb = strtoll(v, &end, 10);
        if (errno || end == v || kb < 0)
            kb = -1;
        free(v);
    }
    return kb;
}

static int mem_cmd(const struct cmd_args *a, const struct xyl_opts *o, bool max)
{
    const char *why = NULL;
    struct xyl_xen x;
    struct xs_handle *xs;
    uint64_t bytes;
    uint32_t domid;
    long long target, smax, video;
    int rc = XYL_EXIT_FAIL;

    if (parse_size(a->pos[1], 1, &bytes, &why)) {
        return usage_error(a->cmd, "'%s': %s (write e.g. 512M or 2G; a bare number is MiB)",
                           a->pos[1], why);
    }
    if (bytes < (uint64_t)MIN_MIB << 20 || bytes % 1024) {
        return usage_error(a->cmd, "'%s' is %s; give at least %dM in whole KiB", a->pos[1],
                           bytes % 1024 ? "not a whole number of KiB" : "too small", MIN_MIB);
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (xen_find_domain(&x, a->pos[0], &domid))
        goto out;

    /* what libxl itself will compare against (it reads the same keys) */
    xs = xs_open(XS_OPEN_READONLY);
    target = mem_key(xs, domid, "target");
    smax = mem_key(xs, domid, "static-max");
    video = mem_key(xs, domid, "videoram");
    if (xs)
        xs_close(xs);
    if (video < 0)
        video = 0;
    if (!max && smax >= 0 && (long long)(bytes >> 10) - video > smax) {
        fprintf(stderr, "xyl: %s is above %s's maximum of %lldM; raise the maximum first "
                "(xyl mem-max %s %s)\n", a->pos[1], a->pos[0], (smax + video) >> 10, a->pos[0], a->pos[1]);
        goto out;
    }
    if (max && target >= 0 && (long long)(bytes >> 10) < target) {
        fprintf(stderr, "xyl: %s is below %s's current target of %lldM; lower the target first "
                "(xyl mem-set %s %s)\n", a->pos[1], a->pos[0], (target + video) >> 10, a->pos[0], a->pos[1]);
        goto out;
    }
    if (o->dryrun) {
        printf("would set the memory %s of %s to %lluM\n", max ? "maximum" : "target",
               a->pos[0], (unsigned long long)(bytes >> 20));
        rc = XYL_EXIT_OK;
        goto out;
    }
    if (max ? libxl_domain_setmaxmem(x.ctx, domid, bytes >> 10)
            : libxl_set_memory_target(x.ctx, domid, (int64_t)(bytes >> 10), 0, 1))
        fprintf(stderr, "xyl: libxl could not set the memory %s of %s to %s\n",
                max ? "maximum" : "target", a->pos[0], a->pos[1]);
    else
        rc = XYL_EXIT_OK;
out:
    xen_close(&x);
    return rc;
}

int cmd_mem_set(const struct cmd_args *a, const struct xyl_opts *o)
{
    return mem_cmd(a, o, false);
}

int cmd_mem_max(const struct cmd_args *a, const struct xyl_opts *o)
{
    return mem_cmd(a, o, true);
}
