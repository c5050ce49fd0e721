/*
 * restore.c - bring back a guest saved by xyl save or xl save (xyl
 * restore; see save.h).
 *
 * Reads xl's header and the JSON configuration in it, then libxl restores
 * the domain (asynchronously; the progress bar follows the file offset,
 * which libxl's restore helper shares with us).  The domain comes back
 * paused; xyl re-creates its `backend: xyl` disks and NICs (carried in the
 * file, xyl_carry.h), whose frontends reconnect once it runs, and unpauses
 * it unless -p.  If anything fails the domain is
 * destroyed: nothing half-restored stays, and FILE is never touched.
 */
#include "domain/save.h"
#include "domain/teardown.h"
#include "domain/meta.h"
#include "base/interrupt.h"
#include "domain/monitor.h"
#include "base/progress.h"
#include "domain/savefile.h"
#include "devices/xyl_carry.h"
#include "xen/xs_data.h"
#include "xen/xen.h"
#include "xen/xen_ao.h"

#include <libxl_utils.h>

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct restore_tick {
    struct progress *prog;
    int fd;
    off_t start;
};

static void tick(void *arg)
{
    struct restore_tick *t = arg;
    off_t pos = lseek(t->fd, 0, SEEK_CUR);

    if (pos >= t->start)
        progress_set(t->prog, (uint64_t)(pos - t->start));
}

int domain_restore(const char *file, unsigned flags, int verbose)
{
    bool paused = flags & RESTORE_PAUSED, monitor = !(flags & RESTORE_NO_MONITOR);
    struct xyl_xen x;
    struct progress prog;
    struct restore_tick rt;
    struct xen_ao ao;
    libxl_domain_config dc;
    libxl_domain_restore_params params;
    char *json = NULL, *name = NULL;
    struct xyl_kvlist data = { NULL, 0 };
    struct xyl_carried carried = { 0 };
    struct guest_extras extras = { .xenstore = &data };
    uint32_t domid = INVALID_DOMID, existing;
    int r, fd, version, rc = -1;
    struct stat sb;
    double secs;

    fd = open(file, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        fprintf(stderr, "xyl: cannot open %s: %s\n", file, strerror(errno));
        return -1;
    }
    if (savefile_read_header(fd, file, &json, &version, &data)) {
        close(fd);
        return -1;
    }
    if (xyl_carry_from_kv(&data, &carried)) {
        kvlist_free(&data);
        close(fd);
        return -1;
    }
    libxl_domain_config_init(&dc);
    libxl_domain_restore_params_init(&params);
    xyl_trace("restore: header read");
    interrupt_catch();
    if (xen_open(&x, verbose))
        goto out_cfg;
    xyl_trace("libxl open");
    if (libxl_domain_config_from_json(x.ctx, &dc, json)) {
        fprintf(stderr, "xyl: %s: libxl cannot read the configuration in its header\n", file);
        goto out;
    }
    name = dc.c_info.name ? strdup(dc.c_info.name) : NULL;
    if (!name) {
        fprintf(stderr, "xyl: %s: the saved configuration has no guest name\n", file);
        goto out;
    }
    if (libxl_name_to_domid(x.ctx, name, &existing) == 0) {
        fprintf(stderr, "xyl: a domain named '%s' already exists (ID %u); "
                "destroy or rename it before restoring\n", name, existing);
        goto out;
    }
    params.stream_version = version;
    params.checkpointed_stream = LIBXL_CHECKPOINTED_STREAM_NONE;

    xyl_trace("config parsed");
    fstat(fd, &sb);
    rt.prog = &prog;
    rt.fd = fd;
    rt.start = lseek(fd, 0, SEEK_CUR);
    progress_start(&prog, name, sb.st_size > rt.start ? (uint64_t)(sb.st_size - rt.start) : 0);
    xen_ao_init(&ao);
    r = libxl_domain_create_restore(x.ctx, &dc, &domid, fd, -1, &params, &ao.how, NULL);
    if (r == 0)
        r = xen_ao_wait(x.ctx, &ao, tick, &rt);
    tick(&rt);
    progress_end(&prog);
    secs = progress_elapsed(&prog);
    if (r) {
        fprintf(stderr, "xyl: libxl could not restore %s from %s (error %d, see above)\n", name, file, r);
        goto undo;
    }
    xyl_trace("libxl_domain_create_restore done");
    /* recorded while paused (the pairs save carried), then the data keys */
    if (meta_from_kv(domid, &dc.c_info.uuid, &data) || xs_write_guest_data(domid, &data) ||
        xyl_carry_attach(domid, &carried, false, 0) ||
        interrupt_check("the restored domain is not unpaused"))
        goto undo;
    if (!paused && libxl_domain_unpause(x.ctx, domid, NULL)) {
        fprintf(stderr, "xyl: cannot unpause the restored %s\n", name);
        goto undo;
    }
    printf("restored %s (domid %u) from %s in %.1f s%s\n", name, domid, file, secs,
           paused ? ", paused" : "");
    rc = 0;
    if (monitor)
        monitor_start(&x, domid, name, &extras);
    goto out;
undo:
    /* libxl normally cleans up after itself; make sure nothing is left */
    if (domid != (uint32_t)INVALID_DOMID && libxl_domain_info(x.ctx, NULL, domid) == 0) {
        fprintf(stderr, "xyl: destroying the half-restored domain %u\n", domid);
        domain_teardown(&x, domid, name, TEARDOWN_KEEP_RECORD | TEARDOWN_GONE_OK);
    }
out:
    xen_close(&x);
    xyl_trace("libxl closed");
out_cfg:
    libxl_domain_restore_params_dispose(&params);
    libxl_domain_config_dispose(&dc);
    close(fd);
    free(json);
    kvlist_free(&data);
    xyl_carry_free(&carried);
    free(name);
    return rc;
}
