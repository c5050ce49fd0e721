/*
 * xl-shim.c - LD_PRELOAD shim that lets Debian's unmodified `xl -N create`
 * run on a machine without a Xen hypervisor.
 *
 * Why this works
 * --------------
 * `xl -N create FILE` parses FILE with xl's own parse_config_data() and
 * prints libxl_domain_config_to_json() of the result.  Nothing on that path
 * needs a hypervisor except:
 *
 *   - libxl_ctx_alloc() opens a libxc handle (xc_interface_open) and a
 *     xenstore connection (xs_open); both fail without Xen, and xl then
 *     prints "cannot init xl context" and exits.
 *   - parse_config_data() calls libxl_get_physinfo() (-> xc_physinfo,
 *     xc_sharing_*), bitmap allocation calls libxl_get_max_cpus() (->
 *     xc_get_max_cpus), and xl's global config handling may call
 *     libxl_get_version_info() (-> xc_version) to decide "autoballoon".
 *
 * We therefore interpose one layer *below* libxl: the libxc / libxenstore
 * entry points that libxenlight.so calls.  All of libxl (including the real
 * libxl_ctx_alloc, libxl_get_physinfo and the JSON generator) and all of xl
 * run unmodified; only the hypervisor answers are faked, describing a small
 * plausible x86 host (see "Fake host" below).
 *
 * Safety net: the fake handles point at PROT_NONE pages.  If a future xl or
 * config ever reaches a libxc/xenstore function that is NOT interposed here,
 * that function dereferences the handle and faults inside our page; the
 * SIGSEGV handler then names the problem instead of letting libxl continue
 * on invented data.
 *
 * Symbol versioning: libxenlight references e.g. xc_physinfo@VERS_4.17.0.
 * This library is unversioned, and the dynamic linker lets an unversioned
 * definition that comes first in the search order (LD_PRELOAD) satisfy a
 * versioned reference, so no version script is needed.
 *
 * Fake host (overridable through the environment, read once):
 *   XLREF_HOST_CPUS    number of online pCPUs, 1 node     (default 8)
 *   XLREF_HOST_MEM_MB  total host memory in MiB           (default 16384)
 *
 * Global config redirection:
 *   XLREF_GLOBAL_CONFIG  if set, xl's read of its compile-time global config
 *                        /etc/xen/xl.conf is redirected to this file, so the
 *                        reference run uses Debian's packaged default xl.conf
 *                        whatever the host's /etc/xen holds.
 *
 * Build (xl-dryrun does this): cc -std=gnu11 -Wall -Wextra -Werror -fPIC
 * -shared -fvisibility=hidden.  The code is plain C11; gnu11 is only needed
 * because Xen's public headers refuse __STRICT_ANSI__ (anonymous unions).
 */
#define _GNU_SOURCE /* RTLD_NEXT, siginfo_t fields */

#include <dlfcn.h>
#include <errno.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenstore.h>
#include <libxl.h>
#include <libxl_utils.h>

/* Every exported symbol below replaces the library function of that name. */
#define SHIM_EXPORT __attribute__((visibility("default")))

#define XL_GLOBAL_CONFIG "/etc/xen/xl.conf" /* XEN_CONFIG_DIR "/xl.conf" */
#define PAGE_BYTES 4096u

/* ------------------------------------------------------------------------
 * Fake handles and the safety net
 * ---------------------------------------------------------------------- */

/* One PROT_NONE page; xc handle = its first byte, xs handle = byte 1. */
static unsigned char *trap_page;

static unsigned char *get_trap_page(void)
{
    if (!trap_page) {
        void *p = mmap(NULL, PAGE_BYTES, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (p == MAP_FAILED)
            return NULL;
        trap_page = p;
    }
    return trap_page;
}

static void write_str(const char *s)
{
    ssize_t r = write(STDERR_FILENO, s, strlen(s));
    (void)r; /* nothing sensible to do on failure inside a signal handler */
}

/*
 * Fault handler: if the fault lies inside our trap page, some real
 * libxc/xenstore function got one of our fake handles.  Say so, then fall
 * back to the default action so the process still dies with SIGSEGV.
 */
static void on_segv(int sig, siginfo_t *si, void *uctx)
{
    (void)uctx;
    unsigned char *a = si->si_addr;
    if (trap_page && a >= trap_page && a < trap_page + PAGE_BYTES)
        write_str("xl-shim: a libxc/xenstore call that needs a real "
                  "hypervisor was reached with the fake handle; "
                  "interpose it in tests/xlref/xl-shim.c\n");
    /* SA_RESETHAND already restored SIG_DFL: returning re-executes the
     * faulting instruction and the process dies of SIGSEGV as usual. */
    (void)sig;
}

__attribute__((constructor)) static void shim_init(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_sigaction = on_segv;
    sa.sa_flags = SA_SIGINFO | SA_RESETHAND;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGSEGV, &sa, NULL);
}

