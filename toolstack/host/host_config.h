/*
 * host_config.h - this host's xyl settings, /etc/xyl/xyl.yaml.
 *
 *     images: /var/lib/xen/images   # where relative disk targets live and
 *                                   # where missing images are created
 *     hotplug: scripts              # or xyl: kernel-backend NICs and disks
 *                                   # plugged by xyl-vif-bridge and xyl-block
 *
 * A missing default file means the defaults.  XYL_CONFIG or the global
 * option --config names another file (tests use it); that one must exist.
 */
#ifndef XYL_HOST_CONFIG_H
#define XYL_HOST_CONFIG_H

#include "base/diag.h"

#define XYL_HOST_CONFIG       "/etc/xyl/xyl.yaml"
#define XYL_DEFAULT_IMAGES    "/var/lib/xen/images"

/* who plugs the kernel backends' devices into dom0 (the `script` libxl
 * runs): Xen's bash scripts, or xyl's compiled helpers (issue 18:
 * xyl-vif-bridge for vif-bridge, xyl-block for block) */
enum host_hotplug { HOST_HOTPLUG_SCRIPTS, HOST_HOTPLUG_XYL };

struct host_config {
    char *images;           /* absolute folder, never NULL once loaded */
    int hotplug;            /* enum host_hotplug */
};

/* The file to read: path if given, else $XYL_CONFIG, else the default. */
const char *host_config_path(const char *path);

/* Load path (NULL: see host_config_path) into hc; returns the number of
 * errors added to d (FILE:LINE:COL).  hc is usable (defaults) even then. */
int host_config_load(struct host_config *hc, const char *path, struct diags *d);

/* Load and print any errors; -1 on error.  For commands. */
int host_config_load_or_say(struct host_config *hc, const char *path);

void host_config_free(struct host_config *hc);

/* The `hotplug:` of the host configuration loaded last in this process,
 * or, when none was, of the default file (or $XYL_CONFIG) read now; its
 * errors are not printed here (the commands that read it say them) and
 * give the default, scripts. */
enum host_hotplug host_hotplug(void);

/*
 * The defaults xl takes from its global config (/etc/xen/xl.conf, or
 * $XYL_XL_CONF), so that xyl builds the libxl configuration xl would on the
 * same host.  Read once; a missing file gives xl's built-in defaults, an
 * unreadable one a message and those defaults.
 */
#define XYL_XL_CONF "/etc/xen/xl.conf"
struct xl_defaults {
    char *vif_bridge, *vif_script, *vif_backend, *vif_gatewaydev;  /* NULL = unset */
    int run_hotplug_scripts;        /* xl's default 1 */
    int claim_mode;                 /* xl's default 1 */
    int autoballoon;                /* 1 on, 0 off, -1 auto (xl's default) */
};
const struct xl_defaults *xl_defaults(void);

#endif
