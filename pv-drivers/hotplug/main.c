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

#include <xenstore.h>

#include "nl_link.h"
#include "vif_bridge.h"
#include "vif_req.h"

#define PROG "xyl-vif-bridge"

static const char *env(const char *name)
{
    return getenv(name);
}

/* A node's value as a C string (vif_xs_value: cut, NUL bytes made DEL);
 * xs_read's buffer has room for the terminator. */
static char *xs_get(void *ctx, const char *path)
{
    unsigned len = 0;
    char *v = xs_read(ctx, XBT_NULL, path, &len);

    if (v)
        vif_xs_value(v, len);
    return v;
}

static int xs_put(void *ctx, const char *path, const char *value)
{
    return xs_write(ctx, XBT_NULL, path, value, (unsigned)strlen(value)) ? 0 : -1;
}

int main(int argc, char **argv)
{
    static const char *const cmd_names[] = { "online", "offline", "add", "remove" };
    struct vif_req r;
    struct vif_xs xs = { xs_get, xs_put, NULL };
    struct nl nl;
    char why[256];
    int e;

    if (vif_req_parse(argc, argv, env, &r, why, sizeof(why))) {
        fprintf(stderr, PROG ": %s\n", why);
        return 1;
    }
    if (r.nothing)
        return 0;
    xs.ctx = xs_open(0);
    if (!xs.ctx) {
        perror(PROG ": cannot open xenstore");
        return 1;
    }
    e = nl_open(&nl);
    if (e) {
        fprintf(stderr, PROG ": cannot open an rtnetlink socket: %s\n", strerror(-e));
        xs_close(xs.ctx);
        return 1;
    }
    e = vif_bridge_run(&r, &xs, &nl, why, sizeof(why));
    if (e)
        fprintf(stderr, PROG ": %s %s: %s\n", cmd_names[r.cmd], r.dev, why);
    nl_close(&nl);
    xs_close(xs.ctx);
    return e ? 1 : 0;
}
