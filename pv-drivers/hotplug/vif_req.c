/*
 * vif_req.c - see vif_req.h.  Everything here comes from libxl or from
 * xenstore nodes a guest's toolstack wrote, so it is checked to the byte
 * before it names an interface or a xenstore path.
 */
#include "vif_req.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* libxl's names: NETBACK_NIC_NAME "vif%u.%d", TAP_DEVICE_SUFFIX "-emu" */
#define TAP_SUFFIX "-emu"

static int say(char *why, size_t whylen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, whylen, fmt, ap);
    va_end(ap);
    return -1;
}

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

/* a decimal number without sign or leading junk, at most max */
static int parse_uint(const char *s, size_t len, unsigned long max, unsigned *out)
{
    unsigned long v = 0;
    size_t i;

    if (len == 0 || len > 10 || (len > 1 && s[0] == '0'))
        return -1;
    for (i = 0; i < len; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (unsigned long)(s[i] - '0');
    }
    if (v > max)
        return -1;
    *out = (unsigned)v;
    return 0;
}

int vif_mtu_parse(const char *s, unsigned *mtu)
{
    unsigned v;

    if (!s || parse_uint(s, strlen(s), 65535, &v) || v < 68)
        return -1;
    *mtu = v;
    return 0;
}

size_t vif_xs_value(char *v, size_t len)
{
    size_t i;

    if (len > VIF_XS_VALUE_MAX)
        len = VIF_XS_VALUE_MAX;
    v[len] = '\0';
    for (i = 0; i < len; i++)
        if (v[i] == '\0')
            v[i] = 0x7f;
    return len;
}

/* "backend/vif/D/N" or "/local/domain/B/backend/vif/D/N" (a backend
 * domain's absolute path); domid and devid out */
static int be_path_ok(const char *p, unsigned *domid, unsigned *devid)
{
    static const char rel[] = "backend/vif/";
    const char *s = p, *slash;
    unsigned be;

    if (!strncmp(s, "/local/domain/", 14)) {
        s += 14;
        slash = strchr(s, '/');
        if (!slash || parse_uint(s, (size_t)(slash - s), 0x7fef, &be))
            return -1;
        s = slash + 1;
    }
    if (strncmp(s, rel, sizeof(rel) - 1))
        return -1;
    s += sizeof(rel) - 1;
    slash = strchr(s, '/');
    /* domids below DOMID_FIRST_RESERVED (0x7ff0); device ids are ints */
    if (!slash || parse_uint(s, (size_t)(slash - s), 0x7fef, domid) ||
        parse_uint(slash + 1, strlen(slash + 1), 0x7fffffff, devid))
        return -1;
    return 0;
}

/* "vifD.N-emu" -> D, N (vif-common.sh finds a TAP's backend this way) */
static int tap_ids(const char *dev, unsigned *domid, unsigned *devid)
{
    size_t n = strlen(dev), sl = strlen(TAP_SUFFIX);
    const char *dot;

    if (strncmp(dev, "vif", 3) || n < 3 + sl || strcmp(dev + n - sl, TAP_SUFFIX))
        return -1;
    dot = memchr(dev + 3, '.', n - 3 - sl);
    if (!dot || parse_uint(dev + 3, (size_t)(dot - dev - 3), 0x7fef, domid) ||
        parse_uint(dot + 1, (size_t)(dev + n - sl - dot - 1), 0x7fffffff, devid))
        return -1;
    return 0;
}

static const char *word_value(int argc, char *const argv[], const char *name)
{
    size_t n = strlen(name);
    const char *v = NULL;
    int i;

    for (i = 1; i < argc; i++)
        if (!strncmp(argv[i], name, n) && argv[i][n] == '=')
            v = argv[i] + n + 1;        /* the last one wins, as eval does */
    return v;
}

int vif_req_parse(int argc, char *const argv[], const char *(*getenv_fn)(const char *),
                  struct vif_req *r, char *why, size_t whylen)
{
    static const char *const cmds[] = { "online", "offline", "add", "remove" };
    const char *cmd = NULL, *type, *dev, *xbp;
    int i;
    size_t k;

    memset(r, 0, sizeof(*r));
    for (i = 1; i < argc && !cmd; i++)      /* the first word without '=' */
        if (!strchr(argv[i], '='))
            cmd = argv[i];
    if (!cmd)
        return say(why, whylen, "no command (online, offline, add or remove)");
    for (k = 0; k < sizeof(cmds) / sizeof(cmds[0]); k++)
        if (!strcmp(cmd, cmds[k]))
            break;
    if (k == sizeof(cmds) / sizeof(cmds[0]))
        return say(why, whylen, "invalid command '%.32s'", cmd);
    r->cmd = (enum vif_cmd)k;

    type = word_value(argc, argv, "type_if");
    if (!type)
        type = getenv_fn("type_if");
    if (!type || !*type || !strcmp(type, "vif"))
        r->tap = false;
    else if (!strcmp(type, "tap"))
        r->tap = true;
    else
        return say(why, whylen, "unknown interface type '%.32s'", type);
    /* online/offline are the vif's, add/remove the TAP's; the other pairs
     * are no work (libxl calls a script once per interface) */
    if ((r->cmd == VIF_ONLINE || r->cmd == VIF_OFFLINE) == r->tap) {
        r->nothing = true;
        return 0;
    }

    dev = getenv_fn(r->tap ? "INTERFACE" : "vif");
    if (!dev || !*dev)
        return say(why, whylen, "%s is not set", r->tap ? "INTERFACE" : "vif");
    if (!vif_ifname_ok(dev))
        return say(why, whylen, "'%.32s' is not an interface name", dev);
    snprintf(r->dev, sizeof(r->dev), "%s", dev);

    if (r->tap) {
        /* vif-common.sh: the TAP's backend path comes from its name */
        if (tap_ids(r->dev, &r->domid, &r->devid))
            return say(why, whylen, "'%s' is not a vifD.N-emu name", r->dev);
        snprintf(r->be, sizeof(r->be), "backend/vif/%u/%u", r->domid, r->devid);
        return 0;
    }
    xbp = getenv_fn("XENBUS_PATH");
    if (!xbp || !*xbp)
        return say(why, whylen, "XENBUS_PATH is not set");
    if (strlen(xbp) >= sizeof(r->be) || be_path_ok(xbp, &r->domid, &r->devid))
        return say(why, whylen, "XENBUS_PATH '%.64s' is not a vif backend path", xbp);
    snprintf(r->be, sizeof(r->be), "%s", xbp);
    return 0;
}
