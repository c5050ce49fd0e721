/*
 * xyl_pv.h - what the toolstack does alike for both userspace backends
 * (xyl-blkback, xyl-netback): start the daemon, remove a guest's entries.
 */
#ifndef XYL_XYL_PV_H
#define XYL_XYL_PV_H

#include <stdbool.h>
#include <stdint.h>

struct xb_kind;

/* Start the daemon PROG: `systemctl start PROG.service` when systemd runs
 * and PROG is the installed one (xyl_pv_use_systemd), else `PROG --daemon
 * --confine` itself (confined as its unit runs it): PROG next to this xyl
 * binary, else in XYL_LIBEXECDIR, else from PATH; the environment
 * variable env (e.g. XYL_BLKBACK) wins.  Returns 0 once a daemon serves (a
 * new one, or the one already running); -1 after one line. */
int xyl_start_daemon(const char *prog, const char *env);

/* Whether PROG at path goes through its systemd unit: systemd runs
 * (sd_run, /run/systemd/system, exists), env does not name another binary,
 * and path is the installed daemon (a build tree's daemons, next to its
 * xyl, are run directly: the unit would run the installed one). */
bool xyl_pv_use_systemd(const char *path, const char *prog, const char *env, const char *sd_run);

/* Remove every entry of this kind of a domain.  One line and -1 on failure. */
int xyl_pv_remove_all(const struct xb_kind *k, uint32_t domid);

#endif
