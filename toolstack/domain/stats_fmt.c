/*
 * stats_fmt.c - a stats snapshot printed four ways: `xyl stats` (text and
 * --json), `xyl top` (xentop's columns) and the Prometheus text format of
 * xyl-exporter (names and units by Prometheus's conventions: base units,
 * _total on counters, one HELP and TYPE per family, its samples together).
 * No Xen here: tests/unit/test_stats.c feeds it made-up snapshots.
 */
#include "domain/stats.h"
#include "base/json_out.h"

#include <ctype.h>
#include <stddef.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#define SECTOR 512              /* libxenstat's sectors are 512 bytes */

int stats_parse_kv(const char *s, struct stat_kv *kv, int max)
{
    int n = 0;

    while (s && *s && n < max) {
        const char *tok = s, *eq, *end;
        size_t klen, i;
        bool ok = true;
        uint64_t v = 0;

        while (*s && *s != ' ')
            s++;
        end = s;
        while (*s == ' ')
            s++;
        eq = memchr(tok, '=', (size_t)(end - tok));
        if (!eq)
            continue;
        klen = (size_t)(eq - tok);
        if (!klen || klen >= sizeof(kv[n].key) || eq + 1 == end)
            continue;
        for (i = 0; i < klen && ok; i++)
            ok = islower((unsigned char)tok[i]) || isdigit((unsigned char)tok[i]) || tok[i] == '_';
        for (i = 1; eq + i < end && ok; i++) {
            unsigned d = (unsigned)(eq[i] - '0');
            ok = d <= 9 && v <= (UINT64_MAX - d) / 10;
            v = v * 10 + d;
        }
        if (!ok)
            continue;
        memcpy(kv[n].key, tok, klen);
        kv[n].key[klen] = '\0';
        kv[n].value = v;
        n++;
    }
    return n;
}

static const char *backend_name(enum stat_backend b, bool vif)
{
    return b == STAT_XYL ? (vif ? "xyl-netback" : "xyl-blkback") : "kernel";
}

/* --- xyl stats --json --- */

static void jnum(yajl_gen g, const char *k, uint64_t v)
{
    char buf[24];
    int n = snprintf(buf, sizeof(buf), "%" PRIu64, v);

    json_str(g, k);
    yajl_gen_number(g, buf, (size_t)n);
}

/* a daemon's own counters, as "xyl_counters": { key: number } */
static void json_kv(yajl_gen g, const struct stat_kv *kv, int n)
{
    int i;

    json_str(g, "xyl_counters");
    yajl_gen_map_open(g);
    for (i = 0; i < n; i++)
        jnum(g, kv[i].key, kv[i].value);
    yajl_gen_map_close(g);
}

static void json_vif(yajl_gen g, const struct stat_vif *v)
{
    yajl_gen_map_open(g);
    jnum(g, "devid", v->devid);
    json_str(g, "backend"); json_str(g, backend_name(v->backend, true));
    jnum(g, "rx_bytes", v->rx_bytes); jnum(g, "rx_packets", v->rx_packets);
    jnum(g, "rx_errors", v->rx_errors); jnum(g, "rx_drops", v->rx_drops);
    jnum(g, "tx_bytes", v->tx_bytes); jnum(g, "tx_packets", v->tx_packets);
    jnum(g, "tx_errors", v->tx_errors); jnum(g, "tx_drops", v->tx_drops);
    if (v->backend == STAT_XYL)
        json_kv(g, v->xyl, v->n_xyl);
    yajl_gen_map_close(g);
}

static void json_vbd(yajl_gen g, const struct stat_vbd *v)
{
    yajl_gen_map_open(g);
    jnum(g, "devid", v->devid);
    json_str(g, "backend"); json_str(g, backend_name(v->backend, false));
    jnum(g, "oo_requests", v->oo_requests);
    jnum(g, "read_requests", v->read_requests); jnum(g, "write_requests", v->write_requests);
    jnum(g, "read_sectors", v->read_sectors); jnum(g, "write_sectors", v->write_sectors);
    if (v->backend == STAT_XYL)
        json_kv(g, v->xyl, v->n_xyl);
    yajl_gen_map_close(g);
}

