/*
 * test_cli.c - the command table and its one parser (cli/parse_options.c):
 * every command answers -h and --help with exit 0 and its own usage line
 * (the loop runs over the whole table, so a new row is covered at once),
 * options are parsed as declared (bundled flags, --long=VALUE, numbers in
 * range, choices, options after arguments, "--"), and what is refused
 * exits 2 with the usage line.
 */
#include "unit.h"
#include "cli/command.h"
#include "base/util.h"

#include <unistd.h>

/* Run c with the words of argv (argv[0] is the name) while stdout and
 * stderr go to one file; returns the exit code, *out the text. */
static int run_captured(const struct xyl_cmd *c, int argc, char **argv, char **out)
{
    const struct xyl_opts o = { false, 0, NULL };
    char path[] = "/tmp/xyl-test-cli-XXXXXX";
    int fd = mkstemp(path), so = dup(1), se = dup(2), rc;
    size_t len;

    assert_true(fd >= 0 && so >= 0 && se >= 0);
    fflush(stdout);
    fflush(stderr);
    dup2(fd, 1);
    dup2(fd, 2);
    rc = cmd_run(c, argc, argv, &o);
    fflush(stdout);
    fflush(stderr);
    dup2(so, 1);
    dup2(se, 2);
    close(so);
    close(se);
    close(fd);
    *out = read_file(path, 1 << 20, &len);
    unlink(path);
    assert_non_null(*out);
    return rc;
}

static void test_every_command_has_help(void **state)
{
    static const char *const flags[] = { "-h", "--help" };
    int i, k;

    (void)state;
    assert_true(xyl_n_commands > 30);
    for (i = 0; i < xyl_n_commands; i++) {
        const struct xyl_cmd *c = &xyl_commands[i];
        char want[128];

        snprintf(want, sizeof(want), "usage: xyl %s", c->name);
        for (k = 0; k < 2; k++) {
            char *argv[] = { (char *)c->name, (char *)flags[k], NULL };
            char *out;
            int rc = run_captured(c, 2, argv, &out);

            if (rc != XYL_EXIT_OK || strncmp(out, want, strlen(want)) ||
                (out[strlen(want)] != ' ' && out[strlen(want)] != '\n') || !strstr(out, c->summary))
                fail_msg("xyl %s %s: exit %d, output:\n%s", c->name, flags[k], rc, out);
            free(out);
        }
        assert_ptr_equal(find_command(c->name), c);
    }
}

/* Parse words for command name; returns cmd_parse's result. */
static int parse(const char *name, struct cmd_args *a, char **argv, int argc)
{
    const struct xyl_cmd *c = find_command(name);
    int rc;

    assert_non_null(c);
    argv[0] = (char *)name;
    fflush(stderr);
    rc = cmd_parse(c, argc, argv, a);
    return rc;
}

#define WORDS(...) ((char *[]){ NULL, __VA_ARGS__, NULL })
#define NWORDS(...) ((int)(sizeof((char *[]){ NULL, __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(name, a, ...) parse(name, a, WORDS(__VA_ARGS__), NWORDS(__VA_ARGS__))

