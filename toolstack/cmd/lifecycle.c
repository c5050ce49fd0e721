/*
 * The lifecycle family: xyl shutdown [-w] [-F] NAME|ID | --all, reboot
 * [-F] NAME|ID, pause NAME|ID, unpause NAME|ID, destroy [--delete-disks]
 * NAME|ID, rename NAME|ID NEW-NAME.
 *
 * shutdown and reboot ask the guest's PV drivers through xenstore
 * (control/shutdown).  A guest without them (an HVM guest with no PV
 * drivers) gets, with -F, the ACPI power or reset button instead, as xl -F
 * does.  destroy terminates a guest now (domain_teardown: libxl removes
 * its devices, backend and frontend xenstore nodes and the domain's
 * xenstore tree; xyl those of its `backend: xyl` disks and networks, and
 * its record); with --delete-disks the guest's read-write image files are
 * deleted once it is gone (disk_delete.c).
 */
#include "cli/command.h"
#include "domain/meta.h"
#include "domain/teardown.h"
#include "xen/xen.h"
#include "xen/xen_wait.h"
#include "images/disk_delete.h"
#include "model/schema_check.h"

#include <libxl_utils.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/*
 * shutdown --all: every guest xyl created (a domain with the UUID of one of
 * its records), asked at once; with -w each is waited for and, once down,
 * destroyed and its record removed: what xyl-apply.service runs when the
 * host stops.
 */
static int shutdown_all(struct xyl_xen *x, bool wait)
{
    struct xyl_meta *m;
    libxl_dominfo *info;
    char uuid[LIBXL_UUID_FMTLEN + 1];
    int n, nd = 0, i, k, failed = 0;
    int *asked;

    if (meta_read_all(&m, &n))
        return XYL_EXIT_FAIL;
    info = libxl_list_domain(x->ctx, &nd);
    if (!info) {
        fprintf(stderr, "xyl: libxl cannot list the domains\n");
        meta_free(m, n);
        return XYL_EXIT_FAIL;
    }
    asked = calloc((size_t)nd + 1, sizeof(*asked));     /* index into m, or -1 */
    for (i = 0; asked && i < nd; i++) {
        asked[i] = -1;
        if (info[i].domid == 0 || info[i].dying || info[i].shutdown)
            continue;
        snprintf(uuid, sizeof(uuid), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(info[i].uuid));
        for (k = 0; k < n && (!m[k].managed || strcmp(m[k].uuid, uuid)); k++)
            ;
        if (k == n)
            continue;
        if (libxl_domain_shutdown(x->ctx, info[i].domid, NULL)) {
            fprintf(stderr, "xyl: could not shut down %s (domain %u)\n",
                    m[k].name ? m[k].name : "?", info[i].domid);
            failed++;
            continue;
        }
        printf("shutting down %s (domain %u)\n", m[k].name ? m[k].name : "?", info[i].domid);
        asked[i] = k;
    }
    fflush(stdout);
    for (i = 0; wait && asked && i < nd; i++) {
        if (asked[i] < 0)
            continue;
        if (xen_wait_shutdown(x, info[i].domid, m[asked[i]].name ? m[asked[i]].name : "?")) {
            failed++;
            continue;
        }
        domain_teardown(x, info[i].domid, m[asked[i]].name ? m[asked[i]].name : "?",
                        TEARDOWN_GONE_OK);      /* its monitor may have destroyed it */
    }
    free(asked);
    libxl_dominfo_list_free(info, nd);
    meta_free(m, n);
    return failed ? XYL_EXIT_FAIL : XYL_EXIT_OK;
}