/* Parse a positive integer from the environment, else use the default. */
static unsigned long env_ulong(const char *name, unsigned long dflt)
{
    const char *s = getenv(name);
    char *end;
    unsigned long v;

    if (!s || !*s)
        return dflt;
    errno = 0;
    v = strtoul(s, &end, 10);
    if (errno || *end || v == 0)
        return dflt;
    return v;
}

static unsigned host_cpus(void)
{
    return (unsigned)env_ulong("XLREF_HOST_CPUS", 8);
}

static uint64_t host_pages(void)
{
    return (uint64_t)env_ulong("XLREF_HOST_MEM_MB", 16384) * (1024 * 1024 / PAGE_BYTES);
}

/* ------------------------------------------------------------------------
 * libxc: handle open/close
 * ---------------------------------------------------------------------- */

/* libxl_ctx_alloc(): the real one opens /dev/xen/privcmd and fails. */
SHIM_EXPORT xc_interface *xc_interface_open(xentoollog_logger *logger,
                                            xentoollog_logger *dombuild_logger,
                                            unsigned open_flags)
{
    (void)logger; (void)dombuild_logger; (void)open_flags;
    unsigned char *p = get_trap_page();
    if (!p) {
        errno = ENOMEM;
        return NULL;
    }
    return (xc_interface *)(void *)p;
}

/* libxl_ctx_free(): the real one would dereference our fake handle. */
SHIM_EXPORT int xc_interface_close(xc_interface *xch)
{
    (void)xch;
    return 0;
}

/* ------------------------------------------------------------------------
 * libxenstore: handle open/close
 * ---------------------------------------------------------------------- */

/* libxl_ctx_alloc(): the real one needs a running xenstored. */
SHIM_EXPORT struct xs_handle *xs_open(unsigned long flags)
{
    (void)flags;
    unsigned char *p = get_trap_page();
    if (!p) {
        errno = ENOMEM;
        return NULL;
    }
    return (struct xs_handle *)(void *)(p + 1);
}

/* libxl_ctx_free(): the real one would dereference our fake handle. */
SHIM_EXPORT void xs_close(struct xs_handle *xsh)
{
    (void)xsh;
}

/* ------------------------------------------------------------------------
 * libxc: host information (the fake host)
 * ---------------------------------------------------------------------- */

/*
 * libxl_get_physinfo(), called by xl's parse_config_data() (result only
 * checked, except nr_nodes for vnuma).  A plain x86 host: N cores in one
 * socket and one NUMA node, all memory free, HVM+PV+HAP+shadow+IOMMU and
 * both grant table versions available.
 */
SHIM_EXPORT int xc_physinfo(xc_interface *xch, xc_physinfo_t *info)
{
    (void)xch;
    unsigned n = host_cpus();
    uint64_t pages = host_pages();

    memset(info, 0, sizeof(*info));
    info->threads_per_core = 1;
    info->cores_per_socket = n;
    info->nr_cpus = n;
    info->max_cpu_id = n - 1;
    info->nr_nodes = 1;
    info->max_node_id = 0;
    info->cpu_khz = 2000000;
    info->capabilities = XEN_SYSCTL_PHYSCAP_hvm | XEN_SYSCTL_PHYSCAP_pv |
                         XEN_SYSCTL_PHYSCAP_directio | XEN_SYSCTL_PHYSCAP_hap |
                         XEN_SYSCTL_PHYSCAP_shadow |
                         XEN_SYSCTL_PHYSCAP_gnttab_v1 |
                         XEN_SYSCTL_PHYSCAP_gnttab_v2;
    info->total_pages = pages;
    info->free_pages = pages;
    info->max_mfn = pages - 1;
    return 0;
}

/* libxl_get_physinfo(): memory sharing statistics; none in use. */
SHIM_EXPORT long xc_sharing_freed_pages(xc_interface *xch)
{
    (void)xch;
    return 0;
}

SHIM_EXPORT long xc_sharing_used_frames(xc_interface *xch)
{
    (void)xch;
    return 0;
}

/* libxl_get_max_cpus(): size of every cpu bitmap allocated with max 0
 * (xl's global affinity masks, cpus= / cpus_soft= parsing). */
SHIM_EXPORT int xc_get_max_cpus(xc_interface *xch)
{
    (void)xch;
    return (int)host_cpus();
}

