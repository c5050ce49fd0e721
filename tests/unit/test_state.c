/*
 * test_state.c - the state file of `xyl state` / `xyl plan --state`
 * (plan/state.c): an observed host written as JSON and read back plans
 * exactly as the host itself does, and a file that is not a state, or a
 * value of the wrong type or range, is refused with one line.
 */
#include "plan_side.h"
#include "plan/plan.h"
#include "plan/state.h"

#include <libxl_utils.h>

#define BASE "type: pv\nkernel: /boot/k\ncmdline: console=hvc0\n"
#define GUEST "name: web\nmemory: 64M\nmaxmem: 128M\nvcpus: 1\nmaxvcpus: 2\n" BASE \
              "disks:\n  - {target: /img/a, vdev: xvda}\n  - {target: /img/iso, vdev: xvdc, access: ro}\n" \
              "networks: [{bridge: br1}]\nxenstore: {role: web, tier/name: front}\n"

/* The host as observe_host would fill it: one managed domain, domid 7,
 * running what have_yaml says (xdevs: with an xyl disk and NIC); its
 * state JSON read back into back. */
static void roundtrip(const char *have_yaml, bool managed, bool xdevs, struct observed *back)
{
    struct side h;
    struct plan_have have;
    struct observed o = { 0 };
    struct plan_xdevs xd = { 0 }, xn = { 0 };
    libxl_uuid uuid;
    char *json;

    side(&h, have_yaml);
    libxl_uuid_copy(NULL, &uuid, &h.dc.c_info.uuid);
    have = (struct plan_have){ .name = h.g.name, .domid = 7, .dc = &h.dc, .managed = managed,
                               .file = managed ? "/lab/web.yaml" : NULL,
                               .sha256 = managed ? "aa" : NULL,
                               .data_keys = managed ? "role tier/name gone" : NULL,
                               .xs = &h.g.xenstore };
    if (xdevs) {
        plan_xdevs_add(&xd, "xvdb", "/img/x", 51728);
        plan_xdevs_add(&xn, "00:16:3e:00:00:09", "br9", 1);
    }
    have.xdisks = &xd;
    have.xnics = &xn;
    o.v = &have;
    o.n = 1;
    o.uuid = &uuid;
    json = state_json(&o);
    if (state_parse(json, "t.json", back))
        fail_msg("the state does not read back:\n%s", json);
    free(json);
    plan_xdevs_free(&xd);
    plan_xdevs_free(&xn);
    unside(&h);
}

static void plan_against(const char *want_yaml, const struct observed *o, struct plan *p,
                         struct side *w, struct plan_want *want)
{
    side(w, want_yaml);
    *want = (struct plan_want){ .name = w->g.name, .file = "/lab/web.yaml", .sha256 = "aa",
                                .dc = &w->dc, .xs = &w->g.xenstore };
    plan_make(want, 1, o->v, o->n, "/lab", false, p);
}

static void test_roundtrip_fields(void **state)
{
    struct observed o;
    const libxl_domain_config *dc;
    (void)state;

    roundtrip(GUEST, true, true, &o);
    assert_int_equal(o.n, 1);
    assert_string_equal(o.v[0].name, "web");
    assert_int_equal(o.v[0].domid, 7);
    assert_true(o.v[0].managed);
    assert_false(o.v[0].stopped);
    assert_string_equal(o.v[0].file, "/lab/web.yaml");
    assert_string_equal(o.v[0].data_keys, "role tier/name gone");
    dc = o.v[0].dc;
    assert_int_equal(dc->b_info.target_memkb, 64 * 1024);
    assert_int_equal(dc->b_info.max_memkb, 128 * 1024);
    assert_int_equal(dc->b_info.max_vcpus, 2);
    assert_int_equal(libxl_bitmap_count_set(&dc->b_info.avail_vcpus), 1);
    assert_int_equal(dc->num_disks, 2);
    assert_string_equal(dc->disks[1].vdev, "xvdc");
    assert_false(dc->disks[1].readwrite);
    assert_true(dc->disks[0].readwrite);
    assert_int_equal(dc->num_nics, 1);
    assert_string_equal(dc->nics[0].bridge, "br1");
    assert_int_equal(o.xs[0].n, 2);
    assert_int_equal(o.n_meta, 1);
    assert_false(observe_meta_stale(&o, &o.meta[0]));
    assert_int_equal(o.v[0].xdisks->n, 1);
    assert_string_equal(o.v[0].xdisks->v[0].key, "xvdb");
    assert_string_equal(o.v[0].xdisks->v[0].target, "/img/x");
    assert_int_equal(o.v[0].xdisks->v[0].idx, 51728);
    assert_int_equal(o.v[0].xnics->n, 1);
    assert_string_equal(o.v[0].xnics->v[0].target, "br9");
    observe_free(&o);
}

/* The same definition planned against its own state: nothing to do. */
static void test_unchanged(void **state)
{
    struct observed o;
    struct side w;
    struct plan_want want;
    struct plan p;
    (void)state;

    roundtrip(GUEST, true, false, &o);
    plan_against(GUEST, &o, &p, &w, &want);
    assert_int_equal(p.n, 1);
    if (p.v[0].kind != PLAN_UNCHANGED)
        fail_msg("%s: %s", plan_kind_name(p.v[0].kind), p.v[0].n_why ? p.v[0].why[0] : "");
    assert_int_equal(p.changes, 0);
    plan_free(&p);
    unside(&w);
    observe_free(&o);
}

