/*
 * cloudinit.h - cloud-init's NoCloud seed for a guest: a small vfat image
 * labelled CIDATA holding user-data, meta-data and, optionally,
 * network-config (NoCloud looks for cidata or CIDATA; FAT keeps labels in
 * upper case, so CIDATA), made with Debian's dosfstools (mkfs.fat) and mtools
 * (mcopy), never by hand.  cloud-init finds it by its label on any disk
 * or CD the guest sees.
 */
#ifndef XYL_CLOUDINIT_H
#define XYL_CLOUDINIT_H

#include "base/sha256.h"

/* The seed's content; network_config may be NULL. */
struct cloudinit_seed {
    const char *user_data;
    const char *meta_data;
    const char *network_config;
};

#define CLOUDINIT_LABEL "CIDATA"
#define CLOUDINIT_PACKAGES "dosfstools, mtools"

/* meta-data as NoCloud reads it: instance-id (the guest's UUID: a new
 * guest is a new instance) and local-hostname (its name, spaces as '-').
 * Caller frees. */
char *cloudinit_meta_data(const char *uuid, const char *name);

/* The seed's fingerprint (all three files, with their names): a changed
 * seed is a changed guest.  hex has room for SHA256_HEX_LEN + 1. */
void cloudinit_seed_hash(const struct cloudinit_seed *s, char *hex);

/* Make the seed image at path, which must not exist; nothing is left
 * there on failure.  Returns 0, or -1 after one line on stderr. */
int cloudinit_seed_make(const char *path, const struct cloudinit_seed *s);

struct xyl_guest;

/* A guest's seed (cloud_init:): user-data from its file or its inline
 * mapping (as #cloud-config), meta-data, network-config.  Returns 0, or
 * -1 after one line (a file that cannot be read).  cloudinit_seed_free
 * frees what it filled. */
int cloudinit_guest_seed(const struct xyl_guest *g, struct cloudinit_seed *s);
void cloudinit_seed_free(struct cloudinit_seed *s);

/* Make the seed of a guest at path, anew: made beside it and renamed over
 * it, so an older seed of the guest is replaced whole. */
int cloudinit_guest_seed_make(const struct xyl_guest *g, const char *path);

#endif
