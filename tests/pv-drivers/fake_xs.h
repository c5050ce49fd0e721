/*
 * fake_xs.h - an in-memory xenstore for unit tests of the xenbus library:
 * the libxenstore calls xb_dev.c makes, with xenstored's rules that matter
 * here (a new node inherits its parent's permissions, rm takes the subtree,
 * transactions commit or abort as a whole).  Linked instead of libxenstore.
 * Thread-safe: every entry point holds one lock.
 */
#ifndef XYL_FAKE_XS_H
#define XYL_FAKE_XS_H

#include <stdbool.h>
#include <stddef.h>
#include <xenstore.h>

void fake_xs_reset(void);
/* Make the n-th write/mkdir/set_permissions/rm from now fail with EACCES
 * (0 = never). */
void fake_xs_fail_after(int n);
/* Make every rm fail with EIO (xenstored's answer in some races). */
void fake_xs_fail_rm(bool on);
/* Make the next n transaction commits fail with EAGAIN. */
void fake_xs_conflicts(int n);
int fake_xs_count(const char *prefix);     /* nodes at or below prefix */
bool fake_xs_exists(const char *path);
/* The value (NUL-terminated copy owned by the fake) or NULL. */
const char *fake_xs_value(const char *path);
/* Permissions of a node: returns their number, fills up to max. */
int fake_xs_perms(const char *path, struct xs_permissions *p, int max);
void fake_xs_set(const char *path, const char *value);    /* outside any transaction */
void fake_xs_set_perms(const char *path, const struct xs_permissions *p, int n);
int fake_xs_watches(void);                  /* watches currently registered */
/* Watch events: every write/mkdir/rm fires the watches at or above the
 * path (rm: below too), xs_watch fires its own once; xs_check_watch takes
 * them in order. */
size_t fake_xs_events_queued(void);
void fake_xs_drop_events(void);
long fake_xs_reads(void);                   /* xs_read calls since the reset */
long fake_xs_writes(void);                  /* xs_write calls since the reset */
int fake_xs_transactions_open(void);

/* Threads (test_hand.c): every call holds one lock.  The watch pipe
 * (xs_fileno) is readable while events are queued. */
/* Reads of paths starting with prefix block until another prefix (or
 * NULL) is set: a xenstored that does not answer. */
void fake_xs_block_reads(const char *prefix);
int fake_xs_blocked(void);                  /* reads blocked now */
bool fake_xs_wait_blocked(int n, int ms);   /* until n are (false: not within ms) */
/* Count the libxenstore calls the calling thread makes from now (on) or
 * no more (off); fake_xs_thread_calls(): how many were counted. */
void fake_xs_count_thread(bool on);
long fake_xs_thread_calls(void);
/* Whether path holds value (NULL: does not exist), under the lock. */
bool fake_xs_is(const char *path, const char *value);

#endif
