/*
 * pv_hand.c - see pv_hand.h.
 *
 * The queues: s->hand.to_ring (linked by h_rq) and s->hand.to_xs (h_xq),
 * a device at most once in each, what it carries in
 * its [lock] fields (h_lend, h_recall, h_update, h_back, h_stats_new), all
 * under s->hand.lock.  Each taker pops one device at a time under the
 * lock, copies what it carries, clears it and works outside the lock (the
 * other thread may queue the same device again meanwhile).
 *
 * Why a device is never used after it is freed:
 *   - only the xenbus thread frees, and only a device that is not lent
 *     (dev_free asks it back first);
 *   - lent ends only when the xenbus thread takes h_back, and the ring
 *     thread sets h_back in the same locked section that takes the device
 *     out of to_ring and off its list; it touches the device no more;
 *   - the xenbus thread queues a device for the ring thread only while it
 *     is lent and not already on its way back (h_back), so to_ring never
 *     holds a device that may be freed.
 */
#define _GNU_SOURCE
#include "pv_hand.h"
#include "pv_log.h"

#include "../xenbus/xb_dev.h"

#include <errno.h>
#include <stddef.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/eventfd.h>
#include <unistd.h>

static void wake(int fd)
{
    uint64_t one = 1;

    if (fd >= 0)
        (void)!write(fd, &one, sizeof(one));
}

static void drain(int fd)
{
    uint64_t n;

    if (fd >= 0)
        (void)!read(fd, &n, sizeof(n));
}

/* The three lists (s->served, s->hand.to_ring, s->hand.to_xs) are stacks
 * linked through a struct pv_link in each device, at offset off. */
#define LINK(d, off) ((struct pv_link *)((char *)(d) + (off)))
#define SERVE offsetof(struct pv_dev, serve)
#define TO_RING offsetof(struct pv_dev, h_rq)
#define TO_XS offsetof(struct pv_dev, h_xq)

static void link_push(struct pv_dev **head, struct pv_dev *d, size_t off)
{
    struct pv_link *l = LINK(d, off);

    if (l->on)
        return;
    l->on = true;
    l->next = *head;
    *head = d;
}

static struct pv_dev *link_pop(struct pv_dev **head, size_t off)
{
    struct pv_dev *d = *head;

    if (d) {
        *head = LINK(d, off)->next;
        LINK(d, off)->on = false;
    }
    return d;
}

static void link_remove(struct pv_dev **head, struct pv_dev *d, size_t off)
{
    struct pv_dev **pp;

    if (!LINK(d, off)->on)
        return;
    for (pp = head; *pp; pp = &LINK(*pp, off)->next) {
        if (*pp == d) {
            *pp = LINK(d, off)->next;
            break;
        }
    }
    LINK(d, off)->on = false;
}

/* ---- the ring thread ---- */

int pv_hand_ring_fd(struct pv_devs *s)
{
    return s->hand.threaded ? s->hand.ring_fd : xs_fileno(s->xs);
}

void pv_hand_give_back(struct pv_devs *s, struct pv_dev *d, const char *why)
{
    char stats[PV_STATS_MAX];
    bool upd;
    uint64_t arg;

    /* an update still queued is the device's state too: apply it first */
    pthread_mutex_lock(&s->hand.lock);
    upd = d->h_update;
    arg = d->h_arg;
    d->h_update = false;
    pthread_mutex_unlock(&s->hand.lock);
    if (upd && s->ops->update)
        s->ops->update(s, d, arg);
    link_remove(&s->served, d, SERVE);
    s->ops->detach(s, d);
    s->ops->stats(s, d, stats, sizeof(stats));
    pthread_mutex_lock(&s->hand.lock);
    link_remove(&s->hand.to_ring, d, TO_RING);
    /* an update queued since stays set: the xenbus thread applies it */
    d->h_lend = d->h_recall = false;
    if (s->hand.threaded) {
        d->h_back = true;
        snprintf(d->h_why, sizeof(d->h_why), "%s", why ? why : "");
        memcpy(d->h_stats, stats, sizeof(stats));
        d->h_events = d->n_events;
        d->h_stats_new = false;         /* the device's node gets them at its next connect */
        link_push(&s->hand.to_xs, d, TO_XS);
    }
    pthread_mutex_unlock(&s->hand.lock);
    if (s->hand.threaded)
        wake(s->hand.xs_fd);            /* d is the xenbus thread's from here on */
    else
        pv_dev_back(s, d, why ? why : "", stats);
}

