/*
 * apply.c - carrying a plan out (see apply.h).
 *
 * Parallel creation: libxl_domain_create_new with an asyncop callback
 * returns once libxl has to wait (hotplug scripts, backends coming up), so
 * several creates overlap in one ctx, driven by one poll loop (xen_ao.c).
 * The domain build itself (memory, kernel loading) runs inside the
 * initiating call and stays serial.
 */
#include "plan/apply.h"
#include "hvm/firmware.h"
#include "domain/guest_start.h"
#include "images/images.h"
#include "images/image_grow.h"
#include "devices/disk_grow.h"
#include "domain/meta.h"
#include "domain/monitor.h"
#include "base/util.h"
#include "xen/xen_ao.h"
#include "xen/xs_data.h"
#include "devices/xyl_vbd.h"
#include "devices/xyl_vif.h"
#include "domain/teardown.h"
#include "base/interrupt.h"
#include "domain/shutdown.h"

#include <libxl_utils.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <unistd.h>

struct job {
    struct plan_folder *pr;
    int want;                   /* index into pr->want / set / dc */
    const char *verb;           /* "created", "recreated" */
    uint32_t domid;
    struct xen_ao ao;
    bool running, finished, failed;
    struct image_list images;   /* made for this guest: removed if it fails */
    double t0;
};

struct jobs {
    struct job *v;
    int n;
};

static double now(void)
{
    struct timeval tv;

    gettimeofday(&tv, NULL);
    return (double)tv.tv_sec + tv.tv_usec / 1e6;
}

/* Start job j; false (after one line) if it could not even start. */
static bool job_start(struct xyl_xen *x, struct job *j)
{
    struct xyl_guest *g = &j->pr->set.v[j->want];

    j->t0 = now();
    if (xyl_vbd_check(g) || xyl_vif_check(g) || hvm_firmware_ready("/", &j->pr->dc[j->want]))
        return false;
    if (images_create_missing(g, false, stdout, &j->images))  /* disks with size: */
        return false;
    xen_ao_init(&j->ao);
    j->domid = INVALID_DOMID;
    if (libxl_domain_create_new(x->ctx, &j->pr->dc[j->want], &j->domid, &j->ao.how, NULL)) {
        fprintf(stderr, "xyl: %s: libxl could not start creating it (see the messages above)\n",
                g->name);
        images_rollback(&j->images, stderr);
        return false;
    }
    j->running = true;
    return true;
}

static bool job_finish_steps(struct xyl_xen *x, struct job *j);

/* A create completed: xyl's steps, then unpause; a failed guest's new
 * images go again (only those this apply made). */
static bool job_finish(struct xyl_xen *x, struct job *j)
{
    bool ok = job_finish_steps(x, j);

    if (!ok)
        images_rollback(&j->images, stderr);
    image_list_free(&j->images);
    return ok;
}

/* libxl destroys what it built of a failed create, but not always after
 * an abort (SIGINT): its destroy runs inside the aborted operation and can
 * stop short, leaving the domain paused (seen in the lab, 88-apply).  A
 * domain with this guest's UUID found now is torn down here. */
static void undo_leftover(struct xyl_xen *x, struct job *j, const char *name)
{
    const libxl_uuid *u = &j->pr->dc[j->want].c_info.uuid;
    libxl_dominfo *info;
    int n = 0, i;

    info = libxl_list_domain(x->ctx, &n);
    for (i = 0; info && i < n; i++)
        if (info[i].domid != 0 && !libxl_uuid_compare(&info[i].uuid, u)) {
            fprintf(stderr, "xyl: %s: destroying what libxl left of it (domain %u)\n", name,
                    info[i].domid);
            domain_teardown(x, info[i].domid, name, TEARDOWN_GONE_OK);
        }
    if (info)
        libxl_dominfo_list_free(info, n);
}

