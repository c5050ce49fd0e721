/*
 * xyl export-xl FILE.yaml - print the equivalent xl.cfg; relative disk
 * targets (and cloud_init's seed) resolved against the images folder, as
 * xyl create would hand them to libxl.
 */
#include "cli/command.h"
#include "model/validate.h"
#include "xlcfg/xlcfg.h"
#include "host/host_config.h"
#include "images/images.h"

#include <stdio.h>

int cmd_export_xl(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct diags d = { 0 };
    struct xyl_guest g;
    struct strbuf out = STRBUF_INIT;
    struct host_config hc;
    int rc = XYL_EXIT_FAIL;

    load_guest_file(a->pos[0], &g, &d);
    if (!d.errors) {
        if (host_config_load(&hc, o->config, &d) == 0)
            images_resolve(&g, hc.images, &d);
        host_config_free(&hc);
    }
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
