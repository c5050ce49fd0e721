/*
 * pv_confine.h - what a backend daemon gives up once its Xen handles are
 * open (issue 19): every capability but the ones named, new privileges
 * (no_new_privs), and every system call outside an allow-list (a seccomp
 * filter, libseccomp).  Applied by the daemon itself, so it holds however
 * the daemon was started (systemd's unit, xyl's own spawn, by hand).
 *
 * The filter: the calls the daemon's loop makes (I/O on images, TAPs and
 * the Xen devices, memory, time, signals, exit) are allowed; a short list
 * that only an attacker would make (execve, ptrace, fork, mount, module
 * and kexec loading, bpf, setuid, namespaces, ...) kills the process; any
 * other call fails with EPERM, so a call forgotten here shows up as one
 * failed operation in the log, not as every guest's disk stopping.
 *
 * Whatever a library sets up lazily must be set up before: libxenstore's
 * watch pipe (pv_devs_open calls xs_fileno), its reader thread (the first
 * xs_watch); and the daemon's own xenbus thread and its eventfds
 * (pv_hand_start).
 *
 * Not confinable here: ioctl() on any descriptor (the Xen devices speak
 * ioctls, and a filter cannot tell one fd from another), with
 * /dev/xen/privcmd open (libxenctrl, for the domain list that finds dead
 * guests): code running in the daemon keeps dom0's hypercalls.  openat()
 * too (images and TAPs are opened while serving): the systemd unit's
 * ProtectSystem= and DeviceAllow= narrow what it can open.
 */
#ifndef XYL_PV_CONFINE_H
#define XYL_PV_CONFINE_H

#include <stdbool.h>

/* What one daemon needs beyond the common list. */
struct pv_confine {
    int keep_cap;               /* a capability kept (CAP_NET_ADMIN), -1: none */
    bool sockets;               /* socket(AF_INET/AF_UNIX, SOCK_DGRAM): interface ioctls */
    /* io_uring_enter on a ring set up before the filter and restricted to
     * reads, writes and syncs (xyl-blkback's image I/O): the kernel runs
     * ring operations outside the filter, so io_uring_setup and
     * io_uring_register stay fatal, and without this io_uring_enter too */
    bool io_uring;
};

/* Drop capabilities, set no_new_privs, load the filter (on every thread).
 * 0, or -1 after a log line (the daemon then refuses to serve).  In
 * sanitizer builds only, XYL_PV_NO_CONFINE=1 skips it (see pv_confine.c). */
int pv_confine(const struct pv_confine *c);
/* Only the capabilities, before any thread is started: capabilities are
 * per thread, and libxenstore starts its watch reader at the first
 * xs_watch; a thread started after this inherits the reduced sets.  The
 * Xen devices and xenstored's socket are root's, opened as their owner. */
int pv_confine_caps(const struct pv_confine *c);

#endif
