/*
 * vif_bridge.c - see vif_bridge.h.  The steps and their order follow the
 * scripts; each step is safe to repeat, so a second `online` (libxl
 * retrying, a toolstack restarted) finds the interface already renamed, in
 * the bridge and up, and only says connected again.
 */
#define _GNU_SOURCE
#include "vif_bridge.h"

#include <errno.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* the address Xen's scripts give a vif: a bridge takes the lowest of its
 * ports' addresses as its own, and this one is never the lowest */
static const unsigned char vif_mac[6] = { 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff };

struct run {
    const struct vif_req *r;
    const struct hp_xs *xs;
    struct nl *nl;
    char *why;
    size_t whylen;
};

static int fail(struct run *x, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(struct run *x, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(x->why, x->whylen, fmt, ap);
    va_end(ap);
    return -1;
}

/* the backend's node name, or NULL when unset or empty */
static char *be_read(struct run *x, const char *node)
{
    char path[192], *v;

    snprintf(path, sizeof(path), "%s/%s", x->r->be, node);
    v = x->xs->read(x->xs->ctx, path);
    if (v && !*v) {
        free(v);
        v = NULL;
    }
    return v;
}

/* The name the interface has (or gets): the backend's `vifname` ("-emu"
 * added for a TAP) or libxl's.  0, or -1 for a vifname no interface can
 * have. */
static int dev_name(struct run *x, char name[IFNAMSIZ], bool *renamed)
{
    char *v = be_read(x, "vifname");
    int n;

    *renamed = false;
    if (!v) {
        snprintf(name, IFNAMSIZ, "%s", x->r->dev);
        return 0;
    }
    n = snprintf(name, IFNAMSIZ, "%s%s", v, x->r->tap ? "-emu" : "");
    if (!vif_ifname_ok(v) || n >= IFNAMSIZ) {
        fail(x, "vifname '%.32s' is not an interface name", v);
        free(v);
        return -1;
    }
    free(v);
    *renamed = strcmp(name, x->r->dev) != 0;
    return 0;
}

/* The bridge: the backend's `bridge`, else the first bridge of the host.
 * 0 and *br, or -1 with the scripts' reasons. */
static int find_bridge(struct run *x, struct nl_link *br)
{
    char *v = be_read(x, "bridge");
    int e;

    if (!v) {
        e = nl_first_bridge(x->nl, br);
        if (e == -ENODEV)
            return fail(x, "Could not find bridge, and none was specified");
        if (e)
            return fail(x, "cannot list the host's links: %s", strerror(-e));
        return 0;
    }
    if (!vif_ifname_ok(v)) {
        fail(x, "bridge '%.32s' is not an interface name", v);
        free(v);
        return -1;
    }
    e = nl_link_get(x->nl, v, br);
    /* old configurations: xenbrN asked for, only ethN there, a bridge */
    if (e == -ENODEV && !strncmp(v, "xenbr", 5)) {
        char eth[IFNAMSIZ];
        struct nl_link l;
        if (snprintf(eth, sizeof(eth), "eth%s", v + 5) < (int)sizeof(eth) &&
            nl_link_get(x->nl, eth, &l) == 0 && l.bridge) {
            *br = l;
            e = 0;
        }
    }
    if (e) {
        if (e == -ENODEV)
            fail(x, "Could not find bridge device %s", v);
        else
            fail(x, "cannot look bridge %s up: %s", v, strerror(-e));
        free(v);
        return -1;
    }
    free(v);
    return 0;
}

static int set_or_fail(struct run *x, const struct nl_link *l, const struct nl_set *s,
                       const char *what)
{
    int e = nl_link_set(x->nl, l->index, s);

    return e ? fail(x, "cannot %s %s: %s", what, l->name, strerror(-e)) : 0;
}

/* rename_vif of vif-common.sh, repeatable: done already when the new name
 * exists and the old one is gone */
static int rename_dev(struct run *x, const char *to, struct nl_link *l)
{
    struct nl_set down = NL_SET_NONE, ren = NL_SET_NONE;
    struct nl_link old;
    int e = nl_link_get(x->nl, x->r->dev, &old);

    if (e == -ENODEV) {
        e = nl_link_get(x->nl, to, l);
        if (e)
            return fail(x, "Could not find interface %s (nor %s)", x->r->dev, to);
        return 0;
    }
    if (e)
        return fail(x, "cannot look %s up: %s", x->r->dev, strerror(-e));
    if (nl_link_get(x->nl, to, l) == 0)
        return fail(x, "Cannot rename interface %s. An interface with name %s already exists.",
                    x->r->dev, to);
    down.up = 0;
    ren.name = to;
    if (set_or_fail(x, &old, &down, "bring down") || set_or_fail(x, &old, &ren, "rename"))
        return -1;
    e = nl_link_get(x->nl, to, l);
    return e ? fail(x, "cannot look %s up after renaming it: %s", to, strerror(-e)) : 0;
}

/* set_mtu of xen-network-common.sh: the backend's `mtu`, else the
 * bridge's; a refusal of the interface is no failure (`|| :`) */
static int set_mtu(struct run *x, const struct nl_link *dev, const struct nl_link *br)
{
    struct nl_set s = NL_SET_NONE;
    unsigned mtu = br->mtu;
    char *v = be_read(x, "mtu");

    if (v) {
        int bad = vif_mtu_parse(v, &mtu);
        if (bad)
            fail(x, "mtu '%.16s' is not a number from 68 to 65535", v);
        free(v);
        if (bad)
            return -1;
    }
    if (mtu == 0)
        return 0;
    s.mtu = mtu;
    (void)nl_link_set(x->nl, dev->index, &s);
    if (!x->r->tap) {
        char path[96], val[16];
        snprintf(path, sizeof(path), "/local/domain/%u/device/vif/%u/mtu", x->r->domid,
                 x->r->devid);
        snprintf(val, sizeof(val), "%u", mtu);
        if (x->xs->write(x->xs->ctx, path, val))
            return fail(x, "Writing %s %s to xenstore failed.", path, val);
    }
    return 0;
}

static int plug(struct run *x)
{
    struct nl_set down = NL_SET_NONE, addr = NL_SET_NONE, join = NL_SET_NONE;
    struct nl_link dev, br;
    char name[IFNAMSIZ];
    bool renamed;
    int e;

    if (dev_name(x, name, &renamed))
        return -1;
    if (renamed) {
        if (rename_dev(x, name, &dev))
            return -1;
    } else if ((e = nl_link_get(x->nl, name, &dev)) != 0) {
        if (e == -ENODEV)
            return fail(x, "Could not find interface %s", name);
        return fail(x, "cannot look %s up: %s", name, strerror(-e));
    }
    if (find_bridge(x, &br))
        return -1;
    /* _setup_bridge_port: down, the vif address (`|| true`); a vif just
     * made has no IP address to flush, and down drops IPv6's link-local */
    down.up = 0;
    if (set_or_fail(x, &dev, &down, "bring down"))
        return -1;
    addr.addr = vif_mac;
    (void)nl_link_set(x->nl, dev.index, &addr);
    if (set_mtu(x, &dev, &br))
        return -1;
    /* add_to_bridge: into the bridge unless there, then up */
    if (dev.master != br.index)
        join.master = br.index;
    join.up = 1;
    if (set_or_fail(x, &dev, &join, dev.master == br.index ? "bring up" : "add to the bridge"))
        return -1;
    if (!x->r->tap && x->r->cmd == VIF_ONLINE) {
        char path[192];
        snprintf(path, sizeof(path), "%s/hotplug-status", x->r->be);
        if (x->xs->write(x->xs->ctx, path, "connected"))
            return fail(x, "Writing %s connected to xenstore failed.", path);
    }
    return 0;
}

/* remove_from_bridge: down, out of the bridge; errors ignored, as
 * do_without_error; nothing to do when the interface is gone */
static int unplug(struct run *x)
{
    struct nl_set down = NL_SET_NONE, out = NL_SET_NONE;
    struct nl_link dev, br;
    char name[IFNAMSIZ];
    bool renamed;

    if (dev_name(x, name, &renamed))
        return -1;
    if (nl_link_get(x->nl, name, &dev) != 0)
        return 0;
    down.up = 0;
    (void)nl_link_set(x->nl, dev.index, &down);
    if (dev.master && find_bridge(x, &br) == 0 && dev.master == br.index) {
        out.master = 0;
        (void)nl_link_set(x->nl, dev.index, &out);
    }
    x->why[0] = '\0';       /* a bridge not found is no failure here */
    return 0;
}

int vif_bridge_run(const struct vif_req *r, const struct hp_xs *xs, struct nl *nl,
                   char *why, size_t whylen)
{
    struct run x = { r, xs, nl, why, whylen };
    char path[192];

    why[0] = '\0';
    if (r->nothing)
        return 0;
    if (r->cmd == VIF_OFFLINE || r->cmd == VIF_REMOVE)
        return unplug(&x);
    if (plug(&x) == 0)
        return 0;
    /* fatal() of xen-hotplug-common.sh */
    snprintf(path, sizeof(path), "%s/hotplug-error", r->be);
    (void)xs->write(xs->ctx, path, why);
    snprintf(path, sizeof(path), "%s/hotplug-status", r->be);
    (void)xs->write(xs->ctx, path, "error");
    return -1;
}
