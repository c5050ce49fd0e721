/*
 * test_lint.c - lint's rules on what guests share: images (rw in one is
 * enough), machine IDs (only valid, non-empty, equal ones).
 */
#include "unit.h"
#include "images/lint.h"
#include "base/util.h"

static void add(struct guest_set *set, const char *file, const char *yaml)
{
    struct diags d = { 0 };

    ALLOC_GROW(set->v, set->n, set->alloc);
    guest_init(&set->v[set->n]);
    assert_int_equal(guest_load_yaml(&set->v[set->n++], file, yaml, strlen(yaml), &d), 0);
    diags_free(&d);
}

#define GUEST(name, disks) "name: " name "\ntype: pvh\nmemory: 256M\nkernel: /k\ndisks:\n" disks

static void test_shared_images(void **state)
{
    struct guest_set set = { 0 };
    struct diags d = { 0 };
    (void)state;

    add(&set, "a.yaml", GUEST("a", "  - { target: /nonexistent/one.img, vdev: xvda }\n"
                                   "  - { target: /nonexistent/cd.iso, vdev: xvdb, access: ro }\n"));
    add(&set, "b.yaml", GUEST("b", "  - { target: /nonexistent/two.img, vdev: xvda }\n"
                                   "  - { target: /nonexistent/cd.iso, vdev: xvdb, access: ro }\n"));
    lint_shared_images(&set, &d);
    assert_int_equal(d.errors, 0);          /* ro + ro is fine */
    add(&set, "c.yaml", GUEST("c", "  - { target: /nonexistent/cd.iso, vdev: xvda }\n"
                                   "  - \"format=raw, vdev=xvdb, target=/nonexistent/one.img\"\n"));
    lint_shared_images(&set, &d);
    assert_int_equal(d.errors, 2);
    assert_diag(&d, "c.yaml:6:5: error: image /nonexistent/cd.iso is also used by a.yaml:7 (guest a), read-write here");
    assert_diag(&d, "c.yaml:7:5: error: image /nonexistent/one.img is also used by a.yaml:6 (guest a), read-write in both");
    diags_free(&d);
    guest_set_free(&set);
}

static void test_machine_ids(void **state)
{
    struct guest_set set = { 0 };
    struct diags d = { 0 };
    char *ids[4] = { (char *)"0123456789abcdef0123456789abcdef", (char *)"",
                     (char *)"0123456789abcdef0123456789abcdef", NULL };
    int disk[4] = { 0, 0, 0, 0 };
    (void)state;

    add(&set, "a.yaml", GUEST("a", "  - { target: /x/a.img, vdev: xvda }\n"));
    add(&set, "b.yaml", GUEST("b", "  - { target: /x/b.img, vdev: xvda }\n"));
    add(&set, "c.yaml", GUEST("c", "  - { target: /x/c.img, vdev: xvda }\n"));
    add(&set, "d.yaml", GUEST("d", "  - { target: /x/d.img, vdev: xvda }\n"));
    lint_machine_ids(&set, ids, disk, &d);
    assert_int_equal(d.errors, 1);
    assert_diag(&d, "c.yaml:6:5: error: machine ID 0123456789abcdef0123456789abcdef in /x/c.img is also in a's image (a.yaml:6)");
    diags_free(&d);

    /* empty and malformed IDs are never duplicates */
    ids[0] = ids[2] = (char *)"uninitialized";
    ids[1] = ids[3] = (char *)"";
    lint_machine_ids(&set, ids, disk, &d);
    assert_int_equal(d.errors, 0);
    guest_set_free(&set);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_shared_images),
        cmocka_unit_test(test_machine_ids),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