static void jnum_or_null(yajl_gen g, const char *k, uint64_t v)
{
    if (v) {
        jnum(g, k, v);
    } else {
        json_str(g, k);
        yajl_gen_null(g);
    }
}

void stats_print_json(const struct stat_host *h)
{
    yajl_gen g = json_gen_new();
    int i, j;

    yajl_gen_map_open(g);
    json_str(g, "xen_version"); json_str(g, h->xen_version);
    jnum(g, "memory_bytes", h->memory_bytes);
    jnum(g, "memory_free_bytes", h->memory_free_bytes);
    jnum(g, "cpus", h->cpus);
    json_str(g, "domains");
    yajl_gen_array_open(g);
    for (i = 0; i < h->n_doms; i++) {
        const struct stat_domain *d = &h->doms[i];
        yajl_gen_map_open(g);
        json_str(g, "name"); json_str(g, d->name);
        jnum(g, "domid", d->domid);
        json_str(g, "state"); json_str(g, d->state);
        json_str(g, "cpu_seconds"); yajl_gen_double(g, (double)d->cpu_ns / 1e9);
        jnum(g, "vcpus", d->vcpus);
        jnum(g, "vcpus_online", d->vcpus_online);
        jnum(g, "memory_bytes", d->memory_bytes);
        jnum_or_null(g, "memory_max_bytes", d->memory_max_bytes);    /* null: no limit */
        json_str(g, "vifs");
        yajl_gen_array_open(g);
        for (j = 0; j < d->n_vifs; j++)
            json_vif(g, &d->vifs[j]);
        yajl_gen_array_close(g);
        json_str(g, "vbds");
        yajl_gen_array_open(g);
        for (j = 0; j < d->n_vbds; j++)
            json_vbd(g, &d->vbds[j]);
        yajl_gen_array_close(g);
        yajl_gen_map_close(g);
    }
    yajl_gen_array_close(g);
    yajl_gen_map_close(g);
    json_gen_print(g);
    putchar('\n');
}

/* --- xyl stats --- */

static const char *state_word(const char *st)
{
    if (strchr(st, 'd'))
        return "dying";
    if (strchr(st, 'c'))
        return "crashed";
    if (strchr(st, 's'))
        return "shut down";
    if (strchr(st, 'p'))
        return "paused";
    return strchr(st, 'r') ? "running" : "blocked";
}

void stats_print_text(FILE *f, const struct stat_host *h)
{
    int i, j, k;

    for (i = 0; i < h->n_doms; i++) {
        const struct stat_domain *d = &h->doms[i];
        fprintf(f, "%s (domain %" PRIu32 "): %s, cpu %" PRIu64 ".%03" PRIu64 " s, %u/%u vCPUs online, "
                "memory %" PRIu64 " KiB", d->name, d->domid, state_word(d->state), d->cpu_ns / 1000000000,
                d->cpu_ns / 1000000 % 1000, d->vcpus_online, d->vcpus, d->memory_bytes / 1024);
        if (d->memory_max_bytes)
            fprintf(f, " (max %" PRIu64 " KiB)", d->memory_max_bytes / 1024);
        fputc('\n', f);
        for (j = 0; j < d->n_vifs; j++) {
            const struct stat_vif *v = &d->vifs[j];
            fprintf(f, "  vif %" PRIu32 " (%s): sent %" PRIu64 " bytes %" PRIu64 " packets %" PRIu64
                    " errors %" PRIu64 " drops; received %" PRIu64 " bytes %" PRIu64 " packets %" PRIu64
                    " errors %" PRIu64 " drops\n", v->devid, backend_name(v->backend, true), v->tx_bytes,
                    v->tx_packets, v->tx_errors, v->tx_drops, v->rx_bytes, v->rx_packets, v->rx_errors,
                    v->rx_drops);
            if (v->n_xyl) {
                fputs("    xyl-netback:", f);
                for (k = 0; k < v->n_xyl; k++)
                    fprintf(f, " %s=%" PRIu64, v->xyl[k].key, v->xyl[k].value);
                fputc('\n', f);
            }
        }
        for (j = 0; j < d->n_vbds; j++) {
            const struct stat_vbd *v = &d->vbds[j];
            fprintf(f, "  vbd %" PRIu32 " (%s): %" PRIu64 " reads (%" PRIu64 " sectors), %" PRIu64
                    " writes (%" PRIu64 " sectors), %" PRIu64 " out of requests\n", v->devid,
                    backend_name(v->backend, false), v->read_requests, v->read_sectors, v->write_requests,
                    v->write_sectors, v->oo_requests);
            if (v->n_xyl) {
                fputs("    xyl-blkback:", f);
                for (k = 0; k < v->n_xyl; k++)
                    fprintf(f, " %s=%" PRIu64, v->xyl[k].key, v->xyl[k].value);
                fputc('\n', f);
            }
        }
    }
}