/* xyl's steps after libxl's create, as `xyl create` does them. */
static bool job_finish_steps(struct xyl_xen *x, struct job *j)
{
    struct xyl_guest *g = &j->pr->set.v[j->want];
    struct guest_extras extras = { .xenstore = &g->xenstore, .g = g };

    if (j->ao.rc) {
        fprintf(stderr, "xyl: %s: libxl could not create it (see the messages above)\n", g->name);
        undo_leftover(x, j, g->name);
        return false;
    }
    /* recorded while paused, then xyl's steps and the unpause; a failure
     * is torn down, record and all (teardown.h) */
    if (guest_start_extras(x, g->name, &extras, GUEST_RECORD, j->domid))
        return false;
    printf("apply: %s %s (domid %u, %.1f s)\n", g->name, j->verb, j->domid, now() - j->t0);
    /* on_poweroff/on_reboot/on_crash, as after xyl create */
    monitor_start(x, j->domid, g->name, &extras);
    fflush(stdout);
    return true;
}

/* A job done; after SIGINT/SIGTERM every running create is aborted
 * (once): libxl undoes it and the job fails as any other. */
static struct xyl_xen *abort_x;

static int one_done(void *arg)
{
    const struct jobs *js = arg;
    int i;

    for (i = 0; i < js->n; i++)
        if (js->v[i].running && js->v[i].ao.done)
            return 1;
    if (interrupt_check("stopping the creates and undoing them"))
        for (i = 0; i < js->n; i++)
            if (js->v[i].running && !js->v[i].ao.aborted) {
                js->v[i].ao.aborted = 1;
                libxl_ao_abort(abort_x->ctx, &js->v[i].ao.how);
            }
    return 0;
}

/* Run every job, at most max at a time.  Returns how many failed. */
static int run_jobs(struct xyl_xen *x, struct jobs *js, int max)
{
    int next = 0, running = 0, done = 0, failed = 0, i;

    while (done < js->n) {
        abort_x = x;
        while (running < max && next < js->n) {
            struct job *j = &js->v[next++];

            if (!interrupted() && job_start(x, j)) {
                running++;
            } else {
                j->failed = j->finished = true;
                done++;
                failed++;
            }
        }
        if (!running)
            continue;
        if (xen_ao_run(x->ctx, one_done, js, NULL, NULL)) {
            /* the event loop broke: libxl's state is unknown, stop here */
            for (i = 0; i < js->n; i++)
                if (!js->v[i].finished) {
                    fprintf(stderr, "xyl: %s: not finished (event loop failure)\n",
                            js->v[i].pr->set.v[js->v[i].want].name);
                    failed++;
                }
            return failed;
        }
        for (i = 0; i < js->n; i++) {
            struct job *j = &js->v[i];

            if (!j->running || !j->ao.done)
                continue;
            j->running = false;
            j->finished = true;
            running--;
            done++;
            if (!job_finish(x, j)) {
                j->failed = true;
                failed++;
            }
        }
    }
    return failed;
}

static const char *const op_name[] = {
    [OP_MEMORY] = "setting memory", [OP_VCPUS] = "setting vcpus",
    [OP_DISK_ADD] = "adding a disk", [OP_DISK_DEL] = "removing a disk",
    [OP_NIC_ADD] = "adding a nic", [OP_NIC_DEL] = "removing a nic",
    [OP_XS_SET] = "writing xenstore keys", [OP_XS_DEL] = "removing xenstore keys",
    [OP_XDISK_ADD] = "adding an xyl disk", [OP_XDISK_DEL] = "removing an xyl disk",
    [OP_XNIC_ADD] = "adding an xyl nic", [OP_XNIC_DEL] = "removing an xyl nic",
    [OP_DISK_GROW] = "growing a disk", [OP_RECORD] = "recording",
};

/*
 * The other way (apply --fork): one child process per guest, each with its
 * own libxl ctx doing a synchronous create, at most max at once.  The
 * domain builds then run on several CPUs at once, where one ctx runs them
 * one after the other.  The parent's ctx is idle meanwhile.
 */
