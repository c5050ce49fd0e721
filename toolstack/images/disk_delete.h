/*
 * disk_delete.h - `xyl destroy --delete-disks`: which of a guest's disks may
 * be deleted once it is gone.  Only regular files the guest had read-write
 * are deleted (libxl's and the guest's `backend: xyl` disks), and
 * cloud_init's seed (NAME-cidata.img, read-only or a CD); block
 * devices, read-only disks and CD-ROMs are kept, and a file another running
 * guest also uses (through libxl or xyl-blkback, directly or as a qcow2
 * backing file), or a symbolic link, refuses the whole destroy.
 */
#ifndef XYL_DISK_DELETE_H
#define XYL_DISK_DELETE_H

#include <stdint.h>
#include <stdio.h>

#include <libxl.h>

#include "images/images.h"

/* A disk of another running guest. */
struct other_disk {
    const char *guest;
    uint32_t domid;
    const char *path;
};

/* Decide for the guest's disks; files to delete go to del, what is kept is
 * said on out.  Returns -1 (one line on stderr) if a file is shared. */
int disk_delete_plan(const libxl_device_disk *disks, int n, const struct other_disk *others,
                     int n_others, struct image_list *del, FILE *out);

/* The plan for domid from libxl (its stored configuration, and every other
 * domain's disks); -1 with one line on failure or refusal. */
int disk_delete_plan_domain(libxl_ctx *ctx, uint32_t domid, struct image_list *del, FILE *out);

/* The backing file named in a qcow2 image's header (relative names taken
 * from the image's folder, as qemu does), or NULL: not qcow2, none, or
 * unreadable.  Free it. */
char *qcow2_backing_file(const char *path);

/* Delete the planned files (the guest is gone): "deleted PATH" each. */
int disk_delete_run(const struct image_list *del, FILE *out);

#endif
