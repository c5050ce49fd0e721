/*
 * meta.h - what xyl remembers about each guest it created, in xenstore
 * under a dom0-only path (permissions n0: the guest can neither read nor
 * write it), one directory per domain UUID:
 *
 *   /local/domain/0/xyl/guests/<uuid>/domid       the domain it describes
 *                                     name        the guest's name
 *                                     file        definition file (absolute)
 *                                     sha256      of the file's bytes
 *                                     git         commit of its work tree, if any
 *                                     data-keys   `xenstore:` keys written, space-separated
 *                                     stop-timeout the definition's stop_timeout (seconds), if set
 *                                     managed-by  "xyl"
 *                                     stopping    "apply": apply shuts it down (a recreate,
 *                                                 a prune); its monitor leaves it alone
 *
 * An entry belongs to the domain with its UUID, whatever its domid now (the
 * monitor's restart of a rebooting guest keeps the UUID, not the domid;
 * "domid" is the domain xyl created).  An entry with no such domain is
 * stale (the guest died without xyl): readers ignore it, apply removes it.
 */
#ifndef XYL_META_H
#define XYL_META_H

#include <stdbool.h>
#include <stdint.h>

#include <libxl.h>

#include "model/guest.h"

#define XYL_META_ROOT "/local/domain/0/xyl/guests"

struct xyl_meta {
    char uuid[LIBXL_UUID_FMTLEN + 1];
    uint32_t domid;
    char *name, *file, *sha256, *git, *data_keys;   /* NULL when absent */
    long stop_timeout;          /* seconds; 0 when not recorded */
    bool managed;               /* managed-by is "xyl" */
};

/* A recorded stop-timeout: seconds (1..STOP_TIMEOUT_MAX), or 0 when s is
 * NULL or anything else (the record is dom0's, but read it strictly). */
#define STOP_TIMEOUT_MAX 86400
long meta_parse_stop_timeout(const char *s);

/* sha256 (hex) of a file's bytes into hex[65]; -1 with one line if unreadable. */
int meta_file_sha256(const char *file, char *hex);

/* What plan compares for guest g defined in file: the file's sha256, and
 * with cloud_init: the sha256 of that and its seed's content hash (a
 * changed user-data file is a changed guest).  -1 with one line. */
int meta_guest_sha256(const struct xyl_guest *g, const char *file, char *hex);

/* Record (or replace) domid's entry for guest g, in one transaction.
 * Returns 0, or -1 after one line. */
int meta_record(uint32_t domid, const struct xyl_guest *g);

/* Every entry; *out is an array of *n (meta_free it).  0 or -1. */
int meta_read_all(struct xyl_meta **out, int *n);
void meta_free(struct xyl_meta *v, int n);

/* Remove the entry of uuid; a missing one is fine.  0 or -1 (one line). */
int meta_remove(const libxl_uuid *uuid);

/* xyl's record of the guest of uuid (if it has one) appended to kv as
 * "@xyl-meta/..." pairs: save and migrate carry them in the save file's
 * xyl-data.  0, or -1 after one line. */
int meta_to_kv(const libxl_uuid *uuid, struct xyl_kvlist *kv);

/* The other end (restore, migrate-receive), while the domain is paused:
 * the "@xyl-meta/..." pairs taken out of kv and, when they hold a record,
 * recorded for domid/uuid.  0 (also: no record carried), or -1 after one
 * line. */
int meta_from_kv(uint32_t domid, const libxl_uuid *uuid, struct xyl_kvlist *kv);

/* Mark the guest of uuid as being stopped by apply (0, or -1 after one
 * line), and ask whether it is (the monitor, when the guest shuts down). */
int meta_set_stopping(const libxl_uuid *uuid);
bool meta_stopping(const libxl_uuid *uuid);

#endif
