/*
 * xyl clone [-o PATH] [--keep-machine-id] SRC.yaml NEW - a new guest from
 * SRC on qcow2 overlays, with a fresh machine ID (see clone.h).
 */
#include "images/clone.h"
#include "cli/command.h"

#include <stdio.h>
#include <string.h>

int cmd_clone(int argc, char **argv, const struct xyl_opts *o)
{
    struct clone_opts co = { NULL, NULL, NULL, o->config, false };
    int i;

    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc)
            co.out = argv[++i];
        else if (!strcmp(argv[i], "--keep-machine-id"))
            co.keep_machine_id = true;
        else {
            fprintf(stderr, "xyl clone: unknown option '%s'\n", argv[i]);
            print_usage(find_command("clone"));
            return XYL_EXIT_USAGE;
        }
    }
    if (i != argc - 2) {
        print_usage(find_command("clone"));
        return XYL_EXIT_USAGE;
    }
    co.src = argv[i];
    co.name = argv[i + 1];
    if (o->dryrun) {
        printf("would clone %s as %s\n", co.src, co.name);
        return XYL_EXIT_OK;
    }
    return clone_guest(&co, stdout) ? XYL_EXIT_FAIL : XYL_EXIT_OK;
}
