/*
 * pv_serve.c - the ring thread's side of the shared device code (see
 * pv_dev.h, pv_hand.h): event channels (a port masked until its ring was
 * served, a backoff for a guest storming it), the poll loop's round,
 * signals, counters handed on for xyl-stats, a broken ring cut off.
 * Everything here walks s->served, the ring thread's own list, and never
 * calls xenstore.
 */
#define _GNU_SOURCE
#include "pv_dev.h"
#include "pv_hand.h"
#include "pv_log.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

/* Events in a row that found no work before the backoff starts (a guest
 * may notify a little more than needed), the first delay and the longest:
 * a guest notifying in a loop wakes the daemon 8 times per second. */
#define SPURIOUS_FREE 8
#define BACKOFF_MIN_MS 1
#define BACKOFF_MAX_MS 128

void pv_dev_cut_off(struct pv_devs *s, struct pv_dev *d, const char *why)
{
    pv_hand_give_back(s, d, why);       /* pv_dev_back does the rest */
}

bool pv_devs_kick(struct pv_devs *s, evtchn_port_t port)
{
    struct pv_dev *d;

    for (d = s->served; d; d = d->serve.next) {
        if (d->connected && d->port == port) {
            d->n_events++;
            d->runnable = true;
            d->masked = true;   /* until pv_dev_served() */
            return true;
        }
    }
    return false;
}

void pv_devs_events(struct pv_devs *s)
{
    struct pollfd p = { .fd = xenevtchn_fd(s->xce), .events = POLLIN };
    xenevtchn_port_or_error_t port;
    int n;

    /* several guests may have fired; a port stays masked until its device
     * was served (pv_dev_served): an event meanwhile is held by Xen and
     * comes at the unmask, and a guest notifying in a loop costs one
     * wakeup per serve, or less (the backoff) */
    for (n = 0; n < 64; n++) {
        port = xenevtchn_pending(s->xce);
        if (port < 0)
            break;
        if (!pv_devs_kick(s, (evtchn_port_t)port))
            xenevtchn_unmask(s->xce, (evtchn_port_t)port);      /* nobody's: stale */
        if (poll(&p, 1, 0) <= 0 || !(p.revents & POLLIN))
            break;
    }
}


static void unmask(struct pv_devs *s, struct pv_dev *d)
{
    d->masked = false;
    d->unmask_at = 0;
    if (d->connected)
        xenevtchn_unmask(s->xce, d->port);
}

void pv_dev_served(struct pv_devs *s, struct pv_dev *d, bool worked, bool more)
{
    unsigned shift;

    d->ev_worked |= worked;
    if (more)                   /* still runnable: the ring is looked at again */
        return;
    if (!d->masked || d->unmask_at) {
        d->ev_worked = false;
        return;
    }
    if (d->ev_worked)
        d->spurious = 0;
    else if (d->spurious < 1000)
        d->spurious++;
    d->ev_worked = false;
    if (d->spurious <= SPURIOUS_FREE) {
        unmask(s, d);
        return;
    }
    shift = d->spurious - SPURIOUS_FREE - 1;
    d->unmask_at = pv_devs_now_ms(s) + (shift >= 7 ? BACKOFF_MAX_MS : BACKOFF_MIN_MS << shift);
}

int pv_devs_timeout(struct pv_devs *s, int timeout)
{
    long now = pv_devs_now_ms(s), next = -1;
    struct pv_dev *d;

    for (d = s->served; d; d = d->serve.next)
        if (d->unmask_at && (next < 0 || d->unmask_at < next))
            next = d->unmask_at;
    if (next >= 0) {
        next = next > now ? next - now : 0;
        if (timeout < 0 || next < timeout)
            timeout = (int)next;
    }
    return s->hand.threaded ? timeout : pv_devs_xs_timeout(s, timeout);
}

void pv_devs_timers(struct pv_devs *s)
{
    long now = pv_devs_now_ms(s);
    struct pv_dev *d;

    for (d = s->served; d; d = d->serve.next)
        if (d->unmask_at && now >= d->unmask_at)
            unmask(s, d);       /* an event held meanwhile comes now */
    if (!s->hand.threaded)
        pv_devs_xs_timers(s);
}

bool pv_devs_publish_stats(struct pv_devs *s, bool force)
{
    long now = pv_devs_now_ms(s);
    struct pv_dev *d;
    bool waiting = false;

    for (d = s->served; d; d = d->serve.next) {
        char buf[PV_STATS_MAX];

        /* within a second of the last post nothing is formatted (the
         * loop runs per batch of requests or packets); a change made
         * meanwhile is looked for when the second is over */
        if (!force && d->stats_at && now - d->stats_at < 1000) {
            waiting = true;
            continue;
        }
        s->ops->stats(s, d, buf, sizeof(buf));
        if (!strcmp(buf, d->stats_last) && !force)
            continue;
        d->stats_at = now;
        memcpy(d->stats_last, buf, sizeof(buf));
        pv_hand_post_stats(s, d, buf);
    }
    return waiting;
}

int pv_signals(void)
{
    sigset_t mask;
    int sfd;

    signal(SIGPIPE, SIG_IGN);
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigaddset(&mask, SIGHUP);
    sigaddset(&mask, SIGUSR1);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    sfd = signalfd(-1, &mask, SFD_CLOEXEC | SFD_NONBLOCK);
    if (sfd < 0)
        pv_log("signalfd: %s", strerror(errno));
    return sfd;
}

int pv_signal_read(int sfd)
{
    struct signalfd_siginfo si;

    if (read(sfd, &si, sizeof(si)) != sizeof(si))
        return 0;
    if (si.ssi_signo == SIGUSR1)
        return 1;
    pv_log("signal %u: shutting down", si.ssi_signo);
    return 2;
}

int pv_devs_poll(struct pv_devs *s, int sfd, struct pollfd *pfd, unsigned n, int timeout)
{
    pfd[0] = (struct pollfd){ .fd = pv_hand_ring_fd(s), .events = POLLIN };
    pfd[1] = (struct pollfd){ .fd = xenevtchn_fd(s->xce), .events = POLLIN };
    pfd[2] = (struct pollfd){ .fd = sfd, .events = POLLIN };
    timeout = pv_devs_timeout(s, timeout);
    if (poll(pfd, n, timeout) < 0) {
        if (errno == EINTR)
            return 1;
        pv_log("poll: %s", strerror(errno));
        return -1;
    }
    if (pfd[2].revents & POLLIN) {
        int sig = pv_signal_read(sfd);

        if (sig == 1) {         /* SIGUSR1: fresh counters, logged by the xenbus thread */
            pv_devs_publish_stats(s, true);
            pv_hand_want_log(s);
        } else if (sig == 2) {
            return 0;
        }
    }
    pv_devs_timers(s);
    if (pfd[1].revents & POLLIN)
        pv_devs_events(s);
    return 1;
}
