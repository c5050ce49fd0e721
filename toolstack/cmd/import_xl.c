/*
 * xyl import-xl [--lossy] FILE.cfg - print an xl.cfg as a YAML definition.
 * The result is validated before it is printed.
 */
#include "cli/command.h"
#include "model/schema.h"
#include "model/validate.h"
#include "xlcfg/xlcfg.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_import_xl(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct diags d = { 0 };
    struct strbuf yaml = STRBUF_INIT;
    struct xyl_guest g;
    int lossy = arg_flag(a, "lossy"), rc = XYL_EXIT_FAIL;
    const char *file = a->pos[0];
    size_t len;
    char *text;

    (void)o;
    text = read_file(file, 1 << 20, &len);
    if (!text) {
        fprintf(stderr, "xyl: cannot read %s: %s\n", file, strerror(errno));
        return XYL_EXIT_FAIL;
    }
    if (xlcfg_import(file, text, len, lossy, &yaml, &d) == 0) {
        /* what we print must itself be a valid definition */
        guest_init(&g);
        guest_load_yaml(&g, "<imported>", yaml.buf, yaml.len, &d);
        guest_free(&g);
        if (!d.errors) {
            fputs(sb_str(&yaml), stdout);
            rc = XYL_EXIT_OK;
        }
    }
    diags_print(&d, stderr);
    free(text);
    sb_free(&yaml);
    diags_free(&d);
    return rc;
}
