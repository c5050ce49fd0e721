/*
 * pv_confine.c - see pv_confine.h.  Capabilities through libcap-ng, the
 * filter through libseccomp (both Debian's).
 *
 * Sanitizer builds: ASan's leak check at exit stops the process's threads
 * with ptrace from a cloned thread, and its reports fork llvm-symbolizer;
 * the filter kills both.  Only a binary built with ASan therefore takes
 * XYL_PV_NO_CONFINE=1 to run unconfined; a normal build ignores it, so
 * the variable cannot switch the filter off where it matters.
 */
#define _GNU_SOURCE
#include "pv_confine.h"
#include "pv_log.h"

#include <cap-ng.h>
#include <dlfcn.h>
#include <errno.h>
#include <seccomp.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <unistd.h>

#if defined(__SANITIZE_ADDRESS__)
#define PV_SANITIZED 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define PV_SANITIZED 1
#endif
#endif

/* What the serving loop calls (glibc, libxenstore, libxengnttab,
 * libxenevtchn, libxenctrl underneath included).  mmap/mprotect and
 * tgkill are added below with argument checks. */
static const char *const allowed[] = {
    "read", "write", "readv", "writev", "pread64", "pwrite64", "preadv", "pwritev",
    "sendmsg", "recvmsg",       /* libxenstore talks to xenstored's socket so */
    "close", "open", "openat", "fstat", "newfstatat", "statx", "lseek", "fcntl", "ioctl",
    "flock", "fdatasync", "fsync", "fallocate", "poll", "ppoll",
    "munmap", "mremap", "madvise", "brk", "futex",
    "clock_gettime", "clock_getres", "gettimeofday", "nanosleep", "clock_nanosleep",
    "rt_sigprocmask", "rt_sigaction", "rt_sigreturn", "restart_syscall",
    "getpid", "gettid", "getrandom", "sched_yield",
    "rseq", "set_robust_list",  /* a thread's own start (glibc), if it races the filter */
    "sigaltstack",              /* ASan at every noreturn call (_exit) */
    "unlink", "unlinkat",       /* the pid file, on the way out */
    "exit", "exit_group",
};

/* Calls only an attacker makes: the process dies at once (SIGSYS), which
 * a supervisor notices and restarts from xenstore. */
static const char *const fatal[] = {
    "execve", "execveat", "fork", "vfork", "clone", "clone3", "ptrace",
    "process_vm_readv", "process_vm_writev", "mount", "umount2", "pivot_root", "chroot",
    "unshare", "setns", "init_module", "finit_module", "delete_module", "kexec_load",
    "kexec_file_load", "bpf", "perf_event_open", "setuid", "setgid", "setreuid", "setregid",
    "setresuid", "setresgid", "setgroups", "capset", "personality", "keyctl", "add_key",
    "request_key", "userfaultfd", "open_by_handle_at", "name_to_handle_at", "reboot",
    "swapon", "swapoff", "iopl", "ioperm", "io_uring_setup", "io_uring_enter",
    "io_uring_register", "mknod", "mknodat",
};

/* names[] but `except` (NULL: none) */
static int add_names(scmp_filter_ctx ctx, uint32_t action, const char *const *names, size_t n,
                     const char *except)
{
    size_t i;

    for (i = 0; i < n; i++) {
        int nr = seccomp_syscall_resolve_name(names[i]);
        int rc;

        if (except && !strcmp(names[i], except))
            continue;
        if (nr == __NR_SCMP_ERROR)
            continue;           /* not on this architecture */
        rc = seccomp_rule_add(ctx, action, nr, 0);
        if (rc) {
            pv_log("seccomp: cannot add %s: %s", names[i], strerror(-rc));
            return -1;
        }
    }
    return 0;
}

