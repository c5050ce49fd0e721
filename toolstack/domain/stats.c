/*
 * stats.c - one snapshot of what the guests use: libxenstat (xentop's
 * library, so the figures are xentop's) for CPU, memory and the kernel
 * backends' vif and vbd counters, then the counters xyl-netback and
 * xyl-blkback publish in each of their devices' xyl-stats node (libxenstat
 * knows only the kernel's vifN.M and vbd-D-N, and QEMU's disks).
 */
#include "domain/stats.h"
#include "devices/xyl_vbd.h"
#include "devices/xyl_vif.h"
#include "xen/xen.h"

#include <xenstat.h>

#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now_s(void)
{
    struct timespec ts;

    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static bool wanted(xenstat_domain *d, char *const *names, int n, bool *hit)
{
    const char *name = xenstat_domain_name(d);
    bool any = n == 0;
    int i;

    for (i = 0; i < n; i++) {
        char *end;
        unsigned long id = strtoul(names[i], &end, 10);
        if ((name && !strcmp(name, names[i])) || (*names[i] && !*end && id == xenstat_domain_id(d))) {
            hit[i] = true;
            any = true;
        }
    }
    return any;
}

static void kernel_vifs(xenstat_domain *d, struct stat_domain *sd)
{
    unsigned i, n = xenstat_domain_num_networks(d);

    sd->vifs = n ? xcalloc(n, sizeof(*sd->vifs)) : NULL;
    for (i = 0; i < n; i++) {
        xenstat_network *net = xenstat_domain_network(d, i);
        struct stat_vif *v = &sd->vifs[sd->n_vifs++];

        v->devid = xenstat_network_id(net);
        v->backend = STAT_KERNEL;
        v->rx_bytes = xenstat_network_rbytes(net);
        v->rx_packets = xenstat_network_rpackets(net);
        v->rx_errors = xenstat_network_rerrs(net);
        v->rx_drops = xenstat_network_rdrop(net);
        v->tx_bytes = xenstat_network_tbytes(net);
        v->tx_packets = xenstat_network_tpackets(net);
        v->tx_errors = xenstat_network_terrs(net);
        v->tx_drops = xenstat_network_tdrop(net);
    }
}

static uint64_t kv_get(const struct stat_kv *kv, int n, const char *key)
{
    int i;

    for (i = 0; i < n; i++)
        if (!strcmp(kv[i].key, key))
            return kv[i].value;
    return 0;
}

/* xyl-netback's NICs: its tx ring is what the guest sends */
static void xyl_vifs(struct stat_domain *sd)
{
    int i, n = 0;
    uint32_t *ids = xyl_vif_list(sd->domid, &n);

    if (!n) {
        free(ids);
        return;
    }
    sd->vifs = xrealloc(sd->vifs, (size_t)(sd->n_vifs + n) * sizeof(*sd->vifs));
    for (i = 0; i < n; i++) {
        struct xyl_vif_info in;
        struct stat_vif *v = &sd->vifs[sd->n_vifs];

        if (xyl_vif_info(sd->domid, ids[i], &in))
            continue;
        memset(v, 0, sizeof(*v));
        v->devid = ids[i];
        v->backend = STAT_XYL;
        v->n_xyl = stats_parse_kv(in.stats, v->xyl, STAT_KV_MAX);
        v->tx_bytes = kv_get(v->xyl, v->n_xyl, "tx_bytes");
        v->tx_packets = kv_get(v->xyl, v->n_xyl, "tx_packets");
        v->rx_bytes = kv_get(v->xyl, v->n_xyl, "rx_bytes");
        v->rx_packets = kv_get(v->xyl, v->n_xyl, "rx_packets");
        v->rx_drops = kv_get(v->xyl, v->n_xyl, "rx_no_buffer");
        sd->n_vifs++;
    }
    free(ids);
}

static void vbds(xenstat_domain *d, struct stat_domain *sd)
{
    unsigned i, n = xenstat_domain_num_vbds(d);

    sd->vbds = n ? xcalloc(n, sizeof(*sd->vbds)) : NULL;
    for (i = 0; i < n; i++) {
        xenstat_vbd *b = xenstat_domain_vbd(d, i);
        struct stat_vbd *v = &sd->vbds[sd->n_vbds++];

        v->devid = xenstat_vbd_dev(b);
        v->backend = STAT_KERNEL;
        v->oo_requests = xenstat_vbd_oo_reqs(b);
        v->read_requests = xenstat_vbd_rd_reqs(b);
        v->write_requests = xenstat_vbd_wr_reqs(b);
        v->read_sectors = xenstat_vbd_rd_sects(b);
        v->write_sectors = xenstat_vbd_wr_sects(b);
    }
}

/* xyl-blkback's disks: libxenstat knows only the kernel's and QEMU's */
static void xyl_vbds(struct stat_domain *sd)
{
    int i, n = 0;
    uint32_t *ids = xyl_vbd_list(sd->domid, &n);

    if (!n) {
        free(ids);
        return;
    }
    sd->vbds = xrealloc(sd->vbds, (size_t)(sd->n_vbds + n) * sizeof(*sd->vbds));
    for (i = 0; i < n; i++) {
        char buf[256];
        struct stat_vbd *v = &sd->vbds[sd->n_vbds];

        if (xyl_vbd_stats(sd->domid, ids[i], buf, sizeof(buf)))
            continue;
        memset(v, 0, sizeof(*v));
        v->devid = ids[i];
        v->backend = STAT_XYL;
        v->n_xyl = stats_parse_kv(buf, v->xyl, STAT_KV_MAX);
        v->read_requests = kv_get(v->xyl, v->n_xyl, "reads");
        v->write_requests = kv_get(v->xyl, v->n_xyl, "writes");
        v->read_sectors = kv_get(v->xyl, v->n_xyl, "read_sectors");
        v->write_sectors = kv_get(v->xyl, v->n_xyl, "write_sectors");
        sd->n_vbds++;
    }
    free(ids);
}

static void domain(xenstat_domain *d, struct stat_domain *sd)
{
    unsigned i;
    const char *name = xenstat_domain_name(d);
    unsigned long long max = xenstat_domain_max_mem(d);

    snprintf(sd->name, sizeof(sd->name), "%s", name ? name : "");
    sd->domid = xenstat_domain_id(d);
    sd->state[0] = xenstat_domain_running(d) ? 'r' : '-';
    sd->state[1] = xenstat_domain_blocked(d) ? 'b' : '-';
    sd->state[2] = xenstat_domain_paused(d) ? 'p' : '-';
    sd->state[3] = xenstat_domain_shutdown(d) ? 's' : '-';
    sd->state[4] = xenstat_domain_crashed(d) ? 'c' : '-';
    sd->state[5] = xenstat_domain_dying(d) ? 'd' : '-';
    sd->state[6] = '\0';
    sd->cpu_ns = xenstat_domain_cpu_ns(d);
    sd->vcpus = xenstat_domain_num_vcpus(d);
    for (i = 0; i < sd->vcpus; i++) {
        xenstat_vcpu *v = xenstat_domain_vcpu(d, i);
        sd->vcpus_online += v && xenstat_vcpu_online(v);
    }
    sd->memory_bytes = xenstat_domain_cur_mem(d);
    /* libxenstat says "no limit" with all bits set (Domain-0) */
    sd->memory_max_bytes = max == (unsigned long long)-1 ? 0 : max;
    kernel_vifs(d, sd);
    xyl_vifs(sd);
    vbds(d, sd);
    xyl_vbds(sd);
}

int stats_collect(struct stat_host *h, char *const *names, int n_names)
{
    xenstat_handle *xh;
    xenstat_node *node;
    bool *hit;
    unsigned i, n;
    int j, rc = 0;
    const char *ver;

    memset(h, 0, sizeof(*h));
    if (xen_present())
        return -1;
    xh = xenstat_init();
    if (!xh) {
        fprintf(stderr, "xyl: cannot open libxenstat (is this a Xen dom0, run as root?)\n");
        return -1;
    }
    node = xenstat_get_node(xh, XENSTAT_ALL);
    if (!node) {
        fprintf(stderr, "xyl: libxenstat could not read the host's domains\n");
        xenstat_uninit(xh);
        return -1;
    }
    h->taken_at = now_s();
    ver = xenstat_node_xen_version(node);
    snprintf(h->xen_version, sizeof(h->xen_version), "%s", ver ? ver : "");
    h->memory_bytes = xenstat_node_tot_mem(node);
    h->memory_free_bytes = xenstat_node_free_mem(node);
    h->cpus = xenstat_node_num_cpus(node);
    h->cpu_hz = xenstat_node_cpu_hz(node);
    n = xenstat_node_num_domains(node);
    h->doms = n ? xcalloc(n, sizeof(*h->doms)) : NULL;
    hit = xcalloc((size_t)n_names + 1, sizeof(*hit));
    for (i = 0; i < n; i++) {
        xenstat_domain *d = xenstat_node_domain_by_index(node, i);
        if (d && wanted(d, names, n_names, hit))
            domain(d, &h->doms[h->n_doms++]);
    }
    for (j = 0; j < n_names; j++)
        if (!hit[j]) {
            fprintf(stderr, "xyl: %s: no such domain\n", names[j]);
            rc = -1;
        }
    free(hit);
    xenstat_free_node(node);
    xenstat_uninit(xh);
    if (rc)
        stats_free(h);
    return rc;
}

void stats_free(struct stat_host *h)
{
    int i;

    for (i = 0; i < h->n_doms; i++) {
        free(h->doms[i].vifs);
        free(h->doms[i].vbds);
    }
    free(h->doms);
    memset(h, 0, sizeof(*h));
}