void pv_hand_ring_take(struct pv_devs *s)
{
    if (!s->hand.threaded) {            /* the wakeup was xenstore's */
        pv_devs_xenstore(s);
        return;
    }
    drain(s->hand.ring_fd);
    for (;;) {
        struct pv_dev *d;
        bool lend, recall, upd;
        uint64_t arg;

        pthread_mutex_lock(&s->hand.lock);
        d = link_pop(&s->hand.to_ring, TO_RING);
        if (d) {
            lend = d->h_lend;
            recall = d->h_recall;
            upd = d->h_update;
            arg = d->h_arg;
            d->h_lend = d->h_recall = d->h_update = false;
        }
        pthread_mutex_unlock(&s->hand.lock);
        if (!d)
            return;
        /* d is lent (only a lent device is queued here): ours */
        if (lend)
            link_push(&s->served, d, SERVE);
        if (upd && s->ops->update)
            s->ops->update(s, d, arg);
        if (recall)
            pv_hand_give_back(s, d, NULL);
    }
}

void pv_hand_post_stats(struct pv_devs *s, struct pv_dev *d, const char *stats)
{
    if (!s->hand.threaded) {
        xb_write(s->xs, XBT_NULL, d->be, PV_STATS_NODE, stats);
        return;
    }
    pthread_mutex_lock(&s->hand.lock);
    snprintf(d->h_stats, sizeof(d->h_stats), "%s", stats);
    d->h_events = d->n_events;
    d->h_stats_new = true;
    link_push(&s->hand.to_xs, d, TO_XS);
    pthread_mutex_unlock(&s->hand.lock);
    wake(s->hand.xs_fd);
}

void pv_hand_want_log(struct pv_devs *s)
{
    if (!s->hand.threaded) {
        pv_devs_log_stats(s);
        return;
    }
    pthread_mutex_lock(&s->hand.lock);
    s->hand.log_wanted = true;
    pthread_mutex_unlock(&s->hand.lock);
    wake(s->hand.xs_fd);
}

/* ---- the xenbus thread ---- */

void pv_hand_lend(struct pv_devs *s, struct pv_dev *d)
{
    d->lent = true;
    if (!s->hand.threaded) {
        link_push(&s->served, d, SERVE);
        return;
    }
    pthread_mutex_lock(&s->hand.lock);
    d->h_lend = true;
    link_push(&s->hand.to_ring, d, TO_RING);
    pthread_mutex_unlock(&s->hand.lock);
    wake(s->hand.ring_fd);
}

bool pv_hand_recall(struct pv_devs *s, struct pv_dev *d)
{
    if (!d->lent)
        return true;
    if (!s->hand.threaded) {
        pv_hand_give_back(s, d, NULL);  /* pv_dev_back: not lent now */
        return true;
    }
    pthread_mutex_lock(&s->hand.lock);
    if (!d->h_back) {                   /* else it is on its way already */
        d->h_recall = true;
        link_push(&s->hand.to_ring, d, TO_RING);
    }
    pthread_mutex_unlock(&s->hand.lock);
    wake(s->hand.ring_fd);
    return false;
}

void pv_hand_update(struct pv_devs *s, struct pv_dev *d, uint64_t arg)
{
    if (!d->lent || !s->hand.threaded) {
        if (s->ops->update)
            s->ops->update(s, d, arg);
        return;
    }
    pthread_mutex_lock(&s->hand.lock);
    d->h_update = true;
    d->h_arg = arg;
    if (!d->h_back)         /* else applied when it is back (pv_hand_xs_take) */
        link_push(&s->hand.to_ring, d, TO_RING);
    pthread_mutex_unlock(&s->hand.lock);
    wake(s->hand.ring_fd);
}

