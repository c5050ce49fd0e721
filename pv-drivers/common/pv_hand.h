/*
 * pv_hand.h - the daemon's two threads and how a device passes between
 * them (issue 19: the ring-serving loop must never wait on xenstored).
 *
 * Before, one thread did everything, and under a guest flooding xenstored
 * every other guest's rings waited while that thread sat in the flooder's
 * handshake steps (synchronous xenstore round trips: 39 ms a step, 18% of
 * the thread's time in `make lab-hostile`).  Now:
 *   - the xenbus thread owns the xenstore handle: watch events, every
 *     handshake step, the backend's prepare/connect/close, reaping dead
 *     guests, writing each device's xyl-stats node, the per-device log;
 *   - the ring thread (the daemon's main thread) serves the rings of the
 *     devices it was handed: event channels, requests, image or TAP I/O.
 * A device is handed over ("lent") once connected (ring mapped, event
 * channel bound) and handed back ("back") detached: asked back by the
 * xenbus thread before it closes, re-prepares, reconnects or frees it, or
 * given back by the ring thread when the frontend broke its ring (cut
 * off).  The handoff is two small queues under one mutex, each thread
 * woken by its own eventfd.  Neither thread ever waits for the other
 * beyond that mutex (held for a few stores), so the ring thread never
 * waits on xenstored, and the xenbus thread frees a device only when it is
 * back and in neither queue.  Field ownership: struct pv_dev in pv_dev.h.
 *
 * Without the thread (s->hand.threaded false: the unit tests, the fuzzer,
 * and the daemon after pv_hand_stop) every handoff happens at once on the
 * calling thread, with the same steps in the same order.
 */
#ifndef XYL_PV_HAND_H
#define XYL_PV_HAND_H

#include "pv_dev.h"

/* ---- the daemon ---- */
/* Before the seccomp filter (no thread may be created after it): the two
 * eventfds and the xenbus thread, which waits for pv_hand_go.  0, or -1
 * after a log line. */
int pv_hand_start(struct pv_devs *s);
/* The xenbus thread goes: the first scan of the backend tree (confined
 * now), then watch events.  Returns once that scan is done. */
void pv_hand_go(struct pv_devs *s);
/* Stop the xenbus thread and wait for it; what it had not taken yet is
 * taken here.  From then on one thread (the caller) owns everything. */
void pv_hand_stop(struct pv_devs *s);

/* ---- the xenbus thread ---- */
/* d was just connected: the ring thread serves it from now on. */
void pv_hand_lend(struct pv_devs *s, struct pv_dev *d);
/* Ask d back.  true: it is back (it was not lent, or no thread runs);
 * false: it comes back later (pv_hand_xs_take: d dirty again). */
bool pv_hand_recall(struct pv_devs *s, struct pv_dev *d);
/* Hand ops->update(arg) to d's owner (at once when that is us). */
void pv_hand_update(struct pv_devs *s, struct pv_dev *d, uint64_t arg);
/* Take what the ring thread handed on: devices back (pv_dev_back), their
 * counters for xyl-stats, a request to log the counters. */
void pv_hand_xs_take(struct pv_devs *s);
/* pv_dev.c's side of a device coming back: it is ours, detached; why is
 * the reason of a cut-off ("": asked back), stats its last counters. */
void pv_dev_back(struct pv_devs *s, struct pv_dev *d, const char *why, const char *stats);

/* ---- the ring thread ---- */
/* What pv_devs_poll watches for the handoff (xenstore's fd without the thread). */
int pv_hand_ring_fd(struct pv_devs *s);
/* The wakeup fired: take devices lent, asked back or updated (without the
 * thread: the xenstore watch events).  Devices given back must not be
 * touched after this. */
void pv_hand_ring_take(struct pv_devs *s);
/* Detach d and hand it back (why: a cut-off's reason, NULL: asked). */
void pv_hand_give_back(struct pv_devs *s, struct pv_dev *d, const char *why);
/* d's counters for its xyl-stats node. */
void pv_hand_post_stats(struct pv_devs *s, struct pv_dev *d, const char *stats);
/* SIGUSR1: the xenbus thread logs every device's counters. */
void pv_hand_want_log(struct pv_devs *s);

#endif
