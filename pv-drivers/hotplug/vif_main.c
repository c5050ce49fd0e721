/*
 * vif_main.c - xyl-vif-bridge: the compiled equivalent of Xen's vif-bridge
 * hotplug script, which libxl runs in its place when a NIC's `script` is
 * this program's absolute path (xyl sets it with `hotplug: xyl` in
 * /etc/xyl/xyl.yaml).  No shell, no `ip`, `brctl` or `xenstore-write`
 * processes: rtnetlink and libxenstore (vif_bridge.h says what it does).
 * Its row of hp_main.h: hp_main.c's main() runs it.
 */
#include <string.h>

#include "hp_main.h"
#include "nl_link.h"
#include "vif_bridge.h"
#include "vif_req.h"

static struct vif_req req;
static struct nl nl;

static int parse(int argc, char *const argv[], const char *(*getenv_fn)(const char *),
                 struct hp_call *call, char *why, size_t whylen)
{
    int e = vif_req_parse(argc, argv, getenv_fn, &req, why, whylen);

    *call = (struct hp_call){ req.cmd, req.dev, req.nothing };
    return e;
}

static int open_nl(char *why, size_t whylen)
{
    int e = nl_open(&nl);

    return e ? hp_say(why, whylen, "cannot open an rtnetlink socket: %s", strerror(-e)) : 0;
}

static void close_nl(void)
{
    nl_close(&nl);
}

static int handler(const struct hp_xs *xs, char *why, size_t whylen)
{
    return vif_bridge_run(&req, xs, &nl, why, whylen);
}

const struct hp_prog hp_prog = { .name = "xyl-vif-bridge", .actions = vif_cmd_names,
    .xs_max = VIF_XS_VALUE_MAX, .parse = parse, .open = open_nl, .close = close_nl, .handler = handler };
