/*
 * xyl schema [--markdown] - the JSON Schema (configs/guest.schema.json) or
 * the key reference of configs/README.md, generated from the key table.
 */
#include "cli/command.h"
#include "model/schema_doc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int cmd_schema(const struct cmd_args *a, const struct xyl_opts *o)
{
    (void)o;
    if (arg_flag(a, "man") && arg_flag(a, "markdown"))
        return usage_error(a->cmd, "--markdown or --man, not both");
    if (arg_flag(a, "man") || arg_flag(a, "markdown")) {
        struct strbuf sb = STRBUF_INIT;
        if (arg_flag(a, "man"))
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
