/*
 * xyl validate PATH... - check guest definitions; report every error.
 */
#include "cli/command.h"
#include "model/validate.h"

#include <stdio.h>
#include <string.h>

int cmd_validate(int argc, char **argv, const struct xyl_opts *o)
{
    struct diags d = { 0 };
    struct guest_set set = { 0 };
    int i, first = 1, quiet = 0, rc;

    (void)o;
    for (i = 1; i < argc && argv[i][0] == '-'; i++) {
        if (!strcmp(argv[i], "-q"))
            quiet = 1;
        else {
            fprintf(stderr, "xyl validate: unknown option '%s'\n", argv[i]);
            print_usage(find_command("validate"));
            return XYL_EXIT_USAGE;
        }
    }
    first = i;
    if (first >= argc) {
        print_usage(find_command("validate"));
        return XYL_EXIT_USAGE;
    }
    load_guest_paths(argv + first, argc - first, &set, &d);
    if (!quiet) {
        diags_print(&d, stderr);
        if (d.errors)
            fprintf(stderr, "%zu error%s in %d guest definition%s\n", d.errors,
                    d.errors == 1 ? "" : "s", set.n, set.n == 1 ? "" : "s");
        else
            printf("%d guest definition%s valid\n", set.n, set.n == 1 ? "" : "s");
    }
    rc = d.errors || (set.n == 0) ? XYL_EXIT_FAIL : XYL_EXIT_OK;
    guest_set_free(&set);
    diags_free(&d);
    return rc;
}
