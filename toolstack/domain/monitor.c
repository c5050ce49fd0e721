/*
 * monitor.c - one small detached process per guest that waits for libxl to
 * report the guest's shutdown and then does what the definition says:
 *
 *   destroy            destroy the domain (on_poweroff's default)
 *   restart            destroy it and create it again from libxl's stored
 *                      configuration plus xyl's parts as they are now: its
 *                      `xenstore:` keys, its backend: xyl disks and NICs
 *                      (hot-plugged ones too; on_reboot's default)
 *   rename-restart     keep the old one under NAME--DOMID, start a new one
 *   preserve           leave it as it is (for debugging); the monitor ends
 *   coredump-destroy   write /var/lib/xen/dump/NAME-DATE.core, then destroy
 *   coredump-restart   write the core, then restart
 *   soft-reset         libxl_domain_soft_reset (kexec in HVM guests)
 *
 * It waits with libxl's domain death events, not by polling.  The one
 * exception is a guest suspended by a save or a migration: then libxl has
 * reported its shutdown already, and the monitor checks once a second
 * whether the guest is gone (saved, migrated away: the monitor ends) or
 * running again (checkpoint, failed migration: it watches it anew).
 */
#define _GNU_SOURCE     /* close_range */
#include "domain/monitor.h"
#include "domain/meta.h"
#include "xen/xs_data.h"
#include "base/util.h"
#include "domain/teardown.h"
#include "base/interrupt.h"

#include <libxl_utils.h>

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DUMP_DIR "/var/lib/xen/dump"

struct mon {
    struct xyl_xen x;
    uint32_t domid;
    char *name;
    const struct guest_extras *e;
    libxl_evgen_domain_death *deathw;
};

