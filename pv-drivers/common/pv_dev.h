/*
 * pv_dev.h - what every userspace backend daemon does with its devices,
 * whatever they carry: the Xen handles, the watches on its backend tree and
 * on @releaseDomain, each device's xenbus handshake (xb_backend_step) and
 * frontend watch, the release of dead guests' devices, signals.
 * pv_dev.c is the xenbus thread's side (xenstore, handshakes), pv_serve.c
 * the ring thread's (event channels, the poll loop), pv_hand.c how a device
 * passes between them.
 *
 * A backend embeds struct pv_dev first in its own device struct and gives
 * struct pv_dev_ops for the steps that are its own (open an image or a
 * TAP, map its rings, ...).
 *
 * Trust: the backend directory is dom0's; everything in the frontend
 * directory is the guest's and is read once, parsed strictly and never
 * logged verbatim.  Paths are built from numbers we hold, never taken from
 * a node (the guest owns its `backend` node and could point it anywhere).
 */
#ifndef XYL_PV_DEV_H
#define XYL_PV_DEV_H

#include <stdbool.h>
#include <stdint.h>
#include <poll.h>
#include <pthread.h>

#include <xenctrl.h>
#include <xenevtchn.h>
#include <xengnttab.h>
#include <xenstore.h>

#include "../xenbus/xb_path.h"

/* The longest xyl-stats value a backend formats (ops->stats). */
#define PV_STATS_MAX 640

/* A token bucket: `burst` at once, then one per `per_ms`. */
struct pv_rate {
    long at;                    /* when the tokens were last counted (ms) */
    unsigned tokens;
};

/* Two threads serve a daemon's devices (pv_hand.h): the **xenbus thread**
 * owns the xenstore handle and every handshake (watches, dev_step, the
 * backend's prepare/connect/close, the xyl-stats writes, the log of a
 * device), and the **ring thread** (the daemon's main thread) serves the
 * rings of the devices it was handed, and never waits on xenstored.  A
 * device is handed over fully connected (ring mapped, event channel bound)
 * and handed back disconnected.  Who owns which field of struct pv_dev:
 *   [const]  set by dev_new before the device is ever handed over;
 *   [xs]     the xenbus thread's only;
 *   [owner]  whoever holds the device: the xenbus thread while !lent, the
 *            ring thread from taking it until handing it back;
 *   [ring]   the ring thread's only;
 *   [lock]   under s->hand.lock (the handoff itself).
 * Without the thread (the unit tests, the fuzzer: s->hand.threaded false)
 * one thread is both, and a handoff happens at once. */
struct pv_dev;

/* A device's place on one list (s->served, the handoff queues): the next
 * device, and whether it is on the list, where it is at most once
 * (pv_hand.c's link_push, link_pop, link_remove). */
struct pv_link {
    struct pv_dev *next;
    bool on;
};

