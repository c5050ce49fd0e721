/*
 * test_adopt.c - import-running's mapping (domain/adopt.c): for every file
 * of the xl.cfg corpus and the roundtrip YAMLs, YAML -> libxl config ->
 * adopt_config_to_yaml -> YAML -> libxl config gives the same libxl JSON,
 * i.e. `xyl -N create` of an adopted guest is the configuration it was
 * adopted from (in every part xyl's schema holds).  And what the schema
 * cannot hold is refused by name.
 */
#include <glob.h>
#include <stdlib.h>
#include "unit.h"
#include "domain/adopt.h"
#include "xen/libxl_map.h"
#include "xlcfg/xlcfg.h"
#include "base/util.h"

#include <libxl_utils.h>

/* yaml -> JSON of its libxl config (NULL ctx: as xyl -N create) */
static char *json_of(const char *yaml, libxl_domain_config *dc, const char *what)
{
    struct xyl_guest g;
    struct diags d = { 0 };
    char *json;

    guest_init(&g);
    if (guest_load_yaml(&g, what, yaml, strlen(yaml), &d))
        fail_msg("%s does not load:\n%s\n%s", what, diag_text(&d), yaml);
    assert_int_equal(guest_to_libxl(&g, NULL, dc, &d), 0);
    json = libxl_domain_config_to_json(NULL, dc);
    done(&g, &d);
    return json;
}

static void round_trip(const char *yaml, const char *what)
{
    libxl_domain_config dc1, dc2;
    struct strbuf y2 = STRBUF_INIT;
    struct diags d = { 0 };
    char *j1 = json_of(yaml, &dc1, what), *j2;

    if (adopt_config_to_yaml(&dc1, what, &y2, &d))
        fail_msg("%s: adopt refuses it:\n%s", what, diag_text(&d));
    j2 = json_of(sb_str(&y2), &dc2, what);
    if (strcmp(j1, j2)) {
        size_t at = 0;
        while (j1[at] == j2[at])
            at++;
        at = at > 300 ? at - 300 : 0;
        fail_msg("%s: JSON changed through adopt, from: %.600s\n--- to: %.600s\n--- adopted YAML:\n%s",
                 what, j1 + at, j2 + at, sb_str(&y2));
    }
    free(j1);
    free(j2);
    libxl_domain_config_dispose(&dc1);
    libxl_domain_config_dispose(&dc2);
    sb_free(&y2);
    diags_free(&d);
}

static void test_corpus(void **state)
{
    glob_t gl;
    size_t i, n = 0;

    (void)state;
    setenv("XYL_XL_CONF", "/dev/null", 1);
    assert_int_equal(glob("tests/golden/xlcfg-corpus/*.cfg", 0, NULL, &gl), 0);
    for (i = 0; i < gl.gl_pathc; i++) {
        struct strbuf y = STRBUF_INIT;
        struct diags d = { 0 };
        size_t len;
        char *text = read_file(gl.gl_pathv[i], 1 << 20, &len);
        assert_non_null(text);
        if (xlcfg_import(gl.gl_pathv[i], text, len, 0, &y, &d) == 0) {
            round_trip(sb_str(&y), gl.gl_pathv[i]);
            n++;
        }
        free(text);
        sb_free(&y);
        diags_free(&d);
    }
    globfree(&gl);
    assert_true(n >= 40);
}

static void test_roundtrip_yamls(void **state)
{
    glob_t gl;
    size_t i;

    (void)state;
    assert_int_equal(glob("tests/golden/roundtrip/*.yaml", 0, NULL, &gl), 0);
    for (i = 0; i < gl.gl_pathc; i++) {
        size_t len;
        char *text = read_file(gl.gl_pathv[i], 1 << 20, &len);
        assert_non_null(text);
        if (!strstr(text, "backend: xyl") && !strstr(text, "size:"))   /* not libxl's */
            round_trip(text, gl.gl_pathv[i]);
        free(text);
    }
    globfree(&gl);
}

static void test_refuses_what_yaml_cannot_hold(void **state)
{
    libxl_domain_config dc;
    struct strbuf y = STRBUF_INIT;
    struct diags d = { 0 };
    char *j = json_of("name: fb\ntype: pv\nmemory: 256M\nkernel: /k\n", &dc, "fb");

    (void)state;
    dc.vfbs = calloc(1, sizeof(*dc.vfbs));
    libxl_device_vfb_init(&dc.vfbs[0]);
    dc.num_vfbs = 1;
    assert_int_equal(adopt_config_to_yaml(&dc, "domain fb (id 7)", &y, &d), -1);
    assert_diag(&d, "domain fb (id 7): error: has 1 framebuffers (vfb) (xyl takes one, with its vkb), which xyl's schema v1 cannot represent");
    free(j);
    libxl_domain_config_dispose(&dc);
    sb_free(&y);
    diags_free(&d);
}

/* A NIC plugged by xyl-vif-bridge or a disk given by xyl-block
 * (`hotplug: xyl`, issue 18) is adopted without a script: the helper is
 * the host's choice, not the guest's; any other script is the guest's and
 * is kept. */
static void test_helper_script_left_out(void **state)
{
    libxl_domain_config dc;
    struct strbuf y = STRBUF_INIT;
    struct diags d = { 0 };
    char *j = json_of("name: hp\ntype: pv\nmemory: 256M\nkernel: /k\nnetworks:\n"
                      "  - { bridge: xenbr0, script: /usr/libexec/xyl/xyl-vif-bridge }\n"
                      "  - { bridge: xenbr0, script: vif-route }\n"
                      "disks:\n"
                      "  - \"format=raw, vdev=xvda, script=/usr/libexec/xyl/xyl-block, target=/i/a\"\n"
                      "  - \"format=raw, vdev=xvdb, script=block-iscsi, target=iqn.x\"\n", &dc, "hp");

    (void)state;
    assert_int_equal(dc.num_nics, 2);
    assert_int_equal(dc.num_disks, 2);
    assert_int_equal(adopt_config_to_yaml(&dc, "domain hp (id 7)", &y, &d), 0);
    assert_null(strstr(sb_str(&y), "xyl-vif-bridge"));
    assert_non_null(strstr(sb_str(&y), "script: vif-route"));
    assert_null(strstr(sb_str(&y), "xyl-block"));
    assert_non_null(strstr(sb_str(&y), "script=block-iscsi"));
    free(j);
    libxl_domain_config_dispose(&dc);
    sb_free(&y);
    diags_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_corpus),
        cmocka_unit_test(test_roundtrip_yamls),
        cmocka_unit_test(test_refuses_what_yaml_cannot_hold),
        cmocka_unit_test(test_helper_script_left_out),
    };
    return cmocka_run_group_tests_name("adopt", tests, NULL, NULL);
}