static void mlog(const struct mon *m, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void mlog(const struct mon *m, const char *fmt, ...)
{
    char ts[32];
    time_t now = time(NULL);
    va_list ap;

    strftime(ts, sizeof(ts), "%Y-%m-%d %H:%M:%S", localtime(&now));
    fprintf(stderr, "%s xyl-monitor[%ld] %s (domid %u): ", ts, (long)getpid(), m->name, m->domid);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
    fflush(stderr);
}

static int watch(struct mon *m)
{
    if (m->deathw)
        libxl_evdisable_domain_death(m->x.ctx, m->deathw);
    m->deathw = NULL;
    if (libxl_evenable_domain_death(m->x.ctx, m->domid, 0, &m->deathw)) {
        mlog(m, "cannot watch the domain; giving up");
        return -1;
    }
    return 0;
}

/* 1 gone, 0 still there (shutdown state in *shut). */
static int domain_state(struct mon *m, bool *shut)
{
    libxl_dominfo info;
    int gone;

    libxl_dominfo_init(&info);
    gone = libxl_domain_info(m->x.ctx, &info, m->domid) != 0;
    *shut = !gone && (info.shutdown || info.dying);
    libxl_dominfo_dispose(&info);
    return gone;
}

/* Destroy and wait (at most 10 s) until Xen has really released it, so
 * that its name and devices are free for a new incarnation; the record
 * stays with the UUID, which a restart keeps. */
static int destroy(struct mon *m)
{
    if (domain_teardown(&m->x, m->domid, m->name,
                        TEARDOWN_WAIT | TEARDOWN_KEEP_RECORD | TEARDOWN_QUIET)) {
        mlog(m, "libxl could not destroy the domain");
        return -1;
    }
    mlog(m, "destroyed");
    return 0;
}

static void core_dump(struct mon *m)
{
    char ts[32], *path;
    time_t now = time(NULL);

    strftime(ts, sizeof(ts), "%Y%m%d-%H%M%S", localtime(&now));
    mkdir(DUMP_DIR, 0700);
    path = xasprintf("%s/%s-%s.core", DUMP_DIR, m->name, ts);
    if (libxl_domain_core_dump(m->x.ctx, m->domid, path, NULL))
        mlog(m, "could not write a core dump to %s", path);
    else
        mlog(m, "core dump written to %s", path);
    free(path);
}

/* Destroy (or, for rename-restart, keep under another name) and start
 * again from dc.  0: watching the new domain; -1: nothing left to watch. */
/* The `xenstore:` keys xyl wrote (its record's data-keys, which apply
 * keeps current) with the values they have now, not those of the create:
 * a restart must not set back what apply changed since, and a restored or
 * migrated guest (no extras) gets its keys too.  False: no record, the
 * create's keys stand. */
static bool keys_now(const struct mon *m, const libxl_uuid *uuid, struct xyl_kvlist *out)
{
    struct xyl_kvlist all = { 0 };
    struct xyl_meta *meta;
    char u[LIBXL_UUID_FMTLEN + 1], *copy, *k, *save = NULL;
    int n, i, j, skipped;
    bool found = false;

    if (meta_read_all(&meta, &n))
        return false;
    snprintf(u, sizeof(u), LIBXL_UUID_FMT, LIBXL_UUID_BYTES(*uuid));
    for (i = 0; i < n; i++)
        if (!strcmp(meta[i].uuid, u) && meta[i].managed && meta[i].data_keys &&
            xs_read_guest_data(m->domid, &all, &skipped) == 0) {
            found = true;
            copy = xstrdup(meta[i].data_keys);
            for (k = strtok_r(copy, " ", &save); k; k = strtok_r(NULL, " ", &save))
                for (j = 0; j < all.n; j++)
                    if (!strcmp(all.v[j].key, k)) {
                        out->v = xrealloc(out->v, (size_t)(out->n + 1) * sizeof(*out->v));
                        memset(&out->v[out->n], 0, sizeof(out->v[0]));
                        out->v[out->n].key = xstrdup(k);
                        out->v[out->n].value = xstrdup(all.v[j].value);
                        out->n++;
                    }
            free(copy);
            break;
        }
    kvlist_free(&all);
    meta_free(meta, n);
    return found;
}

static int restart(struct mon *m, libxl_domain_config *dc, bool keep_old)
{
    struct xyl_kvlist now = { 0 };
    struct xyl_carried devs = { 0 };
    struct guest_extras e;
    bool found = false, have_devs;
    uint32_t domid, old = m->domid;
    int r;

    /* the xyl devices the guest has now (hot-plugged ones included, and a
     * restored or migrated guest's, which came with no definition), read
     * before the old domain goes; the new domain takes their images over
     * from the old one (no lock refusal while it lingers, renamed) */
    have_devs = xyl_carry_read(m->domid, &devs) == 0;
    if (!have_devs)
        mlog(m, "cannot read its xyl devices; restarting with those it was created with");

    if (keep_old) {
        char *away = xasprintf("%s--%u", m->name, m->domid);
        if (libxl_domain_rename(m->x.ctx, m->domid, m->name, away)) {
            mlog(m, "cannot rename the old domain to %s; leaving it as it is", away);
            free(away);
            xyl_carry_free(&devs);
            return -1;
        }
        mlog(m, "kept the old domain as %s", away);
        free(away);
        libxl_uuid_generate(&dc->c_info.uuid);  /* two domains cannot share one */
    } else {
        /* the keys as they are now, read before the old domain goes */
        found = keys_now(m, &dc->c_info.uuid, &now);
        if (destroy(m)) {
            kvlist_free(&now);
            xyl_carry_free(&devs);
            return -1;
        }
    }
    e = m->e ? *m->e : (struct guest_extras){ .xenstore = NULL };
    if (found)
        e.xenstore = &now;
    if (have_devs) {
        e.carried = &devs;
        e.takeover = true;
        e.takeover_domid = old;
    }
    dc->c_info.domid = 0;       /* a fresh domid, as for any create */
    r = guest_start(&m->x, dc, &e, 0, &domid);
    kvlist_free(&now);
    xyl_carry_free(&devs);
    if (r) {
        mlog(m, "could not start the guest again (see above)");
        return -1;
    }
    mlog(m, "restarted as domid %u", domid);
    m->domid = domid;
    return watch(m);
}

static libxl_action_on_shutdown action_for(const libxl_domain_config *dc, int reason)
{
    switch (reason) {
    case LIBXL_SHUTDOWN_REASON_POWEROFF: return dc->on_poweroff;
    case LIBXL_SHUTDOWN_REASON_REBOOT: return dc->on_reboot;
    case LIBXL_SHUTDOWN_REASON_CRASH: return dc->on_crash;
    case LIBXL_SHUTDOWN_REASON_WATCHDOG: return dc->on_watchdog;
    case LIBXL_SHUTDOWN_REASON_SOFT_RESET: return dc->on_soft_reset;
    default: return LIBXL_ACTION_ON_SHUTDOWN_DESTROY;   /* as xl does */
    }
}

/* A suspended guest is being saved or migrated: wait until it is gone
 * (1) or runs again (0: watch it anew). */
static int wait_after_suspend(struct mon *m)
{
    bool shut;

    for (;;) {
        if (domain_state(m, &shut))
            return 1;
        if (!shut)
            return watch(m) ? 1 : 0;
        sleep(1);
    }
}

/* The guest shut down: 0 keep watching (it was restarted or resumed),
 * 1 the monitor's work is done. */
static int on_shutdown(struct mon *m, int reason)
{
    libxl_domain_config dc;
    libxl_action_on_shutdown act;
    const char *rs = libxl_shutdown_reason_to_string(reason);
    int rc = 1;

    if (reason == LIBXL_SHUTDOWN_REASON_SUSPEND) {
        mlog(m, "suspended (save or migration)");
        return wait_after_suspend(m);
    }
    libxl_domain_config_init(&dc);
    if (libxl_retrieve_domain_configuration(m->x.ctx, m->domid, &dc, NULL)) {
        mlog(m, "shut down (%s) but libxl has no configuration for it; destroying", rs ? rs : "?");
        destroy(m);
        goto out;
    }
    if (meta_stopping(&dc.c_info.uuid)) {
        /* apply asked it to stop for a recreate or a prune: no restart */
        mlog(m, "shut down (%s) for xyl apply, which takes it from here", rs ? rs : "?");
        goto out;
    }
    act = action_for(&dc, reason);
    mlog(m, "shut down (%s): %s", rs ? rs : "?", libxl_action_on_shutdown_to_string(act));
    switch (act) {
    case LIBXL_ACTION_ON_SHUTDOWN_PRESERVE:
        break;
    case LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_DESTROY:
        core_dump(m);
        /* fall through */
    case LIBXL_ACTION_ON_SHUTDOWN_DESTROY:
        destroy(m);
        break;
    case LIBXL_ACTION_ON_SHUTDOWN_COREDUMP_RESTART:
        core_dump(m);
        /* fall through */
    case LIBXL_ACTION_ON_SHUTDOWN_RESTART:
        rc = restart(m, &dc, false) ? 1 : 0;
        break;
    case LIBXL_ACTION_ON_SHUTDOWN_RESTART_RENAME:
        rc = restart(m, &dc, true) ? 1 : 0;
        break;
    case LIBXL_ACTION_ON_SHUTDOWN_SOFT_RESET:
        if (libxl_domain_soft_reset(m->x.ctx, &dc, m->domid, NULL, NULL)) {
            mlog(m, "soft reset failed; destroying");
            destroy(m);
        } else {
            mlog(m, "soft reset done");
            rc = watch(m) ? 1 : 0;
        }
        break;
    default:
        mlog(m, "unknown action %d; destroying", act);
        destroy(m);
    }
out:
    libxl_domain_config_dispose(&dc);
    return rc;
}

static int monitor_run(struct mon *m)
{
    libxl_event *ev;
    int done = 0;

    mlog(m, "watching");
    if (watch(m))
        return 1;
    while (!done) {
        if (libxl_event_wait(m->x.ctx, &ev, LIBXL_EVENTMASK_ALL, NULL, NULL)) {
            mlog(m, "waiting for libxl events failed; giving up");
            return 1;
        }
        if (ev->domid != m->domid) {
            libxl_event_free(m->x.ctx, ev);
            continue;
        }
        if (ev->type == LIBXL_EVENT_TYPE_DOMAIN_DEATH) {
            mlog(m, "destroyed by someone else; done");
            done = 1;
        } else if (ev->type == LIBXL_EVENT_TYPE_DOMAIN_SHUTDOWN) {
            done = on_shutdown(m, ev->u.domain_shutdown.shutdown_reason);
        }
        libxl_event_free(m->x.ctx, ev);
    }
    if (m->deathw)
        libxl_evdisable_domain_death(m->x.ctx, m->deathw);
    mlog(m, "monitor ends");
    return 0;
}

/* In the grandchild: detach from the caller's terminal, files and libxl. */
static void become_daemon(struct xyl_xen *parent, const char *name)
{
    char *log = xasprintf("%s/xyl-%s.log", XYL_MONITOR_LOGDIR, name);
    int fd;

    libxl_postfork_child_noexec(parent->ctx);   /* the caller's ctx is not ours */
    umask(022);
    if (chdir("/"))
        _exit(1);
    mkdir(XYL_MONITOR_LOGDIR, 0755);
    fd = open("/dev/null", O_RDONLY);
    if (fd >= 0) {
        dup2(fd, 0);
        close(fd);
    }
    fd = open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        fd = open("/dev/null", O_WRONLY);
    dup2(fd, 1);
    dup2(fd, 2);
    if (fd > 2)
        close(fd);
    close_range(3, ~0U, 0);     /* the caller's pipes, save files, sockets */
    free(log);
    prctl(PR_SET_NAME, "xyl-monitor", 0, 0, 0);
    signal(SIGHUP, SIG_IGN);
    signal(SIGPIPE, SIG_IGN);
}

int monitor_start(struct xyl_xen *x, uint32_t domid, const char *name,
                  const struct guest_extras *e)
{
    pid_t pid, w;
    int status;

    fflush(stdout);
    fflush(stderr);
    pid = fork();
    if (pid < 0) {
        fprintf(stderr, "xyl: cannot start the monitor of %s (%s); it runs without "
                "on_poweroff/on_reboot/on_crash handling\n", name, strerror(errno));
        return -1;
    }
    if (pid == 0) {
        /* the child: a new session, then the monitor in a grandchild so
         * that init, not the caller, reaps it */
        struct mon m = { .domid = domid, .e = e };

        interrupt_default();    /* a daemon: SIGTERM ends it */
        if (setsid() < 0)
            _exit(1);
        pid = fork();
        if (pid != 0)
            _exit(pid < 0);
        become_daemon(x, name);
        m.name = xstrdup(name);
        if (xen_open(&m.x, 0))
            _exit(1);
        status = monitor_run(&m);
        xen_close(&m.x);
        free(m.name);
        _exit(status);
    }
    do {
        w = waitpid(pid, &status, 0);
    } while (w < 0 && errno == EINTR);
    if (w != pid || !WIFEXITED(status) || WEXITSTATUS(status)) {
        fprintf(stderr, "xyl: cannot start the monitor of %s; it runs without "
                "on_poweroff/on_reboot/on_crash handling\n", name);
        return -1;
    }
    return 0;
}
