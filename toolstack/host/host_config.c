/*
 * host_config.c - /etc/xyl/xyl.yaml, read with the same YAML tree and
 * generic key walk as guest definitions, so errors carry FILE:LINE:COL and
 * unknown keys get "did you mean".  Also xl's own defaults from xl.conf.
 */
#include "host/host_config.h"
#include "model/schema.h"
#include "model/schema_check.h"
#include "base/util.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <libxlutil.h>

static const char *const hotplug_names[] = { "scripts", "xyl", NULL };

static const struct xyl_key host_keys[] = {
    { "images", VT_STRING, XYL_ALL, 0, offsetof(struct host_config, images), NULL, 0, 0, NULL,
      check_abs_path, NULL, "Folder of disk images: relative disk targets are resolved "
      "against it and missing images (disks with 'size') are created in it." },
    { "hotplug", VT_ENUM, XYL_ALL, 0, offsetof(struct host_config, hotplug), hotplug_names, 0, 0,
      NULL, NULL, NULL, "Who plugs NICs served by the kernel's netback into their bridge and gives its blkback "
      "its disks: 'scripts' (Xen's vif-bridge and block, the default) or 'xyl' (xyl-vif-bridge "
      "and xyl-block, compiled: no bash, ip, losetup or xenstore-* processes). A device's own "
      "'script', or xl.conf's vif.default.script, wins." },
};

/* the last load's hotplug choice, for host_hotplug() */
static int last_hotplug = -1;
static const struct xyl_keyset host_keyset = {
    "xyl.yaml", host_keys, ARRAY_SIZE(host_keys), NULL, NULL, NULL
};

const char *host_config_path(const char *path)
{
    const char *env = getenv("XYL_CONFIG");

    if (path && *path)
        return path;
    return env && *env ? env : XYL_HOST_CONFIG;
}

int host_config_load(struct host_config *hc, const char *path, struct diags *d)
{
    const char *file = host_config_path(path);
    bool explicit = strcmp(file, XYL_HOST_CONFIG) != 0;
    size_t before = d->errors, len;
    struct ymark none = { 0, 0 };
    struct xyl_guest dummy;         /* the walk reads the guest type */
    struct xyl_load ld = { d, file, &dummy };
    struct ydoc doc;
    char *buf;

    memset(hc, 0, sizeof(*hc));
    buf = read_file(file, YAML_MAX_FILE_SIZE, &len);
    if (!buf) {
        if (errno != ENOENT || explicit)
            diag_err(d, file, none, "cannot read the xyl host configuration: %s%s",
                     errno == EFBIG ? "larger than 1 MiB" : strerror(errno),
                     explicit ? " (set by --config or XYL_CONFIG)" : "");
        goto defaults;
    }
    if (ydoc_load(&doc, file, buf, len, d) == 0) {
        guest_init(&dummy);
        if (doc.root && !ynode_is_null(doc.root))
            keyset_parse_map(&ld, &host_keyset, doc.root, hc, "the host configuration");
        guest_free(&dummy);
        ydoc_free(&doc);
    }
    free(buf);
defaults:
    if (d->errors != before) {     /* half-read settings are not used */
        free(hc->images);
        hc->images = NULL;
        hc->hotplug = HOST_HOTPLUG_SCRIPTS;
    }
    last_hotplug = hc->hotplug;
    if (!hc->images)
        hc->images = xstrdup(XYL_DEFAULT_IMAGES);
    return (int)(d->errors - before);
}

int host_config_load_or_say(struct host_config *hc, const char *path)
{
    struct diags d = { 0 };
    int errs = host_config_load(hc, path, &d);

    diags_print(&d, stderr);
    diags_free(&d);
    return errs ? -1 : 0;
}

void host_config_free(struct host_config *hc)
{
    free(hc->images);
    hc->images = NULL;
}

enum host_hotplug host_hotplug(void)
{
    if (last_hotplug < 0) {
        struct host_config hc;
        struct diags d = { 0 };

        host_config_load(&hc, NULL, &d);
        diags_free(&d);
        host_config_free(&hc);
    }
    return last_hotplug == HOST_HOTPLUG_XYL ? HOST_HOTPLUG_XYL : HOST_HOTPLUG_SCRIPTS;
}

static char *xl_conf_string(XLU_Config *cfg, const char *key)
{
    const char *v;
    return xlu_cfg_get_string(cfg, key, &v, 0) ? NULL : xstrdup(v);
}

const struct xl_defaults *xl_defaults(void)
{
    static struct xl_defaults xd;
    static bool loaded;
    const char *env, *file;
    XLU_Config *cfg;
    const char *s;
    long l;
    int e;

    if (loaded)
        return &xd;
    loaded = true;
    env = getenv("XYL_XL_CONF");
    file = env && *env ? env : XYL_XL_CONF;
    xd.run_hotplug_scripts = 1;
    xd.claim_mode = 1;
    xd.autoballoon = -1;
    /* a host without xl.conf (xen-utils-common not installed) has xl's
     * defaults; libxlutil itself would report the missing file, and with
     * a stale errno ("Success") */
    if (access(file, F_OK) && errno == ENOENT)
        return &xd;
    cfg = xlu_cfg_init(stderr, file);
    if (!cfg)
        return &xd;
    e = xlu_cfg_readfile(cfg, file);
    if (e) {
        if (e != ENOENT)
            fprintf(stderr, "xyl: cannot read %s: %s; using xl's defaults\n", file, strerror(e));
        xlu_cfg_destroy(cfg);
        return &xd;
    }
    xd.vif_bridge = xl_conf_string(cfg, "vif.default.bridge");
    xd.vif_script = xl_conf_string(cfg, "vif.default.script");
    xd.vif_backend = xl_conf_string(cfg, "vif.default.backend");
    xd.vif_gatewaydev = xl_conf_string(cfg, "vif.default.gatewaydev");
    if (!xlu_cfg_get_long(cfg, "run_hotplug_scripts", &l, 0))
        xd.run_hotplug_scripts = l != 0;
    if (!xlu_cfg_get_long(cfg, "claim_mode", &l, 0))
        xd.claim_mode = l != 0;
    if (!xlu_cfg_get_string(cfg, "autoballoon", &s, 0))
        xd.autoballoon = !strcmp(s, "on") || !strcmp(s, "1") ? 1 : !strcmp(s, "off") || !strcmp(s, "0") ? 0 : -1;
    else if (!xlu_cfg_get_long(cfg, "autoballoon", &l, 0))
        xd.autoballoon = l != 0;
    xlu_cfg_destroy(cfg);
    return &xd;
}
