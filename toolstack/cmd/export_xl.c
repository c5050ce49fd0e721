/*
 * xyl export-xl FILE.yaml - print the equivalent xl.cfg.
 */
#include "cli/command.h"
#include "model/validate.h"
#include "xlcfg/xlcfg.h"

#include <stdio.h>

int cmd_export_xl(int argc, char **argv, const struct xyl_opts *o)
{
    struct diags d = { 0 };
    struct xyl_guest g;
    struct strbuf out = STRBUF_INIT;
    int rc = XYL_EXIT_FAIL;

    (void)o;
    if (argc != 2) {
        print_usage(find_command("export-xl"));
        return XYL_EXIT_USAGE;
    }
    load_guest_file(argv[1], &g, &d);
    diags_print(&d, stderr);
    if (!d.errors) {
        xlcfg_export(&g, &out);
        fputs(sb_str(&out), stdout);
        rc = XYL_EXIT_OK;
    }
    sb_free(&out);
    guest_free(&g);
    diags_free(&d);
    return rc;
}
