/*
 * fuzz_xlcfg.c - libFuzzer target: arbitrary bytes as an xl.cfg for
 * `xyl import-xl`.
 *
 * xlcfg_import() reads the text with libxlutil's parser (not instrumented:
 * coverage comes from xyl's own key scanner and converters) and writes YAML;
 * like cmd_import_xl() we then load that YAML, and when it is a valid
 * definition also map it to libxl JSON and export it again, freeing
 * everything.  Each input is imported twice, strict and --lossy, so both
 * diagnostic paths are reached.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include <libxl.h>

#include "base/diag.h"
#include "model/guest.h"
#include "xen/libxl_map.h"
#include "model/schema.h"
#include "base/util.h"
#include "xlcfg/xlcfg.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void map_and_export(const struct xyl_guest *g, struct diags *d)
{
    libxl_domain_config dc;
    struct strbuf cfg = STRBUF_INIT;
    char *json;

    if (guest_to_libxl(g, NULL, &dc, d) == 0) {
        json = libxl_domain_config_to_json(NULL, &dc);
        if (!json) {
            fprintf(stderr, "fuzz_xlcfg: invariant broken: no JSON for a mapped guest\n");
            abort();
        }
        free(json);
    }
    libxl_domain_config_dispose(&dc);
    xlcfg_export(g, &cfg);
    sb_free(&cfg);
}

static void import(const char *text, size_t len, int lossy)
{
    struct strbuf yaml = STRBUF_INIT;
    struct diags d = { 0 };
    struct xyl_guest g;

    if (xlcfg_import("fuzz.cfg", text, len, lossy, &yaml, &d) == 0) {
        guest_init(&g);
        guest_load_yaml(&g, "<imported>", yaml.buf, yaml.len, &d);
        if (d.errors == 0)
            map_and_export(&g, &d);
        guest_free(&g);
    }
    sb_free(&yaml);
    diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    import((const char *)data, size, 0);
    import((const char *)data, size, 1);
    return 0;
}
