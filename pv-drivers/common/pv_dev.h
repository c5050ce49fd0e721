/*
 * pv_dev.h - what every userspace backend daemon does with its devices,
 * whatever they carry: the Xen handles, the watches on its backend tree and
 * on @releaseDomain, each device's xenbus handshake (xb_backend_step) and
 * frontend watch, the release of dead guests' devices, signals.
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

#include <xenctrl.h>
#include <xenevtchn.h>
#include <xengnttab.h>
#include <xenstore.h>

#include "../xenbus/xb_path.h"

/* A token bucket: `burst` at once, then one per `per_ms`. */
struct pv_rate {
    long at;                    /* when the tokens were last counted (ms) */
    unsigned tokens;
};

struct pv_dev {
    struct pv_dev *next;
    uint32_t domid, devid;
    char be[XB_PATH_MAX], fe[XB_PATH_MAX];
    char fe_token[40];          /* watch token on fe/state */
    bool watching;
    evtchn_port_t port;         /* our end of the event channel */
    bool connected;             /* rings mapped, event channel bound */
    bool runnable;              /* work left, or an event came */
    bool failed;                /* gave up (error in backend/error) until removed */
    bool dirty;                 /* a watch fired: step it at the end of the turn */
    /* Our side's `state` and `online` as last read.  They change only by
     * a write under the backend's directory, which fires our watch on the
     * whole tree (dev_event sets be_dirty); a step for the frontend's
     * watch alone then reads only the frontend's state: one xenstore
     * round trip instead of three per step of a guest flooding its node. */
    bool be_dirty, be_online;
    int be_state;
    /* event channel: a delivered port stays masked until its ring was served */
    bool masked;
    bool ev_worked;             /* the event so far led to work */
    unsigned spurious;          /* events in a row that found nothing to do */
    long unmask_at;             /* backoff: unmask then (ms), 0: not waiting */
    /* a guest reconnecting in a loop: handshake steps (prepare, connect)
     * and log lines are rate-limited per device */
    struct pv_rate handshakes, lines;
    long defer_until;           /* no step before (ms), 0: none */
    bool slowed;                /* said so in the log */
    unsigned lines_dropped;     /* lines not logged since the last one */
    /* a guest rewriting its state node in a loop: steps that found nothing
     * to do are rate-limited; beyond the rate its state watch is removed
     * until unwatch_until (ms; 0: watched, or the watch could not be set) */
    struct pv_rate idle;
    long unwatch_until;
    long unwatch_ms;            /* how long the last time (doubles while it goes on) */
    long watched_at;            /* when the watch was set again (ms) */
    /* counters (SIGUSR1): what the device has cost the daemon's loop */
    uint64_t n_steps, n_idle, n_events, n_unwatched;
    /* the daemon's one thread inside this device's steps (microseconds,
     * wall clock): mostly synchronous xenstore round trips, during which
     * no ring is served */
    uint64_t step_us;
};

struct pv_devs;

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
    /* -> Closed: let go of the rings. */
    void (*close)(struct pv_devs *s, struct pv_dev *d);
    /* Optional: a connected device was stepped with nothing to do for its
     * state (something in its directory changed): look again at what it
     * serves (xyl-blkback: an image that grew). */
    void (*refresh)(struct pv_devs *s, struct pv_dev *d);
};

struct pv_devs {
    struct xs_handle *xs;
    xengnttab_handle *xgt;
    xenevtchn_handle *xce;
    xc_interface *xch;
    const struct xb_kind *kind;
    const struct pv_dev_ops *ops;
    struct pv_dev *list;
    bool rescan;                /* the backend tree changed: look at all of it */
    bool reap;                  /* @releaseDomain fired */
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
/* The device (domid, devid) this daemon serves, or NULL. */
struct pv_dev *pv_dev_find(struct pv_devs *s, uint32_t domid, uint32_t devid);
/* Whether domid can no longer run: shut down (a suspend included), dying or
 * gone.  False when Xen cannot tell. */
bool pv_domain_stopped(struct pv_devs *s, uint32_t domid);

/* Open the Xen handles and watch kind's backend tree and @releaseDomain
 * (-1 and a log line when something is missing). */
int pv_devs_open(struct pv_devs *s);
/* Free every device (xenstore left as it is: a restarted daemon
 * re-attaches), close the handles. */
void pv_devs_close(struct pv_devs *s);
/* Take up to PV_WATCH_BATCH watch events (marking devices dirty), then
 * settle.  Returns true when events may be left for the next turn. */
bool pv_devs_xenstore(struct pv_devs *s);
/* Step every dirty device once; a rescan or reap first if one is due. */
void pv_devs_settle(struct pv_devs *s);
/* Look at every device directory and every known device. */
void pv_devs_scan(struct pv_devs *s);
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
/* timeout for poll(), shortened to the next unmask or deferred step */
int pv_devs_timeout(struct pv_devs *s, int timeout);
/* Unmask the ports whose backoff ended, step devices whose delay ended. */
void pv_devs_timers(struct pv_devs *s);

/* A line about the device ("domain 5 vif 0: ..."), rate-limited per device. */
void pv_dev_log(struct pv_devs *s, struct pv_dev *d, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* The device gives up: why into the log and backend/error. */
void pv_dev_fail(struct pv_devs *s, struct pv_dev *d, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* The frontend broke its ring: fail, release it, Closing. */
void pv_dev_cut_off(struct pv_devs *s, struct pv_dev *d, const char *why);
/* A frontend node that must be a number (hostile: strict parse).
 * *present (if given): whether the node exists. */
int pv_dev_fe_u32(struct pv_devs *s, struct pv_dev *d, const char *node, uint32_t *out,
                  bool *present);

/* One round of a daemon's event loop: fills pfd[0..2] (xenstore, event
 * channels, signals), polls them with the caller's pfd[3..n-1], takes a
 * signal (SIGUSR1: stats(s)) and the pending events.  Returns 1 (go on: the
 * caller serves its own fds, then pv_devs_xenstore() if pfd[0] is
 * readable), 0 (a stop signal) or -1 (poll failed, logged). */
int pv_devs_poll(struct pv_devs *s, int sfd, struct pollfd *pfd, unsigned n, int timeout,
                 void (*stats)(struct pv_devs *s));

/* Signals for the daemons: SIGTERM/SIGINT/SIGHUP stop, SIGUSR1 dumps
 * counters.  pv_signals() blocks them and returns a signalfd (-1: logged);
 * pv_signal_read() returns 0 (nothing), 1 (SIGUSR1) or 2 (stop). */
int pv_signals(void);
int pv_signal_read(int sfd);

#endif
