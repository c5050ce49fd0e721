/*
 * stats.h - what a Xen host's guests use, as xentop reads it (libxenstat:
 * CPU time, vCPUs, memory, each vif's and vbd's counters) plus the counters
 * xyl's own backends publish (xyl-netback's and xyl-blkback's xyl-stats
 * nodes).  One snapshot
 * serves `xyl stats`, `xyl top` and xyl-exporter; the printers are in
 * stats_fmt.c and need no Xen (unit-tested).
 */
#ifndef XYL_DOMAIN_STATS_H
#define XYL_DOMAIN_STATS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "base/util.h"

/* One "key=value" counter of a backend daemon of xyl. */
struct stat_kv {
    char key[32];
    uint64_t value;
};
#define STAT_KV_MAX 24          /* xyl-netback publishes 16 counters */

enum stat_backend { STAT_KERNEL, STAT_XYL };

/* A NIC, from the guest's point of view (xentop's NETTX is what it sent). */
struct stat_vif {
    uint32_t devid;
    enum stat_backend backend;
    uint64_t rx_bytes, rx_packets, rx_errors, rx_drops;
    uint64_t tx_bytes, tx_packets, tx_errors, tx_drops;
    struct stat_kv xyl[STAT_KV_MAX];     /* the daemon's own counters */
    int n_xyl;
};

/* A disk as the backend counts it: requests and 512-byte sectors. */
struct stat_vbd {
    uint32_t devid;
    enum stat_backend backend;
    uint64_t oo_requests, read_requests, write_requests, read_sectors, write_sectors;
    struct stat_kv xyl[STAT_KV_MAX];     /* xyl-blkback's own counters */
    int n_xyl;
};

struct stat_domain {
    char name[64];
    uint32_t domid;
    char state[7];              /* xl's letters: r b p s c d */
    uint64_t cpu_ns;
    unsigned vcpus, vcpus_online;
    uint64_t memory_bytes, memory_max_bytes;    /* max: 0 when unlimited */
    struct stat_vif *vifs;
    int n_vifs;
    struct stat_vbd *vbds;
    int n_vbds;
};

struct stat_host {
    char xen_version[64];
    uint64_t memory_bytes, memory_free_bytes;
    unsigned cpus;
    uint64_t cpu_hz;
    double taken_at;            /* seconds (CLOCK_MONOTONIC), for rates */
    struct stat_domain *doms;
    int n_doms;
};

/* Take a snapshot of every domain (Domain-0 too) or of those named
 * (names or IDs; one that matches no domain is an error).  0 or -1 (one
 * line printed). */
int stats_collect(struct stat_host *h, char *const *names, int n_names);
void stats_free(struct stat_host *h);

/* --- stats_fmt.c: no Xen needed --- */

/* "tx_packets=3 tx_bytes=180 ..." (a daemon's xyl-stats node) into kv;
 * keys that are not [a-z0-9_] or values that are not decimal are skipped.
 * Returns the count. */
int stats_parse_kv(const char *s, struct stat_kv *kv, int max);

/* `xyl stats --json`: the host and every domain, every counter a number. */
void stats_print_json(const struct stat_host *h);

/* `xyl stats`: one block per domain. */
void stats_print_text(FILE *f, const struct stat_host *h);

/* `xyl top`: xentop's columns; CPU(%) from prev (NULL: the first screen,
 * no rate yet). */
void stats_print_top(FILE *f, const struct stat_host *prev, const struct stat_host *cur);

/* The Prometheus text exposition format (version 0.0.4) of xyl-exporter. */
void stats_prometheus(struct strbuf *out, const struct stat_host *h);

#endif
