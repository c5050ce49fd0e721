/*
 * hp_util.c - see hp_util.h.  Everything here comes from libxl or from
 * xenstore, so it is checked to the byte before it names a path.
 */
#include "hp_util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

int hp_say(char *why, size_t whylen, const char *fmt, ...)
{
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(why, whylen, fmt, ap);
    va_end(ap);
    return -1;
}

int hp_uint(const char *s, size_t len, unsigned long max, unsigned *out)
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

int hp_domid(const char *s, unsigned *domid)
{
    return s ? hp_uint(s, strlen(s), HP_DOMID_MAX, domid) : -1;
}

static int be_path(const char *p, const char *kind, unsigned *domid, unsigned *devid)
{
    const char *s = p, *slash;
    size_t kl = strlen(kind);
    unsigned be;

    if (!strncmp(s, "/local/domain/", 14)) {
        s += 14;
        slash = strchr(s, '/');
        if (!slash || hp_uint(s, (size_t)(slash - s), HP_DOMID_MAX, &be))
            return -1;
        s = slash + 1;
    }
    if (strncmp(s, "backend/", 8) || strncmp(s + 8, kind, kl) || s[8 + kl] != '/')
        return -1;
    s += 8 + kl + 1;
    slash = strchr(s, '/');
    /* device ids are ints */
    if (!slash || hp_uint(s, (size_t)(slash - s), HP_DOMID_MAX, domid) ||
        hp_uint(slash + 1, strlen(slash + 1), 0x7fffffff, devid))
        return -1;
    return 0;
}

int hp_xenbus_path(const char *xbp, const char *kind, char *be, size_t belen, unsigned *domid,
                   unsigned *devid, char *why, size_t whylen)
{
    if (!xbp || !*xbp)
        return hp_say(why, whylen, "XENBUS_PATH is not set");
    if (strlen(xbp) >= belen || be_path(xbp, kind, domid, devid))
        return hp_say(why, whylen, "XENBUS_PATH '%.64s' is not a %s backend path", xbp, kind);
    snprintf(be, belen, "%s", xbp);
    return 0;
}

const char *hp_command(int argc, char *const argv[])
{
    int i;

    for (i = 1; i < argc; i++)
        if (!strchr(argv[i], '='))
            return argv[i];
    return NULL;
}

const char *hp_word(int argc, char *const argv[], const char *name)
{
    size_t n = strlen(name);
    const char *v = NULL;
    int i;

    for (i = 1; i < argc; i++)
        if (!strncmp(argv[i], name, n) && argv[i][n] == '=')
            v = argv[i] + n + 1;
    return v;
}

size_t hp_xs_value(char *v, size_t len, size_t max)
{
    size_t i;

    if (len > max)
        len = max;
    v[len] = '\0';
    for (i = 0; i < len; i++)
        if (v[i] == '\0')
            v[i] = 0x7f;
    return len;
}
