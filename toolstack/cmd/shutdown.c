/*
 * xyl shutdown [-w] [-F] NAME|ID, xyl reboot [-F] NAME|ID.
 *
 * Both ask the guest's PV drivers through xenstore (control/shutdown).  A
 * guest without them (an HVM guest with no PV drivers) gets, with -F, the
 * ACPI power or reset button instead, as xl -F does.
 */
#include "../command.h"
#include "../xen.h"
#include "../xen_wait.h"

#include <stdio.h>
#include <string.h>

static int shutdown_or_reboot(int argc, char **argv, const struct xyl_opts *o, bool reboot)
{
    const char *cmd = reboot ? "reboot" : "shutdown";
    struct xyl_xen x;
    bool wait = false, fallback = false;
    uint32_t domid;
    int i, r, rc = XYL_EXIT_FAIL;

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-w") && !reboot)
            wait = true;
        else if (!strcmp(argv[i], "-F"))
            fallback = true;
        else {
            fprintf(stderr, "xyl %s: unknown option '%s'\n", cmd, argv[i]);
            print_usage(find_command(cmd));
            return XYL_EXIT_USAGE;
        }
    }
    if (i != argc - 1) {
        print_usage(find_command(cmd));
        return XYL_EXIT_USAGE;
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (xen_find_domain(&x, argv[i], &domid))
        goto out;
    if (domid == 0) {
        fprintf(stderr, "xyl: refusing to %s Domain-0 (use the host's own tools)\n", cmd);
        goto out;
    }
    r = reboot ? libxl_domain_reboot(x.ctx, domid, NULL) : libxl_domain_shutdown(x.ctx, domid, NULL);
    if (r == ERROR_NOPARAVIRT) {
        if (!fallback) {
            fprintf(stderr, "xyl: %s has no PV drivers to ask; use -F to press its ACPI %s button\n",
                    argv[i], reboot ? "reset" : "power");
            goto out;
        }
        r = libxl_send_trigger(x.ctx, domid, reboot ? LIBXL_TRIGGER_RESET : LIBXL_TRIGGER_POWER,
                               0, NULL);
    }
    if (r) {
        fprintf(stderr, "xyl: could not %s %s (libxl error %d)\n", cmd, argv[i], r);
        goto out;
    }
    rc = XYL_EXIT_OK;
    if (wait && xen_wait_shutdown(&x, domid, argv[i]))
        rc = XYL_EXIT_FAIL;
out:
    xen_close(&x);
    return rc;
}

int cmd_shutdown(int argc, char **argv, const struct xyl_opts *o)
{
    return shutdown_or_reboot(argc, argv, o, false);
}

int cmd_reboot(int argc, char **argv, const struct xyl_opts *o)
{
    return shutdown_or_reboot(argc, argv, o, true);
}