/* --- xyl top --- */

static const struct stat_domain *find_prev(const struct stat_host *prev, const struct stat_domain *d)
{
    int i;

    for (i = 0; prev && i < prev->n_doms; i++)
        if (prev->doms[i].domid == d->domid && !strcmp(prev->doms[i].name, d->name))
            return &prev->doms[i];
    return NULL;
}

void stats_print_top(FILE *f, const struct stat_host *prev, const struct stat_host *cur)
{
    int i, j, n[6] = { 0 };
    static const char letters[] = "rbpscd";
    uint64_t used = cur->memory_bytes - (cur->memory_free_bytes < cur->memory_bytes ? cur->memory_free_bytes
                                                                                     : cur->memory_bytes);

    for (i = 0; i < cur->n_doms; i++)
        for (j = 0; j < 6; j++)
            n[j] += cur->doms[i].state[j] == letters[j];
    fprintf(f, "xyl top - Xen %s\n", cur->xen_version);
    fprintf(f, "%d domains: %d running, %d blocked, %d paused, %d shutdown, %d crashed, %d dying\n",
            cur->n_doms, n[0], n[1], n[2], n[3], n[4], n[5]);
    fprintf(f, "Mem: %" PRIu64 "k total, %" PRIu64 "k used, %" PRIu64 "k free    CPUs: %u @ %" PRIu64 "MHz\n",
            cur->memory_bytes / 1024, used / 1024, cur->memory_free_bytes / 1024, cur->cpus,
            cur->cpu_hz / 1000000);
    fprintf(f, "%18s %6s %10s %6s %10s %6s %10s %9s %5s %4s %9s %9s %4s %8s %8s %8s %10s %10s\n", "NAME", "STATE",
            "CPU(sec)", "CPU(%)", "MEM(k)", "MEM(%)", "MAXMEM(k)", "MAXMEM(%)", "VCPUS", "NETS", "NETTX(k)",
            "NETRX(k)", "VBDS", "VBD_OO", "VBD_RD", "VBD_WR", "VBD_RSECT", "VBD_WSECT");
    for (i = 0; i < cur->n_doms; i++) {
        const struct stat_domain *d = &cur->doms[i], *p = find_prev(prev, d);
        uint64_t tx = 0, rx = 0, oo = 0, rd = 0, wr = 0, rs = 0, ws = 0;
        char cpu_pct[32] = "-", max[32] = "no limit", max_pct[32] = "n/a";
        double mem_pct = cur->memory_bytes ? 100.0 * (double)d->memory_bytes / (double)cur->memory_bytes : 0;

        for (j = 0; j < d->n_vifs; j++) {
            tx += d->vifs[j].tx_bytes;
            rx += d->vifs[j].rx_bytes;
        }
        for (j = 0; j < d->n_vbds; j++) {
            oo += d->vbds[j].oo_requests;
            rd += d->vbds[j].read_requests;
            wr += d->vbds[j].write_requests;
            rs += d->vbds[j].read_sectors;
            ws += d->vbds[j].write_sectors;
        }
        if (p && cur->taken_at > prev->taken_at && d->cpu_ns >= p->cpu_ns)
            snprintf(cpu_pct, sizeof(cpu_pct), "%.1f",
                     100.0 * (double)(d->cpu_ns - p->cpu_ns) / ((cur->taken_at - prev->taken_at) * 1e9));
        if (d->memory_max_bytes) {
            snprintf(max, sizeof(max), "%" PRIu64, d->memory_max_bytes / 1024);
            snprintf(max_pct, sizeof(max_pct), "%.1f", cur->memory_bytes ?
                     100.0 * (double)d->memory_max_bytes / (double)cur->memory_bytes : 0);
        }
        fprintf(f, "%18.18s %6s %10" PRIu64 " %6s %10" PRIu64 " %6.1f %10s %9s %5u %4d %9" PRIu64 " %9" PRIu64
                " %4d %8" PRIu64 " %8" PRIu64 " %8" PRIu64 " %10" PRIu64 " %10" PRIu64 "\n", d->name, d->state,
                d->cpu_ns / 1000000000, cpu_pct, d->memory_bytes / 1024, mem_pct, max, max_pct, d->vcpus,
                d->n_vifs, tx / 1024, rx / 1024, d->n_vbds, oo, rd, wr, rs, ws);
    }
}

