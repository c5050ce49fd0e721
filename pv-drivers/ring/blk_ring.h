/*
 * blk_ring.h - the backend end of a blkif shared ring (xen/io/ring.h).
 *
 * The shared page is written by the guest at any moment.  So:
 *  - the producer index is read once per batch, then checked: a frontend
 *    claiming more requests than the ring holds has broken the protocol
 *    and the ring is marked broken (no more service on it, nothing else
 *    is affected);
 *  - each request is copied exactly once into private memory
 *    (RING_COPY_REQUEST) and only the copy is ever looked at - checking a
 *    field in shared memory and then using it again is the XSA-155 double
 *    fetch;
 *  - each response is built in private memory with every byte (padding
 *    included) set, then copied in - XSA-216 leaked backend stack through
 *    response padding;
 *  - each response is published (rsp_prod) as soon as it is written: a
 *    response lands in the slot of a request taken before it, so a slot
 *    holding a response that is not yet published would, after a crash,
 *    be read again as a request by the restarted daemon (which resumes at
 *    the published index): the request is lost and the guest gets an
 *    answer with a wrong id.  What remains is the few instructions between
 *    the slot's 16-byte store and the index's store (no system call in
 *    between); a SIGKILL landing exactly there still garbles that one
 *    request.  The frontend is notified once per turn, as before.
 */
#ifndef XYL_BLK_RING_H
#define XYL_BLK_RING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "pv_ring.h"
#include <xen/io/blkif.h>

#define BLK_RING_PAGE 4096u     /* a ring page; xyl-blkback's rings have 1..16 (vbd_ring.h) */

struct blk_ring {
    blkif_back_ring_t br;
    bool broken;                /* the frontend broke the ring protocol */
    bool notify;                /* the frontend asked for an event since the last push */
};

/* A new connection (indexes start at 0, as the frontend initialised them). */
void blk_ring_attach(struct blk_ring *r, void *page, size_t size);
/* Re-attach to a ring that was served before (a restarted daemon): carry on
 * from the responses already published; the requests after them are taken
 * again (those the old daemon was serving are served again: reads and
 * writes of the same data, flushes and discards are idempotent).  Any index
 * is checked like all others before use.  The next push asks for an event
 * whatever the indexes say: the old daemon may have died between
 * publishing responses and notifying, and the frontend would wait. */
void blk_ring_resume(struct blk_ring *r, void *page, size_t size);

/* Copy up to max new requests out of the ring (each exactly once).
 * Returns how many, or -1 when the ring is (now) broken. */
int blk_ring_take(struct blk_ring *r, blkif_request_t *reqs, int max);

/* Give back the last n requests taken and not answered: the next take
 * copies them again (their earlier copies must not be used). */
void blk_ring_untake(struct blk_ring *r, unsigned n);

/* Write one response and publish it at once (see the top). */
void blk_ring_put(struct blk_ring *r, uint64_t id, uint8_t op, int16_t status);

/* The end of a batch: true if the frontend wants an event for the
 * responses published since the last push (then send it once). */
bool blk_ring_push(struct blk_ring *r);

/* Nothing left to take: re-arm the frontend's notifications and look
 * again; true if requests arrived in between (so keep going). */
bool blk_ring_more(struct blk_ring *r);

/* Requests the ring holds: 32 per page, rounded down to a power of two
 * (512 for 16 pages). */
unsigned blk_ring_size(const struct blk_ring *r);

#endif
