/*
 * clone.h - `xyl clone SRC.yaml NEW`: a new guest definition from an
 * existing one, on copy-on-write disks.
 *
 * NEW.yaml gets the new name and no uuid or mac keys, so both are derived
 * from the new name (ident.c) and differ from the source's.  Every
 * read-write file disk becomes a qcow2 overlay IMAGES/NEW-VDEV.qcow2 backed
 * by the source image, which is only read; then libguestfs empties
 * /etc/machine-id inside the overlay (systemd makes a new one at first boot)
 * and links /var/lib/dbus/machine-id to it.  Read-only disks and CD-ROMs
 * are shared.  Any failure removes everything the clone made.
 */
#ifndef XYL_CLONE_H
#define XYL_CLONE_H

#include <stdbool.h>
#include <stdio.h>

struct clone_opts {
    const char *src;            /* SRC.yaml */
    const char *name;           /* the new guest's name */
    const char *out;            /* NEW.yaml path; NULL: beside SRC */
    const char *config;         /* host configuration (--config), or NULL */
    bool keep_machine_id;       /* skip libguestfs */
};

/* 0 on success; -1 after one line on stderr, with nothing left behind. */
int clone_guest(const struct clone_opts *o, FILE *out);

#endif