/* --- xyl-exporter: Prometheus text format 0.0.4 --- */

/* a label value: backslash, double quote and newline escaped */
static void label(struct strbuf *out, const char *name, const char *value, bool first)
{
    const char *c;

    sb_addf(out, "%s%s=\"", first ? "" : ",", name);
    for (c = value; *c; c++) {
        if (*c == '\\' || *c == '"')
            sb_addc(out, '\\');
        if (*c == '\n')
            sb_adds(out, "\\n");
        else
            sb_addc(out, *c);
    }
    sb_addc(out, '"');
}

static void family(struct strbuf *out, const char *name, const char *type, const char *help)
{
    sb_addf(out, "# HELP %s %s\n# TYPE %s %s\n", name, help, name, type);
}

static void dom_labels(struct strbuf *out, const char *metric, const struct stat_domain *d)
{
    char id[12];

    snprintf(id, sizeof(id), "%" PRIu32, d->domid);
    sb_addf(out, "%s{", metric);
    label(out, "domain", d->name, true);
    label(out, "domid", id, false);
}

static void dev_labels(struct strbuf *out, const char *metric, const struct stat_domain *d, uint32_t devid,
                       const char *backend)
{
    char id[12];

    dom_labels(out, metric, d);
    snprintf(id, sizeof(id), "%" PRIu32, devid);
    label(out, "devid", id, false);
    label(out, "backend", backend, false);
}

enum field { F_CPU, F_VCPUS, F_ONLINE, F_MEM, F_MAXMEM };

static void dom_family(struct strbuf *out, const struct stat_host *h, const char *name, const char *type,
                       const char *help, enum field fld)
{
    int i;

    family(out, name, type, help);
    for (i = 0; i < h->n_doms; i++) {
        const struct stat_domain *d = &h->doms[i];
        if (fld == F_MAXMEM && !d->memory_max_bytes)
            continue;
        dom_labels(out, name, d);
        switch (fld) {
        case F_CPU:
            sb_addf(out, "} %" PRIu64 ".%09" PRIu64 "\n", d->cpu_ns / 1000000000, d->cpu_ns % 1000000000);
            break;
        case F_VCPUS:
            sb_addf(out, "} %u\n", d->vcpus);
            break;
        case F_ONLINE:
            sb_addf(out, "} %u\n", d->vcpus_online);
            break;
        case F_MEM:
            sb_addf(out, "} %" PRIu64 "\n", d->memory_bytes);
            break;
        case F_MAXMEM:
            sb_addf(out, "} %" PRIu64 "\n", d->memory_max_bytes);
            break;
        }
    }
}

