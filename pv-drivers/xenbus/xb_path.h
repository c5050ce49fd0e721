/*
 * xb_path.h - xenstore paths of an xyl-served virtual block device, and the
 * guest-visible device number of a disk name (xvdb -> 51728).
 *
 *   frontend  /local/domain/<domid>/device/vbd/<devid>        (guest's)
 *   backend   /local/domain/0/backend/xyl-vbd/<domid>/<devid>  (dom0's)
 *
 * "xyl-vbd" is a backend kind that neither the kernel's blkback (watches
 * backend/vbd) nor QEMU (backend/qdisk) looks at, so only xyl-blkback
 * serves these devices.
 */
#ifndef XYL_XB_PATH_H
#define XYL_XB_PATH_H

#include <stddef.h>
#include <stdint.h>

#include "xb_vdev.h"     /* xb_vdev_to_devid: disk names to device IDs */

#define XB_BACKEND_KIND  "xyl-vbd"
#define XB_BACKEND_DOMID 0u
#define XB_BACKEND_BASE  "/local/domain/0/backend/"
#define XB_BACKEND_ROOT  XB_BACKEND_BASE XB_BACKEND_KIND
#define XB_PATH_MAX      128     /* every path built here fits */

/* A kind of xyl-served device: its backend directory's name (private, so no
 * kernel driver binds it) and the frontend's device class.  Network devices
 * (xyl-netback) live under backend/xyl-vif/ and device/vif/, the same way. */
struct xb_kind {
    const char *backend;        /* "xyl-vbd", "xyl-vif" */
    const char *frontend;       /* "vbd", "vif" */
    const char *root;           /* XB_BACKEND_BASE + backend */
};
extern const struct xb_kind xb_kind_vbd, xb_kind_vif;

/* Domain IDs a guest can have (DOMID_FIRST_RESERVED is 0x7FF0). */
#define XB_DOMID_MAX     0x7FEFu


/* snprintf into buf (XB_PATH_MAX is always enough); returns buf.  The
 * xb_dev_ forms take the kind, the short ones are for xyl-vbd. */
char *xb_dev_backend_path(const struct xb_kind *k, char *buf, size_t n, uint32_t domid,
                          uint32_t devid);
char *xb_dev_backend_domain_path(const struct xb_kind *k, char *buf, size_t n, uint32_t domid);
char *xb_dev_frontend_path(const struct xb_kind *k, char *buf, size_t n, uint32_t domid,
                           uint32_t devid);
char *xb_backend_path(char *buf, size_t n, uint32_t domid, uint32_t devid);
char *xb_backend_domain_path(char *buf, size_t n, uint32_t domid);
char *xb_frontend_path(char *buf, size_t n, uint32_t domid, uint32_t devid);

/* Split a path at or below XB_BACKEND_ROOT (as a watch reports it):
 * returns how many of domid/devid were found (0, 1 or 2) and where the rest
 * starts ("" or "/state"...); -1 if the path is not in our tree or a
 * component is not a canonical number. */
int xb_split_backend_path(const char *path, uint32_t *domid, uint32_t *devid,
                          const char **rest);
int xb_dev_split_backend_path(const struct xb_kind *k, const char *path, uint32_t *domid,
                              uint32_t *devid, const char **rest);

#endif