/* In-place and recreate reasons come through the state as from the host. */
static void test_changes(void **state)
{
    struct observed o;
    struct side w;
    struct plan_want want;
    struct plan p;
    (void)state;

    roundtrip(GUEST, true, false, &o);
    plan_against("name: web\nmemory: 96M\nmaxmem: 128M\nvcpus: 2\nmaxvcpus: 2\n" BASE
                 "disks:\n  - {target: /img/a, vdev: xvda}\n"
                 "networks: [{bridge: br1}]\nxenstore: {role: db, tier/name: front}\n",
                 &o, &p, &w, &want);
    assert_int_equal(p.v[0].kind, PLAN_UPDATE);
    assert_int_equal(p.changes, 1);
    /* memory, vcpus, -disk xvdc, xenstore role, record */
    assert_int_equal(p.v[0].n_ops, 5);
    plan_free(&p);
    unside(&w);

    plan_against("name: web\nmemory: 64M\nmaxmem: 128M\nvcpus: 1\nmaxvcpus: 2\n"
                 "type: pv\nkernel: /boot/k\ncmdline: console=hvc0 quiet\n"
                 "disks:\n  - {target: /img/a, vdev: xvda}\n  - {target: /img/iso, vdev: xvdc, access: ro}\n"
                 "networks: [{bridge: br1}]\nxenstore: {role: web, tier/name: front}\n",
                 &o, &p, &w, &want);
    assert_int_equal(p.v[0].kind, PLAN_RECREATE);
    assert_non_null(strstr(p.v[0].why[0], "cmdline"));
    plan_free(&p);
    unside(&w);
    observe_free(&o);
}

static void test_unmanaged_conflict(void **state)
{
    struct observed o;
    struct side w;
    struct plan_want want;
    struct plan p;
    (void)state;

    roundtrip(GUEST, false, false, &o);
    assert_int_equal(o.n_meta, 0);
    plan_against(GUEST, &o, &p, &w, &want);
    assert_int_equal(p.v[0].kind, PLAN_CONFLICT);
    assert_int_equal(p.conflicts, 1);
    plan_free(&p);
    unside(&w);
    observe_free(&o);
}

/* No guests at all: a valid, empty state. */
static void test_empty(void **state)
{
    struct observed o;
    (void)state;

    assert_int_equal(state_parse("{\"format\": \"xyl-state\", \"version\": 1, \"domains\": []}",
                                 "t.json", &o), 0);
    assert_int_equal(o.n, 0);
    observe_free(&o);
}

/* extra comes first: yajl_tree_get finds a key's first value */
#define DOM(extra) "{\"format\": \"xyl-state\", \"version\": 1, \"domains\": [{" extra \
    "\"name\": \"web\", \"domid\": 3, \"uuid\": \"66c9dcef-d30e-8513-80be-d6115db554ae\", " \
    "\"type\": \"pv\", \"memory_kb\": 65536, \"maxmem_kb\": 65536, \"vcpus\": 1, \"maxvcpus\": 1" \
    "}]}"

static void test_refused(void **state)
{
    static const char *const bad[] = {
        "",
        "[1, 2]",
        "{\"format\": \"terraform\", \"version\": 1, \"domains\": []}",
        "{\"format\": \"xyl-state\", \"version\": 2, \"domains\": []}",
        "{\"format\": \"xyl-state\", \"version\": 1}",
        "{\"format\": \"xyl-state\", \"version\": 1, \"domains\": [3]}",
        DOM("\"memory_kb\": -1, "),
        DOM("\"domid\": 0, "),
        DOM("\"type\": \"xen\", "),
        DOM("\"uuid\": \"web\", "),
        DOM("\"on_reboot\": \"explode\", "),
        DOM("\"nics\": [{\"mac\": \"00:16:3e:zz:00:01\"}], "),
        DOM("\"nics\": [{\"mac\": \"00:16:3e:00:00:01:02\"}], "),
        DOM("\"disks\": [{\"target\": \"/img/a\"}], "),
        DOM("\"disks\": [{\"vdev\": \"xvda\", \"format\": \"zip\"}], "),
        DOM("\"xenstore\": {\"role\": 1}, "),
        DOM("\"managed\": true, "),
        DOM("\"managed\": true, \"file\": \"/f\", \"sha256\": \"aa\", \"data_keys\": [\"../x\"], "),
        DOM("\"stopped\": \"yes\", "),
        "{\"format\": \"xyl-state\", \"version\": 1, \"domains\": ["
            "{\"name\": \"a\", \"domid\": 3, \"uuid\": \"66c9dcef-d30e-8513-80be-d6115db554ae\", "
            "\"type\": \"pv\", \"memory_kb\": 1, \"maxmem_kb\": 1, \"vcpus\": 1, \"maxvcpus\": 1},"
            "{\"name\": \"a\", \"domid\": 4, \"uuid\": \"66c9dcef-d30e-8513-80be-d6115db554af\", "
            "\"type\": \"pv\", \"memory_kb\": 1, \"maxmem_kb\": 1, \"vcpus\": 1, \"maxvcpus\": 1}]}",
    };
    struct observed o;
    size_t i;
    (void)state;

    assert_int_equal(state_parse(DOM(""), "t.json", &o), 0);
    observe_free(&o);
    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (state_parse(bad[i], "t.json", &o) != -1)
            fail_msg("accepted: %s", bad[i]);
        assert_int_equal(o.n, 0);
        assert_null(o.v);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip_fields),
        cmocka_unit_test(test_unchanged),
        cmocka_unit_test(test_changes),
        cmocka_unit_test(test_unmanaged_conflict),
        cmocka_unit_test(test_empty),
        cmocka_unit_test(test_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
