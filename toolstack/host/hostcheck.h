/*
 * hostcheck.h - can this Linux host run Xen guests?  The checks of
 * `xyl host-check` and the bridge scan of `xyl net-list`, reading /proc
 * and /sys under a root prefix ("/" normally; a fake tree in the unit
 * tests).  What only the hypervisor knows (version, capabilities, free
 * memory) comes in a struct hc_xen filled through libxl by the command,
 * and only in dom0.
 */
#ifndef XYL_HOSTCHECK_H
#define XYL_HOSTCHECK_H

#include <stdbool.h>
#include <stdint.h>

enum hc_status { HC_OK, HC_WARN, HC_FAIL };

struct hc_item {
    enum hc_status status;
    char *check;                /* short key: cpu-virt, xen, module:xen_evtchn... */
    char *detail;
    char *fix;                  /* NULL when there is nothing to do */
};

struct hc_report {
    struct hc_item *v;
    int n, alloc;
};

/* Facts from libxl (libxl_get_version_info, libxl_get_physinfo). */
struct hc_xen {
    char version[64];
    bool pv, hvm, hap, iommu, shadow;
    uint64_t free_mib, total_mib;
};

/* Is this a Xen dom0 (xenfs' capabilities say control_d)? */
bool hostcheck_is_dom0(const char *root);

/* Run every check; xen may be NULL (not a dom0, or libxl unavailable). */
void hostcheck_run(const char *root, const struct hc_xen *xen, struct hc_report *r);

/* One more line of the report (for checks that live in higher layers:
 * hvm/firmware.c). */
void hc_add(struct hc_report *r, enum hc_status st, const char *check, const char *fix,
            const char *fmt, ...) __attribute__((format(printf, 5, 6)));

enum hc_status hostcheck_worst(const struct hc_report *r);
const char *hc_status_name(enum hc_status s);
void hc_report_free(struct hc_report *r);

/* A bridge port: a guest's vif (vifD.N, vifD.N-emu, tapD.N) or another
 * interface (domid -1). */
struct hc_port {
    char *ifname;
    int domid, devid;
};

struct hc_bridge {
    char *name;
    char *state;                /* operstate: up, down, unknown... */
    bool admin_up;              /* IFF_UP in flags */
    struct hc_port *ports;
    int n_ports;
};

/* The host's Linux bridges, sorted by name, their ports sorted too.
 * Returns how many (0 when there are none or no sysfs). */
int hostcheck_bridges(const char *root, struct hc_bridge **out);
void hostcheck_bridges_free(struct hc_bridge *b, int n);

/* "vif3.0" -> 3, 0; also vif3.0-emu and tap3.0.  -1 if not a guest's. */
int hostcheck_parse_vif(const char *ifname, int *domid, int *devid);

#endif
