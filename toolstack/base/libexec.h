/*
 * libexec.h - where xyl finds its helper programs (xyl-blkback,
 * xyl-netback, xyl-vif-bridge, xyl-block): one rule for all of them, so a build tree's
 * xyl runs its own build's helpers and an installed one the installed.
 */
#ifndef XYL_LIBEXEC_H
#define XYL_LIBEXEC_H

#include <stdbool.h>

/* the compiled vif-bridge and block scripts (pv-drivers/hotplug/) */
#define XYL_VIF_BRIDGE "xyl-vif-bridge"
#define XYL_BLOCK "xyl-block"

/* The program prog (malloc'd path): the environment variable env when set
 * (tests and the lab point it elsewhere), else prog next to this xyl
 * binary when there is one, else XYL_LIBEXECDIR/prog when that exists,
 * else (from_path) the bare name, for PATH, or (!from_path)
 * XYL_LIBEXECDIR/prog all the same: the absolute path libxl is to run. */
char *libexec_path(const char *prog, const char *env, bool from_path);

#endif
