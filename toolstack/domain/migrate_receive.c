/*
 * migrate_receive.c - the receiving end of `xyl migrate` (xyl
 * migrate-receive, run by the
 * sender over ssh, or as a local child for `migrate NAME localhost`).
 * Speaks the handshake of migrate.h on stdin/stdout; talks to humans on
 * stderr only.  Whatever fails, the incoming copy is destroyed.
 */
#include "domain/teardown.h"
#include "domain/meta.h"
#include "base/interrupt.h"
#include "domain/monitor.h"
#include "domain/migrate.h"
#include "domain/savefile.h"
#include "devices/xyl_carry.h"
#include "xen/xs_data.h"
#include "base/util.h"
#include "xen/xen.h"
#include "xen/xen_ao.h"

#include <libxl_utils.h>

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static void answer(int fd, const char *msg, const char *reason)
{
    char *line = xasprintf("%s%s\n", msg, reason ? reason : "");
    fd_write_all(fd, line, strlen(line));
    free(line);
}

int domain_migrate_receive(int verbose)
{
    const int in = STDIN_FILENO;
    struct xyl_xen x;
    struct xen_ao ao;
    libxl_domain_config dc;
    libxl_domain_restore_params params;
    char *json = NULL, *name = NULL, *incoming = NULL, line[256];
    struct xyl_kvlist data = { NULL, 0 };
    struct xyl_carried carried = { 0 };
    struct guest_extras extras = { .xenstore = &data };
    uint32_t domid = INVALID_DOMID, existing;
    int out, r, version, rc = -1;

    /* the answer channel is ours alone: anything printed goes to stderr */
    out = fcntl(STDOUT_FILENO, F_DUPFD_CLOEXEC, 3);
    if (out < 0 || dup2(STDERR_FILENO, STDOUT_FILENO) < 0) {
        fprintf(stderr, "xyl migrate-receive: cannot set up the answer channel\n");
        return -1;
    }
    signal(SIGPIPE, SIG_IGN);
    libxl_domain_config_init(&dc);
    libxl_domain_restore_params_init(&params);
    interrupt_catch();
    if (xen_open(&x, verbose))
        goto out_cfg;           /* the sender sees the channel close before the banner */
    answer(out, MIG_BANNER, NULL);

    if (savefile_read_header(in, "migration stream", &json, &version, &data))
        goto out;
    if (xyl_carry_from_kv(&data, &carried)) {
        answer(out, MIG_FAILED, "malformed xyl devices in the stream");
        goto out;
    }
    if (libxl_domain_config_from_json(x.ctx, &dc, json) || !dc.c_info.name) {
        fprintf(stderr, "xyl migrate-receive: cannot read the guest's configuration\n");
        answer(out, MIG_FAILED, "unreadable configuration");
        goto out;
    }
    name = xstrdup(dc.c_info.name);
    incoming = xasprintf("%s" MIG_INCOMING, name);
    if (libxl_name_to_domid(x.ctx, incoming, &existing) == 0) {
        fprintf(stderr, "xyl migrate-receive: a domain named '%s' already exists (ID %u)\n",
                incoming, existing);
        answer(out, MIG_FAILED, "a domain NAME--incoming already exists on the target");
        goto out;
    }
    free(dc.c_info.name);
    dc.c_info.name = xstrdup(incoming);
    params.stream_version = version;
    params.checkpointed_stream = LIBXL_CHECKPOINTED_STREAM_NONE;

    fprintf(stderr, "migration target: receiving %s as %s\n", name, incoming);
    xen_ao_init(&ao);
    r = libxl_domain_create_restore(x.ctx, &dc, &domid, in, -1, &params, &ao.how, NULL);
    if (r == 0)
        r = xen_ao_wait(x.ctx, &ao, NULL, NULL);
    if (r) {
        fprintf(stderr, "xyl migrate-receive: libxl could not restore %s (error %d)\n", name, r);
        answer(out, MIG_FAILED, "restore failed on the target (see its messages)");
        goto undo;
    }
    /* recorded while paused (the pairs the sender carried), then the data keys */
    if (meta_from_kv(domid, &dc.c_info.uuid, &data) || xs_write_guest_data(domid, &data)) {
        answer(out, MIG_FAILED, "cannot write the guest's xenstore data keys on the target");
        goto undo;
    }
    answer(out, MIG_RECEIVED, NULL);

    r = fd_read_line(in, line, sizeof(line));
    if (!r && interrupt_check("dropping the incoming copy")) {
        answer(out, MIG_FAILED, "the target was interrupted");
        goto undo;
    }
    if (r || strcmp(line, MIG_GO)) {
        fprintf(stderr, "xyl migrate-receive: the sender %s; dropping the incoming copy\n",
                r ? "went away" : "aborted");
        goto undo;
    }
    /* the guest's xyl disks and NICs, before it runs; on one host they
     * continue the sender's (suspended) copy's: blkback hands the images over */
    {
        uint32_t away;
        /* on one host: the sender's copy (same UUID, another domid) */
        bool local = xen_uuid_domain(&x, &dc.c_info.uuid, domid, &away);

        if (xyl_carry_attach(domid, &carried, local, local ? away : 0)) {
            answer(out, MIG_FAILED, "cannot re-create the guest's xyl devices on the target");
            goto undo;
        }
    }
    if (libxl_domain_rename(x.ctx, domid, incoming, name)) {
        fprintf(stderr, "xyl migrate-receive: cannot rename %s to %s\n", incoming, name);
        answer(out, MIG_FAILED, "cannot take the guest's name on the target");
        goto undo;
    }
    if (libxl_domain_unpause(x.ctx, domid, NULL)) {
        fprintf(stderr, "xyl migrate-receive: cannot unpause %s\n", name);
        answer(out, MIG_FAILED, "cannot unpause the guest on the target");
        goto undo;
    }
    answer(out, MIG_RUNNING, NULL);
    fprintf(stderr, "migration target: %s runs as domain %u\n", name, domid);
    rc = 0;
    monitor_start(&x, domid, name, &extras);
    goto out;
undo:
    if (domid != (uint32_t)INVALID_DOMID && libxl_domain_info(x.ctx, NULL, domid) == 0) {
        fprintf(stderr, "xyl migrate-receive: destroying the incoming domain %u\n", domid);
        /* the record stays where the sender's copy has the same UUID (one
         * host); from another host it came with the stream: it goes */
        domain_teardown(&x, domid, incoming, TEARDOWN_KEEP_RECORD | TEARDOWN_GONE_OK);
        if (!xen_uuid_domain(&x, &dc.c_info.uuid, domid, &existing))
            meta_remove(&dc.c_info.uuid);
    }
out:
    xen_close(&x);
out_cfg:
    libxl_domain_restore_params_dispose(&params);
    libxl_domain_config_dispose(&dc);
    close(out);
    free(json);
    kvlist_free(&data);
    xyl_carry_free(&carried);
    free(name);
    free(incoming);
    return rc;
}
