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

int cmd_console(const struct cmd_args *a, const struct xyl_opts *o)
{
    libxl_console_type type = LIBXL_CONSOLE_TYPE_UNKNOWN;
    struct xyl_xen x;
    uint32_t domid;
    const char *t = arg_str(a, "t", NULL), *name = a->pos[0];
    int num = arg_int(a, "n", 0), r;

    if (t)      /* pv or serial: the parser checked the choice */
        type = !strcmp(t, "pv") ? LIBXL_CONSOLE_TYPE_PV : LIBXL_CONSOLE_TYPE_SERIAL;
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (xen_find_domain(&x, name, &domid)) {
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
            "and does the guest have %s console %d?\n", name, r,
            type == LIBXL_CONSOLE_TYPE_SERIAL ? "a serial" : "a", num);
    xen_close(&x);
    return XYL_EXIT_FAIL;
}