/* the vif counters, by their offset in struct stat_vif */
static const struct {
    const char *name, *help;
    size_t off;
} vif_fams[] = {
    { "xyl_vif_receive_bytes_total", "Bytes the guest received on the NIC", offsetof(struct stat_vif, rx_bytes) },
    { "xyl_vif_receive_packets_total", "Packets the guest received", offsetof(struct stat_vif, rx_packets) },
    { "xyl_vif_receive_errors_total", "Receive errors", offsetof(struct stat_vif, rx_errors) },
    { "xyl_vif_receive_drops_total", "Packets for the guest dropped (xyl-netback: no rx buffer posted)",
      offsetof(struct stat_vif, rx_drops) },
    { "xyl_vif_transmit_bytes_total", "Bytes the guest sent on the NIC", offsetof(struct stat_vif, tx_bytes) },
    { "xyl_vif_transmit_packets_total", "Packets the guest sent", offsetof(struct stat_vif, tx_packets) },
    { "xyl_vif_transmit_errors_total", "Transmit errors", offsetof(struct stat_vif, tx_errors) },
    { "xyl_vif_transmit_drops_total", "Packets the guest sent that were dropped",
      offsetof(struct stat_vif, tx_drops) },
};

static const struct {
    const char *name, *help;
    size_t off;
    uint64_t scale;
} vbd_fams[] = {
    { "xyl_vbd_read_requests_total", "Read requests of the disk", offsetof(struct stat_vbd, read_requests), 1 },
    { "xyl_vbd_write_requests_total", "Write requests of the disk", offsetof(struct stat_vbd, write_requests), 1 },
    { "xyl_vbd_read_bytes_total", "Bytes read by the disk's backend", offsetof(struct stat_vbd, read_sectors),
      SECTOR },
    { "xyl_vbd_written_bytes_total", "Bytes written by the disk's backend",
      offsetof(struct stat_vbd, write_sectors), SECTOR },
    { "xyl_vbd_out_of_requests_total", "Times the backend found the ring empty of free requests (xentop VBD_OO)",
      offsetof(struct stat_vbd, oo_requests), 1 },
};

/* xyl-blkback's own counters that are not the standard ones above */
static bool blkback_standard(const char *key)
{
    return !strcmp(key, "reads") || !strcmp(key, "writes") || !strcmp(key, "read_sectors") ||
           !strcmp(key, "write_sectors");
}

/* xyl-netback's own counters that are not the standard ones above */
static bool netback_standard(const char *key)
{
    return !strcmp(key, "tx_bytes") || !strcmp(key, "tx_packets") || !strcmp(key, "rx_bytes") ||
           !strcmp(key, "rx_packets") || !strcmp(key, "rx_no_buffer");
}

/* One device's daemon counters but the standard ones, one sample each,
 * the counter's name in the label key (vif: xyl-netback's, else xyl-blkback's). */
static void daemon_samples(struct strbuf *out, const char *metric, const char *key, const struct stat_domain *d,
                           uint32_t devid, const struct stat_kv *kv, int n, bool vif)
{
    int k;

    for (k = 0; k < n; k++) {
        if (vif ? netback_standard(kv[k].key) : blkback_standard(kv[k].key))
            continue;
        dev_labels(out, metric, d, devid, backend_name(STAT_XYL, vif));
        label(out, key, kv[k].key, false);
        sb_addf(out, "} %" PRIu64 "\n", kv[k].value);
    }
}