struct pv_dev {
    struct pv_dev *next;        /* [xs] s->list */
    uint32_t domid, devid;      /* [const] */
    char be[XB_PATH_MAX], fe[XB_PATH_MAX];      /* [const] */
    char fe_token[40];          /* [const] watch token on fe/state */
    bool watching;              /* [xs] */
    bool lent;                  /* [xs] handed to the ring thread, not yet back */
    bool reap_wait;             /* [xs] asked back to be reaped (guest gone) */
    evtchn_port_t port;         /* [owner] our end of the event channel */
    bool connected;             /* [owner] rings mapped, event channel bound */
    bool runnable;              /* [owner] work left, or an event came */
    bool failed;                /* [xs] gave up (error in backend/error) until removed */
    bool dirty;                 /* [xs] a watch fired: step it at the end of the turn */
    /* [xs] Our side's `state` and `online` as last read.  They change only by
     * a write under the backend's directory, which fires our watch on the
     * whole tree (dev_event sets be_dirty); a step for the frontend's
     * watch alone then reads only the frontend's state: one xenstore
     * round trip instead of three per step of a guest flooding its node. */
    bool be_dirty, be_online;
    int be_state;
    /* [owner] event channel: a delivered port stays masked until its ring was served */
    bool masked;
    bool ev_worked;             /* the event so far led to work */
    unsigned spurious;          /* events in a row that found nothing to do */
    long unmask_at;             /* backoff: unmask then (ms), 0: not waiting */
    /* [xs] a guest reconnecting in a loop: handshake steps (prepare, connect)
     * and log lines are rate-limited per device */
    struct pv_rate handshakes, lines;
    long defer_until;           /* no step before (ms), 0: none */
    bool slowed;                /* said so in the log */
    unsigned lines_dropped;     /* lines not logged since the last one */
    /* [xs] a guest rewriting its state node in a loop: steps that found nothing
     * to do are rate-limited; beyond the rate its state watch is removed
     * until unwatch_until (ms; 0: watched, or the watch could not be set) */
    struct pv_rate idle;
    long unwatch_until;
    long unwatch_ms;            /* how long the last time (doubles while it goes on) */
    long watched_at;            /* when the watch was set again (ms) */
    /* [xs] counters (SIGUSR1): what the device has cost the xenbus thread */
    uint64_t n_steps, n_idle, n_unwatched;
    /* [xs] the xenbus thread inside this device's steps (microseconds,
     * wall clock): mostly synchronous xenstore round trips; the ring
     * thread serves meanwhile */
    uint64_t step_us;
    uint64_t n_events;          /* [owner] events taken (SIGUSR1) */
    /* [ring] on the ring thread's list (s->served) */
    struct pv_link serve;
    char stats_last[PV_STATS_MAX];      /* [ring] the counters last handed on */
    long stats_at;                      /* [ring] when (ms) */
    /* [lock] the handoff (pv_hand.c): queue links and what is asked */
    struct pv_link h_rq, h_xq;  /* on s->hand.to_ring / to_xs */
    bool h_lend, h_recall;      /* xenbus -> ring: take it; give it back */
    bool h_update;              /* xenbus -> ring: ops->update(h_arg) */
    uint64_t h_arg;
    bool h_back;                /* ring -> xenbus: here it is again, detached */
    char h_why[96];             /* ... cut off for this ("": asked back) */
    bool h_stats_new;           /* ring -> xenbus: h_stats to publish */
    char h_stats[PV_STATS_MAX]; /* the counters as the ring thread last saw them */
    uint64_t h_events;          /* n_events then */
};

struct pv_devs;

/* Which thread calls what (see struct pv_dev): alloc, free, prepare,
 * connect, close and refresh run on the xenbus thread with the device not
 * lent; detach, stats and update run on whoever owns it (the ring thread
 * while lent) and must not touch xenstore or call pv_dev_log/pv_dev_fail. */
struct pv_dev_ops {
    const char *noun;           /* "device", "vif": log lines say "domain 5 vif 0" */
    /* A zeroed device struct (struct pv_dev first), or NULL. */
    struct pv_dev *(*alloc)(struct pv_devs *s, uint32_t domid, uint32_t devid);
    /* Release what the device holds (rings, files) and free it. */
    void (*free)(struct pv_devs *s, struct pv_dev *d);
    /* Initialising -> InitWait: open what it serves, publish features. */
    int (*prepare)(struct pv_devs *s, struct pv_dev *d);
    /* InitWait -> Connected (resume: a restarted daemon, guest Connected). */
    int (*connect)(struct pv_devs *s, struct pv_dev *d, bool resume);
    /* -> Closed: let go of the rings (detach, if still connected) and
     * whatever else is kept for a reconnect. */
    void (*close)(struct pv_devs *s, struct pv_dev *d);
    /* Stop serving: what is under way is finished and answered, the event
     * channel unbound, the rings unmapped, connected false.  Nothing when
     * not connected.  No xenstore. */
    void (*detach)(struct pv_devs *s, struct pv_dev *d);
    /* The device's counters as its xyl-stats value (at most PV_STATS_MAX
     * bytes with the NUL).  No xenstore. */
    void (*stats)(struct pv_devs *s, struct pv_dev *d, char *buf, size_t len);
    /* Optional: a connected device was stepped with nothing to do for its
     * state (something in its directory changed): look again at what it
     * serves (xyl-blkback: an image that grew).  The device may be lent:
     * what the ring thread must learn goes through pv_hand_update(). */
    void (*refresh)(struct pv_devs *s, struct pv_dev *d);
    /* Optional: pv_hand_update()'s value, applied by the device's owner. */
    void (*update)(struct pv_devs *s, struct pv_dev *d, uint64_t arg);
};

