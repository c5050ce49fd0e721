/*
 * xyl schema [--markdown] - the JSON Schema (configs/guest.schema.json) or
 * the key reference of configs/README.md, generated from the key table.
 */
#include "cli/command.h"
#include "model/schema_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_schema(int argc, char **argv, const struct xyl_opts *o)
{
    (void)o;
    if (argc > 2 || (argc == 2 && strcmp(argv[1], "--markdown") && strcmp(argv[1], "--man"))) {
        print_usage(find_command("schema"));
        return XYL_EXIT_USAGE;
    }
    if (argc == 2) {
        struct strbuf sb = STRBUF_INIT;
        if (!strcmp(argv[1], "--man"))
            schema_man(&sb, XYL_VERSION);
        else
            schema_markdown(&sb);
        fputs(sb_str(&sb), stdout);
        sb_free(&sb);
    } else {
        char *json = schema_json();
        fputs(json, stdout);
        free(json);
    }
    return XYL_EXIT_OK;
}
