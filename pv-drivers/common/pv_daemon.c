/*
 * pv_daemon.c - see pv_daemon.h.
 */
#define _GNU_SOURCE
#include "pv_daemon.h"
#include "pv_hand.h"
#include "pv_log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

int pv_take_lock(const char *pidfile, bool quiet)
{
    int fd = open(pidfile, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    char pid[32] = "";

    if (fd < 0) {
        fprintf(stderr, "%s: cannot open %s: %s\n", pv_log_name, pidfile, strerror(errno));
        return -1;
    }
    if (flock(fd, LOCK_EX | LOCK_NB) == 0)
        return fd;
    if (errno == EWOULDBLOCK) {
        ssize_t n = pread(fd, pid, sizeof(pid) - 1, 0);

        pid[n > 0 ? n : 0] = '\0';
        pid[strcspn(pid, "\n")] = '\0';
        if (!quiet)
            fprintf(stderr, "%s: already running (pid %s)\n", pv_log_name, pid[0] ? pid : "?");
        close(fd);
        return -2;
    }
    fprintf(stderr, "%s: cannot lock %s: %s\n", pv_log_name, pidfile, strerror(errno));
    close(fd);
    return -1;
}

void pv_write_pid(int lockfd, const char *pidfile)
{
    char pid[32];
    int n = snprintf(pid, sizeof(pid), "%d\n", (int)getpid());

    if (ftruncate(lockfd, 0) || pwrite(lockfd, pid, (size_t)n, 0) != n)
        pv_log("cannot write %s: %s", pidfile, strerror(errno));
}

int pv_detach(const char *logpath, int *ready_fd)
{
    int p[2], logfd, nul;
    pid_t pid;
    char c;

    mkdir("/var/log/xen", 0755);
    logfd = open(logpath, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0640);
    if (logfd < 0) {
        fprintf(stderr, "%s: cannot open the log %s: %s\n", pv_log_name, logpath,
                strerror(errno));
        return -1;
    }
    if (pipe2(p, O_CLOEXEC)) {
        fprintf(stderr, "%s: pipe: %s\n", pv_log_name, strerror(errno));
        close(logfd);
        return -1;
    }
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "%s: fork: %s\n", pv_log_name, strerror(errno));
        return -1;
    }
    if (pid > 0) {
        close(p[1]);
        if (read(p[0], &c, 1) == 1 && c == 'R')
            _exit(0);
        fprintf(stderr, "%s: failed to start; see %s\n", pv_log_name, logpath);
        _exit(1);
    }
    close(p[0]);
    setsid();
    nul = open("/dev/null", O_RDWR);
    if (nul >= 0) {
        dup2(nul, 0);
        dup2(nul, 1);
        close(nul);
    }
    dup2(logfd, 2);
    close(logfd);
    *ready_fd = p[1];
    return 0;
}

void pv_ready(int *ready_fd)
{
    if (*ready_fd < 0)
        return;
    (void)!write(*ready_fd, "R", 1);
    close(*ready_fd);
    *ready_fd = -1;
}

int pv_daemon_main(const struct pv_daemon *dm, int argc, char **argv)
{
    struct pv_devs d = { .kind = dm->kind, .ops = dm->ops };
    char pidfile[64], logpath[128];
    bool daemonize = false, confine = false;
    int i, lockfd, sfd, ready = -1, rc = 1;

    pv_log_name = dm->name;
    snprintf(pidfile, sizeof(pidfile), "/run/%s.pid", dm->name);
    snprintf(logpath, sizeof(logpath), "/var/log/xen/%s.log", dm->name);
    for (i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-v")) {
            pv_verbose++;
        } else if (!strcmp(argv[i], "--daemon")) {
            daemonize = true;
        } else if (!strcmp(argv[i], "--confine")) {
            confine = true;
        } else if (!strcmp(argv[i], "--log") && i + 1 < argc) {
            snprintf(logpath, sizeof(logpath), "%s", argv[++i]);
        } else {
            bool help = !strcmp(argv[i], "-h") || !strcmp(argv[i], "--help");

            fprintf(help ? stdout : stderr, "usage: %s [-v] [--daemon] [--confine] [--log FILE]\n"
                    "  %s of all guests; see pv-drivers/README.md\n", dm->name, dm->what);
            return help ? 0 : 2;
        }
    }
    lockfd = pv_take_lock(pidfile, daemonize);
    if (lockfd == -2)
        return 0;               /* one daemon serves everything */
    if (lockfd < 0)
        return 1;
    if (daemonize && pv_detach(logpath, &ready))
        return 1;
    pv_write_pid(lockfd, pidfile);
    sfd = pv_signals();
    /* the xenbus thread is started before the filter (which forbids
     * clone) and waits; it scans the backend tree once the filter holds */
    if (sfd >= 0 && (!confine || pv_confine_caps(&dm->confine) == 0) && pv_devs_open(&d) == 0 &&
        (!dm->setup || dm->setup(&d) == 0) && pv_hand_start(&d) == 0 &&
        (!confine || pv_confine(&dm->confine) == 0)) {
        pv_log("serving %s (pid %d%s)", dm->kind->root, (int)getpid(), confine ? ", confined" : "");
        pv_hand_go(&d);
        pv_ready(&ready);
        rc = dm->serve(&d, sfd) ? 1 : 0;
    }
    pv_devs_close(&d);
    if (dm->teardown)
        dm->teardown();
    if (rc == 0)
        pv_log("stopped");
    unlink(pidfile);
    close(lockfd);
    return rc;
}
