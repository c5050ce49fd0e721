/*
 * pv_dev.c - see pv_dev.h: the xenbus thread's side (the only code that
 * talks to xenstore): watches, handshake steps and their rate limits,
 * reaping dead guests, the per-device log.
 */
#define _GNU_SOURCE
#include "pv_dev.h"
#include "pv_hand.h"
#include "pv_log.h"

#include "../xenbus/xb_dev.h"
#include "../xenbus/xb_parse.h"
#include "../xenbus/xb_state.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long now_ms(struct pv_devs *s)
{
    struct timespec ts;

    if (s->now_ms)
        return s->now_ms();
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000L + ts.tv_nsec / 1000000L;
}

long pv_devs_now_ms(struct pv_devs *s)
{
    return now_ms(s);
}

/* Handshake steps (prepare, connect: each maps or rewrites a few things)
 * per device: a boot takes 2, a few reconnects (kexec, module reload) fit
 * in the burst; a guest flipping its state in a loop gets one step a
 * second.  Lines about a device: 20, then one every 10 s. */
#define HANDSHAKE_BURST 8
#define HANDSHAKE_MS 1000
#define LINES_BURST 20
#define LINES_MS 10000

/* Steps that found nothing to do (a frontend writing its state node with
 * the value it has, or without waiting for us): 8 at once, then one per
 * 125 ms.  Beyond that the device's state watch is removed for UNWATCH_MS
 * and then set again; a new watch fires once, so a change made meanwhile
 * is seen then.  A guest still flooding within UNWATCH_CALM_MS of getting
 * its watch back loses it twice as long, up to UNWATCH_MAX_MS.  Each watch event costs the daemon a step of three
 * synchronous xenstore reads (and xenstored the event), so a guest
 * flooding its node at the rate xenbus allows cost the other guests a
 * share of dom0 (make lab-hostile); now it costs at most 16 steps a
 * second.  A normal frontend writes its state a few times a connection. */
#define IDLE_BURST 8
#define IDLE_MS 125
#define UNWATCH_MS 1000
#define UNWATCH_MAX_MS 8000
#define UNWATCH_CALM_MS 2000

/* xenstored's write rate limit (C xenstored's "wrl": 200 writes a second
 * shared by the guests, a burst of 10 each, dom0 exempt; a guest over it
 * has its ring left unread until it has credit again) is charged only
 * while some transaction is open, anyone's: it exists so that writers
 * cannot starve transactions (wrl_apply_debit_direct in Xen 4.17's
 * xenstored_domain.c).  A guest rewriting its nodes in a loop costs
 * xenstored milliseconds per write whether or not anyone watches them
 * (make lab-hostile: 2.4 ms for a node nobody watches, under TCG), which
 * no watch removal of ours can save.  So while a guest floods, the daemon
 * holds one empty transaction open and xenstored slows that guest down at
 * its own door; ended (aborted: it wrote nothing) WRL_HOLD_MS after the
 * last flood seen.  Normal guests never come near the limit. */
#define WRL_HOLD_MS 30000

static void wrl_hold(struct pv_devs *s)
{
    s->wrl_until = now_ms(s) + WRL_HOLD_MS;
    if (s->wrl_tx != XBT_NULL)
        return;
    s->wrl_tx = xs_transaction_start(s->xs);
    if (s->wrl_tx == XBT_NULL) {
        pv_log("cannot open a xenstore transaction (%s): xenstored's write rate limit "
               "stays off", strerror(errno));
        s->wrl_until = 0;
        return;
    }
    s->n_wrl++;
    if (s->n_wrl == 1 || s->n_wrl % 60 == 0)
        pv_log("a guest floods xenstore: holding a transaction open puts xenstored's write "
               "rate limit in force (%" PRIu64 " times so far)", s->n_wrl);
}

static void wrl_release(struct pv_devs *s)
{
    if (s->wrl_tx == XBT_NULL)
        return;
    xs_transaction_end(s->xs, s->wrl_tx, true);
    s->wrl_tx = XBT_NULL;
    s->wrl_until = 0;
}

static void rate_init(struct pv_rate *r, long now, unsigned burst)
{
    r->at = now;
    r->tokens = burst;
}

