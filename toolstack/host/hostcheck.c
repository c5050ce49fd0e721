/*
 * hostcheck.c - the host checks (see hostcheck.h).  Every path is read
 * under the root prefix; nothing here needs Xen or root.
 */
#include "host/hostcheck.h"
#include "base/util.h"
#include "model/pvgrub.h"

#include <ctype.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static char *path_of(const char *root, const char *rel)
{
    size_t n = strlen(root);

    while (n > 0 && root[n - 1] == '/')
        n--;
    return xasprintf("%.*s/%s", (int)n, root, rel);
}

/* a small file's content (first line trimmed when first_line), or NULL */
static char *slurp(const char *root, const char *rel, bool first_line)
{
    char *p = path_of(root, rel), *s;
    size_t len;

    s = read_file(p, 4 << 20, &len);
    free(p);
    if (s && first_line) {
        s[strcspn(s, "\n")] = '\0';
        len = strlen(s);
        while (len && isspace((unsigned char)s[len - 1]))
            s[--len] = '\0';
    }
    return s;
}

static bool exists(const char *root, const char *rel)
{
    char *p = path_of(root, rel);
    struct stat st;
    bool r = stat(p, &st) == 0;

    free(p);
    return r;
}

void hc_add(struct hc_report *r, enum hc_status st, const char *check, const char *fix,
            const char *fmt, ...)
{
    struct strbuf sb = STRBUF_INIT;
    struct hc_item *it;
    va_list ap;

    va_start(ap, fmt);
    sb_vaddf(&sb, fmt, ap);
    va_end(ap);
    ALLOC_GROW(r->v, r->n, r->alloc);
    it = &r->v[r->n++];
    it->status = st;
    it->check = xstrdup(check);
    it->detail = sb_detach(&sb);
    it->fix = fix ? xstrdup(fix) : NULL;
}

/* is word a whole word of a "flags : a b c" line of cpuinfo? */
static bool has_word(const char *line, const char *word)
{
    size_t n = strlen(word);
    const char *p = line;

    while ((p = strstr(p, word))) {
        bool start = p == line || isspace((unsigned char)p[-1]);
        bool end = !p[n] || isspace((unsigned char)p[n]);
        if (start && end)
            return true;
        p += n;
    }
    return false;
}

static void check_cpu(const char *root, const struct hc_xen *xen, struct hc_report *r)
{
    char *info = slurp(root, "proc/cpuinfo", false), *flags = NULL, *line;
    bool vmx = false, svm = false, hyp = false;

    if (info) {
        for (line = strtok(info, "\n"); line; line = strtok(NULL, "\n"))
            if (!strncmp(line, "flags", 5)) {
                flags = line;
                break;
            }
    }
    if (flags) {
        vmx = has_word(flags, "vmx");
        svm = has_word(flags, "svm");
        hyp = has_word(flags, "hypervisor");
    }
    if (xen && xen->hvm)
        hc_add(r, HC_OK, "cpu-virt", NULL, "hardware virtualization in use by Xen (HVM and PVH guests)");
    else if (vmx || svm)
        hc_add(r, HC_OK, "cpu-virt", NULL, "%s", vmx ? "Intel VT-x (vmx)" : "AMD-V (svm)");
    else if (!info)
        hc_add(r, HC_WARN, "cpu-virt", NULL, "cannot read /proc/cpuinfo");
    else if (hyp)
        hc_add(r, HC_WARN, "cpu-virt", "enable nested virtualization for this VM in its hypervisor",
            "no vmx/svm: this is a VM without nested virtualization; only PV guests can run");
    else
        hc_add(r, HC_WARN, "cpu-virt", "enable VT-x or AMD-V (SVM) in the firmware setup",
            "no vmx/svm: only PV guests can run");
    free(info);
}

bool hostcheck_is_dom0(const char *root)
{
    char *caps = slurp(root, "proc/xen/capabilities", false);
    bool r = caps && strstr(caps, "control_d");

    free(caps);
    return r;
}

