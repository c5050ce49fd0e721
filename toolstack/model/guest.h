/*
 * guest.h - the in-memory model of one guest definition (schema v1).
 *
 * The loader (schema.c) fills it from YAML or the xl.cfg importer builds
 * YAML for it; libxl_map.c turns it into a libxl_domain_config and
 * xlcfg_export.c into an xl.cfg.  "Unset" is explicit for every optional
 * field (NULL, -1 or 0 as documented) so defaults live in one place.
 */
#ifndef XYL_GUEST_H
#define XYL_GUEST_H

#include <stdbool.h>
#include <stdint.h>

#include <libxl.h>

#include "base/diag.h"

enum xyl_gtype { XYL_PV = 1, XYL_PVH = 2, XYL_HVM = 4 };
#define XYL_ALL (XYL_PV | XYL_PVH | XYL_HVM)

#define XYL_UNSET (-1)          /* for int, bool and enum fields */

/* cpus: pinning bitmaps cover host CPUs 0..XYL_MAX_HOST_CPUS-1 */
#define XYL_MAX_HOST_CPUS 4096

struct xyl_disk {
    struct ymark mark;
    char *spec;                 /* xl disk spec handed to xlu_disk_parse */
    bool from_string;           /* item was written as an xl spec string */
    /* mapping form (also kept for the string form where known) */
    char *target, *vdev;
    int format_idx, access_idx, backend_idx;    /* choice index or XYL_UNSET */
    int cdrom;                  /* bool or XYL_UNSET */
    uint64_t size_bytes;        /* 0 = not given */
    struct ymark size_mark;
    /* filled by validation from libxlutil's parse of spec */
    char *parsed_vdev;
    long devnum;                /* device number of parsed_vdev (vdev.c) */
    bool parsed_readonly, parsed_cdrom;
    /* libxlutil's whole parse, kept so the libxl mapping does not parse the
     * spec again; it holds while spec is still xlu_spec (images.c rewrites
     * relative targets) */
    libxl_device_disk xlu;
    char *xlu_spec;
    bool is_xyl_backend;        /* backend: xyl -> not handed to libxl */
    bool is_seed;               /* cloud_init's seed, added by validation */
};

struct xyl_nic {
    struct ymark mark, mac_mark;
    bool from_string;
    char *bridge, *mac, *model, *ip, *rate, *script, *vifname, *backend;
    int type_idx;               /* 0 vif, 1 ioemu, XYL_UNSET */
    struct ymark rate_mark;
    uint8_t macaddr[6];         /* given or derived, when mac_valid */
    bool mac_derived, mac_valid;
    bool is_xyl_backend;        /* backend: xyl -> xyl-netback, not libxl */
};

/* A virtual TPM (libxl's vtpm): the guest's TPM frontend, served by a
 * vTPM stub domain (vtpm-stubdom) named by backend. */
struct xyl_vtpm {
    struct ymark mark;
    char *backend;              /* the backend domain's name, as xl's backend= */
    char *uuid;                 /* the vTPM's UUID as written, NULL = libxl makes one */
};

/* VT_DOC: a file (path, relative to the definition's folder) or YAML
 * written inline, kept as its JSON text (YAML reads JSON) */
struct xyl_doc {
    char *path, *text;
};

/* cloud_init: the NoCloud seed's files (images/cloudinit.h) */
struct xyl_cloudinit {
    struct xyl_doc user_data, network_config;
};

struct xyl_strlist {
    char **v;
    int n;
};

struct xyl_vnc {
    int enable;                 /* bool or XYL_UNSET */
    char *listen, *password;
    long display;               /* XYL_UNSET = not given */
    int findunused;             /* bool or XYL_UNSET (xl: vncunused) */
};

struct xyl_spice {
    int enable;                 /* bool or XYL_UNSET; first, for VT_BOOL_OR_MAP */
    char *host, *password;
    long port, tls_port, usbredirection;        /* XYL_UNSET = not given */
    int disable_ticketing, agent_mouse, vdagent, clipboard_sharing;   /* bools or XYL_UNSET */
};

