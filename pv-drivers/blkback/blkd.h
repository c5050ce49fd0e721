/*
 * blkd.h - the xyl-blkback daemon: one process serving every xyl-vbd
 * device of every guest.  Single-threaded: poll() on xenstore watches,
 * event channels, signals and io_uring completions; each device's requests
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

struct vbd {
    struct pv_dev dev;          /* first: handshake, paths, port (pv_dev.h) */
    struct blk_backend b;       /* ring + disk + bounce buffer */
    struct blk_gnt gnt;
    void *ring_page;            /* the mapped ring, NULL when not connected */
    unsigned ring_pages;        /* its pages (vbd_ring.h), 0 when not connected */
    unsigned bad_logged;        /* refused requests logged so far */
    uint64_t bad_seen;
    bool published;             /* the features below are in the backend's nodes */
    struct blk_limits published_lim;
    char stats[256];            /* last value written to backend/xyl-stats */
    long stats_at;              /* when (ms) */
};

/* The xyl-vbd device operations for struct pv_devs. */
extern const struct pv_dev_ops vbd_ops;

/* Before the filter (pv_daemon.h's setup): the io_uring of asynchronous
 * image I/O, or synchronous I/O when it cannot be had (blk_uring.h).
 * Always 0.  vbd_teardown: after every device was freed. */
int vbd_setup(struct pv_devs *s);
void vbd_teardown(void);

/* Serve devices with requests left; true if some still have more. */
bool vbd_run(struct pv_devs *s);
void vbd_log_stats(struct pv_devs *s);
/* Counters into each backend's xyl-stats node (xyl stats, xyl-exporter),
 * at most once a second; true while a change waits for its second. */
bool vbd_publish_stats(struct pv_devs *s);

#endif