static int run_forked(struct xyl_xen *x, struct jobs *js, int max)
{
    int next = 0, running = 0, failed = 0, status, i;
    pid_t *pids = xcalloc((size_t)js->n + 1, sizeof(*pids)), pid;

    fflush(stdout);
    fflush(stderr);
    while (next < js->n || running) {
        while (running < max && next < js->n) {
            struct job *j = &js->v[next];

            pid = fork();
            if (pid == 0) {
                struct xyl_xen cx;
                bool ok;

                libxl_postfork_child_noexec(x->ctx);    /* the parent's, not ours */
                if (xen_open(&cx, 0))
                    _exit(1);
                ok = job_start(&cx, j);
                if (ok) {
                    /* the only operation in this ctx: wait for it alone */
                    xen_ao_wait(cx.ctx, &j->ao, NULL, NULL);
                    ok = j->ao.done && job_finish(&cx, j);
                }
                fflush(stdout);
                xen_close(&cx);
                _exit(ok ? 0 : 1);
            }
            if (pid < 0) {
                fprintf(stderr, "xyl: %s: cannot fork: %s\n",
                        j->pr->set.v[j->want].name, strerror(errno));
                failed++;
            } else {
                pids[next] = pid;
                running++;
            }
            next++;
        }
        if (!running)
            continue;
        pid = waitpid(-1, &status, 0);
        if (pid < 0) {
            if (errno == EINTR)
                continue;
            break;
        }
        for (i = 0; i < next; i++)
            if (pids[i] == pid) {
                pids[i] = 0;
                running--;
                if (!WIFEXITED(status) || WEXITSTATUS(status))
                    failed++;
            }
    }
    free(pids);
    return failed;
}

/* A running guest's disk grown: its image, then its backend tells it. */
static int grow(uint32_t domid, const struct xyl_disk *dk, uint64_t bytes)
{
    long devid = dk->parsed_vdev ? dk->devnum : -1;
    char sz[32];

    if (devid < 0 || !dk->target) {
        fprintf(stderr, "xyl: disk %s: no device number or image to grow\n",
                dk->vdev ? dk->vdev : "?");
        return -1;
    }
    if (image_grow(dk->target, disk_qemu_format(dk), bytes) ||
        disk_grow_online(domid, (uint32_t)devid, dk->is_xyl_backend, bytes))
        return -1;
    format_size(bytes, sz);
    printf("apply: disk %s grown to %s, the guest was told\n", dk->parsed_vdev, sz);
    return 0;
}

/* A libxl disk out of the running guest.  libxl keeps a hot-added disk in
 * its stored configuration as it was given (backend unknown), and its
 * remove needs the backend: take the disk from xenstore by its vdev, as xl
 * block-detach does. */
static int remove_disk(struct xyl_xen *x, uint32_t domid, const libxl_device_disk *had)
{
    libxl_device_disk cur;
    int r;

    libxl_device_disk_init(&cur);
    r = libxl_vdev_to_device_disk(x->ctx, domid, had->vdev, &cur);
    if (!r)
        r = libxl_device_disk_remove(x->ctx, domid, &cur, NULL);
    libxl_device_disk_dispose(&cur);
    return r;
}

