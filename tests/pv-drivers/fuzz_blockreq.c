/*
 * fuzz_blockreq.c - libFuzzer target: the input checks of xyl-block
 * (pv-drivers/hotplug/block_req.c and hp_util.c, issue 18), which take
 * libxl's arguments and XENBUS_PATH and the backend's xenstore values
 * (params, mode, node).  No loop device, no xenstore: only the pure
 * parsing and checking.
 *
 * Input: fields split at '\n':
 *   0  a raw xenstore value (NUL bytes kept) for hp_xs_value, then
 *      block_target, block_mode and block_loop_node on the result
 *   1  XENBUS_PATH
 *   2.. argv words after the program name (at most 8)
 * A missing field is an unset variable; a field's NUL ends it.
 *
 * Besides ASan/UBSan it aborts when an invariant breaks, each checked
 * against a reference written here, not the code under test:
 *   - hp_xs_value keeps every byte but NUL, makes NUL DEL, cuts at 4096,
 *     and a value that held a NUL passes no target or node check;
 *   - block_target accepts exactly a non-empty value without bytes below
 *     0x20 or DEL, shorter than PATH_MAX - 5, absolute or without any
 *     '/', with no "." or ".." component (a bare name under /dev/), and
 *     gives the value or /dev/VALUE;
 *   - block_mode is 'r' without a 'w', '!' with 'w' and '!', else 'w';
 *   - block_loop_node accepts exactly "/dev/loop" and a canonical decimal
 *     below 2^20, and gives that number;
 *   - block_req_parse: the command is the first word without '=', add or
 *     remove; an accepted XENBUS_PATH reads backend/vbd/D/N (or under
 *     /local/domain/B/), D and B below 0x7ff0, N a canonical int, shorter
 *     than 128 bytes; base is it without /D/N; the re-formatted
 *     backend/vbd/D/N parses to the same ids; a refusal says why, and the
 *     same input always gives the same answer.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_NAME "fuzz_blockreq"
#include "fuzz_hp.h"
#include "pv-drivers/hotplug/block_req.h"
#include "pv-drivers/hotplug/hp_util.h"

#define VALUE_MAX 4096

static const char *env_path;

static const char *fake_env(const char *name)
{
    return !strcmp(name, "XENBUS_PATH") ? env_path : NULL;
}

/* the reference path rule of block_target */
static int ref_target(const char *v, char *want, size_t len)
{
    size_t n = strlen(v), i, start;

    if (n == 0 || n >= PATH_MAX - 5)
        return 0;
    for (i = 0; i < n; i++)
        if ((unsigned char)v[i] < 0x20 || v[i] == 0x7f)
            return 0;
    if (v[0] != '/' && strchr(v, '/'))
        return 0;
    snprintf(want, len, "%s%s", v[0] == '/' ? "" : "/dev/", v);
    /* each component between slashes */
    for (i = 1, start = 1; ; i++) {
        if (want[i] == '/' || want[i] == '\0') {
            size_t cl = i - start;
            if ((cl == 1 && want[start] == '.') ||
                (cl == 2 && want[start] == '.' && want[start + 1] == '.'))
                return 0;
            if (want[i] == '\0')
                break;
            start = i + 1;
        }
    }
    return 1;
}

/* hp_xs_value as xyl-block's xenstore calls it */
static size_t xs_value(char *v, size_t len)
{
    return hp_xs_value(v, len, VALUE_MAX);
}

static void check_value(const uint8_t *p, size_t len)
{
    char out[PATH_MAX], want[PATH_MAX + 8];
    int had_nul, ok;
    char *v = fuzz_hp_value(p, len, VALUE_MAX, xs_value, &had_nul);
    unsigned long ref;
    unsigned loop = 0;
    char mode;

    ok = block_target(v, out, sizeof(out)) == 0;
    CHECK(ok == ref_target(v, want, sizeof(want)), "block_target differs from the rule");
    CHECK(!ok || !strcmp(out, want), "block_target gave another path");
    CHECK(!ok || !had_nul, "a value with a NUL byte passed as a path");
    CHECK(block_target(v, out, 64) == -1, "block_target wrote into a buffer below PATH_MAX");

    mode = block_mode(v);
    CHECK(mode == (!strchr(v, 'w') ? 'r' : strchr(v, '!') ? '!' : 'w'), "block_mode differs");

    ok = block_loop_node(v, &loop) == 0;
    CHECK(ok == (!strncmp(v, "/dev/loop", 9) &&
                 ref_num(v + 9, v + strlen(v), (1UL << 20) - 1, &ref)), "block_loop_node differs");
    CHECK(!ok || loop == ref, "block_loop_node gave another number");
    CHECK(!ok || !had_nul, "a value with a NUL byte passed as a node");
    free(v);
}

/* the reference XENBUS_PATH rule: 1 with the ids and the base length */
static int ref_path(const char *p, unsigned long *dom, unsigned long *dev, size_t *baselen)
{
    const char *s = p, *slash;
    unsigned long be;

    if (strlen(p) >= 128)
        return 0;
    if (!strncmp(s, "/local/domain/", 14)) {
        slash = strchr(s + 14, '/');
        if (!slash || !ref_num(s + 14, slash, 0x7fef, &be))
            return 0;
        s = slash + 1;
    }
    if (strncmp(s, "backend/vbd/", 12))
        return 0;
    *baselen = (size_t)(s + 11 - p);
    s += 12;
    slash = strchr(s, '/');
    return slash && ref_num(s, slash, 0x7fef, dom) &&
           ref_num(slash + 1, slash + 1 + strlen(slash + 1), 0x7fffffff, dev);
}

static void check_req(int argc, char *argv[])
{
    const char *cmd;
    struct block_req r, r2;
    char why[256], why2[256], rel[64];
    unsigned long dom = 0, dev = 0;
    size_t baselen = 0;
    int e, e2, good;

    memset(why, 0x55, sizeof(why));
    e = block_req_parse(argc, argv, fake_env, &r, why, sizeof(why));
    e2 = block_req_parse(argc, argv, fake_env, &r2, why2, sizeof(why2));
    check_answers(e, e2, why, why2, sizeof(why));
    cmd = ref_command(argc, argv);
    good = cmd && (!strcmp(cmd, "add") || !strcmp(cmd, "remove")) && env_path &&
           ref_path(env_path, &dom, &dev, &baselen);
    CHECK((e == 0) == good, "block_req_parse differs from the rule");
    if (e)
        return;
    CHECK(!memcmp(&r, &r2, sizeof(r)), "the same input gave another request");
    CHECK(r.cmd == (!strcmp(cmd, "add") ? BLOCK_ADD : BLOCK_REMOVE), "another command");
    CHECK(!strcmp(r.be, env_path), "the backend path is not XENBUS_PATH");
    CHECK(r.domid == dom && r.devid == dev, "other ids than the path's");
    CHECK(strlen(r.base) == baselen && !strncmp(r.base, env_path, baselen), "base is not the path's");
    snprintf(rel, sizeof(rel), "backend/vbd/%u/%u", r.domid, r.devid);
    env_path = rel;
    CHECK(block_req_parse(argc, argv, fake_env, &r2, why, sizeof(why)) == 0 &&
          r2.domid == r.domid && r2.devid == r.devid && !strcmp(r2.base, "backend/vbd"),
          "the re-formatted XENBUS_PATH parses to other ids");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_hp_input(data, size, "xyl-block", &env_path, 1, check_value, check_req);
    return 0;
}
