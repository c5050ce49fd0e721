/*
 * test_migrate_host.c - the HOST of `xyl migrate` goes into a shell command
 * line (`CMD HOST xyl migrate-receive` run by sh -c, like xl's): only a
 * host name, an address or user@host passes; an ssh option or a shell
 * character is refused.
 */
#include "unit.h"
#include "domain/migrate.h"
#include "base/util.h"

static void test_hosts_refused(void **state)
{
    static const char *const bad[] = {
        "-oProxyCommand=touch /tmp/pwned", "-p2222", "host;id", "$(id)", "`id`",
        "a b", "h|sh", "h&", "h>x", "'h'", "\"h\"", "h\\x", "h\nid", "", "h*", "~root",
    };
    size_t i;
    (void)state;

    for (i = 0; i < ARRAY_SIZE(bad); i++)
        if (migrate_host_check(bad[i]) != -1)
            fail_msg("host '%s' was accepted", bad[i]);
}

static void test_hosts_accepted(void **state)
{
    static const char *const good[] = {
        "dom0-b", "host.example.org", "root@host.example.org", "10.0.0.2",
        "fe80::1", "[fe80::1%eth0]", "user_1@h-2",
    };
    size_t i;
    (void)state;

    for (i = 0; i < ARRAY_SIZE(good); i++)
        if (migrate_host_check(good[i]) != 0)
            fail_msg("host '%s' was refused", good[i]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hosts_refused),
        cmocka_unit_test(test_hosts_accepted),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