/* Take a token: 0, or how many ms until one is there. */
static long rate_take(struct pv_rate *r, long now, unsigned burst, long per_ms)
{
    long n = (now - r->at) / per_ms;

    if (n > 0) {
        r->tokens = n >= (long)burst || r->tokens + n >= burst ? burst : r->tokens + (unsigned)n;
        r->at = r->tokens == burst ? now : r->at + n * per_ms;
    }
    if (r->tokens == 0)
        return r->at + per_ms - now;
    if (r->tokens == burst)
        r->at = now;
    r->tokens--;
    return 0;
}

int pv_devs_open(struct pv_devs *s)
{
    pthread_mutex_init(&s->hand.lock, NULL);
    pthread_cond_init(&s->hand.cond, NULL);
    s->hand.ring_fd = s->hand.xs_fd = -1;
    s->xs = xs_open(XS_UNWATCH_FILTER);
    if (!s->xs) {
        pv_log("cannot connect to xenstored: %s", strerror(errno));
        return -1;
    }
    s->xgt = xengnttab_open(NULL, 0);
    if (!s->xgt) {
        pv_log("cannot open the grant device (is xen-gntdev loaded?): %s", strerror(errno));
        return -1;
    }
    s->xce = xenevtchn_open(NULL, 0);
    if (!s->xce) {
        pv_log("cannot open the event channel device (is xen-evtchn loaded?): %s",
               strerror(errno));
        return -1;
    }
    s->xch = xc_interface_open(NULL, NULL, 0);
    if (!s->xch) {
        pv_log("cannot open libxenctrl: %s", strerror(errno));
        return -1;
    }
    if (!xs_watch(s->xs, s->kind->root, "be") || !xs_watch(s->xs, "@releaseDomain", "rel")) {
        pv_log("cannot watch xenstore: %s", strerror(errno));
        return -1;
    }
    /* libxenstore makes the pipe it signals watches on at the first
     * xs_fileno(): now, while pipe2() is allowed (pv_confine.h) */
    if (xs_fileno(s->xs) < 0) {
        pv_log("cannot set up xenstore's watch pipe: %s", strerror(errno));
        return -1;
    }
    return 0;
}

struct pv_dev *pv_dev_find(struct pv_devs *s, uint32_t domid, uint32_t devid)
{
    struct pv_dev *d;

    for (d = s->list; d; d = d->next)
        if (d->domid == domid && d->devid == devid)
            return d;
    return NULL;
}

/* The watch on the frontend's state node, set (again). */
static void watch_state(struct pv_devs *s, struct pv_dev *d)
{
    char path[XB_PATH_MAX + 8];

    snprintf(path, sizeof(path), "%s/state", d->fe);
    d->watching = xs_watch(s->xs, path, d->fe_token);
    if (!d->watching)
        pv_log("%s: cannot watch the frontend state: %s", d->be, strerror(errno));
}

static struct pv_dev *dev_new(struct pv_devs *s, uint32_t domid, uint32_t devid)
{
    struct pv_dev *d = s->ops->alloc(s, domid, devid);

    if (!d) {
        pv_log("out of memory for %s %u of domain %u", s->ops->noun, devid, domid);
        return NULL;
    }
    d->domid = domid;
    d->devid = devid;
    rate_init(&d->handshakes, now_ms(s), HANDSHAKE_BURST);
    rate_init(&d->lines, now_ms(s), LINES_BURST);
    rate_init(&d->idle, now_ms(s), IDLE_BURST);
    xb_dev_backend_path(s->kind, d->be, sizeof(d->be), domid, devid);
    xb_dev_frontend_path(s->kind, d->fe, sizeof(d->fe), domid, devid);
    snprintf(d->fe_token, sizeof(d->fe_token), "fe:%u:%u", domid, devid);
    d->be_dirty = true;         /* nothing of ours read yet */
    watch_state(s, d);
    d->next = s->list;
    s->list = d;
    pv_log("domain %u %s %u: new (%s)", domid, s->ops->noun, devid, d->be);
    return d;
}

/* d must not be lent (pv_hand_recall returned true). */
static void dev_free(struct pv_devs *s, struct pv_dev *d)
{
    struct pv_dev **pp;
    char path[XB_PATH_MAX + 8];

    if (d->watching) {
        snprintf(path, sizeof(path), "%s/state", d->fe);
        xs_unwatch(s->xs, path, d->fe_token);
    }
    for (pp = &s->list; *pp; pp = &(*pp)->next) {
        if (*pp == d) {
            *pp = d->next;
            break;
        }
    }
    s->ops->free(s, d);
}

