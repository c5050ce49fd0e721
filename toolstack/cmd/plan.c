/*
 * xyl plan [--json] [--prune] [--autostart] DIR - what `xyl apply DIR` would
 * do: one line per guest (create, update in place, recreate, destroy,
 * unchanged) with the reason for each difference.
 * Exit 0: nothing to do; 2: changes pending; 1: error or conflict.
 */
#include "cli/command.h"
#include "plan/plan_folder.h"

#include <stdio.h>
#include <string.h>

int cmd_plan(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    struct plan_folder pr;
    bool prune = arg_flag(a, "prune"), autostart = arg_flag(a, "autostart");
    int rc = XYL_EXIT_FAIL;

    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (plan_folder_build(&x, a->pos[0], o->config, autostart, prune, &pr) == 0) {
        rc = plan_folder_show(&pr, arg_flag(a, "json"));
        plan_folder_free(&pr);
    }
    xen_close(&x);
    return rc;
}
