/*
 * test_interrupt.c - SIGINT/SIGTERM as a failure path (base/interrupt.c):
 * once caught, a signal only sets the flag (the process lives on to undo
 * its work), is said once, interrupts a blocking call (no SA_RESTART), and
 * the default comes back for forked daemons.
 */
#include "unit.h"
#include "base/interrupt.h"

#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

static void test_flag(void **state)
{
    (void)state;
    interrupt_clear();
    interrupt_catch();
    assert_int_equal(interrupted(), 0);
    assert_false(interrupt_check("nothing"));
    raise(SIGINT);                      /* would end the test without the handler */
    assert_int_equal(interrupted(), SIGINT);
    assert_true(interrupt_check("undoing (said once)"));
    assert_true(interrupt_check("not said again"));
    interrupt_clear();
    raise(SIGTERM);
    assert_int_equal(interrupted(), SIGTERM);
    interrupt_clear();
}

/* A blocking read returns EINTR: the caller notices the signal at once. */
static void test_eintr(void **state)
{
    int fds[2];
    pid_t child;
    char c;
    (void)state;

    interrupt_clear();
    interrupt_catch();
    assert_int_equal(pipe(fds), 0);
    /* a child sends SIGINT every 50 ms while the read blocks (the write
     * end stays open), so a slow start (valgrind) cannot miss it */
    child = fork();
    if (child == 0) {
        for (;;) {
            usleep(50000);
            kill(getppid(), SIGINT);
        }
    }
    assert_int_equal(read(fds[0], &c, 1), -1);
    assert_int_equal(errno, EINTR);
    assert_int_equal(interrupted(), SIGINT);
    kill(child, SIGKILL);
    waitpid(child, NULL, 0);
    close(fds[0]);
    close(fds[1]);
    interrupt_clear();
}

static void test_default(void **state)
{
    struct sigaction sa;
    (void)state;

    interrupt_catch();
    interrupt_default();
    sigaction(SIGTERM, NULL, &sa);
    assert_true(sa.sa_handler == SIG_DFL);
    sigaction(SIGINT, NULL, &sa);
    assert_true(sa.sa_handler == SIG_DFL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flag),
        cmocka_unit_test(test_eintr),
        cmocka_unit_test(test_default),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
