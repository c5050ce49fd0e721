/*
 * save.c - write a guest's memory and state to FILE in xl's save-file
 * format (xl restore reads it, and xyl restore reads xl's), then destroy
 * the guest, as xl save does (xyl save; see save.h for the flags).
 *
 * The file is written as FILE.xyl-partial and only linked (or with -f
 * renamed) to FILE once libxl has written the whole stream and it is on
 * disk; the guest is destroyed only after that.  On any failure the
 * partial file is removed and the guest resumed: nothing is lost.
 * libxl_domain_suspend runs asynchronously; the progress bar follows the
 * file's size while libxl's save helper writes it.
 */
#include "domain/save.h"
#include "domain/meta.h"
#include "base/interrupt.h"
#include "domain/teardown.h"
#include "base/progress.h"
#include "domain/savefile.h"
#include "devices/xyl_carry.h"
#include "xen/xs_data.h"
#include "xen/xen.h"
#include "xen/xen_ao.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

struct save_tick {
    struct progress *prog;
    int fd;
};

static void tick(void *arg)
{
    struct save_tick *t = arg;
    struct stat st;

    if (fstat(t->fd, &st) == 0)
        progress_set(t->prog, (uint64_t)st.st_size);
}

/* FILE.xyl-partial -> FILE; without -f an existing FILE is never replaced */
static int publish(const char *tmp, const char *file, bool force)
{
    if (force)
        return rename(tmp, file);
    if (link(tmp, file))
        return -1;
    unlink(tmp);
    return 0;
}

int domain_save(const char *what, const char *file, unsigned flags, int verbose)
{
    bool checkpoint = flags & SAVE_CHECKPOINT, paused = flags & SAVE_PAUSED;
    bool force = flags & SAVE_FORCE;
    struct xyl_xen x;
    struct progress prog;
    struct save_tick st;
    struct xen_ao ao;
    libxl_dominfo info;
    char *json = NULL, *name = NULL, *tmp = NULL, sz[32];
    struct xyl_kvlist data = { NULL, 0 };
    struct xyl_carried carried = { 0 };
    int skipped;
    uint32_t domid;
    int r, fd = -1, rc = -1;
    struct stat sb;
    double secs;

    if (!force && lstat(file, &sb) == 0) {
        fprintf(stderr, "xyl: %s already exists: choose another file or use -f to replace it\n", file);
        return -1;
    }
    xyl_trace("save: start");
    interrupt_catch();
    if (xen_open(&x, verbose))
        return -1;
    xyl_trace("libxl open");
    if (xen_find_domain(&x, what, &domid))
        goto out;
    if (domid == 0) {
        fprintf(stderr, "xyl: Domain-0 cannot be saved\n");
        goto out;
    }
    if (savefile_config_json(x.ctx, domid, &json, &name) || xyl_carry_read(domid, &carried))
        goto out;
    libxl_dominfo_init(&info);
    if (libxl_domain_info(x.ctx, &info, domid)) {
        fprintf(stderr, "xyl: domain %u disappeared\n", domid);
        goto out_info;
    }
    tmp = xasprintf("%s.xyl-partial", file);
    fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);   /* guest memory: private */
    if (fd < 0) {
        fprintf(stderr, "xyl: cannot create %s: %s%s\n", tmp, strerror(errno),
                errno == EEXIST ? " (left by an interrupted save? remove it)" : "");
        free(tmp);
        tmp = NULL;
        goto out_info;
    }
    /* xyl's record rides along: restore records the guest again */
    if (xs_read_guest_data(domid, &data, &skipped) == 0 && skipped)
        fprintf(stderr, "xyl: note: %d of %s's data/ keys do not fit the limits and are not saved\n",
                skipped, name);
    if (meta_to_kv(&info.uuid, &data))
        goto fail_file;
    /* and its backend: xyl disks and NICs, which restore re-creates */
    xyl_carry_to_kv(&carried, &data);
    if (savefile_write_header(fd, json, &data)) {
        fprintf(stderr, "xyl: cannot write %s: %s\n", tmp, strerror(errno));
        goto fail_file;
    }

    xyl_trace("config retrieved, header written");
    progress_start(&prog, name, info.current_memkb * 1024);
    st.prog = &prog;
    st.fd = fd;
    xen_ao_init(&ao);
    r = libxl_domain_suspend(x.ctx, domid, fd, 0, &ao.how);
    if (r == 0)
        r = xen_ao_wait(x.ctx, &ao, tick, &st);
    tick(&st);
    progress_end(&prog);
    secs = progress_elapsed(&prog);
    if (r) {
        if (!ao.aborted)
            fprintf(stderr, "xyl: libxl could not save %s (error %d, see above)\n", name, r);
        goto fail_resume;
    }
    xyl_trace("libxl_domain_suspend done (rc %d)", r);
    /* a signal from here on: the guest resumes, the partial file goes */
    if (interrupt_check("the guest resumes and the partial file is removed"))
        goto fail_resume;
    /* the guest is suspended: what it wrote to its xyl disks is on disk
     * before the file that claims its state is */
    if (xyl_carry_flush(&carried))
        goto fail_resume;
    if (fsync(fd) || close(fd)) {
        fd = -1;
        fprintf(stderr, "xyl: cannot write %s: %s\n", tmp, strerror(errno));
        goto fail_resume;
    }
    fd = -1;
    if (publish(tmp, file, force)) {
        fprintf(stderr, "xyl: cannot create %s: %s\n", file, strerror(errno));
        goto fail_resume;
    }
    free(tmp);
    tmp = NULL;
    xyl_trace("file synced and published");

    if (checkpoint || paused) {
        if (paused)
            libxl_domain_pause(x.ctx, domid, NULL);
        if (libxl_domain_resume(x.ctx, domid, 1, NULL))
            fprintf(stderr, "xyl: saved, but %s did not resume (see above)\n", name);
    } else if (domain_teardown(&x, domid, name, TEARDOWN_KEEP_RECORD | TEARDOWN_QUIET)) {
        /* the record stays with the UUID: a restore brings it back */
        fprintf(stderr, "xyl: saved, but destroying %s failed (see above)\n", name);
        goto out_info;
    }
    xyl_trace("guest %s", checkpoint || paused ? "resumed" : "destroyed");
    progress_bytes(sz, sizeof(sz), prog.done);
    printf("saved %s (domid %u) to %s: %s in %.1f s%s\n", name, domid, file, sz, secs,
           checkpoint ? ", left running" : paused ? ", left paused" : "");
    rc = 0;
    goto out_info;

fail_resume:
    xen_resume_suspended(x.ctx, domid, name);
fail_file:
    if (fd >= 0)
        close(fd);
    unlink(tmp);
out_info:
    libxl_dominfo_dispose(&info);
out:
    free(tmp);
    free(json);
    kvlist_free(&data);
    xyl_carry_free(&carried);
    free(name);
    xen_close(&x);
    xyl_trace("libxl closed");
    return rc;
}
