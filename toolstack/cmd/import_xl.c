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

int cmd_import_xl(int argc, char **argv, const struct xyl_opts *o)
{
    struct diags d = { 0 };
    struct strbuf yaml = STRBUF_INIT;
    struct xyl_guest g;
    int lossy = 0, i, rc = XYL_EXIT_FAIL;
    size_t len;
    char *text;

    (void)o;
    for (i = 1; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
        if (!strcmp(argv[i], "--lossy"))
            lossy = 1;
        else
            break;
    }
    if (i != argc - 1) {
        print_usage(find_command("import-xl"));
        return XYL_EXIT_USAGE;
    }
    text = read_file(argv[i], 1 << 20, &len);
    if (!text) {
        fprintf(stderr, "xyl: cannot read %s: %s\n", argv[i], strerror(errno));
        return XYL_EXIT_FAIL;
    }
    if (xlcfg_import(argv[i], text, len, lossy, &yaml, &d) == 0) {
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