/* libxl_get_online_cpus(): vnuma sanity check in parse_config_data(). */
SHIM_EXPORT int xc_get_online_cpus(xc_interface *xch)
{
    (void)xch;
    return (int)host_cpus();
}

/* libxl_get_max_nodes(): size of node bitmaps (cpus="node:N" parsing). */
SHIM_EXPORT int xc_get_max_nodes(xc_interface *xch)
{
    (void)xch;
    return 1;
}

/* libxl_get_cpu_topology(), used by libxl_node_to_cpumap() for
 * cpus="node:N" / "nodes:..." affinity: one core per CPU, all in
 * socket 0, node 0.  With cputopo == NULL only the count is returned. */
SHIM_EXPORT int xc_cputopoinfo(xc_interface *xch, unsigned *max_cpus,
                               xc_cputopo_t *cputopo)
{
    (void)xch;
    unsigned n = host_cpus();

    if (cputopo) {
        unsigned fill = *max_cpus < n ? *max_cpus : n;
        for (unsigned i = 0; i < fill; i++) {
            cputopo[i].core = i;
            cputopo[i].socket = 0;
            cputopo[i].node = 0;
        }
    }
    *max_cpus = n;
    return 0;
}

/*
 * libxl_get_version_info(), called by xl's auto_autoballoon() when xl.conf
 * leaves autoballoon at "auto" (Debian's default).  libxl does not check
 * these calls' results, so every buffer must be filled.  The Xen command
 * line is empty (no dom0_mem=), so xl picks autoballoon=1 as on a default
 * install; autoballoon does not affect the -N JSON.
 */
SHIM_EXPORT int xc_version(xc_interface *xch, int cmd, void *arg)
{
    (void)xch;
    switch (cmd) {
    case XENVER_version:
        return (4 << 16) | 17;
    case XENVER_extraversion:
        snprintf(arg, sizeof(xen_extraversion_t), "%s", ".7");
        return 0;
    case XENVER_compile_info: {
        xen_compile_info_t *ci = arg;
        memset(ci, 0, sizeof(*ci));
        snprintf(ci->compiler, sizeof(ci->compiler), "%s", "xl-shim");
        snprintf(ci->compile_by, sizeof(ci->compile_by), "%s", "xl-shim");
        snprintf(ci->compile_domain, sizeof(ci->compile_domain), "%s", "invalid");
        snprintf(ci->compile_date, sizeof(ci->compile_date), "%s", "none");
        return 0;
    }
    case XENVER_capabilities:
        snprintf(arg, sizeof(xen_capabilities_info_t), "%s",
                 "xen-3.0-x86_64 hvm-3.0-x86_32 hvm-3.0-x86_32p hvm-3.0-x86_64");
        return 0;
    case XENVER_changeset:
        snprintf(arg, sizeof(xen_changeset_info_t), "%s", "");
        return 0;
    case XENVER_platform_parameters: {
        xen_platform_parameters_t *pp = arg;
        pp->virt_start = UINT64_C(0xffff800000000000);
        return 0;
    }
    case XENVER_pagesize:
        return (int)PAGE_BYTES;
    case XENVER_commandline:
        snprintf(arg, sizeof(xen_commandline_t), "%s", "");
        return 0;
    case XENVER_build_id:
        return -EPERM; /* libxl then records an empty build id */
    default:
        errno = ENOSYS;
        return -1;
    }
}

/* ------------------------------------------------------------------------
 * libxl: global config redirection (not hypervisor-related)
 * ---------------------------------------------------------------------- */

/*
 * xl reads its global config from the compile-time path /etc/xen/xl.conf
 * and has no option to change it.  When XLREF_GLOBAL_CONFIG is set, read
 * that file instead (the wrapper points it at Debian's packaged xl.conf).
 * Every other file, including the domain config, goes to the real function
 * unchanged.
 */
SHIM_EXPORT int libxl_read_file_contents(libxl_ctx *ctx, const char *filename,
                                         void **data_r, int *datalen_r)
{
    typedef int (*read_fn)(libxl_ctx *, const char *, void **, int *);
    static read_fn real;
    const char *redirect = getenv("XLREF_GLOBAL_CONFIG");

    if (!real) {
        /* POSIX-sanctioned object->function pointer conversion. */
        *(void **)&real = dlsym(RTLD_NEXT, "libxl_read_file_contents");
        if (!real) {
            fprintf(stderr, "xl-shim: cannot find libxl_read_file_contents: %s\n",
                    dlerror());
            return ENOSYS;
        }
    }
    if (redirect && *redirect && strcmp(filename, XL_GLOBAL_CONFIG) == 0)
        filename = redirect;
    return real(ctx, filename, data_r, datalen_r);
}