void stats_prometheus(struct strbuf *out, const struct stat_host *h)
{
    size_t f;
    int i, j, k;

    family(out, "xyl_host_memory_bytes", "gauge", "Memory of the Xen host");
    sb_addf(out, "xyl_host_memory_bytes %" PRIu64 "\n", h->memory_bytes);
    family(out, "xyl_host_memory_free_bytes", "gauge", "Memory of the Xen host not given to any domain");
    sb_addf(out, "xyl_host_memory_free_bytes %" PRIu64 "\n", h->memory_free_bytes);
    family(out, "xyl_host_cpus", "gauge", "Physical CPUs of the Xen host");
    sb_addf(out, "xyl_host_cpus %u\n", h->cpus);
    family(out, "xyl_domains", "gauge", "Domains on the host, Domain-0 included");
    sb_addf(out, "xyl_domains %d\n", h->n_doms);

    dom_family(out, h, "xyl_domain_cpu_seconds_total", "counter", "CPU time the domain's vCPUs used", F_CPU);
    dom_family(out, h, "xyl_domain_vcpus", "gauge", "vCPUs of the domain", F_VCPUS);
    dom_family(out, h, "xyl_domain_vcpus_online", "gauge", "vCPUs of the domain online", F_ONLINE);
    dom_family(out, h, "xyl_domain_memory_bytes", "gauge", "Memory the domain has", F_MEM);
    dom_family(out, h, "xyl_domain_memory_max_bytes", "gauge", "Memory the domain may have (absent: no limit)",
               F_MAXMEM);
    family(out, "xyl_domain_state", "gauge", "1 for each of the domain's states (xl list's letters)");
    for (i = 0; i < h->n_doms; i++) {
        static const char *const names[6] = { "running", "blocked", "paused", "shutdown", "crashed", "dying" };
        for (k = 0; k < 6; k++) {
            dom_labels(out, "xyl_domain_state", &h->doms[i]);
            label(out, "state", names[k], false);
            sb_addf(out, "} %d\n", h->doms[i].state[k] != '-');
        }
    }

    for (f = 0; f < sizeof(vif_fams) / sizeof(vif_fams[0]); f++) {
        family(out, vif_fams[f].name, "counter", vif_fams[f].help);
        for (i = 0; i < h->n_doms; i++)
            for (j = 0; j < h->doms[i].n_vifs; j++) {
                const struct stat_vif *v = &h->doms[i].vifs[j];
                dev_labels(out, vif_fams[f].name, &h->doms[i], v->devid, backend_name(v->backend, true));
                sb_addf(out, "} %" PRIu64 "\n", *(const uint64_t *)((const char *)v + vif_fams[f].off));
            }
    }
    family(out, "xyl_netback_errors_total", "counter",
           "Frames xyl-netback refused or could not deliver, by reason (its xyl-stats counters)");
    for (i = 0; i < h->n_doms; i++)
        for (j = 0; j < h->doms[i].n_vifs; j++)
            daemon_samples(out, "xyl_netback_errors_total", "reason", &h->doms[i], h->doms[i].vifs[j].devid,
                           h->doms[i].vifs[j].xyl, h->doms[i].vifs[j].n_xyl, true);

    for (f = 0; f < sizeof(vbd_fams) / sizeof(vbd_fams[0]); f++) {
        family(out, vbd_fams[f].name, "counter", vbd_fams[f].help);
        for (i = 0; i < h->n_doms; i++)
            for (j = 0; j < h->doms[i].n_vbds; j++) {
                const struct stat_vbd *v = &h->doms[i].vbds[j];
                dev_labels(out, vbd_fams[f].name, &h->doms[i], v->devid, backend_name(v->backend, false));
                sb_addf(out, "} %" PRIu64 "\n",
                        *(const uint64_t *)((const char *)v + vbd_fams[f].off) * vbd_fams[f].scale);
            }
    }
    family(out, "xyl_blkback_requests_total", "counter",
           "Requests of xyl-blkback's disks besides reads and writes, by kind (its xyl-stats counters)");
    for (i = 0; i < h->n_doms; i++)
        for (j = 0; j < h->doms[i].n_vbds; j++)
            daemon_samples(out, "xyl_blkback_requests_total", "kind", &h->doms[i], h->doms[i].vbds[j].devid,
                           h->doms[i].vbds[j].xyl, h->doms[i].vbds[j].n_xyl, false);
}
