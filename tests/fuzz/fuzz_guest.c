/*
 * fuzz_guest.c - libFuzzer target: arbitrary bytes as a guest definition.
 *
 * Each input goes through what `xyl validate`, `xyl -N create` and
 * `xyl export-xl` do with a file, all in memory:
 *
 *   guest_load_yaml        YAML -> tree -> struct xyl_guest + validation
 *   guest_to_libxl + JSON  (only for definitions without errors)
 *   xlcfg_export           struct xyl_guest -> xl.cfg text
 *   xlcfg_import           that xl.cfg text -> YAML again (libxlutil parser)
 *
 * and frees everything, so AddressSanitizer/LeakSanitizer see every leak,
 * and UBSan every undefined operation, on every path.
 *
 * Invariants checked (a failure aborts, so libFuzzer saves the input):
 *   - where the fast YAML reader (model/yaml_fast.c) takes the input,
 *     libyaml takes it too and builds the same tree (marks included);
 *   - a definition that validated maps to libxl and to JSON;
 *   - with XYL_FUZZ_ROUNDTRIP=1 in the environment, also: the exported
 *     xl.cfg imports without errors, the imported YAML loads without errors
 *     and maps to the same libxl JSON.  Off by default: a mismatch there is
 *     a conversion bug, not a memory-safety one, and `make fuzz-check` must
 *     only fail on crashes, leaks and hangs.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <libxl.h>

#include "base/diag.h"
#include "model/guest.h"
#include "xen/libxl_map.h"
#include "model/schema.h"
#include "model/yaml_fast.h"
#include "base/util.h"
#include "xlcfg/xlcfg.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int roundtrip;   /* XYL_FUZZ_ROUNDTRIP=1: check export/import */

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    const char *e = getenv("XYL_FUZZ_ROUNDTRIP");

    (void)argc;
    (void)argv;
    roundtrip = e && *e == '1';
    return 0;
}

/* Print what broke an invariant, with the texts involved, then abort. */
static void broken(const char *what, const char *text1, const char *text2)
{
    fprintf(stderr, "fuzz_guest: invariant broken: %s\n", what);
    if (text1)
        fprintf(stderr, "----\n%s\n", text1);
    if (text2)
        fprintf(stderr, "----\n%s\n", text2);
    abort();
}

/* Valid guest -> libxl JSON (malloc'ed); NULL with diagnostics if not. */
static char *guest_json(const struct xyl_guest *g, struct diags *d)
{
    libxl_domain_config dc;
    char *json = NULL;

    if (guest_to_libxl(g, NULL, &dc, d) == 0)
        json = libxl_domain_config_to_json(NULL, &dc);
    libxl_domain_config_dispose(&dc);
    return json;
}

/* export -> import (-> load -> map when checking the round trip) */
static void export_import(const struct xyl_guest *g, const char *json)
{
    struct strbuf cfg = STRBUF_INIT, yaml = STRBUF_INIT;
    struct diags d = { 0 };
    struct xyl_guest g2;
    char *json2;

    xlcfg_export(g, &cfg);
    if (xlcfg_import("fuzz.cfg", cfg.buf, cfg.len, !roundtrip, &yaml, &d) != 0) {
        if (roundtrip) {
            diags_print(&d, stderr);
            broken("the exported xl.cfg does not import", sb_str(&cfg), NULL);
        }
        goto out;
    }
    guest_init(&g2);
    guest_load_yaml(&g2, "imported.yaml", yaml.buf, yaml.len, &d);
    if (d.errors) {
        if (roundtrip) {
            diags_print(&d, stderr);
            broken("the imported YAML does not validate", sb_str(&cfg), sb_str(&yaml));
        }
    } else {
        json2 = guest_json(&g2, &d);
        if (roundtrip && (!json2 || strcmp(json, json2)))
            broken("YAML -> xl.cfg -> YAML changes the libxl config", json, json2);
        free(json2);
    }
    guest_free(&g2);
out:
    diags_free(&d);
    sb_free(&cfg);
    sb_free(&yaml);
}

/* The fast reader must build libyaml's tree, or give up. */
static void same_tree(const char *text, size_t size)
{
    struct ydoc fast, ref;
    struct diags d = { 0 };

    if (size > YAML_MAX_FILE_SIZE || yfast_load(&fast, text, size))
        return;
    if (ydoc_load_libyaml(&ref, "fuzz.yaml", text, size, &d) || !ynode_same(fast.root, ref.root)) {
        diags_print(&d, stderr);
        broken("the fast YAML reader's tree is not libyaml's", NULL, NULL);
    }
    ydoc_free(&fast);
    ydoc_free(&ref);
    diags_free(&d);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct xyl_guest g;
    struct diags d = { 0 };
    char *json;

    same_tree((const char *)data, size);

    /* the same sequence as load_guest_file(), minus the read */
    guest_init(&g);
    guest_load_yaml(&g, "fuzz.yaml", (const char *)data, size, &d);
    if (d.errors == 0) {
        json = guest_json(&g, &d);
        if (!json) {
            diags_print(&d, stderr);
            broken("a definition without errors does not map to libxl JSON", NULL, NULL);
        }
        export_import(&g, json);
        free(json);
    }
    guest_free(&g);
    diags_free(&d);
    return 0;
}
