/*
 * migrate.h - the handshake between `xyl migrate` (the sender, S) and
 * `xyl migrate-receive` (the receiver, R).  R's stdin is S's data channel
 * and R's stdout is its answer channel (over ssh, or a local child for
 * `migrate NAME localhost`).  Control messages are single lines; R prints
 * its diagnostics on stderr only, so stdout carries nothing else.
 *
 *   R -> S  "xyl-migrate-receive 1 ready"     R has libxl open
 *   S -> R  xl's save-file header with the JSON config (savefile.h),
 *           then the live libxl stream (LIBXL_SUSPEND_LIVE)
 *   R       restores it, paused, as NAME--incoming (on one host both
 *           copies exist for a moment: the names must differ)
 *   R -> S  "received"  |  "failed: REASON"   (R has destroyed its copy)
 *   S       renames its copy NAME--migratedaway (S's guest is suspended)
 *   S -> R  "go"        |  "abort"            (R destroys its copy)
 *   R       renames NAME--incoming -> NAME, unpauses it
 *   R -> S  "running"   |  "failed: REASON"   (R has destroyed its copy)
 *   S       on "running" destroys its copy; on anything else before "go"
 *           renames back and resumes its copy (libxl_domain_resume).
 *
 * If the answer to "go" is lost (the channel breaks), neither side can
 * know whether the other runs the guest: S leaves its copy suspended as
 * NAME--migratedaway and says so (as xl does); it never runs two copies.
 */
#ifndef XYL_MIGRATE_H
#define XYL_MIGRATE_H

#define MIG_BANNER      "xyl-migrate-receive 1 ready"
#define MIG_RECEIVED    "received"
#define MIG_GO          "go"
#define MIG_ABORT       "abort"
#define MIG_RUNNING     "running"
#define MIG_FAILED      "failed: "
#define MIG_INCOMING    "--incoming"
#define MIG_AWAY        "--migratedaway"

#define MIGRATE_LOCAL     0x1   /* receive on this host without ssh (also for localhost) */
#define MIGRATE_NON_LIVE  0x2   /* pause the guest for the whole transfer */

/* The sender (migrate.c): move the guest what (name or ID) to host, by
 * running 'ssh host xyl migrate-receive' (ssh: another command for it).
 * 0, or -1 after one line with the guest running here again (unless the
 * state is unknown, which is said). */
int domain_migrate(const char *what, const char *host, const char *ssh, unsigned flags,
                   int verbose);

/* Whether host may go into the command line `CMD HOST xyl migrate-receive`
 * (run by sh -c): a host name, an address ([v6] too) or user@host, never
 * an option for ssh (a leading '-', e.g. -oProxyCommand=...) nor a shell
 * character.  0, or -1 after one line. */
int migrate_host_check(const char *host);

/* The receiver (migrate_receive.c), on stdin/stdout.  0 or -1. */
int domain_migrate_receive(int verbose);

#endif