/* The handoff between the two threads (pv_hand.c).  lock guards the
 * queues, the [lock] fields of every device, stop and log_wanted. */
struct pv_hand {
    bool threaded;              /* a xenbus thread runs (else: inline) */
    pthread_t thread;
    pthread_mutex_t lock;
    pthread_cond_t cond;        /* go, scanned */
    bool go, scanned, stop, log_wanted;
    struct pv_dev *to_ring, *to_xs;     /* queues (linked by h_rq, h_xq) */
    int ring_fd, xs_fd;         /* eventfds: each thread's wakeup */
};

struct pv_devs {
    struct xs_handle *xs;       /* [xs] */
    xengnttab_handle *xgt;      /* thread-safe (ioctls on one fd) */
    xenevtchn_handle *xce;      /* thread-safe (ioctls, reads on one fd) */
    xc_interface *xch;          /* [xs] */
    const struct xb_kind *kind;
    const struct pv_dev_ops *ops;
    struct pv_dev *list;        /* [xs] every device */
    struct pv_dev *served;      /* [ring] the devices whose rings are served */
    struct pv_hand hand;
    bool rescan;                /* [xs] the backend tree changed: look at all of it */
    bool reap;                  /* [xs] @releaseDomain fired */
    xs_transaction_t wrl_tx;    /* [xs] the empty transaction held while a guest
                                 * floods xenstore (pv_dev.c), or XBT_NULL */
    long wrl_until;             /* [xs] when to end it */
    uint64_t n_wrl;             /* [xs] how many times it was taken */
    long (*now_ms)(void);       /* a monotonic clock in ms (tests set their own) */
};

/* The backend node where a daemon publishes its device's counters (xyl
 * stats, xyl-exporter); its own writes there are not handshake events. */
#define PV_STATS_NODE "xyl-stats"

/* Watch events taken per turn: each only marks its device dirty, and each
 * dirty device is stepped once at the end of the turn, so a guest
 * rewriting its state node in a loop costs one step (a few reads) per turn
 * and the rings are served between turns; the rest of the events wait in
 * libxenstore's queue (its pipe stays readable). */
#define PV_WATCH_BATCH 64

/* The daemon's monotonic clock in ms (s->now_ms when a test set one). */
long pv_devs_now_ms(struct pv_devs *s);

/* ---- the xenbus thread (see struct pv_dev) ---- */
/* The device (domid, devid) this daemon serves, or NULL. */
struct pv_dev *pv_dev_find(struct pv_devs *s, uint32_t domid, uint32_t devid);
/* Whether domid can no longer run: shut down (a suspend included), dying or
 * gone.  False when Xen cannot tell. */
bool pv_domain_stopped(struct pv_devs *s, uint32_t domid);

/* Open the Xen handles and watch kind's backend tree and @releaseDomain
 * (-1 and a log line when something is missing). */
int pv_devs_open(struct pv_devs *s);
/* Free every device (xenstore left as it is: a restarted daemon
 * re-attaches), close the handles.  The xenbus thread must have stopped
 * (pv_hand_stop). */
