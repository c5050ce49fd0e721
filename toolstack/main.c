/*
 * main.c - xyl's entry point: global options, then dispatch through the
 * command table.  Commands return an exit code; nothing below exits.
 */
#include "cli/command.h"
#include "base/util.h"

#include <stdio.h>
#include <string.h>

static void global_usage(void)
{
    fprintf(stderr, "usage: xyl [-N] [-v] [--config FILE] COMMAND [ARGS]   (xyl help for the list)\n");
}

int main(int argc, char **argv)
{
    struct xyl_opts o = { false, 0, NULL };
    const struct xyl_cmd *c;
    int i = 1;

    for (; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-N"))
            o.dryrun = true;
        else if (!strcmp(argv[i], "-v"))
            o.verbose++;
        else if (!strcmp(argv[i], "--config") && i + 1 < argc)
            o.config = argv[++i];
        else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
            return cmd_run(find_command("help"), 1, argv + i, &o);
        else if (!strcmp(argv[i], "--version"))
            return cmd_run(find_command("version"), 1, argv + i, &o);
        else {
            fprintf(stderr, "xyl: unknown global option '%s'\n", argv[i]);
            global_usage();
            return XYL_EXIT_USAGE;
        }
    }
    if (i >= argc) {
        global_usage();
        return XYL_EXIT_USAGE;
    }
    c = find_command(argv[i]);
    if (!c) {
        int k, best = 99;
        const char *guess = NULL;
        for (k = 0; k < xyl_n_commands; k++) {
            int d = edit_distance(argv[i], xyl_commands[k].name);
            if (d < best) {
                best = d;
                guess = xyl_commands[k].name;
            }
        }
        fprintf(stderr, "xyl: '%s' is not a command", argv[i]);
        if (guess && best <= 2)
            fprintf(stderr, " (did you mean '%s'?)", guess);
        fprintf(stderr, "; see 'xyl help'\n");
        return XYL_EXIT_USAGE;
    }
    return cmd_run(c, argc - i, argv + i, &o);   /* parses by its row */
}
