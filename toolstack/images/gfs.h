/*
 * gfs.h - libguestfs (the library virt-sysprep uses), loaded with dlopen()
 * only by the commands that edit or read disk images (clone, lint
 * --images): build/xyl, which is copied into dom0s, does not link it.
 *
 * libguestfs runs a small appliance VM.  Where /dev/kvm cannot be opened
 * the appliance is forced onto TCG; LIBGUESTFS_BACKEND_SETTINGS set by the
 * caller wins (e.g. force_tcg on hosts whose KVM cannot run it).  Every
 * failure prints one "xyl: ..." line and returns -1 / NULL.
 */
#ifndef XYL_GFS_H
#define XYL_GFS_H

#include <stdbool.h>
#include <stdio.h>

struct gfs;

/* Load libguestfs.so.0 and make a handle (no appliance yet). */
struct gfs *gfs_open(void);
/* Add an image; format is qemu's name (raw, qcow2, ...). */
int gfs_add(struct gfs *g, const char *path, const char *format, bool readonly);
int gfs_launch(struct gfs *g);

/* Mount the operating system root found on the drive-th image added (0
 * based) at /, read-only if ro.  Inspection first; without an inspectable
 * OS, the one filesystem on that image that has /etc.  Returns 1 if there
 * is none, -1 on error. */
int gfs_mount_root(struct gfs *g, int drive, bool ro);
int gfs_umount_all(struct gfs *g);

/* Inside the mounted root: empty /etc/machine-id (systemd makes a new one
 * at first boot) and make /var/lib/dbus/machine-id a link to it; what was
 * done is said on out, prefixed by what ("NEW-xvda.qcow2"). */
int gfs_reset_machine_id(struct gfs *g, const char *what, FILE *out);

/* /etc/machine-id of the mounted root, without its newline: "" if empty
 * or missing, NULL on error.  Caller frees. */
char *gfs_read_machine_id(struct gfs *g);

/* Flush and stop the appliance (writes are only safe after this). */
int gfs_shutdown(struct gfs *g);
void gfs_close(struct gfs *g);

#endif