/* framebuffer: a PV/PVH guest's vfb (and the vkb xl adds with it) */
struct xyl_fb {
    int vnc, findunused, sdl;   /* bools or XYL_UNSET */
    char *listen, *password, *keymap;
    long display;               /* XYL_UNSET = not given */
};

struct xyl_hvm {
    struct xyl_vnc vnc;
    struct xyl_spice spice;
    char *serial;
    int viridian, stdvga, acpi, pv_drivers;     /* bools or XYL_UNSET */
    int vga;                    /* index in vga choices or XYL_UNSET */
    long videoram;              /* MiB, XYL_UNSET = not given */
    int apic, pae, hpet, nx, usb, sdl;          /* bools or XYL_UNSET */
    char *usbdevice, *keymap, *soundhw;
    int timer_mode;             /* index in xyl_timer_mode_names or XYL_UNSET */
    struct xyl_strlist viridian_features, serials, usbdevices;
};

struct xyl_kv {
    char *key, *value;
    struct ymark mark;
};

struct xyl_kvlist {
    struct xyl_kv *v;
    int n;
};

struct xyl_guest {
    char *file;                 /* where it was loaded from */
    char *name;
    int type;                   /* enum xyl_gtype, 0 = unknown */
    char *uuid_str;             /* as written, NULL = derive from name */
    libxl_uuid uuid;            /* given or derived */
    uint64_t memory_bytes, maxmem_bytes;    /* 0 = not given */
    long vcpus, maxvcpus;       /* XYL_UNSET = not given */
    char *kernel, *ramdisk, *cmdline, *bootloader, *firmware;
    struct xyl_strlist bootloader_args;
    char boot[4];               /* libxl order string, "" = not given */
    struct xyl_disk *disks;
    int n_disks;
    struct xyl_nic *nics;
    int n_nics;
    struct xyl_vtpm *vtpms;
    int n_vtpms;
    int on_poweroff, on_reboot, on_crash;   /* action index or XYL_UNSET */
    bool has_hvm;
    struct xyl_hvm hvm;
    bool has_fb;
    struct xyl_fb fb;
    struct xyl_kvlist xenstore;
    struct xyl_cloudinit cloud_init;
    int autostart;              /* bool or XYL_UNSET */
    long stop_timeout;          /* seconds apply, shutdown --all wait; XYL_UNSET */
    int localtime, hap, nestedhvm;          /* bools or XYL_UNSET */
    char *seclabel;
    char *cpus;                 /* xl's cpus: host CPUs the vCPUs are pinned to */
    struct xyl_strlist cpus_per_vcpu;   /* xl's cpus list: vCPU i pinned to item i */
    struct xyl_strlist pci;     /* xl PCI specs (BDF[,options]) */
    long cpu_weight, cpu_cap;   /* XYL_UNSET = not given */

    /* where each top-level key was written, for cross-field messages */
    struct ymark marks[48];
    struct ymark root_mark;
};

void guest_init(struct xyl_guest *g);
void guest_free(struct xyl_guest *g);
void kvlist_free(struct xyl_kvlist *kv);

/* xenstore: keys are written under the guest's data/ (xen/xs_data.c) */
#define XS_DATA_KEY_MAX     256     /* bytes in a key (a path under data/) */
#define XS_DATA_VALUE_MAX   2048    /* bytes in a value */
#define XS_DATA_MAX_KEYS    1024    /* keys carried across save/restore */

/* A key is a relative path of letters, digits, '_', '-', '@' joined by
 * single '/'s, at most XS_DATA_KEY_MAX bytes. */
bool xs_data_key_ok(const char *key);

const char *gtype_name(int type);

/* xl's action names, indexed like libxl_action_on_shutdown - 1 */
extern const char *const xyl_action_names[];
extern const char *const xyl_vga_names[];
/* libxl_timer_mode names, indexed like the enum */
extern const char *const xyl_timer_mode_names[];

#endif
