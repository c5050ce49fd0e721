/*
 * xyl apply [-j N] [--prune] [--autostart] [--wait] [--dry-run] [--yes |
 * --no-disrupt] [--stop-timeout S] DIR - make the running guests what the
 * folder says (see plan.h for what changes in place and what needs a new
 * domain), creating guests in parallel.  One run at a time: a lock on
 * /run/xyl/apply.lock.  A second apply reports no changes.  Disruptive
 * actions (a running guest recreated or pruned: shut down cleanly, waited
 * for up to S seconds, destroyed only if it does not stop) are asked for
 * on a terminal, need --yes without one, and are refused by --no-disrupt;
 * nothing is done then (exit 1).  Exit 0 when everything was done, 1 when
 * any guest failed (one line each; the others were carried out).
 */
#include "plan/apply.h"
#include "cli/command.h"
#include "plan/plan_folder.h"
#include "domain/shutdown.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#define LOCK_DIR "/run/xyl"
#define LOCK_FILE LOCK_DIR "/apply.lock"

/* The lock's fd (held until exit), or -1 after one line. */
static int take_lock(bool wait)
{
    int fd;

    if (mkdir(LOCK_DIR, 0755) && errno != EEXIST) {
        fprintf(stderr, "xyl: cannot create %s: %s\n", LOCK_DIR, strerror(errno));
        return -1;
    }
    fd = open(LOCK_FILE, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0) {
        fprintf(stderr, "xyl: cannot open %s: %s\n", LOCK_FILE, strerror(errno));
        return -1;
    }
    if (flock(fd, wait ? LOCK_EX : LOCK_EX | LOCK_NB)) {
        if (errno == EWOULDBLOCK)
            fprintf(stderr, "xyl: another xyl apply is running (%s is locked); "
                    "wait for it, or use --wait\n", LOCK_FILE);
        else
            fprintf(stderr, "xyl: cannot lock %s: %s\n", LOCK_FILE, strerror(errno));
        close(fd);
        return -1;
    }
    return fd;
}

int cmd_apply(const struct cmd_args *a, const struct xyl_opts *o)
{
    struct xyl_xen x;
    struct plan_folder pr;
    bool prune = arg_flag(a, "prune"), autostart = arg_flag(a, "autostart");
    bool dry = o->dryrun || arg_flag(a, "n"), forked = arg_flag(a, "fork");
    bool yes = arg_flag(a, "yes"), no_disrupt = arg_flag(a, "no-disrupt");
    int jobs = arg_int(a, "j", 4), lock = -1, failed, rc = XYL_EXIT_FAIL;
    int stop_timeout = arg_int(a, "stop-timeout", 0);   /* 0: each guest's own */

    if (yes && no_disrupt)
        return usage_error(a->cmd, "--yes and --no-disrupt exclude each other");

    if (plan_folder_load(a->pos[0], o->config, autostart, &pr))
        return XYL_EXIT_FAIL;
    if (xen_open(&x, o->verbose)) {
        plan_folder_free(&pr);
        return XYL_EXIT_FAIL;
    }
    if (!dry && (lock = take_lock(arg_flag(a, "wait"))) < 0) {
        plan_folder_free(&pr);
        goto out;
    }
    if (plan_folder_plan(&pr, &x, NULL, prune))
        goto out;
    if (dry) {
        rc = plan_folder_show(&pr, false);
    } else {
        plan_folder_print(&pr, stdout);
        fflush(stdout);
        if (apply_confirm(&pr.plan, no_disrupt ? DISRUPT_NO : yes ? DISRUPT_YES : DISRUPT_ASK,
                          stdin, isatty(STDIN_FILENO) && isatty(STDERR_FILENO), stderr)) {
            plan_folder_free(&pr);
            goto out;
        }
        failed = apply_run(&x, &pr, jobs, forked, stop_timeout);
        if (failed)
            fprintf(stderr, "xyl: apply: %d guest%s failed (above); the others were applied\n",
                    failed, failed == 1 ? "" : "s");
        else if (pr.plan.changes)
            printf("apply: done\n");
        rc = failed ? XYL_EXIT_FAIL : XYL_EXIT_OK;
    }
    plan_folder_free(&pr);
out:
    if (lock >= 0)
        close(lock);
    xen_close(&x);
    return rc;
}