void pv_devs_close(struct pv_devs *s);
/* Take up to PV_WATCH_BATCH watch events (marking devices dirty), then
 * settle.  Returns true when events may be left for the next turn. */
bool pv_devs_xenstore(struct pv_devs *s);
/* Step every dirty device once; a rescan or reap first if one is due. */
void pv_devs_settle(struct pv_devs *s);
/* Look at every device directory and every known device. */
void pv_devs_scan(struct pv_devs *s);
/* The xenbus side's timers: the next deferred step or watch to set again
 * (poll timeout), and doing them. */
int pv_devs_xs_timeout(struct pv_devs *s, int timeout);
void pv_devs_xs_timers(struct pv_devs *s);
/* Every device's counters to the log (a line each and a count). */
void pv_devs_log_stats(struct pv_devs *s);

/* A line about the device ("domain 5 vif 0: ..."), rate-limited per device. */
void pv_dev_log(struct pv_devs *s, struct pv_dev *d, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The device gives up: why into the log and backend/error. */
void pv_dev_fail(struct pv_devs *s, struct pv_dev *d, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* A frontend node that must be a number (hostile: strict parse).
 * *present (if given): whether the node exists. */
int pv_dev_fe_u32(struct pv_devs *s, struct pv_dev *d, const char *node, uint32_t *out,
                  bool *present);

/* ---- the ring thread: the devices on s->served ---- */
/* An event channel fired: the device on that port becomes runnable, its
 * port masked until pv_dev_served().  false: no device has that port. */
bool pv_devs_kick(struct pv_devs *s, evtchn_port_t port);
/* poll() said the event channel fd is readable: take the pending ports
 * (at most 64) and kick their devices. */
void pv_devs_events(struct pv_devs *s);

/* After serving d's rings: whether the event led to work, and whether work
 * is left.  With none left its port is unmasked, at once when the event
 * found work, after a growing delay when it keeps finding none (a guest
 * storming its event channel). */
void pv_dev_served(struct pv_devs *s, struct pv_dev *d, bool worked, bool more);
/* timeout for poll(), shortened to the next unmask (and, without a xenbus
 * thread, the next deferred step) */
int pv_devs_timeout(struct pv_devs *s, int timeout);
/* Unmask the ports whose backoff ended (without a xenbus thread also the
 * xenbus side's timers). */
void pv_devs_timers(struct pv_devs *s);
/* The frontend broke its ring: d is detached and handed back, and the
 * xenbus thread fails it (error), closes it and says Closing.  d must not
 * be touched after this (the xenbus thread may free it). */
void pv_dev_cut_off(struct pv_devs *s, struct pv_dev *d, const char *why);
/* Each served device's counters, handed on for its xyl-stats node within
 * a second of a change (force: now, e.g. before a log of them); true while
 * a change waits for its second. */
bool pv_devs_publish_stats(struct pv_devs *s, bool force);

/* One round of a daemon's event loop (the ring thread): fills pfd[0..2]
 * (the ring thread's wakeup, event channels, signals), polls them with the
 * caller's pfd[3..n-1], takes a signal (SIGUSR1: every device's counters
 * to the log, by the xenbus thread) and the pending events.  Returns 1 (go
 * on: the caller serves its own fds, then pv_hand_ring_take() if pfd[0] is
 * readable), 0 (a stop signal) or -1 (poll failed, logged). */
int pv_devs_poll(struct pv_devs *s, int sfd, struct pollfd *pfd, unsigned n, int timeout);

/* Signals for the daemons: SIGTERM/SIGINT/SIGHUP stop, SIGUSR1 dumps
 * counters.  pv_signals() blocks them and returns a signalfd (-1: logged);
 * pv_signal_read() returns 0 (nothing), 1 (SIGUSR1) or 2 (stop). */
int pv_signals(void);
int pv_signal_read(int sfd);

#endif
