/*
 * xyl plan [--json] [--prune] [--autostart] DIR - what `xyl apply DIR` would
 * do: one line per guest (create, update in place, recreate, destroy,
 * unchanged) with the reason for each difference.
 * Exit 0: nothing to do; 2: changes pending; 1: error or conflict.
 */
#include "cli/command.h"
#include "plan/plan_run.h"

#include <stdio.h>
#include <string.h>

int cmd_plan(int argc, char **argv, const struct xyl_opts *o)
{
    struct xyl_xen x;
    struct plan_run pr;
    bool json = false, prune = false, autostart = false;
    int i, rc = XYL_EXIT_FAIL;

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "--json"))
            json = true;
        else if (!strcmp(argv[i], "--prune"))
            prune = true;
        else if (!strcmp(argv[i], "--autostart"))
            autostart = true;
        else {
            fprintf(stderr, "xyl plan: unknown option '%s'\n", argv[i]);
            print_usage(find_command("plan"));
            return XYL_EXIT_USAGE;
        }
    }
    if (i != argc - 1) {
        print_usage(find_command("plan"));
        return XYL_EXIT_USAGE;
    }
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (plan_run_build(&x, argv[i], o->config, autostart, prune, &pr) == 0) {
        rc = plan_run_show(&pr, json);
        plan_run_free(&pr);
    }
    xen_close(&x);
    return rc;
}
