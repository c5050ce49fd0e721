/*
 * list_args.c - the arguments block-list and network-list share (see
 * list_args.h).
 */
#include "cli/list_args.h"
#include "cli/command.h"

#include <stdio.h>
#include <string.h>

int hp_list_args(const char *cmd, int argc, char **argv, int *json)
{
    int i, ndoms = 0;

    *json = 0;
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "--json"))
            *json = 1;
        else if (argv[i][0] == '-') {
            fprintf(stderr, "xyl %s: unknown option '%s'\n", cmd, argv[i]);
            print_usage(find_command(cmd));
            return XYL_EXIT_USAGE;
        } else
            ndoms++;
    }
    if (!ndoms) {
        print_usage(find_command(cmd));
        return XYL_EXIT_USAGE;
    }
    return XYL_EXIT_OK;
}
