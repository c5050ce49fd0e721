/*
 * migrate.c - the sending side of xyl migrate: move a running guest to
 * HOST, live, like xl migrate: start `CMD HOST xyl
 * migrate-receive` (CMD defaults to ssh) as a child with its stdin and
 * stdout on pipes, send the configuration and libxl's live stream, and
 * follow the handshake in migrate.h.  HOST "localhost" (or --local) runs
 * `xyl migrate-receive` directly, without ssh: that is how it is tested.
 *
 * The guest keeps running on this host until the target has the whole
 * stream; after that it is suspended here.  Any failure before the target
 * says "running" resumes it here (libxl_domain_resume) and the target
 * destroys its copy.  On a terminal a progress bar counts the bytes sent
 * (a pump thread between libxl and the transport); otherwise libxl writes
 * straight into the transport, as xl's does.  libxl_domain_suspend runs
 * asynchronously under our poll loop.
 *
 * Live migration tracks dirty pages; for a PV guest Xen does that with
 * shadow paging, which Debian's Xen 4.17 is built without.  There a PV
 * guest is migrated non-live (paused for the whole transfer), with a note;
 * --non-live asks for that for any guest.
 */
#define _GNU_SOURCE     /* pipe2, F_SETPIPE_SZ */
#include "domain/migrate.h"
#include "domain/meta.h"
#include "domain/teardown.h"
#include "base/interrupt.h"
#include "base/progress.h"
#include "domain/savefile.h"
#include "devices/xyl_carry.h"
#include "xen/xs_data.h"
#include "base/util.h"
#include "xen/xen.h"
#include "xen/xen_ao.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

/* libxl reaps only its own children; the transport is ours to waitpid */
static const libxl_childproc_hooks child_hooks = {
    .chldowner = libxl_sigchld_owner_libxl_always_selective_reap,
};

struct sender {
    struct xyl_xen x;
    uint32_t domid;
    libxl_uuid uuid;            /* the guest's: its record is carried */
    bool live;
    char *name, *away;
    pid_t child;
    int to, from;               /* the transport's stdin, stdout */
};

static pid_t spawn(char *const argv[], int *to, int *from)
{
    int a[2], b[2];
    pid_t pid;

    if (pipe2(a, O_CLOEXEC))
        return -1;
    if (pipe2(b, O_CLOEXEC)) {
        close(a[0]);
        close(a[1]);
        return -1;
    }
    pid = fork();
    if (pid == 0) {
        dup2(a[0], STDIN_FILENO);       /* dup2 clears close-on-exec */
        dup2(b[1], STDOUT_FILENO);
        execvp(argv[0], argv);
        fprintf(stderr, "xyl: cannot run %s: %s\n", argv[0], strerror(errno));
        _exit(127);
    }
    close(a[0]);
    close(b[1]);
    if (pid < 0) {
        close(a[1]);
        close(b[0]);
        return -1;
    }
    *to = a[1];
    *from = b[0];
    return pid;
}

