/*
 * xyl validate PATH... - check guest definitions; report every error.
 */
#include "cli/command.h"
#include "model/validate.h"

#include <stdio.h>
#include <string.h>

int cmd_validate(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct diags d = { 0 };
    struct guest_set set = { 0 };
    int quiet = arg_flag(a, "q"), rc;

    (void)o;
    load_guest_paths(a->pos, a->npos, &set, &d);
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
