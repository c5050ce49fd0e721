/*
 * main.c - xyl-vif-bridge: the compiled equivalent of Xen's vif-bridge
 * hotplug script, which libxl runs in its place when a NIC's `script` is
 * this program's absolute path (xyl sets it with `hotplug: xyl` in
 * /etc/xyl/xyl.yaml).  No shell, no `ip`, `brctl` or `xenstore-write`
 * processes: rtnetlink and libxenstore (vif_bridge.h says what it does).
 * Exit 0 on success, 1 on failure (libxl reports the `hotplug-error` node).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hp_util.h"
#include "nl_link.h"
#include "vif_bridge.h"
#include "vif_req.h"

#define PROG "xyl-vif-bridge"

static const char *env(const char *name)
{
    return getenv(name);
}

int main(int argc, char **argv)
{
    static const char *const cmd_names[] = { "online", "offline", "add", "remove" };
    struct vif_req r;
    struct hp_xs xs;
    struct nl nl;
    char why[256];
    int e;

    if (vif_req_parse(argc, argv, env, &r, why, sizeof(why))) {
        fprintf(stderr, PROG ": %s\n", why);
        return 1;
    }
    if (r.nothing)
        return 0;
    if (hp_xs_open(&xs, VIF_XS_VALUE_MAX)) {
        perror(PROG ": cannot open xenstore");
        return 1;
    }
    e = nl_open(&nl);
    if (e) {
        fprintf(stderr, PROG ": cannot open an rtnetlink socket: %s\n", strerror(-e));
        hp_xs_close(&xs);
        return 1;
    }
    e = vif_bridge_run(&r, &xs, &nl, why, sizeof(why));
    if (e)
        fprintf(stderr, PROG ": %s %s: %s\n", cmd_names[r.cmd], r.dev, why);
    nl_close(&nl);
    hp_xs_close(&xs);
    return e ? 1 : 0;
}
