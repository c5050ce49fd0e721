/*
 * xyl clone [-o PATH] [--keep-machine-id] SRC.yaml NEW - a new guest from
 * SRC on qcow2 overlays, with a fresh machine ID (see clone.h).
 */
#include "images/clone.h"
#include "cli/command.h"

#include <stdio.h>
#include <string.h>

int cmd_clone(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct clone_opts co = { NULL, NULL, NULL, o->config, false };

    co.out = arg_str(a, "o", NULL);
    co.keep_machine_id = arg_flag(a, "keep-machine-id");
    co.src = a->pos[0];
    co.name = a->pos[1];
    if (o->dryrun) {
        printf("would clone %s as %s\n", co.src, co.name);
        return XYL_EXIT_OK;
    }
    return clone_guest(&co, stdout) ? XYL_EXIT_FAIL : XYL_EXIT_OK;
}
