/*
 * blkd.h - the xyl-blkback daemon: one process serving every xyl-vbd
 * device of every guest.  Two threads (common/pv_hand.h): the xenbus
 * thread does every handshake; the ring thread polls event channels,
 * signals and io_uring completions; each device's requests
 * are answered in ring order, their image I/O asynchronous when io_uring is
 * there (blk_uring.h; up to BLK_INFLIGHT_MAX of a device under way at
 * once), a bounded batch at a time so no guest starves the others.
 */
#ifndef XYL_BLKD_H
#define XYL_BLKD_H

#include <stdbool.h>
#include <stdint.h>

#include "blk_io.h"
#include "blk_gnt.h"

#include "../common/pv_dev.h"

/* Ownership as in struct pv_dev (pv_dev.h): [owner] is the ring thread's
 * while the device is lent; the image (b.disk: its fd, opened and closed
 * only while the device is not lent) is read by both, written by the
 * xenbus thread. */
struct vbd {
    struct pv_dev dev;          /* first: handshake, paths, port (pv_dev.h) */
    struct blk_backend b;       /* [owner] ring + disk + bounce buffer */
    struct blk_gnt gnt;         /* [owner] */
    void *ring_page;            /* [owner] the mapped ring, NULL when not connected */
    unsigned ring_pages;        /* [owner] its pages (vbd_ring.h), 0 when not connected */
    unsigned bad_logged;        /* [owner] refused requests logged so far */
    uint64_t bad_seen;
    bool published;             /* [xs] the features below are in the backend's nodes */
    struct blk_limits published_lim;
    uint64_t sectors;           /* [xs] the size as published (vbd_refresh) */
};

/* The xyl-vbd device operations for struct pv_devs. */
extern const struct pv_dev_ops vbd_ops;

/* Before the filter (pv_daemon.h's setup): the io_uring of asynchronous
 * image I/O, or synchronous I/O when it cannot be had (blk_uring.h).
 * Always 0.  vbd_teardown: after every device was freed. */
int vbd_setup(struct pv_devs *s);
void vbd_teardown(void);

/* The ring thread: serve devices with requests left; true if some still
 * have more. */
bool vbd_run(struct pv_devs *s);

#endif
