/*
 * test_list.c - xyl list --all DIR's rows (plan/plan_list.c): running
 * domains first with what each is to the folder, then the folder's guests
 * that do not run, with their definition's memory and vCPUs.
 */
#include "unit.h"
#include "plan/plan_list.h"

static libxl_dominfo dom(uint32_t domid, uint64_t memkb, bool paused)
{
    libxl_dominfo d;

    memset(&d, 0, sizeof(d));
    d.domid = domid;
    d.current_memkb = memkb;
    d.vcpu_online = 1;
    d.running = !paused;
    d.paused = paused;
    d.cpu_time = 2500000000ULL;
    return d;
}

static void test_rows(void **state)
{
    struct plan_folder pr;
    struct plan_have have[3];
    struct plan_want want[3];
    struct plan_action act[4];
    libxl_domain_config dc[3];
    libxl_dominfo info[4];
    char *names[4] = { "Domain-0", "web", "db", "old" };
    struct list_row *r;
    char *buf = NULL;
    size_t len = 0;
    FILE *f;
    int n, i;
    (void)state;

    memset(&pr, 0, sizeof(pr));
    memset(have, 0, sizeof(have));
    memset(want, 0, sizeof(want));
    memset(act, 0, sizeof(act));
    for (i = 0; i < 3; i++) {
        libxl_domain_config_init(&dc[i]);
        dc[i].b_info.target_memkb = (uint64_t)(i + 1) * 65536;
        dc[i].b_info.max_vcpus = i + 1;
        want[i].dc = &dc[i];
    }
    info[0] = dom(0, 1048576, false);
    info[1] = dom(5, 131072, false);
    info[2] = dom(6, 65536, true);
    info[3] = dom(9, 65536, false);
    have[0].domid = 5;
    have[1].domid = 6;
    have[2].domid = 9;
    /* web unchanged, db drifted, cache (want 2) not running, old not in the folder */
    act[0] = (struct plan_action){ .kind = PLAN_UNCHANGED, .want = 0, .have = 0, .name = "web" };
    act[1] = (struct plan_action){ .kind = PLAN_UPDATE, .want = 1, .have = 1, .name = "db" };
    act[2] = (struct plan_action){ .kind = PLAN_CREATE, .want = 2, .have = -1, .name = "cache" };
    pr.plan.v = act;
    pr.plan.n = 3;
    pr.obs.v = have;
    pr.obs.n = 3;
    pr.want = want;

    n = plan_list_rows(&pr, info, names, 4, &r);
    assert_int_equal(n, 5);
    assert_string_equal(r[0].name, "Domain-0");
    assert_string_equal(r[0].def, "");
    assert_string_equal(r[1].def, "unchanged");
    assert_string_equal(r[2].def, "drifted");
    assert_string_equal(r[2].state, "--p---");
    assert_string_equal(r[3].name, "old");
    assert_string_equal(r[3].def, "");
    assert_string_equal(r[4].name, "cache");
    assert_int_equal(r[4].domid, -1);
    assert_int_equal(r[4].mem_mib, 192);
    assert_int_equal(r[4].vcpus, 3);
    assert_string_equal(r[4].def, "shut off");

    f = open_memstream(&buf, &len);
    plan_list_print(r, n, f);
    fclose(f);
    assert_non_null(strstr(buf, "Definition\n"));
    assert_non_null(strstr(buf, "web                                          5   128     1     r-----       2.5  unchanged\n"));
    assert_non_null(strstr(buf, "cache                                        -   192     3     ------         -  shut off\n"));
    free(buf);
    free(r);
    for (i = 0; i < 3; i++)
        libxl_domain_config_dispose(&dc[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_rows),
    };
    return cmocka_run_group_tests_name("list --all", tests, NULL, NULL);
}
