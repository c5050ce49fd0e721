/*
 * xb_state.c - backend state transitions (see xb_state.h).
 *
 * Modelled on the protocol in xen/include/public/io/blkif.h ("STATE
 * DIAGRAMS") and on how Linux's xen-blkback reacts to its frontend; written
 * as a table-like function so every path can be unit-tested without Xen.
 */
#include "xb_state.h"

static const char *const names[] = {
    "Unknown", "Initialising", "InitWait", "Initialised", "Connected",
    "Closing", "Closed", "Reconfiguring", "Reconfigured",
};

const char *xb_state_name(int state)
{
    return state >= 0 && state <= 8 ? names[state] : "invalid";
}

const char *xb_action_name(enum xb_action a)
{
    switch (a) {
    case XB_ACT_NONE: return "none";
    case XB_ACT_PREPARE: return "prepare";
    case XB_ACT_CONNECT: return "connect";
    case XB_ACT_CLOSING: return "closing";
    case XB_ACT_CLOSED: return "closed";
    }
    return "?";
}

static enum xb_action go(int *next, int state, enum xb_action a)
{
    *next = state;
    return a;
}

enum xb_action xb_backend_step(const struct xb_view *v, int *next)
{
    int be = v->be_state, fe = v->fe_state;

    *next = be;
    if (be < 0)
        return XB_ACT_NONE;     /* our own node is unreadable: nothing to act on */

    /* The frontend is gone or dead (its directory removed, the guest wrote
     * garbage, or it says Closed/Unknown): release the ring now, so a dying
     * domain's pages are not pinned by us. */
    if (fe < 0 || fe == XenbusStateUnknown || fe == XenbusStateClosed) {
        if (be == XenbusStateClosed)
            return v->have_ring ? go(next, XenbusStateClosed, XB_ACT_CLOSED) : XB_ACT_NONE;
        /* A fresh device whose frontend is not there yet stays put. */
        if (be == XenbusStateInitialising && fe < 0)
            return XB_ACT_NONE;
        return go(next, XenbusStateClosed, XB_ACT_CLOSED);
    }

    /* The toolstack took the device offline (detach): say Closing and let
     * the frontend follow; it then reaches Closed above.  The ring stays
     * until then: the frontend may still have requests in flight, and a
     * guest that refuses to let go of a mounted disk keeps using it. */
    if (!v->online) {
        if (be == XenbusStateClosing || be == XenbusStateClosed)
            return XB_ACT_NONE;
        return go(next, XenbusStateClosing, XB_ACT_CLOSING);
    }

    switch (fe) {
    case XenbusStateClosing:
        if (be == XenbusStateClosing || be == XenbusStateClosed)
            return XB_ACT_NONE;
        return go(next, XenbusStateClosing, XB_ACT_CLOSING);

    case XenbusStateInitialising:
    case XenbusStateInitWait:
        /* New device, or a frontend that reset after Closed (kexec, module
         * reload), or one that restarted while we were connected: drop any
         * old ring, (re)publish and wait for it. */
        if (be == XenbusStateInitialising || be == XenbusStateClosed ||
            be == XenbusStateConnected)
            return go(next, XenbusStateInitWait, XB_ACT_PREPARE);
        return XB_ACT_NONE;

    case XenbusStateInitialised:
    case XenbusStateConnected:
        if (be == XenbusStateInitWait || be == XenbusStateInitialised)
            return go(next, XenbusStateConnected, XB_ACT_CONNECT);
        /* Connected on both sides but no ring: we restarted; attach again. */
        if (be == XenbusStateConnected && !v->have_ring)
            return go(next, XenbusStateConnected, XB_ACT_CONNECT);
        /* Skipped InitWait (allowed by blkif.h): publish first; the next
         * step connects. */
        if (be == XenbusStateInitialising)
            return go(next, XenbusStateInitWait, XB_ACT_PREPARE);
        return XB_ACT_NONE;

    default:            /* Reconfiguring/Reconfigured: not a blkif thing */
        return XB_ACT_NONE;
    }
}