static void finish_child(struct sender *s)
{
    int status;

    if (s->to >= 0)
        close(s->to);
    if (s->from >= 0)
        close(s->from);
    s->to = s->from = -1;
    if (s->child > 0 && waitpid(s->child, &status, 0) == s->child && status)
        fprintf(stderr, "xyl: the migration receiver %s %d\n",
                WIFEXITED(status) ? "exited with status" : "was killed by signal",
                WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
    s->child = -1;
}

static void resume_here(struct sender *s, bool renamed)
{
    if (renamed && libxl_domain_rename(s->x.ctx, s->domid, s->away, s->name))
        fprintf(stderr, "xyl: cannot rename %s back to %s\n", s->away, s->name);
    xen_resume_suspended(s->x.ctx, s->domid, s->name);
}

static void progress_tick(void *arg)
{
    void **a = arg;
    progress_set(a[0], pump_bytes(a[1]));
}

/* Suspend live into the transport, counting; 0 when every byte went out. */
static int send_stream(struct sender *s, struct progress *prog, uint64_t memsize)
{
    struct pump pump;
    struct xen_ao ao;
    void *targ[2] = { prog, &pump };
    int p[2], r, pr;

    progress_start(prog, s->name, memsize);
    if (!prog->on) {
        /* nobody watches: libxl writes straight into the transport, as xl */
        xen_ao_init(&ao);
        r = libxl_domain_suspend(s->x.ctx, s->domid, s->to, s->live ? LIBXL_SUSPEND_LIVE : 0, &ao.how);
        if (r == 0)
            r = xen_ao_wait(s->x.ctx, &ao, NULL, NULL);
        if (r)
            fprintf(stderr, "xyl: libxl could not send %s (error %d, see above)\n", s->name, r);
        return r;
    }
    /* a progress bar: count the bytes on their way (pipe -> pump -> transport) */
    if (pipe2(p, O_CLOEXEC)) {
        fprintf(stderr, "xyl: pipe: %s\n", strerror(errno));
        return ERROR_FAIL;
    }
    fcntl(p[0], F_SETPIPE_SZ, 1 << 20);     /* fewer wake-ups; best effort */
    if (pump_start(&pump, p[0], s->to)) {
        fprintf(stderr, "xyl: cannot start the copy thread: %s\n", strerror(errno));
        close(p[0]);
        close(p[1]);
        return ERROR_FAIL;
    }
    xen_ao_init(&ao);
    r = libxl_domain_suspend(s->x.ctx, s->domid, p[1], s->live ? LIBXL_SUSPEND_LIVE : 0, &ao.how);
    if (r == 0)
        r = xen_ao_wait(s->x.ctx, &ao, progress_tick, targ);
    close(p[1]);                /* the pump sees EOF once libxl's helper is done too */
    pr = pump_join(&pump);
    progress_set(prog, pump_bytes(&pump));
    progress_end(prog);
    if (r) {
        fprintf(stderr, "xyl: libxl could not send %s (error %d, see above)\n", s->name, r);
        return r;
    }
    if (pr) {
        fprintf(stderr, "xyl: the migration stream broke (%s: %s)\n", pump.failed, strerror(pump.err));
        return ERROR_FAIL;
    }
    return 0;
}

static int migrate(struct sender *s, char *const rargv[], const char *host)
{
    struct progress prog;
    libxl_dominfo info;
    char *json = NULL, line[256], sz[32];
    struct xyl_kvlist data = { NULL, 0 };
    struct xyl_carried carried = { 0 };
    int skipped;
    uint64_t memsize = 0;
    bool forced_nonlive = false;        /* no shadow paging for a PV guest */
    uint32_t other;
    int r, rc = -1;

    if (savefile_config_json(s->x.ctx, s->domid, &json, &s->name))
        return -1;
    if (xyl_carry_read(s->domid, &carried)) {
        free(json);
        return -1;
    }
    s->away = xasprintf("%s" MIG_AWAY, s->name);
    libxl_dominfo_init(&info);
    if (libxl_domain_info(s->x.ctx, &info, s->domid) == 0) {
        libxl_uuid_copy(s->x.ctx, &s->uuid, &info.uuid);
        memsize = info.current_memkb * 1024;
        if (s->live && info.domain_type == LIBXL_DOMAIN_TYPE_PV) {
            libxl_physinfo pi;
            libxl_physinfo_init(&pi);
            if (libxl_get_physinfo(s->x.ctx, &pi) == 0 && !pi.cap_shadow) {
                s->live = false;
                forced_nonlive = true;
            }
            libxl_physinfo_dispose(&pi);
        }
    }
    libxl_dominfo_dispose(&info);

    s->child = spawn(rargv, &s->to, &s->from);
    if (s->child < 0) {
        fprintf(stderr, "xyl: cannot start the migration transport: %s\n", strerror(errno));
        goto out;
    }
    r = fd_read_line(s->from, line, sizeof(line));
    if (r || strcmp(line, MIG_BANNER)) {
        fprintf(stderr, "xyl: no xyl migrate-receive answered on %s (%s); is xyl installed there, "
                "and can you log in without a password?\n", host,
                r ? "it exited" : "unexpected output");
        goto out_child;
    }
    if (forced_nonlive)
        fprintf(stderr, "xyl: note: this Xen has no shadow paging, which live migration of a "
                "PV guest needs; migrating %s non-live (paused during the transfer)\n", s->name);
    if (xs_read_guest_data(s->domid, &data, &skipped) == 0 && skipped)
        fprintf(stderr, "xyl: note: %d of %s's data/ keys do not fit the limits and stay behind\n",
                skipped, s->name);
    /* xyl's record rides along: the target records the guest again */
    if (meta_to_kv(&s->uuid, &data))
        goto out_child;
    /* and its backend: xyl disks and NICs, which the target re-creates */
    xyl_carry_to_kv(&carried, &data);
    if (savefile_write_header(s->to, json, &data)) {
        fprintf(stderr, "xyl: cannot send the configuration to %s: %s\n", host, strerror(errno));
        goto out_child;
    }
    r = send_stream(s, &prog, memsize);
    if (r) {
        /* the receiver may have said why before it hung up */
        close(s->to);
        s->to = -1;
        if (fd_read_line(s->from, line, sizeof(line)) == 0 && !strncmp(line, MIG_FAILED, strlen(MIG_FAILED)))
            fprintf(stderr, "xyl: %s refused %s: %s\n", host, s->name, line + strlen(MIG_FAILED));
        resume_here(s, false);     /* only if it got suspended */
        goto out_child;
    }
    r = fd_read_line(s->from, line, sizeof(line));
    if (r || strcmp(line, MIG_RECEIVED)) {
        fprintf(stderr, "xyl: %s did not take %s: %s\n", host, s->name,
                r ? "the receiver went away" : line);
        resume_here(s, false);
        goto out_child;
    }
    /* from here both hosts hold the guest: only one may ever run it */
    if (libxl_domain_rename(s->x.ctx, s->domid, s->name, s->away)) {
        fprintf(stderr, "xyl: cannot rename %s to %s; aborting\n", s->name, s->away);
        fd_write_all(s->to, MIG_ABORT "\n", strlen(MIG_ABORT) + 1);
        resume_here(s, false);
        goto out_child;
    }
    /* suspended here: its xyl disks' writes are on disk before the target
     * serves the images (shared storage, or this host's own) */
    if (xyl_carry_flush(&carried)) {
        fd_write_all(s->to, MIG_ABORT "\n", strlen(MIG_ABORT) + 1);
        resume_here(s, true);
        goto out_child;
    }
    if (fd_write_all(s->to, MIG_GO "\n", strlen(MIG_GO) + 1)) {
        fprintf(stderr, "xyl: cannot reach %s to let it start %s\n", host, s->name);
        resume_here(s, true);
        goto out_child;
    }
    r = fd_read_line(s->from, line, sizeof(line));
    if (r) {
        fprintf(stderr, "xyl: MIGRATION STATE UNKNOWN: %s did not say whether %s started.\n"
                "xyl: this copy stays suspended as '%s'; check %s before resuming or destroying it\n",
                host, s->name, s->away, host);
        goto out_child;
    }
    if (strcmp(line, MIG_RUNNING)) {
        fprintf(stderr, "xyl: %s could not start %s: %s\n", host, s->name, line);
        resume_here(s, true);
        goto out_child;
    }
    /* the record stays while the UUID lives on here (a migration on one
     * host); after a move to another host it went there with the guest */
    if (domain_teardown(&s->x, s->domid, s->away, TEARDOWN_KEEP_RECORD | TEARDOWN_QUIET))
        fprintf(stderr, "xyl: %s runs on %s, but destroying the old copy here failed: "
                "destroy '%s' by hand\n", s->name, host, s->away);
    else if (!xen_uuid_domain(&s->x, &s->uuid, s->domid, &other))
        meta_remove(&s->uuid);
    progress_bytes(sz, sizeof(sz), prog.done);
    printf("migrated %s to %s%s in %.1f s%s%s%s\n", s->name, host, s->live ? "" : " (non-live)",
           progress_elapsed(&prog), prog.done ? " (" : "", prog.done ? sz : "", prog.done ? " sent)" : "");
    rc = 0;
out_child:
    finish_child(s);
out:
    free(json);
    kvlist_free(&data);
    xyl_carry_free(&carried);
    return rc;
}

int migrate_host_check(const char *host)
{
    size_t n = strspn(host, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
                            "0123456789._-@:[]%");

    if (host[0] && host[0] != '-' && !host[n])
        return 0;
    fprintf(stderr, "xyl: migrate: '%s' is not a host name, address or user@host "
            "(letters, digits and . _ - @ : [ ] %% only, not starting with '-')\n", host);
    return -1;
}

int domain_migrate(const char *what, const char *host, const char *ssh, unsigned flags,
                   int verbose)
{
    struct sender s = { .child = -1, .to = -1, .from = -1, .live = !(flags & MIGRATE_NON_LIVE) };
    bool local = flags & MIGRATE_LOCAL;
    char self[4096], *rune = NULL;
    char *rargv[5];
    ssize_t n;
    int rc = -1;

    if (!strcmp(host, "localhost") || !strcmp(host, "127.0.0.1"))
        local = true;
    if (local) {
        /* this very binary, without ssh */
        n = readlink("/proc/self/exe", self, sizeof(self) - 1);
        if (n <= 0) {
            fprintf(stderr, "xyl: cannot find my own binary (/proc/self/exe)\n");
            return -1;
        }
        self[n] = '\0';
        rargv[0] = self;
        rargv[1] = verbose ? "-v" : "migrate-receive";
        rargv[2] = verbose ? "migrate-receive" : NULL;
        rargv[3] = NULL;
    } else {
        /* sh -c, as xl does (CMD may be a command line): HOST is checked,
         * and quoted besides */
        if (migrate_host_check(host))
            return -1;
        rune = xasprintf("exec %s '%s' xyl%s migrate-receive", ssh, host, verbose ? " -v" : "");
        rargv[0] = "sh";
        rargv[1] = "-c";
        rargv[2] = rune;
        rargv[3] = NULL;
    }
    interrupt_catch();
    if (xen_open(&s.x, verbose))
        goto out;
    libxl_childproc_setmode(s.x.ctx, &child_hooks, NULL);
    signal(SIGPIPE, SIG_IGN);   /* a receiver that dies is an error, not our death */
    if (xen_find_domain(&s.x, what, &s.domid))
        goto out_xen;
    if (s.domid == 0) {
        fprintf(stderr, "xyl: Domain-0 cannot be migrated\n");
        goto out_xen;
    }
    rc = migrate(&s, rargv, host);
out_xen:
    xen_close(&s.x);
out:
    free(s.name);
    free(s.away);
    free(rune);
    return rc;
}
