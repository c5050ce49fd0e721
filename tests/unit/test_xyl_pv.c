/*
 * test_xyl_pv.c - which way xyl starts a backend daemon (issue 19): through
 * its systemd unit only when systemd runs, no XYL_BLKBACK-style variable
 * names another binary, and the daemon is the installed one; a build
 * tree's daemons (next to build/xyl) are run directly.
 */
#include "unit.h"
#include "devices/xyl_pv.h"
#include "base/util.h"

#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_use_systemd(void **state)
{
    char dir[] = "/tmp/xyl-sd-XXXXXX", *missing, *installed;

    (void)state;
    assert_non_null(mkdtemp(dir));
    missing = xasprintf("%s/none", dir);
    installed = xasprintf("%s/xyl-blkback", XYL_LIBEXECDIR);
    unsetenv("XYL_TEST_BLKBACK");
    /* systemd runs (dir exists): the installed daemon goes through it */
    assert_true(xyl_pv_use_systemd(installed, "xyl-blkback", "XYL_TEST_BLKBACK", dir));
    /* a build tree's daemon, or another program's name: not */
    assert_false(xyl_pv_use_systemd("/src/xyl/build/xyl-blkback", "xyl-blkback",
                                    "XYL_TEST_BLKBACK", dir));
    assert_false(xyl_pv_use_systemd(installed, "xyl-netback", "XYL_TEST_BLKBACK", dir));
    /* no systemd */
    assert_false(xyl_pv_use_systemd(installed, "xyl-blkback", "XYL_TEST_BLKBACK", missing));
    /* the variable names the binary: run it as told */
    setenv("XYL_TEST_BLKBACK", installed, 1);
    assert_false(xyl_pv_use_systemd(installed, "xyl-blkback", "XYL_TEST_BLKBACK", dir));
    unsetenv("XYL_TEST_BLKBACK");
    rmdir(dir);
    free(missing);
    free(installed);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_use_systemd),
    };

    return cmocka_run_group_tests(tests, NULL, NULL);
}
