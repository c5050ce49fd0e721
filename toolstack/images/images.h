/*
 * images.h - disk images: relative targets resolved against the images
 * folder, missing images of disks with 'size' created (raw sparse, or qcow2
 * through qemu-img), and undone again when the command that made them fails.
 *
 * An existing path is never opened for writing, truncated or removed here:
 * creation claims the name with O_CREAT|O_EXCL first, and the rollback only
 * removes names this process claimed.
 */
#ifndef XYL_IMAGES_H
#define XYL_IMAGES_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/diag.h"
#include "model/guest.h"

struct image_list {
    char **paths;
    int n, alloc;
};

/* Rewrite relative disk targets of g as dir/target (mapping-form disks;
 * a relative target in an xl spec string is an error).  Returns errors. */
int images_resolve(struct xyl_guest *g, const char *dir, struct diags *d);

/* Create the missing image of every disk with 'size'.  Each one created is
 * said on out and added to created; with dry, only "would create" lines are
 * written and nothing is touched.  On failure prints one line, removes the
 * images it created in this call, and returns -1. */
int images_create_missing(const struct xyl_guest *g, bool dry, FILE *out,
                          struct image_list *created);

/* Remove every image in l (those this process created), saying so on out. */
void images_rollback(struct image_list *l, FILE *out);
void image_list_free(struct image_list *l);

/* One image at a new path (fails if path exists; nothing left on failure).
 * format "raw" (sparse) or "qcow2"; backing (qcow2 only, may be NULL) makes
 * an overlay of backing (format backing_fmt) and then size may be 0. */
int image_create(const char *path, const char *format, uint64_t size,
                 const char *backing, const char *backing_fmt);

/* qemu's name for a disk's image format: raw, qcow2, vpc (vhd), ... */
const char *disk_qemu_format(const struct xyl_disk *dk);

/* "4G", "512M", "1536K": the largest unit that divides size exactly. */
void format_size(uint64_t size, char out[32]);

/* Run argv (argv[0] looked up in PATH) and wait; 0 if it exited 0, else
 * prints one line naming the program and returns -1. */
int run_program(char *const argv[], const char *package);
/* The same with its standard output thrown away (mkfs.fat's banner). */
int run_program_quiet(char *const argv[], const char *package);

#endif