void pv_devs_close(struct pv_devs *s)
{
    pv_hand_stop(s);            /* one thread from here: recalls come back at once */
    while (s->list) {
        pv_hand_recall(s, s->list);
        dev_free(s, s->list);
    }
    if (s->hand.ring_fd >= 0)
        close(s->hand.ring_fd);
    if (s->hand.xs_fd >= 0)
        close(s->hand.xs_fd);
    s->hand.ring_fd = s->hand.xs_fd = -1;
    if (s->xch)
        xc_interface_close(s->xch);
    if (s->xce)
        xenevtchn_close(s->xce);
    if (s->xgt)
        xengnttab_close(s->xgt);
    if (s->xs) {
        wrl_release(s);
        xs_close(s->xs);
    }
}

void pv_dev_log(struct pv_devs *s, struct pv_dev *d, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    if (rate_take(&d->lines, now_ms(s), LINES_BURST, LINES_MS)) {
        d->lines_dropped++;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    if (d->lines_dropped)
        pv_log("domain %u %s %u: %s (and %u lines not logged before)", d->domid,
               s->ops->noun, d->devid, msg, d->lines_dropped);
    else
        pv_log("domain %u %s %u: %s", d->domid, s->ops->noun, d->devid, msg);
    d->lines_dropped = 0;
}

void pv_dev_fail(struct pv_devs *s, struct pv_dev *d, const char *fmt, ...)
{
    char msg[512];
    va_list ap;

    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    pv_log("domain %u %s %u: %s", d->domid, s->ops->noun, d->devid, msg);
    xb_write(s->xs, XBT_NULL, d->be, "error", msg);
    d->failed = true;
}

void pv_dev_back(struct pv_devs *s, struct pv_dev *d, const char *why, const char *stats)
{
    d->lent = false;
    if (*why)
        pv_dev_fail(s, d, "the frontend broke the ring protocol (%s)", why);
    pv_dev_log(s, d, "disconnected (%s)", stats);
    if (*why) {
        s->ops->close(s, d);
        xb_writef(s->xs, XBT_NULL, d->be, "state", "%d", XenbusStateClosing);
    }
}

int pv_dev_fe_u32(struct pv_devs *s, struct pv_dev *d, const char *node, uint32_t *out,
                  bool *present)
{
    unsigned len;
    char *v = xb_read(s->xs, XBT_NULL, d->fe, node, &len);
    int rc = v ? xb_parse_u32(v, len, UINT32_MAX, out) : -1;

    if (present)
        *present = v != NULL;
    free(v);
    return rc;
}

/* A step that found nothing to do; past the rate (IDLE_*), the state
 * watch goes for a while (UNWATCH_*; pv_devs_timers sets it again). */
static void idle_step(struct pv_devs *s, struct pv_dev *d)
{
    char path[XB_PATH_MAX + 8];

    d->n_idle++;
    if (!rate_take(&d->idle, now_ms(s), IDLE_BURST, IDLE_MS) || !d->watching)
        return;
    snprintf(path, sizeof(path), "%s/state", d->fe);
    xs_unwatch(s->xs, path, d->fe_token);
    d->watching = false;
    if (d->unwatch_ms && d->watched_at && now_ms(s) - d->watched_at < UNWATCH_CALM_MS)
        d->unwatch_ms = d->unwatch_ms * 2 > UNWATCH_MAX_MS ? UNWATCH_MAX_MS : d->unwatch_ms * 2;
    else
        d->unwatch_ms = UNWATCH_MS;
    d->unwatch_until = now_ms(s) + d->unwatch_ms;
    d->n_unwatched++;
    wrl_hold(s);
    if (d->n_unwatched == 1 || d->n_unwatched % 60 == 0)
        pv_dev_log(s, d, "the frontend rewrites its state in a loop; not watched for %ld ms "
                   "(%" PRIu64 " times so far)", d->unwatch_ms, d->n_unwatched);
}

/* Wall clock in microseconds (the step_us counter; never the tests' fake
 * now_ms: it measures the real cost). */
static uint64_t wall_us(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000u + (uint64_t)ts.tv_nsec / 1000u;
}

/* Run the state machine until it settles (our own state write can enable
 * the next step, e.g. Initialising -> InitWait -> Connected).  false when
 * the device was removed (d is freed). */
static bool dev_step(struct pv_devs *s, struct pv_dev *d)
{
    int i;

    d->n_steps++;
    for (i = 0; i < 4; i++) {
        /* a lent device is connected (d->connected is the ring thread's then) */
        struct xb_view view = { .have_ring = d->lent || d->connected };
        unsigned len;
        char *on;
        enum xb_action act;
        int next, rc = 0;

        if (i == 0 && !d->be_dirty) {   /* only the frontend's watch fired */
            if (d->failed) {
                /* down for good (until the toolstack removes it): any
                 * write of the guest's state is for nothing, and a flood
                 * of them loses the watch and meets xenstored's write
                 * rate limit as a live device's does (lab-hostile run 17:
                 * a device cut off for a broken ring, then flooded,
                 * cost xenstored 13x its ticks, the daemon 3.8x) */
                idle_step(s, d);
                return true;
            }
            view.be_state = d->be_state;
            view.online = d->be_online;
        } else {
            d->be_dirty = false;
            errno = 0;
            view.be_state = xb_read_state(s->xs, XBT_NULL, d->be);
            if (view.be_state < 0 && errno == ENOENT) {
                unsigned n;
                char *dir = xs_read(s->xs, XBT_NULL, d->be, &n);

                free(dir);
                if (!dir) {     /* the toolstack removed the device */
                    if (!pv_hand_recall(s, d))
                        return true;    /* stepped again once it is back */
                    pv_log("domain %u %s %u: removed", d->domid, s->ops->noun, d->devid);
                    dev_free(s, d);
                    return false;
                }
            }
            if (d->failed)      /* stays down until the toolstack removes it */
                return true;
            on = xb_read(s->xs, XBT_NULL, d->be, "online", &len);
            view.online = on && xb_parse_bool(on, len) == 1;
            free(on);
            d->be_state = view.be_state;
            d->be_online = view.online;
        }
        view.fe_state = xb_read_state(s->xs, XBT_NULL, d->fe);
        act = xb_backend_step(&view, &next);
        if (act == XB_ACT_NONE) {
            if (view.have_ring && view.be_state == XenbusStateConnected && s->ops->refresh)
                s->ops->refresh(s, d);
            if (i == 0)         /* the whole step was for nothing */
                idle_step(s, d);
            return true;
        }
        if (act == XB_ACT_PREPARE || act == XB_ACT_CONNECT) {
            long wait = rate_take(&d->handshakes, now_ms(s), HANDSHAKE_BURST, HANDSHAKE_MS);

            if (wait) {         /* come back then (pv_devs_timers) */
                if (!d->slowed)
                    pv_dev_log(s, d, "the frontend reconnects too often; slowed down");
                wrl_hold(s);    /* each flip is a write of the guest's */
                d->slowed = true;
                d->defer_until = now_ms(s) + wait;
                d->dirty = true;
                return true;
            }
            if (d->handshakes.tokens == HANDSHAKE_BURST - 1)
                d->slowed = false;      /* the bucket was full: calm again */
        }
        /* What changes the rings (prepare drops them, connect, close) needs
         * the device back from the ring thread first; Closing leaves the
         * ring served.  The ring thread detaches it and hands it back, and
         * this step runs again then, reading the states afresh. */
        if (act != XB_ACT_CLOSING && !pv_hand_recall(s, d))
            return true;
        pv_debug("domain %u %s %u: backend %s, frontend %s%s: %s", d->domid, s->ops->noun,
                 d->devid, xb_state_name(view.be_state), xb_state_name(view.fe_state),
                 view.online ? "" : ", offline", xb_action_name(act));
        switch (act) {
        case XB_ACT_PREPARE:
            rc = s->ops->prepare(s, d);
            break;
        case XB_ACT_CONNECT:
            rc = s->ops->connect(s, d, view.be_state == XenbusStateConnected);
            /* a new binding starts unmasked */
            d->masked = d->ev_worked = false;
            d->spurious = 0;
            d->unmask_at = 0;
            if (!rc && d->connected)
                pv_hand_lend(s, d);     /* the ring thread serves it from now on */
            break;
        case XB_ACT_CLOSING:     /* the ring stays until the frontend is Closed */
            break;
        case XB_ACT_CLOSED:
            s->ops->close(s, d);
            break;
        case XB_ACT_NONE:
            break;
        }
        if (rc)         /* the toolstack sees Closed/Closing and our error */
            next = act == XB_ACT_PREPARE ? XenbusStateClosed : XenbusStateClosing;
        if (next != view.be_state && xb_writef(s->xs, XBT_NULL, d->be, "state", "%d", next))
            pv_dev_log(s, d, "cannot write state: %s", strerror(errno));
        d->be_dirty = true;     /* read it back (our write's event says so too) */
        if (rc)
            return true;
    }
    return true;
}

/* A backend directory was written: a new device (once the toolstack's
 * transaction wrote its `frontend`), or a known one to look at. */
static void dev_event(struct pv_devs *s, uint32_t domid, uint32_t devid)
{
    struct pv_dev *d = pv_dev_find(s, domid, devid);

    if (!d) {
        char be[XB_PATH_MAX], *fe;
        unsigned n;

        fe = xb_read(s->xs, XBT_NULL, xb_dev_backend_path(s->kind, be, sizeof(be), domid, devid),
                     "frontend", &n);
        free(fe);
        if (!fe || !(d = dev_new(s, domid, devid)))
            return;
    }
    d->dirty = true;
    d->be_dirty = true;
}

/* The guest wrote its state node: only mark the device (the guest decides
 * how often this happens). */
static void fe_event(struct pv_devs *s, const char *token)
{
    unsigned domid, devid;
    struct pv_dev *d;
    int end = 0;

    if (sscanf(token, "fe:%u:%u%n", &domid, &devid, &end) != 2 || token[end])
        return;
    d = pv_dev_find(s, domid, devid);
    if (d)
        d->dirty = true;
}

static bool domain_alive(struct pv_devs *s, uint32_t domid)
{
    xc_domaininfo_t info;
    int n = xc_domain_getinfolist(s->xch, domid, 1, &info);

    if (n < 0)
        return true;            /* cannot tell: never reap on an error */
    return n == 1 && info.domain == domid && !(info.flags & XEN_DOMINF_dying);
}

bool pv_domain_stopped(struct pv_devs *s, uint32_t domid)
{
    xc_domaininfo_t info;
    int n = xc_domain_getinfolist(s->xch, domid, 1, &info);

    if (n < 0)
        return false;           /* cannot tell: it may run */
    return n != 1 || info.domain != domid ||
           (info.flags & (XEN_DOMINF_dying | XEN_DOMINF_shutdown));
}

/* @releaseDomain: release and remove the devices of dead guests. */
static void reap_dead(struct pv_devs *s)
{
    struct pv_dev *d, *next;
    char err[XB_ERR_LEN];

    for (d = s->list; d; d = next) {
        uint32_t domid = d->domid, devid = d->devid;

        next = d->next;
        if (domain_alive(s, domid))
            continue;
        if (!pv_hand_recall(s, d)) {
            d->reap_wait = true;        /* reaped once it is back */
            continue;
        }
        /* release the rings first: until then Xen keeps the dying domain */
        pv_log("domain %u %s %u: the guest is gone; releasing and removing its nodes",
               domid, s->ops->noun, devid);
        dev_free(s, d);
        if (xb_dev_remove(s->xs, s->kind, domid, devid, err, sizeof(err)))
            pv_log("domain %u: %s", domid, err);
    }
}

/* Every device directory (new ones are created) and every known device
 * (those whose directories went away are removed when stepped). */
static void scan(struct pv_devs *s)
{
    unsigned i, j, nd = 0, nv;
    char **doms, **devs, path[XB_PATH_MAX];
    struct pv_dev *d;

    s->rescan = false;
    doms = xs_directory(s->xs, XBT_NULL, s->kind->root, &nd);
    for (i = 0; doms && i < nd; i++) {
        uint32_t domid, devid;

        if (xb_parse_u32(doms[i], strlen(doms[i]), XB_DOMID_MAX, &domid))
            continue;
        nv = 0;
        devs = xs_directory(s->xs, XBT_NULL,
                            xb_dev_backend_domain_path(s->kind, path, sizeof(path), domid), &nv);
        for (j = 0; devs && j < nv; j++)
            if (!xb_parse_u32(devs[j], strlen(devs[j]), UINT32_MAX, &devid))
                dev_event(s, domid, devid);
        free(devs);
    }
    free(doms);
    for (d = s->list; d; d = d->next)
        d->dirty = d->be_dirty = true;
    s->reap = true;
}

void pv_devs_settle(struct pv_devs *s)
{
    struct pv_dev *d, *next;
    uint64_t t0;

    if (s->rescan)
        scan(s);
    for (d = s->list; d; d = next) {
        next = d->next;         /* dev_step may free d, nothing else */
        if (!d->dirty || (d->defer_until && now_ms(s) < d->defer_until))
            continue;
        d->defer_until = 0;     /* dev_step sets it again if still too early */
        d->dirty = false;
        t0 = wall_us();
        if (dev_step(s, d))
            d->step_us += wall_us() - t0;
    }
    if (s->reap) {
        s->reap = false;
        reap_dead(s);
    }
}

void pv_devs_scan(struct pv_devs *s)
{
    s->rescan = true;
    pv_devs_settle(s);
}

bool pv_devs_xenstore(struct pv_devs *s)
{
    char **ev = NULL;
    int n;

    for (n = 0; n < PV_WATCH_BATCH && (ev = xs_check_watch(s->xs)); n++) {
        const char *path = ev[XS_WATCH_PATH], *token = ev[XS_WATCH_TOKEN], *rest;
        uint32_t domid, devid;

        if (!strcmp(token, "be")) {
            int depth = xb_dev_split_backend_path(s->kind, path, &domid, &devid, &rest);

            if (depth == 2) {
                /* the daemon's own counters change nothing for the
                 * handshake: no step (synchronous reads) for them */
                if (strcmp(rest, "/" PV_STATS_NODE))
                    dev_event(s, domid, devid);
            } else if (depth >= 0) {    /* the tree or a guest's directory */
                s->rescan = true;
            }
        } else if (!strcmp(token, "rel")) {
            s->reap = true;
        } else {
            fe_event(s, token);
        }
        free(ev);
    }
    pv_devs_settle(s);
    return n == PV_WATCH_BATCH;
}

/* the earlier of next (ms, -1: none) and when */
static long earliest(long next, long when)
{
    return when && (next < 0 || when < next) ? when : next;
}

static int until(struct pv_devs *s, long next, int timeout)
{
    long now = now_ms(s);

    if (next < 0)
        return timeout;
    next = next > now ? next - now : 0;
    return timeout >= 0 && timeout < next ? timeout : (int)next;
}

int pv_devs_xs_timeout(struct pv_devs *s, int timeout)
{
    long next = -1;
    struct pv_dev *d;

    for (d = s->list; d; d = d->next) {
        next = earliest(next, d->defer_until);
        next = earliest(next, d->unwatch_until);
    }
    if (s->wrl_tx != XBT_NULL)
        next = earliest(next, s->wrl_until);
    return until(s, next, timeout);
}

void pv_devs_xs_timers(struct pv_devs *s)
{
    long now = now_ms(s);
    struct pv_dev *d;
    bool due = false;

    if (s->wrl_tx != XBT_NULL && now >= s->wrl_until)
        wrl_release(s);
    for (d = s->list; d; d = d->next) {
        if (d->defer_until && now >= d->defer_until)
            due = true;
        if (d->unwatch_until && now >= d->unwatch_until) {
            d->unwatch_until = 0;
            d->watched_at = now;
            watch_state(s, d);  /* fires once: the state is stepped then */
        }
    }
    if (due)
        pv_devs_settle(s);
}

void pv_devs_log_stats(struct pv_devs *s)
{
    struct pv_dev *d;
    int n = 0;

    for (d = s->list; d; d = d->next, n++) {
        char stats[PV_STATS_MAX];
        uint64_t events;

        /* the counters as the ring thread last handed them on (it does so
         * for every device it serves before asking for this log) */
        pthread_mutex_lock(&s->hand.lock);
        memcpy(stats, d->h_stats, sizeof(stats));
        events = d->h_events;
        pthread_mutex_unlock(&s->hand.lock);
        if (!s->hand.threaded) {        /* one thread: the counters themselves */
            s->ops->stats(s, d, stats, sizeof(stats));
            events = d->n_events;
        }
        pv_log("domain %u %s %u: %s, %s; %" PRIu64 " handshake steps (%" PRIu64 " for nothing, "
               "state unwatched %" PRIu64 " times; %" PRIu64 " ms in them), %" PRIu64 " events",
               d->domid, s->ops->noun, d->devid,
               d->failed ? "failed" : d->lent || d->connected ? "connected" : "idle",
               stats[0] ? stats : "no counters yet", d->n_steps, d->n_idle, d->n_unwatched,
               d->step_us / 1000, events);
    }
    pv_log("%d device(s); xenstored's write rate limit put in force %" PRIu64 " times%s", n,
           s->n_wrl, s->wrl_tx != XBT_NULL ? " (now in force)" : "");
}
