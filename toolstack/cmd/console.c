/*
 * xyl console [-t pv|serial] [-n NUM] NAME|ID - attach to a guest's
 * console: libxl execs xenconsole in our place (Ctrl-] detaches).
 * Without -t, the primary console: PV for PV/PVH guests, serial for HVM.
 */
#include "cli/command.h"
#include "xen/xen.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_console(int argc, char **argv, const struct xyl_opts *o)
{
    libxl_console_type type = LIBXL_CONSOLE_TYPE_UNKNOWN;
    struct xyl_xen x;
    uint32_t domid;
    int i, num = 0, r;
    char *end;

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-t") && i + 1 < argc) {
            i++;
            if (!strcmp(argv[i], "pv"))
                type = LIBXL_CONSOLE_TYPE_PV;
            else if (!strcmp(argv[i], "serial"))
                type = LIBXL_CONSOLE_TYPE_SERIAL;
            else {
                fprintf(stderr, "xyl console: -t takes pv or serial, not '%s'\n", argv[i]);
                return XYL_EXIT_USAGE;
            }
        } else if (!strcmp(argv[i], "-n") && i + 1 < argc) {
            num = (int)strtol(argv[++i], &end, 10);
            if (*end || num < 0) {
                fprintf(stderr, "xyl console: -n takes a console number, not '%s'\n", argv[i]);
                return XYL_EXIT_USAGE;
            }
        } else {
            fprintf(stderr, "xyl console: unknown option '%s'\n", argv[i]);
            print_usage(find_command("console"));
            return XYL_EXIT_USAGE;
        }
    }
    if (i != argc - 1) {
        print_usage(find_command("console"));
        return XYL_EXIT_USAGE;
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (xen_find_domain(&x, argv[i], &domid)) {
        xen_close(&x);
        return XYL_EXIT_FAIL;
    }
    fflush(NULL);
    /* these return only if xenconsole could not be started */
    if (type == LIBXL_CONSOLE_TYPE_UNKNOWN && num == 0)
        r = libxl_primary_console_exec(x.ctx, domid, -1);
    else
        r = libxl_console_exec(x.ctx, domid, num,
                               type == LIBXL_CONSOLE_TYPE_UNKNOWN ? LIBXL_CONSOLE_TYPE_PV : type, -1);
    fprintf(stderr, "xyl: cannot attach to %s's console (libxl error %d): is xenconsoled running, "
            "and does the guest have %s console %d?\n", argv[i], r,
            type == LIBXL_CONSOLE_TYPE_SERIAL ? "a serial" : "a", num);
    xen_close(&x);
    return XYL_EXIT_FAIL;
}