static void test_options_as_declared(void **state)
{
    struct cmd_args a;

    (void)state;
    assert_int_equal(PARSE("create", &a, "-pc", "web.yaml"), 0);     /* bundled */
    assert_true(arg_flag(&a, "p") && arg_flag(&a, "c") && !arg_flag(&a, "e"));
    assert_int_equal(a.npos, 1);
    assert_string_equal(a.pos[0], "web.yaml");
    free(a.pos);

    assert_int_equal(PARSE("apply", &a, "-j3", "--fork", "lab"), 0);
    assert_int_equal(arg_int(&a, "j", 4), 3);
    assert_true(arg_flag(&a, "fork") && !arg_flag(&a, "prune"));
    free(a.pos);
    assert_int_equal(PARSE("apply", &a, "lab"), 0);
    assert_int_equal(arg_int(&a, "j", 4), 4);                        /* the default */
    free(a.pos);
    assert_int_equal(PARSE("apply", &a, "--dry-run", "lab"), 0);     /* -n's long name */
    assert_true(arg_flag(&a, "n"));
    free(a.pos);

    assert_int_equal(PARSE("migrate", &a, "--ssh-command=sh -c", "web", "h"), 0);
    assert_string_equal(arg_str(&a, "ssh-command", "ssh"), "sh -c");
    free(a.pos);
    assert_int_equal(PARSE("migrate", &a, "--ssh-command", "false", "web", "nowhere"), 0);
    assert_string_equal(arg_str(&a, "ssh-command", "ssh"), "false");
    assert_string_equal(a.pos[1], "nowhere");
    free(a.pos);

    assert_int_equal(PARSE("block-list", &a, "web", "--json"), 0);  /* options after */
    assert_true(arg_flag(&a, "json"));
    assert_int_equal(a.npos, 1);
    free(a.pos);

    assert_int_equal(PARSE("console", &a, "-t", "serial", "-n", "1", "web"), 0);
    assert_string_equal(arg_str(&a, "t", NULL), "serial");
    assert_int_equal(arg_int(&a, "n", 0), 1);
    free(a.pos);

    assert_int_equal(PARSE("list", &a, "-l"), 0);
    assert_true(arg_flag(&a, "long") && arg_flag(&a, "l"));
    free(a.pos);

    assert_int_equal(PARSE("validate", &a, "--", "-odd-name.yaml"), 0);
    assert_string_equal(a.pos[0], "-odd-name.yaml");
    free(a.pos);

    assert_int_equal(PARSE("xenstore", &a, "audit"), 0);            /* alternatives */
    free(a.pos);
    assert_int_equal(PARSE("xenstore", &a, "ls", "web"), 0);
    free(a.pos);
    assert_int_equal(PARSE("network-attach", &a, "web"), 0);        /* [NIC] */
    free(a.pos);
    assert_int_equal(PARSE("uptime", &a, "a", "b", "c"), 0);        /* [NAME|ID...] */
    assert_int_equal(a.npos, 3);
    free(a.pos);
}

static void test_refused(void **state)
{
    struct cmd_args a;

    (void)state;
    assert_int_equal(PARSE("create", &a, "-x", "web.yaml"), XYL_EXIT_USAGE);
    assert_int_equal(PARSE("create", &a, "a.yaml", "b.yaml"), XYL_EXIT_USAGE);
    assert_int_equal(PARSE("create", &a, "-p"), XYL_EXIT_USAGE);
    assert_int_equal(PARSE("apply", &a, "-j", "0", "lab"), XYL_EXIT_USAGE);
    assert_int_equal(PARSE("apply", &a, "-j", "65", "lab"), XYL_EXIT_USAGE);
    assert_int_equal(PARSE("apply", &a, "-j", "x", "lab"), XYL_EXIT_USAGE);
    assert_int_equal(PARSE("apply", &a, "lab", "-j"), XYL_EXIT_USAGE);
    assert_int_equal(PARSE("console", &a, "-t", "vga", "web"), XYL_EXIT_USAGE);
    assert_int_equal(PARSE("list", &a, "--json=yes"), XYL_EXIT_USAGE);
    assert_int_equal(PARSE("reboot", &a, "-w", "web"), XYL_EXIT_USAGE);  /* shutdown's */
    assert_int_equal(PARSE("block-list", &a, "--json"), XYL_EXIT_USAGE);
    assert_int_equal(PARSE("rename", &a, "web"), XYL_EXIT_USAGE);
    assert_int_equal(PARSE("xenstore", &a, "ls", "web", "more"), XYL_EXIT_USAGE);
    assert_int_equal(PARSE("version", &a, "extra"), XYL_EXIT_USAGE);
}

static void test_arg_ranges(void **state)
{
    int min, max;

    (void)state;
    cmd_arg_range(find_command("save"), &min, &max);
    assert_true(min == 2 && max == 2);
    cmd_arg_range(find_command("network-attach"), &min, &max);
    assert_true(min == 1 && max == 2);
    cmd_arg_range(find_command("validate"), &min, &max);
    assert_true(min == 1 && max == -1);
    cmd_arg_range(find_command("list"), &min, &max);
    assert_true(min == 0 && max == -1);
    cmd_arg_range(find_command("xenstore"), &min, &max);
    assert_true(min == 1 && max == 2);
    cmd_arg_range(find_command("info"), &min, &max);
    assert_true(min == 0 && max == 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_command_has_help),
        cmocka_unit_test(test_options_as_declared),
        cmocka_unit_test(test_refused),
        cmocka_unit_test(test_arg_ranges),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
