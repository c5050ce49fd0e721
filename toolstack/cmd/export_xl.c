/*
 * xyl export-xl FILE.yaml - print the equivalent xl.cfg.
 */
#include "cli/command.h"
#include "model/validate.h"
#include "xlcfg/xlcfg.h"

#include <stdio.h>

int cmd_export_xl(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct diags d = { 0 };
    struct xyl_guest g;
    struct strbuf out = STRBUF_INIT;
    int rc = XYL_EXIT_FAIL;

    (void)o;
    load_guest_file(a->pos[0], &g, &d);
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
