/*
 * fuzz_vifreq.c - libFuzzer target: the input checks of xyl-vif-bridge
 * (pv-drivers/hotplug/vif_req.c, issue 18), which take libxl's arguments
 * and environment and the values a guest's toolstack wrote in xenstore.
 * No netlink, no xenstore: only the pure parsing and checking.
 *
 * Input: fields split at '\n':
 *   0  a raw xenstore value (NUL bytes kept) for vif_xs_value, then
 *      vif_ifname_ok and vif_mtu_parse on the result
 *   1  the environment's vif         2  XENBUS_PATH
 *   3  INTERFACE                     4  type_if
 *   5.. argv words after the program name (at most 8)
 * A missing field is an unset variable; a field's NUL ends it, as in a
 * real argv or environment.
 *
 * Besides ASan/UBSan it aborts when an invariant breaks, each checked
 * against a reference written here, not the code under test:
 *   - vif_xs_value keeps every byte but NUL, makes NUL DEL, cuts at 256,
 *     and a value that held a NUL passes no name or MTU check;
 *   - vif_ifname_ok accepts exactly 1-15 bytes of [A-Za-z0-9-_.+@], not
 *     "." or "..";
 *   - vif_mtu_parse accepts exactly the canonical decimals 68..65535, and
 *     gives that number;
 *   - vif_req_parse: the command is the first word without '='; an
 *     accepted request's device is the variable libxl set, a good name; a
 *     vif's backend path is XENBUS_PATH, reads backend/vif/D/N (or under
 *     /local/domain/B/) with D and N the ids returned, D < 0x7ff0, and
 *     the re-formatted "backend/vif/D/N" parses again to D and N; a TAP's
 *     name is exactly vifD.N-emu and its path backend/vif/D/N; type_if is
 *     unset, empty, vif or tap; "nothing" only for the command/type pairs
 *     that are no work; a refusal says why, and the same input always
 *     gives the same answer.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FUZZ_NAME "fuzz_vifreq"
#include "fuzz_hp.h"
#include "pv-drivers/hotplug/vif_req.h"

/* the environment libxl sets, from fields 1-4 of the input */
enum { ENV_VIF, ENV_PATH, ENV_IFACE, ENV_TYPE, NENV };
static const char *const env_name[NENV] = { "vif", "XENBUS_PATH", "INTERFACE", "type_if" };
static const char *env[NENV];
#define env_vif   env[ENV_VIF]
#define env_path  env[ENV_PATH]
#define env_iface env[ENV_IFACE]
#define env_type  env[ENV_TYPE]

static const char *fake_env(const char *name)
{
    size_t i;

    for (i = 0; i < NENV; i++)
        if (!strcmp(name, env_name[i]))
            return env[i];
    return NULL;
}

/* the reference name rule, by ranges (no ctype) */
static int ref_name_ok(const char *s)
{
    size_t n = strlen(s), i;

    if (n < 1 || n > 15 || !strcmp(s, ".") || !strcmp(s, ".."))
        return 0;
    for (i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '-' || c == '_' || c == '.' || c == '+' || c == '@'))
            return 0;
    }
    return 1;
}

/* the reference MTU rule: s is printf("%u") of a value in 68..65535 */
static int ref_mtu(const char *s, unsigned *v)
{
    size_t n = strlen(s), i;
    unsigned long x = 0;
    char back[16];

    if (n < 2 || n > 5)
        return 0;
    for (i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return 0;
        x = x * 10 + (unsigned long)(s[i] - '0');
    }
    snprintf(back, sizeof(back), "%lu", x);
    if (strcmp(back, s) || x < 68 || x > 65535)
        return 0;
    *v = (unsigned)x;
    return 1;
}

static void check_value(const uint8_t *p, size_t len)
{
    int had_nul;
    char *v = fuzz_hp_value(p, len, VIF_XS_VALUE_MAX, vif_xs_value, &had_nul);
    unsigned mtu = 0, ref = 0;

    CHECK(vif_ifname_ok(v) == (ref_name_ok(v) == 1), "vif_ifname_ok differs from the rule");
    CHECK(!had_nul || !vif_ifname_ok(v), "a value with a NUL byte passed as a name");
    if (vif_mtu_parse(v, &mtu) == 0) {
        CHECK(ref_mtu(v, &ref) && ref == mtu, "vif_mtu_parse accepted a non-MTU or changed it");
        CHECK(mtu >= 68 && mtu <= 65535, "MTU out of range");
        CHECK(!had_nul, "a value with a NUL byte passed as an MTU");
    } else {
        CHECK(!ref_mtu(v, &ref), "vif_mtu_parse refused a good MTU");
    }
    free(v);
}

