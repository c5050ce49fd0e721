/*
 * xs_data.h - writing a guest's `xenstore:` keys under its data/ tree.
 */
#ifndef XYL_XS_DATA_H
#define XYL_XS_DATA_H

#include <stdbool.h>
#include <stdint.h>

#include <xenstore.h>

#include "model/guest.h"

/* the key rule and limits (XS_DATA_*, xs_data_key_ok) are the model's:
 * model/guest.h */

/* Run body in a xenstore transaction, again (at most 10 times) when
 * xenstored says another transaction interfered (EAGAIN).  body returns
 * false after printing one line: the transaction is abandoned.  Returns 0
 * once committed, or -1. */
int xs_transact(struct xs_handle *xs, bool (*body)(struct xs_handle *, xs_transaction_t, void *),
                void *arg);

/* All keys in one transaction (retried on EAGAIN). Returns 0 or -1 after
 * printing one line. */
int xs_write_guest_data(uint32_t domid, const struct xyl_kvlist *kv);

/* What the guest's data/ tree holds now (its leaves, key = path below
 * data/), to carry it across a save or a migration: the guest can write
 * there, so anything not fitting the limits above is left out (with a
 * count in *skipped).  Returns 0, or -1 after one line.  Free with
 * kvlist_free() (model/guest.h). */
int xs_read_guest_data(uint32_t domid, struct xyl_kvlist *out, int *skipped);

/* Remove data/KEY for each key (absent ones are fine).  0 or -1 (lines). */
int xs_remove_guest_data(uint32_t domid, const char *const *keys, int n);

#endif