/* In place: removals first (they free device IDs), then the rest. */
static bool update(struct xyl_xen *x, struct plan_folder *pr, const struct plan_action *a)
{
    struct xyl_guest *g = &pr->set.v[a->want];
    libxl_domain_config *w = &pr->dc[a->want], *h = &pr->obs.dc[a->have];
    uint32_t domid = pr->obs.v[a->have].domid;
    struct xyl_kvlist set = { 0 };
    const char **del = NULL;
    int pass, i, k, ndel = 0, r = 0;
    bool ok = true;

    del = xcalloc((size_t)a->n_ops + 1, sizeof(*del));
    set.v = xcalloc((size_t)a->n_ops + 1, sizeof(*set.v));
    for (pass = 0; pass < 2 && ok; pass++) {
        for (i = 0; i < a->n_ops && ok; i++) {
            const struct plan_op *o = &a->ops[i];
            bool removal = o->kind == OP_DISK_DEL || o->kind == OP_NIC_DEL || o->kind == OP_XS_DEL ||
                           o->kind == OP_XDISK_DEL || o->kind == OP_XNIC_DEL;
            bool own = o->kind == OP_XDISK_ADD || o->kind == OP_XDISK_DEL ||
                       o->kind == OP_XNIC_ADD || o->kind == OP_XNIC_DEL ||
                       o->kind == OP_DISK_GROW;                            /* said already */
            libxl_bitmap map;

            if (removal != (pass == 0))
                continue;
            switch (o->kind) {
            case OP_MEMORY:
                r = libxl_set_memory_target(x->ctx, domid, (int64_t)o->value, 0, 1);
                break;
            case OP_VCPUS:
                libxl_bitmap_init(&map);
                r = libxl_cpu_bitmap_alloc(x->ctx, &map, h->b_info.max_vcpus);
                for (k = 0; !r && k < (int)o->value; k++)
                    libxl_bitmap_set(&map, k);
                if (!r)
                    r = libxl_set_vcpuonline(x->ctx, domid, &map, NULL);
                libxl_bitmap_dispose(&map);
                break;
            case OP_DISK_DEL:
                r = remove_disk(x, domid, &h->disks[o->idx]);
                break;
            case OP_NIC_DEL:
                r = libxl_device_nic_remove(x->ctx, domid, &h->nics[o->idx], NULL);
                break;
            case OP_DISK_ADD:
                r = libxl_device_disk_add(x->ctx, domid, &w->disks[o->idx], NULL);
                break;
            case OP_NIC_ADD:
                w->nics[o->idx].devid = -1;     /* the next free one */
                r = libxl_device_nic_add(x->ctx, domid, &w->nics[o->idx], NULL);
                break;
            /* xyl's own devices: one line each on failure; a device already
             * gone (1) is what a removal wants */
            case OP_XDISK_DEL:
                r = xyl_vbd_hot_detach(domid, o->key, false) < 0 ? -1 : 0;
                break;
            case OP_XNIC_DEL:
                r = xyl_vif_hot_detach(domid, (int)o->value, NULL) < 0 ? -1 : 0;
                break;
            case OP_XDISK_ADD:
                r = xyl_vbd_hot_attach(domid, g->file, &g->disks[o->idx]);
                break;
            case OP_XNIC_ADD:
                r = xyl_vif_hot_attach(domid, o->idx, &g->nics[o->idx]);
                break;
            case OP_XS_SET:
                set.v[set.n++] = g->xenstore.v[o->idx];
                break;
            case OP_XS_DEL:
                del[ndel++] = o->key;
                break;
            case OP_DISK_GROW:
                r = grow(domid, &g->disks[o->idx], o->value);
                break;
            case OP_RECORD:
                break;
            }
            if (r && own) {
                fprintf(stderr, "xyl: %s: %s failed in place (above); "
                        "the guest keeps the changes made before it: see 'xyl plan'\n",
                        g->name, op_name[o->kind]);
                ok = false;
            } else if (r) {
                fprintf(stderr, "xyl: %s: %s failed in place (libxl error %d); "
                        "the guest keeps the changes made before it: see 'xyl plan'\n",
                        g->name, op_name[o->kind], r);
                ok = false;
            }
        }
        if (ok && pass == 0 && xs_remove_guest_data(domid, del, ndel))
            ok = false;
    }
    if (ok && xs_write_guest_data(domid, &set))
        ok = false;
    if (ok && meta_record(domid, g))
        ok = false;
    free(del);
    free(set.v);
    return ok;
}

/* The monitors (and the --fork children) are our own children: libxl's
 * default would reap them behind our waitpid while creates run. */
static const libxl_childproc_hooks own_children = {
    .chldowner = libxl_sigchld_owner_libxl_always_selective_reap,
};

