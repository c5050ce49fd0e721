/*
 * block_req.c - see block_req.h.  XENBUS_PATH comes from libxl, the nodes
 * from xenstore: each is checked before it names a path or a device.
 */
#define _GNU_SOURCE     /* memrchr */
#include "block_req.h"
#include "hp_util.h"

#include <limits.h>
#include <stdio.h>
#include <string.h>

const char *const block_cmd_names[BLOCK_NCMDS] = { "add", "remove" };

int block_req_parse(int argc, char *const argv[], const char *(*getenv_fn)(const char *),
                    struct block_req *r, char *why, size_t whylen)
{
    const char *cmd = hp_command(argc, argv), *last;
    size_t k;

    memset(r, 0, sizeof(*r));
    if (!cmd)
        return hp_say(why, whylen, "no command (add or remove)");
    for (k = 0; k < BLOCK_NCMDS && strcmp(cmd, block_cmd_names[k]); k++)
        ;
    if (k == BLOCK_NCMDS)
        return hp_say(why, whylen, "Invalid command: %.32s", cmd);
    r->cmd = (enum block_cmd)k;
    if (hp_xenbus_path(getenv_fn("XENBUS_PATH"), "vbd", r->be, sizeof(r->be), &r->domid,
                       &r->devid, why, whylen))
        return -1;
    /* backend/vbd/D/N -> backend/vbd: XENBUS_BASE_PATH/XENBUS_TYPE as
     * libxl sets them, for a backend domain's absolute path too */
    last = strrchr(r->be, '/');
    last = memrchr(r->be, '/', (size_t)(last - r->be));
    snprintf(r->base, sizeof(r->base), "%.*s", (int)(last - r->be), r->be);
    return 0;
}

char block_mode(const char *mode)
{
    if (!mode || !strchr(mode, 'w'))
        return 'r';
    return strchr(mode, '!') ? '!' : 'w';
}

int block_target(const char *params, char *out, size_t outlen)
{
    const char *s;
    size_t n;
    int k;

    if (!params || !*params || outlen < PATH_MAX)
        return -1;
    n = strlen(params);
    if (n >= PATH_MAX - 5)
        return -1;
    for (s = params; *s; s++)
        if ((unsigned char)*s < 0x20 || *s == 0x7f)
            return -1;
    if (params[0] != '/') {
        if (strchr(params, '/'))
            return -1;
        k = snprintf(out, outlen, "/dev/%s", params);
    } else {
        k = snprintf(out, outlen, "%s", params);
    }
    if (k < 0 || (size_t)k >= outlen)
        return -1;
    /* no "." or ".." component: what the checks see is what is opened */
    for (s = out; (s = strchr(s, '/')) != NULL; ) {
        s++;
        if ((s[0] == '.' && (s[1] == '/' || !s[1])) ||
            (s[0] == '.' && s[1] == '.' && (s[2] == '/' || !s[2])))
            return -1;
    }
    return 0;
}

int block_loop_node(const char *s, unsigned *n)
{
    if (!s || strncmp(s, "/dev/loop", 9))
        return -1;
    return hp_uint(s + 9, strlen(s + 9), (1UL << 20) - 1, n);
}
