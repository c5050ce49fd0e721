/*
 * vif_req.h - what libxl asks of a vif hotplug script, taken from its
 * arguments and environment and checked (libxl_linux.c, Xen 4.17):
 *
 *   SCRIPT online|offline type_if=vif    vif=vifD.N  XENBUS_PATH=backend/vif/D/N
 *   SCRIPT add|remove     type_if=tap    INTERFACE=vifD.N-emu (an HVM guest's
 *                                        emulated NIC: qemu's TAP)
 *
 * and the checks of the values read from xenstore (names, MTU).  Pure C:
 * the unit tests run it without Xen.
 */
#ifndef XYL_VIF_REQ_H
#define XYL_VIF_REQ_H

#include <net/if.h>
#include <stdbool.h>
#include <stddef.h>

enum vif_cmd { VIF_ONLINE, VIF_OFFLINE, VIF_ADD, VIF_REMOVE };
#define VIF_NCMDS 4
/* the command words, by enum vif_cmd */
extern const char *const vif_cmd_names[VIF_NCMDS];

struct vif_req {
    enum vif_cmd cmd;
    bool tap;                   /* type_if=tap: qemu's TAP of an HVM guest */
    bool nothing;               /* this command is not for this type: exit 0,
                                   as vif-common.sh does */
    char dev[IFNAMSIZ];         /* the interface libxl named (vif or INTERFACE) */
    char be[128];               /* the backend's xenstore path */
    unsigned domid, devid;      /* from that path */
};

/* Parse argv (the command, then name=value words) and the environment
 * lookup getenv_fn (getenv in the program).  0, or -1 with a one-line
 * reason in why (no exit). */
int vif_req_parse(int argc, char *const argv[], const char *(*getenv_fn)(const char *),
                  struct vif_req *r, char *why, size_t whylen);

/* Whether s is a name xyl takes for an interface: 1 to 15 bytes, not "."
 * or "..", ASCII letters, digits and "-_.+@" only.  Stricter than Linux's
 * dev_valid_name (which takes any byte but '/', ':' and white space): a
 * bridge or vifname from xenstore never holds shell, path or control
 * characters, nor bytes a log line would mangle. */
bool vif_ifname_ok(const char *s);

/* An MTU from xenstore: decimal, 68 (IPv4's minimum) to 65535; 0 and the
 * value in *mtu, or -1. */
int vif_mtu_parse(const char *s, unsigned *mtu);

/* A xenstore value of len bytes in v (which has room for len + 1) made a C
 * string: cut to VIF_XS_VALUE_MAX bytes (the scripts' names and numbers
 * are far shorter), and each NUL byte (xenstore allows them) made DEL,
 * which no name or number check passes.  Returns the string's length. */
#define VIF_XS_VALUE_MAX 256
size_t vif_xs_value(char *v, size_t len);

#endif