static int shutdown_or_reboot(const struct cmd_args *a, const struct xyl_opts *o, bool reboot)
{
    const char *cmd = reboot ? "reboot" : "shutdown";
    struct xyl_xen x;
    bool wait = arg_flag(a, "w"), fallback = arg_flag(a, "F"), all = arg_flag(a, "all");
    const char *name = a->npos ? a->pos[0] : NULL;
    uint32_t domid;
    int r, rc = XYL_EXIT_FAIL;

    if (all == (name != NULL))
        return usage_error(a->cmd, all ? "--all or NAME|ID, not both" : "NAME|ID missing");
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (all) {
        rc = shutdown_all(&x, wait);
        goto out;
    }
    if (xen_find_domain(&x, name, &domid))
        goto out;
    if (domid == 0) {
        fprintf(stderr, "xyl: refusing to %s Domain-0 (use the host's own tools)\n", cmd);
        goto out;
    }
    r = reboot ? libxl_domain_reboot(x.ctx, domid, NULL) : libxl_domain_shutdown(x.ctx, domid, NULL);
    if (r == ERROR_NOPARAVIRT) {
        if (!fallback) {
            fprintf(stderr, "xyl: %s has no PV drivers to ask; use -F to press its ACPI %s button\n",
                    name, reboot ? "reset" : "power");
            goto out;
        }
        r = libxl_send_trigger(x.ctx, domid, reboot ? LIBXL_TRIGGER_RESET : LIBXL_TRIGGER_POWER,
                               0, NULL);
    }
    if (r) {
        fprintf(stderr, "xyl: could not %s %s (libxl error %d)\n", cmd, name, r);
        goto out;
    }
    rc = XYL_EXIT_OK;
    if (wait && xen_wait_shutdown(&x, domid, name))
        rc = XYL_EXIT_FAIL;
out:
    xen_close(&x);
    return rc;
}

int cmd_shutdown(const struct cmd_args *a, const struct xyl_opts *o)
{
    return shutdown_or_reboot(a, o, false);
}

int cmd_reboot(const struct cmd_args *a, const struct xyl_opts *o)
{
    return shutdown_or_reboot(a, o, true);
}

static int pause_or_unpause(const struct cmd_args *a, const struct xyl_opts *o, bool pause)
{
    const char *cmd = pause ? "pause" : "unpause";
    struct xyl_xen x;
    uint32_t domid;
    int rc = XYL_EXIT_FAIL;

    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (xen_find_domain(&x, a->pos[0], &domid) == 0) {
        if ((pause ? libxl_domain_pause(x.ctx, domid, NULL)
                   : libxl_domain_unpause(x.ctx, domid, NULL)) == 0)
            rc = XYL_EXIT_OK;
        else
            fprintf(stderr, "xyl: could not %s %s\n", cmd, a->pos[0]);
    }
    xen_close(&x);
    return rc;
}

int cmd_pause(const struct cmd_args *a, const struct xyl_opts *o)
{
    return pause_or_unpause(a, o, true);
}

int cmd_unpause(const struct cmd_args *a, const struct xyl_opts *o)
{
    return pause_or_unpause(a, o, false);
}

int cmd_destroy(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    uint32_t domid;
    struct image_list del = { 0 };
    bool delete_disks = arg_flag(a, "delete-disks");
    const char *name = a->pos[0];
    int rc = XYL_EXIT_FAIL;

    if (o->dryrun) {
        printf("would destroy %s%s\n", name, delete_disks ? " and delete its image files" : "");
        return XYL_EXIT_OK;
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (xen_find_domain(&x, name, &domid) == 0) {
        if (domid == 0)
            fprintf(stderr, "xyl: refusing to destroy Domain-0\n");
        else if (delete_disks && disk_delete_plan_domain(x.ctx, domid, &del, stdout))
            ;   /* said why; the guest still runs */
        else if (domain_teardown(&x, domid, name, 0) == 0)     /* devices, record too */
            rc = disk_delete_run(&del, stdout) ? XYL_EXIT_FAIL : XYL_EXIT_OK;
    }
    image_list_free(&del);
    xen_close(&x);
    return rc;
}

int cmd_rename(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    uint32_t domid;
    const char *why;
    char *old;
    int rc = XYL_EXIT_FAIL;

    if ((why = guest_name_problem(a->pos[1])) != NULL) {
        return usage_error(a->cmd, "new name '%s' %s", a->pos[1], why);
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (xen_find_domain(&x, a->pos[0], &domid) == 0) {
        old = libxl_domid_to_name(x.ctx, domid);
        if (domid == 0)
            fprintf(stderr, "xyl: refusing to rename Domain-0\n");
        else if (libxl_domain_rename(x.ctx, domid, old, a->pos[1]))
            fprintf(stderr, "xyl: could not rename %s to %s (is the name taken?)\n", a->pos[0], a->pos[1]);
        else
            rc = XYL_EXIT_OK;
        free(old);
    }
    xen_close(&x);
    return rc;
}
