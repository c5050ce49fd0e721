/*
 * vnc.h - how to reach an HVM guest's screen: QEMU's own answer to
 * query-vnc over QMP (the address and port it listens on, whether a
 * password is asked, how many viewers are connected), printed for people
 * (with the ssh -L line when it listens on loopback only) or as JSON.
 */
#ifndef XYL_HVM_VNC_H
#define XYL_HVM_VNC_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "hvm/qmp.h"

struct hvm_vnc {
    bool enabled;
    char *host;             /* the address QEMU listens on */
    long port;              /* TCP port */
    bool password;          /* auth is not "none" */
    char *auth;             /* QEMU's name for it: none, vnc, vencrypt... */
    int clients;            /* viewers connected now */
};

/* Ask q (query-vnc) and check the answer as a peer's: 0, or -1 with one
 * line.  Free v with hvm_vnc_free. */
int hvm_vnc_query(struct qmp *q, struct hvm_vnc *v);

/* The same for domain domid (named name), on libxl's QMP socket. */
int hvm_vnc_get(uint32_t domid, const char *name, struct hvm_vnc *v);

/* For people: where it listens, whether a password is set; the ssh -L
 * line (through dom0 host ssh_host) when only loopback is served. */
void hvm_vnc_print(FILE *out, const struct hvm_vnc *v, const char *name, const char *ssh_host);

/* --json: the same facts as one object on stdout. */
void hvm_vnc_print_json(const struct hvm_vnc *v, const char *name, uint32_t domid,
                        const char *ssh_host);

void hvm_vnc_free(struct hvm_vnc *v);

#endif
