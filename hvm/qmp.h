/*
 * qmp.h - a small client of QEMU's machine protocol (QMP) for the qemu-xen
 * device model of an HVM guest, on the socket libxl opened for it
 * (/var/run/xen/qmp-libxl-DOMID).  libxl itself only connects there for a
 * moment per request, so xyl can do the same for what libxl does not offer
 * (screendump).  Everything QEMU sends is treated as hostile: lines are
 * bounded, parsed with yajl, checked for shape and matched by id.
 */
#ifndef XYL_HVM_QMP_H
#define XYL_HVM_QMP_H

#include <stddef.h>
#include <stdint.h>

#include <yajl/yajl_tree.h>

/* The longest message accepted: the replies xyl asks for are a few
 * hundred bytes; anything past this is a broken or hostile peer. */
#define QMP_LINE_MAX (256 * 1024)
/* Messages skipped while waiting for a reply (events, stale replies). */
#define QMP_SKIP_MAX 1000
/* Default time for the greeting and for each reply: QEMU answers in
 * milliseconds; a screendump under TCG takes well under a second. */
#define QMP_TIMEOUT_MS 15000

struct qmp {
    int fd;
    int timeout_ms;
    unsigned next_id;
    char *buf;              /* bytes read past the last full line */
    size_t len;
    char *who;              /* "the device model of domain N", for messages */
};

/* libxl's QMP socket of a domain (caller frees). */
char *qmp_socket_path(uint32_t domid);

/* Connect to path, read the greeting and leave capabilities negotiation.
 * who names the peer in messages.  0, or -1 with one line printed and
 * nothing left open. */
int qmp_open(struct qmp *q, const char *path, const char *who, int timeout_ms);

/* The same over an already connected socket fd (taken over: closed by
 * qmp_close, or here on failure).  For tests and callers with a socket. */
int qmp_open_fd(struct qmp *q, int fd, const char *who, int timeout_ms);

/* Run cmd with args (a JSON object text, or NULL).  On success *reply is
 * the whole reply (caller frees with yajl_tree_free) and 0 is returned;
 * an error reply or a broken peer prints one line and returns -1. */
int qmp_call(struct qmp *q, const char *cmd, const char *args, yajl_val *reply);

/* The "return" member of a reply of qmp_call. */
yajl_val qmp_return(yajl_val reply);

/* QEMU writes the guest's screen to path, as a binary PPM (P6). */
int qmp_screendump(struct qmp *q, const char *path);

void qmp_close(struct qmp *q);

#endif