static int load_filter(const struct pv_confine *c)
{
    scmp_filter_ctx ctx = seccomp_init(SCMP_ACT_ERRNO(EPERM));
    int rc = -1, err = 0;

    if (!ctx) {
        pv_log("seccomp: cannot set up a filter");
        return -1;
    }
    /* every thread (libxenstore's watch reader too), and no_new_privs */
    err |= seccomp_attr_set(ctx, SCMP_FLTATR_CTL_TSYNC, 1);
    err |= seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 1);
    if (err || add_names(ctx, SCMP_ACT_ALLOW, allowed, sizeof(allowed) / sizeof(*allowed), NULL) ||
        add_names(ctx, SCMP_ACT_KILL_PROCESS, fatal, sizeof(fatal) / sizeof(*fatal),
                  c->io_uring ? "io_uring_enter" : NULL))
        goto out;
    if (c->io_uring)            /* the ring made before the filter (pv_confine.h) */
        err |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(io_uring_enter), 0);
    /* memory, never executable: no code is loaded after start */
    err |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mmap), 1,
                            SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
    err |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(mprotect), 1,
                            SCMP_A2(SCMP_CMP_MASKED_EQ, PROT_EXEC, 0));
    /* abort() signals itself, nobody else */
    err |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(tgkill), 1,
                            SCMP_A0(SCMP_CMP_EQ, (scmp_datum_t)getpid()));
    if (c->sockets) {           /* the control socket of interface ioctls */
        err |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
                                SCMP_A0(SCMP_CMP_EQ, AF_INET));
        err |= seccomp_rule_add(ctx, SCMP_ACT_ALLOW, SCMP_SYS(socket), 1,
                                SCMP_A0(SCMP_CMP_EQ, AF_UNIX));
    }
    if (err) {
        pv_log("seccomp: cannot add the argument rules");
        goto out;
    }
    rc = seccomp_load(ctx);
    if (rc) {
        pv_log("seccomp: cannot load the filter: %s", strerror(-rc));
        rc = -1;
    }
out:
    seccomp_release(ctx);
    return rc;
}

/* Keep only c->keep_cap, in every set; the bounding set too (when we may:
 * under systemd the unit's CapabilityBoundingSet= did it already and took
 * CAP_SETPCAP away, so what is left there is checked instead). */
static int drop_caps(const struct pv_confine *c)
{
    int cap, bounded = 0;
    bool may_bound;

    if (capng_get_caps_process()) {
        pv_log("cannot read the process's capabilities");
        return -1;
    }
    may_bound = capng_have_capability(CAPNG_EFFECTIVE, CAP_SETPCAP);

    for (cap = 0; cap <= CAP_LAST_CAP; cap++)
        if (cap != c->keep_cap && capng_have_capability(CAPNG_BOUNDING_SET, (unsigned)cap))
            bounded++;
    capng_clear(CAPNG_SELECT_ALL);
    if (c->keep_cap >= 0 &&
        capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED | CAPNG_BOUNDING_SET,
                     (unsigned)c->keep_cap)) {
        pv_log("cannot keep capability %d", c->keep_cap);
        return -1;
    }
    if (bounded && !may_bound) {
        pv_log("cannot drop %d capabilities from the bounding set (no CAP_SETPCAP)", bounded);
        return -1;
    }
    if (capng_apply(bounded ? CAPNG_SELECT_ALL : CAPNG_SELECT_CAPS | CAPNG_SELECT_AMBIENT)) {
        pv_log("cannot drop capabilities: %s", strerror(errno));
        return -1;
    }
    return 0;
}

/* ASan builds only: XYL_PV_NO_CONFINE=1 (see the top) */
static bool skipped(void)
{
#ifdef PV_SANITIZED
    const char *off = getenv("XYL_PV_NO_CONFINE");

    if (off && !strcmp(off, "1")) {
        pv_log("sanitizer build: not confined (XYL_PV_NO_CONFINE=1)");
        return true;
    }
#endif
    return false;
}

int pv_confine_caps(const struct pv_confine *c)
{
    return skipped() ? 0 : drop_caps(c);
}

/* glibc's pthread_cancel loads libgcc_s (for the unwinding) the first
 * time it runs, and libxenstore's xs_close cancels its watch reader: under
 * the filter (no PROT_EXEC mapping) that load fails and glibc aborts, so a
 * stopping daemon died before syncing its log line (test_confine).  Loaded
 * here, before the filter, it is found already mapped then. */
static int preload_unwinder(void)
{
    if (!dlopen("libgcc_s.so.1", RTLD_NOW | RTLD_NODELETE)) {
        pv_log("cannot load libgcc_s.so.1 (pthread_cancel needs it): %s", dlerror());
        return -1;
    }
    return 0;
}

int pv_confine(const struct pv_confine *c)
{
    if (skipped())
        return 0;
    if (preload_unwinder() || drop_caps(c) || load_filter(c))
        return -1;
    pv_debug("confined: capabilities dropped%s, seccomp filter loaded",
             c->keep_cap >= 0 ? " but one" : "");
    return 0;
}