/* returns: 2 dom0, 1 on Xen but not (known to be) dom0, 0 not on Xen */
static int check_xen(const char *root, const struct hc_xen *xen, struct hc_report *r)
{
    char *type = slurp(root, "sys/hypervisor/type", true);
    char *caps = slurp(root, "proc/xen/capabilities", false);
    bool onxen = type && !strcmp(type, "xen");
    int rc = 0;

    if (caps && strstr(caps, "control_d")) {
        hc_add(r, HC_OK, "xen", NULL, "this is a Xen dom0");
        rc = 2;
    } else if (onxen && !caps) {
        hc_add(r, HC_FAIL, "xen", "mount -t xenfs xenfs /proc/xen",
            "running on Xen, but xenfs is not mounted on /proc/xen");
        rc = 1;
    } else if (onxen) {
        hc_add(r, HC_FAIL, "xen", "run xyl in dom0, not in a guest",
            "this is a Xen guest (domU), not dom0");
        rc = 1;
    } else {
        hc_add(r, HC_FAIL, "xen", "install Xen (apt install xen-system-amd64) and boot its GRUB entry",
            "not running on Xen%s", type ? "" : " (no /sys/hypervisor/type)");
    }
    if (rc) {
        char *maj = slurp(root, "sys/hypervisor/version/major", true);
        char *min = slurp(root, "sys/hypervisor/version/minor", true);
        char *ext = slurp(root, "sys/hypervisor/version/extra", true);
        if (xen && xen->version[0])
            hc_add(r, HC_OK, "xen-version", NULL, "Xen %s", xen->version);
        else if (maj && min)
            hc_add(r, HC_OK, "xen-version", NULL, "Xen %s.%s%s", maj, min, ext ? ext : "");
        else
            hc_add(r, HC_WARN, "xen-version", NULL, "unknown (no /sys/hypervisor/version)");
        free(maj);
        free(min);
        free(ext);
    }
    free(type);
    free(caps);
    return rc;
}

static void check_caps(const struct hc_xen *xen, struct hc_report *r)
{
    hc_add(r, xen->pv ? HC_OK : HC_WARN, "xen-pv", xen->pv ? NULL : "use a Xen built with CONFIG_PV",
        "%s", xen->pv ? "PV guests supported" : "this Xen cannot run PV guests");
    hc_add(r, xen->hvm ? HC_OK : HC_WARN, "xen-hvm",
        xen->hvm ? NULL : "enable VT-x or AMD-V (SVM) in the firmware setup",
        "%s", xen->hvm ? "HVM and PVH guests supported" : "no HVM: only PV guests can run");
    hc_add(r, xen->hap ? HC_OK : HC_WARN, "xen-hap", xen->hap ? NULL : "enable EPT/NPT in the firmware setup",
        "%s", xen->hap ? "hardware-assisted paging (EPT/NPT)"
                       : "no HAP: HVM and PVH guests use shadow paging (slower)");
    hc_add(r, xen->shadow ? HC_OK : HC_WARN, "xen-shadow",
        xen->shadow ? NULL : "use a Xen built with CONFIG_SHADOW_PAGING, or migrate PV guests "
        "with --non-live", "%s", xen->shadow ? "shadow paging: PV guests can be migrated live"
        : "no shadow paging: PV guests cannot be migrated live (HVM/PVH with HAP can)");
    hc_add(r, xen->iommu ? HC_OK : HC_WARN, "xen-iommu",
        xen->iommu ? NULL : "enable VT-d or AMD-Vi in the firmware setup (and iommu=1 for Xen)",
        "%s", xen->iommu ? "IOMMU on: PCI passthrough possible" : "no IOMMU: no PCI passthrough");
}

