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
#include "domain/shutdown.h"
#include "domain/teardown.h"
#include "xen/xen.h"
#include "xen/xen_wait.h"
#include "images/disk_delete.h"
#include "model/schema_check.h"

#include <libxl_utils.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
        rc = domain_shutdown_all(&x, wait) ? XYL_EXIT_FAIL : XYL_EXIT_OK;
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
