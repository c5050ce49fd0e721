/*
 * xyl help [COMMAND], xyl version - generated from the command table.
 */
#include "cli/command.h"
#include "cli/help_gen.h"

#include <stdio.h>
#include <string.h>


int cmd_help(int argc, char **argv, const struct xyl_opts *o)
{
    int i;
    (void)o;

    if (argc > 1 && !strcmp(argv[1], "--man")) {
        print_man_page();
        return XYL_EXIT_OK;
    }
    if (argc > 1 && !strcmp(argv[1], "--bash-completion")) {
        print_bash_completion();
        return XYL_EXIT_OK;
    }
    if (argc > 1) {
        const struct xyl_cmd *c = find_command(argv[1]);
        if (!c) {
            fprintf(stderr, "xyl help: no command '%s'\n", argv[1]);
            return XYL_EXIT_USAGE;
        }
        printf("usage: xyl %s %s\n\n%s.\n", c->name, c->usage, c->summary);
        if (c->details && *c->details)
            printf("\n%s", c->details);
        return XYL_EXIT_OK;
    }
    printf("usage: xyl [-N] [-v] COMMAND [ARGS]\n\n"
           "xyl builds Xen guests (pv, pvh, hvm) from YAML definitions, on libxl.\n\n"
           "Global options:\n"
           "  -N   dry run: print what would be done (e.g. the libxl JSON for create)\n"
           "  -v   more output\n\n"
           "Commands:\n");
    for (i = 0; i < xyl_n_commands; i++)
        printf("  %-15s %s\n", xyl_commands[i].name, xyl_commands[i].summary);
    printf("\nExit codes: 0 success, 1 failure or invalid definition, 2 usage error.\n"
           "See 'xyl help COMMAND' for a command's options.\n");
    return XYL_EXIT_OK;
}

int cmd_version(int argc, char **argv, const struct xyl_opts *o)
{
    (void)argc; (void)argv; (void)o;
    printf("xyl %s (guest schema v1, built against libxl of Xen 4.17)\n", XYL_VERSION);
    return XYL_EXIT_OK;
}
