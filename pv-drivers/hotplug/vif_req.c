/*
 * vif_req.c - see vif_req.h.  Everything here comes from libxl or from
 * xenstore nodes a guest's toolstack wrote, so it is checked to the byte
 * before it names an interface or a xenstore path.
 */
#include "vif_req.h"
#include "hp_util.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libxl's names: NETBACK_NIC_NAME "vif%u.%d", TAP_DEVICE_SUFFIX "-emu" */
#define TAP_SUFFIX "-emu"

bool vif_ifname_ok(const char *s)
{
    size_t n;

    if (!s)
        return false;
    n = strlen(s);
    if (n == 0 || n >= IFNAMSIZ || !strcmp(s, ".") || !strcmp(s, ".."))
        return false;
    for (; *s; s++)
        if (!isalnum((unsigned char)*s) && !strchr("-_.+@", *s))
            return false;
    return true;
}

int vif_mtu_parse(const char *s, unsigned *mtu)
{
    unsigned v;

    if (!s || hp_uint(s, strlen(s), 65535, &v) || v < 68)
        return -1;
    *mtu = v;
    return 0;
}

size_t vif_xs_value(char *v, size_t len)
{
    return hp_xs_value(v, len, VIF_XS_VALUE_MAX);
}

/* "vifD.N-emu" -> D, N (vif-common.sh finds a TAP's backend this way) */
static int tap_ids(const char *dev, unsigned *domid, unsigned *devid)
{
    size_t n = strlen(dev), sl = strlen(TAP_SUFFIX);
    const char *dot;

    if (strncmp(dev, "vif", 3) || n < 3 + sl || strcmp(dev + n - sl, TAP_SUFFIX))
        return -1;
    dot = memchr(dev + 3, '.', n - 3 - sl);
    if (!dot || hp_uint(dev + 3, (size_t)(dot - dev - 3), HP_DOMID_MAX, domid) ||
        hp_uint(dot + 1, (size_t)(dev + n - sl - dot - 1), 0x7fffffff, devid))
        return -1;
    return 0;
}

const char *const vif_cmd_names[VIF_NCMDS] = { "online", "offline", "add", "remove" };

int vif_req_parse(int argc, char *const argv[], const char *(*getenv_fn)(const char *),
                  struct vif_req *r, char *why, size_t whylen)
{
    const char *cmd = hp_command(argc, argv), *type, *dev;
    size_t k;

    memset(r, 0, sizeof(*r));
    if (!cmd)
        return hp_say(why, whylen, "no command (online, offline, add or remove)");
    for (k = 0; k < VIF_NCMDS; k++)
        if (!strcmp(cmd, vif_cmd_names[k]))
            break;
    if (k == VIF_NCMDS)
        return hp_say(why, whylen, "invalid command '%.32s'", cmd);
    r->cmd = (enum vif_cmd)k;

    type = hp_word(argc, argv, "type_if");
    if (!type)
        type = getenv_fn("type_if");
    if (!type || !*type || !strcmp(type, "vif"))
        r->tap = false;
    else if (!strcmp(type, "tap"))
        r->tap = true;
    else
        return hp_say(why, whylen, "unknown interface type '%.32s'", type);
    /* online/offline are the vif's, add/remove the TAP's; the other pairs
     * are no work (libxl calls a script once per interface) */
    if ((r->cmd == VIF_ONLINE || r->cmd == VIF_OFFLINE) == r->tap) {
        r->nothing = true;
        return 0;
    }

    dev = getenv_fn(r->tap ? "INTERFACE" : "vif");
    if (!dev || !*dev)
        return hp_say(why, whylen, "%s is not set", r->tap ? "INTERFACE" : "vif");
    if (!vif_ifname_ok(dev))
        return hp_say(why, whylen, "'%.32s' is not an interface name", dev);
    snprintf(r->dev, sizeof(r->dev), "%s", dev);

    if (r->tap) {
        /* vif-common.sh: the TAP's backend path comes from its name */
        if (tap_ids(r->dev, &r->domid, &r->devid))
            return hp_say(why, whylen, "'%s' is not a vifD.N-emu name", r->dev);
        snprintf(r->be, sizeof(r->be), "backend/vif/%u/%u", r->domid, r->devid);
        return 0;
    }
    return hp_xenbus_path(getenv_fn("XENBUS_PATH"), "vif", r->be, sizeof(r->be), &r->domid,
                          &r->devid, why, whylen);
}