static bool module_loaded(const char *root, const char *mod, const char *modules)
{
    char *rel = xasprintf("sys/module/%s", mod);
    bool r = exists(root, rel);
    size_t n = strlen(mod);
    const char *p;

    free(rel);
    for (p = modules; !r && p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
        if (!strncmp(p, mod, n) && p[n] == ' ')
            r = true;
    return r;
}

static void check_modules(const char *root, struct hc_report *r)
{
    static const struct { const char *mod, *dev, *what; bool needed; } mods[] = {
        { "xen_evtchn", "dev/xen/evtchn", "event channels", true },
        { "xen_gntdev", "dev/xen/gntdev", "grant mappings (xenconsoled, qemu)", true },
        { "xen_blkback", NULL, "guest disks (phy backend)", false },
        { "xen_netback", NULL, "guest NICs", false },
    };
    char *modules = slurp(root, "proc/modules", false);
    size_t i;

    for (i = 0; i < ARRAY_SIZE(mods); i++) {
        char check[40], fix[64], *dash;
        bool ok = module_loaded(root, mods[i].mod, modules) ||
                  (mods[i].dev && exists(root, mods[i].dev));
        snprintf(check, sizeof(check), "module:%s", mods[i].mod);
        snprintf(fix, sizeof(fix), "modprobe %s", mods[i].mod);
        for (dash = fix + 9; *dash; dash++)     /* modprobe spells it xen-evtchn */
            if (*dash == '_')
                *dash = '-';
        if (ok)
            hc_add(r, HC_OK, check, NULL, "loaded (%s)", mods[i].what);
        else
            hc_add(r, mods[i].needed ? HC_FAIL : HC_WARN, check, fix, "not loaded: no %s", mods[i].what);
    }
    free(modules);
}

/* is a process with this comm running (any /proc/PID/comm)? */
static bool running(const char *root, const char *const *names)
{
    char *proc = path_of(root, "proc");
    DIR *d = opendir(proc);
    struct dirent *e;
    bool found = false;

    free(proc);
    if (!d)
        return false;
    while (!found && (e = readdir(d))) {
        char *rel, *comm;
        int i;
        if (!isdigit((unsigned char)e->d_name[0]))
            continue;
        rel = xasprintf("proc/%s/comm", e->d_name);
        comm = slurp(root, rel, true);
        for (i = 0; comm && names[i]; i++)
            if (!strcmp(comm, names[i]))
                found = true;
        free(rel);
        free(comm);
    }
    closedir(d);
    return found;
}

static void check_daemons(const char *root, struct hc_report *r)
{
    static const char *const xs[] = { "xenstored", "oxenstored", NULL };
    static const char *const xc[] = { "xenconsoled", NULL };

    if (running(root, xs))
        hc_add(r, HC_OK, "xenstored", NULL, "running");
    else
        hc_add(r, HC_FAIL, "xenstored", "systemctl start xenstored (or /etc/init.d/xencommons start)",
            "not running: libxl cannot work without it");
    if (running(root, xc))
        hc_add(r, HC_OK, "xenconsoled", NULL, "running");
    else
        hc_add(r, HC_WARN, "xenconsoled", "systemctl start xenconsoled (or /etc/init.d/xencommons start)",
            "not running: guest consoles are not logged and 'xyl console' cannot attach");
}

static void check_bridges(const char *root, struct hc_report *r)
{
    struct hc_bridge *b;
    struct strbuf sb = STRBUF_INIT;
    int n = hostcheck_bridges(root, &b), i, up = 0;

    for (i = 0; i < n; i++) {
        sb_addf(&sb, "%s%s (%s, %d port%s)", i ? ", " : "", b[i].name,
                b[i].admin_up ? "up" : "down", b[i].n_ports, b[i].n_ports == 1 ? "" : "s");
        up += b[i].admin_up;
    }
    if (n == 0)
        hc_add(r, HC_WARN, "bridges", "ip link add xenbr0 type bridge && ip link set xenbr0 up "
            "(to keep it: /etc/network/interfaces)", "no Linux bridge: guests' NICs have nothing to join");
    else if (up == 0)
        hc_add(r, HC_WARN, "bridges", "ip link set BRIDGE up", "%s: none is up", sb_str(&sb));
    else
        hc_add(r, HC_OK, "bridges", NULL, "%s", sb_str(&sb));
    sb_free(&sb);
    hostcheck_bridges_free(b, n);
}

static void check_memory(const char *root, const struct hc_xen *xen, struct hc_report *r)
{
    char *mi = slurp(root, "proc/meminfo", false), *p;
    unsigned long long kb = 0;

    if (xen) {
        hc_add(r, xen->free_mib >= 256 ? HC_OK : HC_WARN, "memory",
            xen->free_mib >= 256 ? NULL : "give dom0 less memory (dom0_mem= on Xen's command line) "
            "or stop guests", "%llu MiB of %llu MiB free in Xen for guests",
            (unsigned long long)xen->free_mib, (unsigned long long)xen->total_mib);
    } else if (mi && (p = strstr(mi, "MemAvailable:")) && sscanf(p + 13, "%llu", &kb) == 1) {
        hc_add(r, kb >= 512 * 1024 ? HC_OK : HC_WARN, "memory", kb >= 512 * 1024 ? NULL : "free memory",
            "%llu MiB available to Linux", kb / 1024);
    } else {
        hc_add(r, HC_WARN, "memory", NULL, "cannot read /proc/meminfo");
    }
    free(mi);
}

/* firmware: pvgrub64/pvgrub32 boot grub-xen-host's images (model/pvgrub.h) */
static void check_pvgrub(const char *root, struct hc_report *r)
{
    int i, missing = 0;

    for (i = 0; pvgrub_images[i]; i++)
        missing += !exists(root, pvgrub_images[i] + 1);
    if (!missing)
        hc_add(r, HC_OK, "pvgrub", NULL, "GRUB for PV and PVH guests (firmware: pvgrub64) in "
            PVGRUB_DIR);
    else
        hc_add(r, HC_WARN, "pvgrub", "apt-get install " PVGRUB_PACKAGE,
            "%d of %d GRUB images for PV/PVH guests missing in " PVGRUB_DIR
            " (firmware: pvgrub64/pvgrub32 cannot boot)", missing, i);
}

void hostcheck_run(const char *root, const struct hc_xen *xen, struct hc_report *r)
{
    int onxen;

    check_cpu(root, xen, r);
    onxen = check_xen(root, xen, r);
    if (xen)
        check_caps(xen, r);
    if (onxen == 2) {           /* what only dom0 needs */
        check_modules(root, r);
        check_daemons(root, r);
        check_pvgrub(root, r);
    }
    check_bridges(root, r);
    check_memory(root, xen, r);
}

enum hc_status hostcheck_worst(const struct hc_report *r)
{
    enum hc_status w = HC_OK;
    int i;

    for (i = 0; i < r->n; i++)
        if (r->v[i].status > w)
            w = r->v[i].status;
    return w;
}

const char *hc_status_name(enum hc_status s)
{
    return s == HC_OK ? "OK" : s == HC_WARN ? "WARN" : "FAIL";
}

void hc_report_free(struct hc_report *r)
{
    int i;

    for (i = 0; i < r->n; i++) {
        free(r->v[i].check);
        free(r->v[i].detail);
        free(r->v[i].fix);
    }
    free(r->v);
    r->v = NULL;
    r->n = r->alloc = 0;
}

int hostcheck_parse_vif(const char *ifname, int *domid, int *devid)
{
    const char *p;
    char *end;
    long d, n;

    if (!strncmp(ifname, "vif", 3))
        p = ifname + 3;
    else if (!strncmp(ifname, "tap", 3))
        p = ifname + 3;
    else
        return -1;
    if (!isdigit((unsigned char)*p))
        return -1;
    d = strtol(p, &end, 10);
    if (*end != '.' || !isdigit((unsigned char)end[1]))
        return -1;
    n = strtol(end + 1, &end, 10);
    if (*end && strcmp(end, "-emu"))
        return -1;
    if (d < 0 || d >= 0x7FF0 || n < 0 || n > 0xFFFF)
        return -1;
    *domid = (int)d;
    *devid = (int)n;
    return 0;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* sorted entry names of a directory (no dot entries) */
static int list_dir(const char *path, char ***out)
{
    DIR *d = opendir(path);
    struct dirent *e;
    char **v = NULL;
    int n = 0, alloc = 0;

    *out = NULL;
    if (!d)
        return 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.')
            continue;
        ALLOC_GROW(v, n, alloc);
        v[n++] = xstrdup(e->d_name);
    }
    closedir(d);
    if (n)
        qsort(v, (size_t)n, sizeof(*v), cmp_name);
    *out = v;
    return n;
}

int hostcheck_bridges(const char *root, struct hc_bridge **out)
{
    char *net = path_of(root, "sys/class/net"), **ifs, **ports;
    struct hc_bridge *b = NULL;
    int nif = list_dir(net, &ifs), n = 0, alloc = 0, i, k, np;

    for (i = 0; i < nif; i++) {
        char *rel = xasprintf("sys/class/net/%s/bridge", ifs[i]);
        bool isbr = exists(root, rel);
        free(rel);
        if (isbr) {
            struct hc_bridge *br;
            char *st, *fl, *dir;
            ALLOC_GROW(b, n, alloc);
            br = &b[n++];
            memset(br, 0, sizeof(*br));
            br->name = xstrdup(ifs[i]);
            rel = xasprintf("sys/class/net/%s/operstate", ifs[i]);
            st = slurp(root, rel, true);
            free(rel);
            br->state = st ? st : xstrdup("unknown");
            rel = xasprintf("sys/class/net/%s/flags", ifs[i]);
            fl = slurp(root, rel, true);
            free(rel);
            br->admin_up = fl ? (strtoul(fl, NULL, 0) & 1) != 0 : !strcmp(br->state, "up");
            free(fl);
            rel = xasprintf("sys/class/net/%s/brif", ifs[i]);
            dir = path_of(root, rel);
            free(rel);
            np = list_dir(dir, &ports);
            free(dir);
            br->ports = np ? xcalloc((size_t)np, sizeof(*br->ports)) : NULL;
            br->n_ports = np;
            for (k = 0; k < np; k++) {
                br->ports[k].ifname = ports[k];
                if (hostcheck_parse_vif(ports[k], &br->ports[k].domid, &br->ports[k].devid))
                    br->ports[k].domid = br->ports[k].devid = -1;
            }
            free(ports);
        }
        free(ifs[i]);
    }
    free(ifs);
    free(net);
    *out = b;
    return n;
}

void hostcheck_bridges_free(struct hc_bridge *b, int n)
{
    int i, k;

    for (i = 0; i < n; i++) {
        for (k = 0; k < b[i].n_ports; k++)
            free(b[i].ports[k].ifname);
        free(b[i].ports);
        free(b[i].name);
        free(b[i].state);
    }
    free(b);
}