void pv_hand_xs_take(struct pv_devs *s)
{
    if (!s->hand.threaded && !s->hand.to_xs)
        return;
    drain(s->hand.xs_fd);
    for (;;) {
        struct pv_dev *d;
        bool back, stats_new, upd = false;
        uint64_t arg = 0;
        char why[sizeof(d->h_why)], stats[PV_STATS_MAX];

        pthread_mutex_lock(&s->hand.lock);
        d = link_pop(&s->hand.to_xs, TO_XS);
        if (d) {
            back = d->h_back;
            stats_new = d->h_stats_new;
            memcpy(why, d->h_why, sizeof(why));
            memcpy(stats, d->h_stats, sizeof(stats));
            if (back) {
                upd = d->h_update;
                arg = d->h_arg;
                d->h_update = false;
            }
            d->h_back = d->h_stats_new = false;
        }
        pthread_mutex_unlock(&s->hand.lock);
        if (!d)
            return;
        if (stats_new && xb_write(s->xs, XBT_NULL, d->be, PV_STATS_NODE, stats))
            pv_debug("%s: cannot write %s: %s", d->be, PV_STATS_NODE, strerror(errno));
        if (back) {
            if (upd && s->ops->update)
                s->ops->update(s, d, arg);
            pv_dev_back(s, d, why, stats);
            /* what asked for it goes on: a step, a reap */
            d->dirty = d->be_dirty = true;
            if (d->reap_wait) {
                d->reap_wait = false;
                s->reap = true;
            }
        }
    }
}

/* ---- the daemon ---- */

static void *xs_main(void *arg)
{
    struct pv_devs *s = arg;
    bool more = false, stop, log;

    pthread_mutex_lock(&s->hand.lock);
    while (!s->hand.go && !s->hand.stop)
        pthread_cond_wait(&s->hand.cond, &s->hand.lock);
    stop = s->hand.stop;
    pthread_mutex_unlock(&s->hand.lock);
    if (!stop)
        pv_devs_scan(s);
    pthread_mutex_lock(&s->hand.lock);
    s->hand.scanned = true;
    pthread_cond_broadcast(&s->hand.cond);
    pthread_mutex_unlock(&s->hand.lock);
    while (!stop) {
        struct pollfd pfd[2] = {
            { .fd = xs_fileno(s->xs), .events = POLLIN },
            { .fd = s->hand.xs_fd, .events = POLLIN },
        };

        if (poll(pfd, 2, pv_devs_xs_timeout(s, more ? 0 : -1)) < 0 && errno != EINTR) {
            pv_log("xenbus thread: poll: %s", strerror(errno));
            usleep(100000);             /* never spin; the ring thread goes on */
        }
        pthread_mutex_lock(&s->hand.lock);
        stop = s->hand.stop;
        log = s->hand.log_wanted;
        s->hand.log_wanted = false;
        pthread_mutex_unlock(&s->hand.lock);
        pv_hand_xs_take(s);
        pv_devs_xs_timers(s);
        /* xs_check_watch does not block: look whatever woke us */
        more = !stop && pv_devs_xenstore(s);
        if (log)
            pv_devs_log_stats(s);
    }
    return NULL;
}

int pv_hand_start(struct pv_devs *s)
{
    int rc;

    s->hand.ring_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    s->hand.xs_fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
    if (s->hand.ring_fd < 0 || s->hand.xs_fd < 0) {
        pv_log("eventfd: %s", strerror(errno));
        return -1;
    }
    s->hand.threaded = true;
    rc = pthread_create(&s->hand.thread, NULL, xs_main, s);
    if (rc) {
        s->hand.threaded = false;
        pv_log("cannot start the xenbus thread: %s", strerror(rc));
        return -1;
    }
    return 0;
}

void pv_hand_go(struct pv_devs *s)
{
    pthread_mutex_lock(&s->hand.lock);
    s->hand.go = true;
    pthread_cond_broadcast(&s->hand.cond);
    while (!s->hand.scanned)
        pthread_cond_wait(&s->hand.cond, &s->hand.lock);
    pthread_mutex_unlock(&s->hand.lock);
}

void pv_hand_stop(struct pv_devs *s)
{
    if (!s->hand.threaded)
        return;
    pthread_mutex_lock(&s->hand.lock);
    s->hand.stop = true;
    pthread_cond_broadcast(&s->hand.cond);
    pthread_mutex_unlock(&s->hand.lock);
    wake(s->hand.xs_fd);
    pthread_join(s->hand.thread, NULL);
    /* one thread from here: devices on their way back are taken now,
     * those still lent come back at once when asked (pv_devs_close) */
    s->hand.threaded = false;
    pv_hand_xs_take(s);
}
