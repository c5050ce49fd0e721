/*
 * xb_dev.h - xyl-vbd devices in xenstore, over libxenstore: create the
 * frontend and backend directories of a guest's disks in one transaction,
 * wait for the backend's state, remove everything again.
 *
 * Used by the toolstack (xyl create/destroy) and by xyl-blkback.  Errors are
 * returned as -1 with one line in `err` (no printing here: the caller knows
 * whether it is a command or a daemon).
 */
#ifndef XYL_XB_DEV_H
#define XYL_XB_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <xenstore.h>

#include "xb_path.h"

#define XB_ERR_LEN 256
#define XB_TX_TRIES 20           /* transaction retries on EAGAIN */

struct xb_vbd {
    uint32_t domid;             /* the guest (frontend) */
    uint32_t devid;             /* xb_vdev_to_devid(vdev) */
    const char *vdev;           /* "xvdb", written as backend `dev` */
    const char *params;         /* the image, an absolute path */
    bool readonly;
    bool takeover;              /* written as backend `takeover`: the domain */
    uint32_t takeover_domid;    /* whose same disk this one continues (blkback's
                                 * takeover_fd: a restart, a local migration) */
};

/* Write frontend and backend directories of n devices in one transaction,
 * both with state Initialising.  Permissions as libxl gives them: the
 * frontend directory is owned by the guest and readable by the backend
 * domain; the backend directory is owned by dom0 and only readable by the
 * guest.  Refuses (EEXIST) if any of the directories exists already. */
int xb_vbd_create(struct xs_handle *xs, const struct xb_vbd *v, int n, char *err, size_t errlen);

/* Remove one device's frontend and backend directories (and the guest's
 * backend directory when it becomes empty), in one transaction.  Missing
 * nodes are not an error. */
int xb_vbd_remove(struct xs_handle *xs, uint32_t domid, uint32_t devid, char *err, size_t errlen);

/* Remove every xyl-vbd device of a guest (frontends included). */
int xb_vbd_remove_domain(struct xs_handle *xs, uint32_t domid, char *err, size_t errlen);

/* The devids under backend/xyl-vbd/<domid> (sorted); *n = 0 when none.
 * Returns a malloc'd array or NULL (also when there are none). */
uint32_t *xb_vbd_list(struct xs_handle *xs, uint32_t domid, int *n);

/* Read dir/node.  Returns a malloc'd NUL-terminated value and its length,
 * or NULL (errno ENOENT when absent). */
char *xb_read(struct xs_handle *xs, xs_transaction_t t, const char *dir, const char *node,
              unsigned *len);
/* dir/state parsed strictly; -1 when absent or malformed. */
int xb_read_state(struct xs_handle *xs, xs_transaction_t t, const char *dir);
int xb_write(struct xs_handle *xs, xs_transaction_t t, const char *dir, const char *node,
             const char *val);
int xb_writef(struct xs_handle *xs, xs_transaction_t t, const char *dir, const char *node,
              const char *fmt, ...) __attribute__((format(printf, 5, 6)));

/* The same operations for any kind of device (xb_kind_vbd, xb_kind_vif). */
int xb_dev_remove(struct xs_handle *xs, const struct xb_kind *k, uint32_t domid, uint32_t devid,
                  char *err, size_t errlen);
int xb_dev_remove_domain(struct xs_handle *xs, const struct xb_kind *k, uint32_t domid,
                         char *err, size_t errlen);
uint32_t *xb_dev_list(struct xs_handle *xs, const struct xb_kind *k, uint32_t domid, int *n);
int xb_dev_offline(struct xs_handle *xs, const struct xb_kind *k, uint32_t domid, uint32_t devid,
                   char *err, size_t errlen);
int xb_dev_wait(struct xs_handle *xs, const struct xb_kind *k, uint32_t domid,
                const uint32_t *devids, int n, int want, int timeout_ms, char *err, size_t errlen);

/* Creating devices: one transaction (retried on EAGAIN) in which write() is
 * called for i = 0..n-1; any failure aborts the whole transaction. */
typedef int xb_dev_writer(struct xs_handle *xs, xs_transaction_t t, int i, void *ctx,
                          char *err, size_t errlen);
int xb_dev_create(struct xs_handle *xs, int n, xb_dev_writer *write, void *ctx,
                  char *err, size_t errlen);
/* For a writer: both directories with their permissions and the common
 * nodes (backend, backend-id, frontend, frontend-id, online, state); refuses
 * (EEXIST) if either exists.  `what` names the device in that message. */
int xb_dev_write_dirs(struct xs_handle *xs, xs_transaction_t t, const struct xb_kind *k,
                      uint32_t domid, uint32_t devid, const char *what, char *err, size_t errlen);

/* Ask for a graceful detach: backend `online` 0 and state Closing, in one
 * transaction.  The frontend then closes, the backend follows to Closed. */
int xb_vbd_offline(struct xs_handle *xs, uint32_t domid, uint32_t devid, char *err, size_t errlen);

/* Wait until every listed backend of the guest reaches state `want` (or
 * beyond).  Waiting for a state before Closing fails early when a backend
 * goes to Closing/Closed instead (its `error` node, if any, goes into err);
 * every wait fails when a backend directory disappears, and after
 * timeout_ms.  Uses a watch on each backend's state. */
int xb_wait_backends(struct xs_handle *xs, uint32_t domid, const uint32_t *devids, int n,
                     int want, int timeout_ms, char *err, size_t errlen);

#endif