int apply_run(struct xyl_xen *x, struct plan_folder *pr, int jobs, bool forked, int stop_timeout)
{
    struct plan *p = &pr->plan;
    struct jobs js = { xcalloc((size_t)p->n + 1, sizeof(struct job)), 0 };
    int failed = 0, i, k;

    libxl_childproc_setmode(x->ctx, &own_children, NULL);
    /* records of guests that died without xyl */
    for (k = 0; k < pr->obs.n_meta; k++) {
        libxl_uuid u;

        if (observe_meta_stale(&pr->obs, &pr->obs.meta[k]) &&
            !libxl_uuid_from_string(&u, pr->obs.meta[k].uuid))
            meta_remove(&u);
    }
    interrupt_catch();
    for (i = 0; i < p->n; i++) {
        struct plan_action *a = &p->v[i];
        const struct plan_have *h = a->have >= 0 ? &pr->obs.v[a->have] : NULL;
        double t0 = now();

        if (interrupt_check("the remaining guests are left as they are")) {
            failed += p->n - i;
            break;
        }

        switch (a->kind) {
        case PLAN_DESTROY:
        case PLAN_RECREATE:
            /* a running guest is shut down cleanly first; either way waited
             * for: the name is free then for a recreate's new domain */
            if (a->disruptive
                    ? domain_stop(x, h->domid, a->name,
                                  stop_timeout_pick(stop_timeout, a->want >= 0 ?
                                                    pr->set.v[a->want].stop_timeout : XYL_UNSET,
                                                    h->stop_timeout))
                    : domain_teardown(x, h->domid, a->name, TEARDOWN_WAIT)) {
                failed++;
                break;
            }
            if (a->kind == PLAN_DESTROY) {
                printf("apply: %s destroyed (domid %u)\n", a->name, h->domid);
                break;
            }
            /* then create it anew */
            /* fall through */
        case PLAN_CREATE:
            js.v[js.n] = (struct job){ .pr = pr, .want = a->want,
                                       .verb = a->kind == PLAN_CREATE ? "created" : "recreated" };
            js.n++;
            break;
        case PLAN_UPDATE:
            if (update(x, pr, a))
                printf("apply: %s updated in place (domid %u, %.1f s)\n", a->name, h->domid, now() - t0);
            else
                failed++;
            break;
        case PLAN_CONFLICT:
            fprintf(stderr, "xyl: %s: left alone: %s\n", a->name, a->why[0]);
            failed++;
            break;
        case PLAN_UNCHANGED:
        case PLAN_KEEP:
            break;
        }
        fflush(stdout);
    }
    failed += (forked ? run_forked : run_jobs)(x, &js, jobs < 1 ? 1 : jobs);
    free(js.v);
    return failed;
}

int apply_confirm(const struct plan *p, enum apply_disrupt mode, FILE *in, bool tty, FILE *out)
{
    char answer[16];
    int n = p->disruptive;

    if (!n || mode == DISRUPT_YES)
        return 0;
    if (mode == DISRUPT_NO) {
        fprintf(stderr, "xyl: apply: %d disruptive action%s (marked above) refused by --no-disrupt; "
                "nothing was done\n", n, n == 1 ? "" : "s");
        return -1;
    }
    if (!tty) {
        fprintf(stderr, "xyl: apply: %d disruptive action%s (marked above) would shut %s down; "
                "no terminal to ask on: run again with --yes to allow %s; nothing was done\n",
                n, n == 1 ? "" : "s", n == 1 ? "a guest" : "guests", n == 1 ? "it" : "them");
        return -1;
    }
    fprintf(out, "Shut down and recreate or destroy %d guest%s as marked above? [y/N] ",
            n, n == 1 ? "" : "s");
    fflush(out);
    if (!fgets(answer, sizeof(answer), in) || (strcmp(answer, "y\n") && strcmp(answer, "yes\n") &&
                                                strcmp(answer, "y") && strcmp(answer, "yes"))) {
        fprintf(stderr, "xyl: apply: not confirmed (--yes skips the question); nothing was done\n");
        return -1;
    }
    return 0;
}
