/*
 * xb_state.h - the backend half of the xenbus handshake, as a pure function.
 *
 * The backend looks at three facts, all re-read from xenstore each time
 * (a watch may fire once for several changes, or for a value that changed
 * back): its own state (written by itself, or by the toolstack when it
 * detaches a device), `online` (the toolstack's wish), and the frontend's
 * state (the guest's, hostile: any value, any order).  xb_backend_step()
 * says what to do; the caller does it and writes the new state.
 *
 *   Initialising --(image opened, features published)--> InitWait
 *   InitWait --(frontend Initialised/Connected: map ring)--> Connected
 *   any --(frontend Closing, or offline)--> Closing (ring kept: requests
 *          in flight still complete)
 *   any --(frontend Closed/Unknown/gone)--> Closed (ring released)
 *   Closed/Connected --(frontend Initialising again)--> InitWait (reconnect)
 */
#ifndef XYL_XB_STATE_H
#define XYL_XB_STATE_H

#include <stdbool.h>

#include <xen/io/xenbus.h>

enum xb_action {
    XB_ACT_NONE,
    XB_ACT_PREPARE,     /* drop any old ring, open the image, publish -> InitWait */
    XB_ACT_CONNECT,     /* read ring-ref/event-channel, map, bind -> Connected */
    XB_ACT_CLOSING,     /* -> Closing; keep serving until the frontend is Closed */
    XB_ACT_CLOSED,      /* unmap/unbind, close the image -> Closed */
};

struct xb_view {
    int be_state;       /* XenbusState, -1 = unreadable */
    int fe_state;       /* XenbusState, -1 = absent or malformed */
    bool online;        /* backend `online` is "1" */
    bool have_ring;     /* we hold the ring mapping and event channel */
};

/* What to do, and the state to write afterwards (*next; unchanged for NONE). */
enum xb_action xb_backend_step(const struct xb_view *v, int *next);

/* "InitWait", ... ; "invalid" outside 0..8. */
const char *xb_state_name(int state);
const char *xb_action_name(enum xb_action a);

#endif
