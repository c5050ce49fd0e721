/*
 * xyl_pv.c - see xyl_pv.h.
 */
#define _GNU_SOURCE
#include "devices/xyl_pv.h"
#include "base/util.h"
#include "base/libexec.h"
#include "base/paths.h"

#include "pv-drivers/xenbus/xb_dev.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

bool xyl_pv_use_systemd(const char *path, const char *prog, const char *env, const char *sd_run)
{
    char *installed;
    bool yes;

    if (getenv(env) || access(sd_run, F_OK) != 0)
        return false;
    installed = xasprintf("%s/%s", XYL_LIBEXECDIR, prog);
    yes = !strcmp(path, installed);
    free(installed);
    return yes;
}

/* Run argv[0] (a path, or a name looked up in PATH); its exit status, -1
 * when it could not be waited for, 127 when it could not be run. */
static int run_wait(char *const argv[], const char *what)
{
    int status;
    pid_t pid = fork();

    if (pid < 0) {
        fprintf(stderr, "xyl: cannot start %s: fork: %s\n", what, strerror(errno));
        return -1;
    }
    if (pid == 0) {
        execvp(argv[0], argv);
        fprintf(stderr, "xyl: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    if (waitpid(pid, &status, 0) < 0) {
        fprintf(stderr, "xyl: waiting for %s: %s\n", what, strerror(errno));
        return -1;
    }
    return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* systemctl's exit status for a unit it does not know (LSB "not installed") */
#define SYSTEMCTL_NO_UNIT 5

int xyl_start_daemon(const char *prog, const char *env)
{
    char *path = libexec_path(prog, env, true), *unit = xasprintf("%s.service", prog);
    char *sd[] = { "systemctl", "start", "--quiet", unit, NULL };
    /* confined as its unit runs it (pv-drivers/common/pv_confine.h):
     * capabilities dropped, the seccomp filter loaded */
    char *self[] = { path, "--daemon", "--confine", NULL };
    int rc = -1;

    /* under systemd its unit runs it: restarted after a crash, confined,
     * in its own cgroup; a unit that is not installed falls back to ours */
    if (xyl_pv_use_systemd(path, prog, env, "/run/systemd/system")) {
        int st = run_wait(sd, "systemctl");

        if (st == 0) {
            rc = 0;
            goto out;
        }
        if (st != SYSTEMCTL_NO_UNIT) {
            if (st != 127 && st >= 0)
                fprintf(stderr, "xyl: systemctl start %s failed (journalctl -u %s)\n", unit, unit);
            goto out;
        }
    }
    switch (run_wait(self, prog)) {
    case 0:
        rc = 0;
        break;
    case -1:
    case 127:
        break;
    default:
        fprintf(stderr, "xyl: %s did not start (%s)\n", prog, path);
    }
out:
    free(unit);
    free(path);
    return rc;
}

int xyl_pv_remove_all(const struct xb_kind *k, uint32_t domid)
{
    char err[XB_ERR_LEN];
    struct xs_handle *xs = xs_open(0);
    int rc;

    if (!xs) {
        fprintf(stderr, "xyl: cannot connect to xenstored: %s\n", strerror(errno));
        return -1;
    }
    rc = xb_dev_remove_domain(xs, k, domid, err, sizeof(err));
    if (rc)
        fprintf(stderr, "xyl: %s\n", err);
    xs_close(xs);
    return rc;
}
