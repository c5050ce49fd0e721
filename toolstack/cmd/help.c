/*
 * xyl help [COMMAND], xyl version - generated from the command table.
 */
#include "cli/command.h"
#include "cli/help_gen.h"

#include <stdio.h>
#include <string.h>


int cmd_help(const struct cmd_args *a, const struct xyl_opts *o)
{
    int i;
    (void)o;

    if (arg_flag(a, "man")) {
        print_man_page();
        return XYL_EXIT_OK;
    }
    if (arg_flag(a, "bash-completion")) {
        print_bash_completion();
        return XYL_EXIT_OK;
    }
    if (a->npos) {
        const struct xyl_cmd *c = find_command(a->pos[0]);
        if (!c)
            return usage_error(a->cmd, "no command '%s'", a->pos[0]);
        print_command_help(c, stdout);
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
           "See 'xyl help COMMAND' (or 'xyl COMMAND -h') for a command's options.\n");
    return XYL_EXIT_OK;
}

int cmd_version(const struct cmd_args *a, const struct xyl_opts *o)
{
    (void)a; (void)o;
    printf("xyl %s (guest schema v1, built against libxl of Xen 4.17)\n", XYL_VERSION);
    return XYL_EXIT_OK;
}
