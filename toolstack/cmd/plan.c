/*
 * xyl plan [--json] [--prune] [--autostart] [--offline | --state FILE] DIR -
 * what `xyl apply DIR` would do: one line per guest (create, update in
 * place, recreate, destroy, unchanged) with the reason for each difference.
 * The folder is validated first, without Xen: every error as FILE:LINE:COL.
 * --offline plans against a host with no guests, --state against what
 * `xyl state` saved in a dom0; neither needs Xen (CI on a pull request).
 * Exit 0: nothing to do; 2: changes pending; 1: error or conflict.
 *
 * xyl state - what plan observes on this host, as JSON (plan/state.h).
 */
#include "cli/command.h"
#include "plan/plan_folder.h"
#include "plan/state.h"

#include <stdio.h>
#include <string.h>

int cmd_plan(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    struct plan_folder pr;
    bool prune = arg_flag(a, "prune"), autostart = arg_flag(a, "autostart");
    bool offline = arg_flag(a, "offline");
    const char *state = arg_str(a, "state", NULL);
    bool host = !offline && !state;
    int rc;

    if (offline && state)
        return usage_error(a->cmd, "--offline and --state exclude each other");
    if (plan_folder_load(a->pos[0], o->config, autostart, &pr))
        return XYL_EXIT_FAIL;
    if (host && xen_open(&x, o->verbose)) {
        fprintf(stderr, "xyl: the folder is valid; 'xyl plan --offline' or '--state FILE' "
                "plan without Xen\n");
        plan_folder_free(&pr);
        return XYL_EXIT_FAIL;
    }
    rc = XYL_EXIT_FAIL;
    if (plan_folder_plan(&pr, host ? &x : NULL, state, prune) == 0) {
        rc = plan_folder_show(&pr, arg_flag(a, "json"));
        plan_folder_free(&pr);
    }
    if (host)
        xen_close(&x);
    return rc;
}

int cmd_state(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    struct observed obs;
    int rc = XYL_EXIT_FAIL;

    (void)a;
    if (xen_open(&x, o->verbose))
        return XYL_EXIT_FAIL;
    if (observe_host(x.ctx, NULL, 0, &obs) == 0) {
        if (state_print(&obs) == 0)
            rc = XYL_EXIT_OK;
        observe_free(&obs);
    }
    xen_close(&x);
    return rc;
}