static int same_req(const struct vif_req *a, const struct vif_req *b)
{
    return a->cmd == b->cmd && a->tap == b->tap && a->nothing == b->nothing &&
           !strcmp(a->dev, b->dev) && !strcmp(a->be, b->be) && a->domid == b->domid &&
           a->devid == b->devid;
}

static void check_vif(int argc, char *argv[], const struct vif_req *r)
{
    char rel[64];
    const char *tail = env_path, *p;
    unsigned long be;
    struct vif_req again;
    char why[256];

    CHECK(env_vif && !strcmp(r->dev, env_vif), "a vif's device is not $vif");
    CHECK(env_path && !strcmp(r->be, env_path), "a vif's backend path is not XENBUS_PATH");
    CHECK(r->domid < 0x7ff0 && r->devid <= 0x7fffffff, "ids out of range");
    snprintf(rel, sizeof(rel), "backend/vif/%u/%u", r->domid, r->devid);
    if (!strncmp(tail, "/local/domain/", 14)) {
        p = strchr(tail + 14, '/');
        CHECK(p && ref_num(tail + 14, p, 0x7fef, &be), "a bad backend domain passed");
        tail = p + 1;
    }
    CHECK(!strcmp(tail, rel), "XENBUS_PATH does not read backend/vif/DOMID/DEVID");

    /* the path re-formatted from the ids parses to the same ids */
    env_path = rel;
    CHECK(vif_req_parse(argc, argv, fake_env, &again, why, sizeof(why)) == 0,
          "the re-formatted XENBUS_PATH is refused");
    CHECK(again.domid == r->domid && again.devid == r->devid && !strcmp(again.be, rel),
          "the re-formatted XENBUS_PATH parses to other ids");
}

static void check_tap(const struct vif_req *r)
{
    char name[64], be[64];

    CHECK(env_iface && !strcmp(r->dev, env_iface), "a TAP's device is not $INTERFACE");
    CHECK(r->domid < 0x7ff0 && r->devid <= 0x7fffffff, "ids out of range");
    snprintf(name, sizeof(name), "vif%u.%u-emu", r->domid, r->devid);
    snprintf(be, sizeof(be), "backend/vif/%u/%u", r->domid, r->devid);
    CHECK(!strcmp(r->dev, name), "a TAP's name is not vifDOMID.DEVID-emu of its ids");
    CHECK(!strcmp(r->be, be), "a TAP's backend path is not backend/vif/DOMID/DEVID");
}

static void check_req(int argc, char *argv[])
{
    static const char *const cmds[] = { "online", "offline", "add", "remove" };
    const char *cmd, *type = NULL, *const saved_path = env_path;
    struct vif_req r, r2;
    char why[256], why2[256];
    int e, e2, i;

    memset(why, 0x55, sizeof(why));
    e = vif_req_parse(argc, argv, fake_env, &r, why, sizeof(why));
    e2 = vif_req_parse(argc, argv, fake_env, &r2, why2, sizeof(why2));
    check_answers(e, e2, why, why2, sizeof(why));
    if (e)
        return;
    CHECK(same_req(&r, &r2), "the same input gave another request");

    cmd = ref_command(argc, argv);
    CHECK(cmd && (unsigned)r.cmd < 4 && !strcmp(cmd, cmds[r.cmd]), "the command is not the first word");
    for (i = 1; i < argc; i++)
        if (!strncmp(argv[i], "type_if=", 8))
            type = argv[i] + 8;
    if (!type)
        type = env_type;
    CHECK(!type || !*type || !strcmp(type, "vif") || !strcmp(type, "tap"),
          "an unknown type_if passed");
    CHECK(r.tap == (type && !strcmp(type, "tap")), "tap does not follow type_if");
    CHECK(r.nothing == ((r.cmd == VIF_ONLINE || r.cmd == VIF_OFFLINE) == r.tap),
          "'nothing' for a pair that is work, or work for one that is not");
    if (r.nothing)
        return;
    CHECK(vif_ifname_ok(r.dev) && ref_name_ok(r.dev), "an accepted device is no name");
    if (r.tap)
        check_tap(&r);
    else
        check_vif(argc, argv, &r);
    env_path = saved_path;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_hp_input(data, size, "xyl-vif-bridge", env, NENV, check_value, check_req);
    return 0;
}
