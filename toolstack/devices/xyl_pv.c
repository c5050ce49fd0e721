/*
 * xyl_pv.c - see xyl_pv.h.
 */
#define _GNU_SOURCE
#include "devices/xyl_pv.h"
#include "base/util.h"
#include "base/paths.h"

#include "pv-drivers/xenbus/xb_dev.h"

#include <errno.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* A build tree's daemons sit next to xyl and are looked at first, so
 * build/xyl uses build/'s; an installed xyl finds them in XYL_LIBEXECDIR. */
static char *daemon_path(const char *prog, const char *env)
{
    char self[PATH_MAX], *path;
    ssize_t n;

    if (getenv(env))
        return xstrdup(getenv(env));
    n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n > 0) {
        self[n] = '\0';
        path = xasprintf("%s/%s", dirname(self), prog);
        if (access(path, X_OK) == 0)
            return path;
        free(path);
    }
    path = xasprintf("%s/%s", XYL_LIBEXECDIR, prog);
    if (access(path, X_OK) == 0)
        return path;
    free(path);
    return xstrdup(prog);
}

int xyl_start_daemon(const char *prog, const char *env)
{
    char *path = daemon_path(prog, env);
    int status, rc = -1;
    pid_t pid = fork();

    if (pid < 0) {
        fprintf(stderr, "xyl: cannot start %s: fork: %s\n", prog, strerror(errno));
    } else if (pid == 0) {
        execlp(path, prog, "--daemon", (char *)NULL);
        fprintf(stderr, "xyl: cannot run %s: %s\n", path, strerror(errno));
        _exit(127);
    } else if (waitpid(pid, &status, 0) < 0) {
        fprintf(stderr, "xyl: waiting for %s: %s\n", prog, strerror(errno));
    } else if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        if (!WIFEXITED(status) || WEXITSTATUS(status) != 127)
            fprintf(stderr, "xyl: %s did not start (%s)\n", prog, path);
    } else {
        rc = 0;
    }
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

int xyl_pv_count(uint32_t domid, int *disks, int *nics)
{
    struct xs_handle *xs = xs_open(0);
    uint32_t *ids;

    *disks = *nics = 0;
    if (!xs) {
        fprintf(stderr, "xyl: cannot connect to xenstored: %s\n", strerror(errno));
        return -1;
    }
    ids = xb_dev_list(xs, &xb_kind_vbd, domid, disks);
    free(ids);
    ids = xb_dev_list(xs, &xb_kind_vif, domid, nics);
    free(ids);
    xs_close(xs);
    return 0;
}

int xyl_pv_refuse_save(uint32_t domid, const char *name, const char *verb)
{
    int disks, nics;

    if (xyl_pv_count(domid, &disks, &nics))
        return -1;
    if (!disks && !nics)
        return 0;
    fprintf(stderr, "xyl: %s has %d backend: xyl disk%s and %d NIC%s, which %s cannot carry yet "
            "(the guest would resume without them): block-detach/network-detach them first, "
            "or shut it down\n", name, disks, disks == 1 ? "" : "s", nics, nics == 1 ? "" : "s", verb);
    return -1;
}
