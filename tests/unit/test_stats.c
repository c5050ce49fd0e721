/*
 * test_stats.c - the printers of a stats snapshot (domain/stats_fmt.c):
 * the daemons' key=value counters parsed strictly (xyl-netback's, xyl-blkback's), the Prometheus text
 * (families whole, names and units, label values escaped, no sample for
 * "no limit"), xentop's CPU(%) between two snapshots, and --json.
 * With XYL_PROM_OUT=FILE the Prometheus text is also written there, for
 * `make metrics-check` to hand to promtool.
 */
#include "unit.h"
#include "domain/stats.h"

#include <unistd.h>
#include <yajl/yajl_tree.h>

static void test_parse_kv(void **state)
{
    struct stat_kv kv[4];
    int n;

    (void)state;
    n = stats_parse_kv("tx_packets=3 tx_bytes=180  rx_packets=0", kv, 4);
    assert_int_equal(n, 3);
    assert_string_equal(kv[1].key, "tx_bytes");
    assert_int_equal(kv[1].value, 180);
    /* upper case, no value, a sign, junk, an overflow, a key too long: skipped */
    n = stats_parse_kv("Bad=1 novalue= x=-1 y=1a z=18446744073709551616 "
                       "a_key_far_too_long_for_the_table_x=1 ok=18446744073709551615", kv, 4);
    assert_int_equal(n, 1);
    assert_string_equal(kv[0].key, "ok");
    assert_true(kv[0].value == UINT64_MAX);
    assert_int_equal(stats_parse_kv("a=1 b=2 c=3", kv, 2), 2);
    assert_int_equal(stats_parse_kv("", kv, 4), 0);
    assert_int_equal(stats_parse_kv(NULL, kv, 4), 0);
}

/* Domain-0 (no memory limit, no devices) and a guest with one NIC of each
 * backend, xyl-netback's counters, and one kernel disk; its name needs
 * escaping in a label. */
static void sample(struct stat_host *h, uint64_t guest_cpu_ns, double at)
{
    static struct stat_vif vifs[2];
    static struct stat_vbd vbd[2];
    static struct stat_domain doms[2];

    memset(h, 0, sizeof(*h));
    memset(doms, 0, sizeof(doms));
    memset(vifs, 0, sizeof(vifs));
    memset(vbd, 0, sizeof(vbd));
    snprintf(h->xen_version, sizeof(h->xen_version), "4.17.3");
    h->memory_bytes = 4ULL << 30;
    h->memory_free_bytes = 1ULL << 30;
    h->cpus = 2;
    h->cpu_hz = 2400000000ULL;
    h->taken_at = at;
    snprintf(doms[0].name, sizeof(doms[0].name), "Domain-0");
    snprintf(doms[0].state, sizeof(doms[0].state), "r-----");
    doms[0].cpu_ns = 50000000000ULL;
    doms[0].vcpus = doms[0].vcpus_online = 2;
    doms[0].memory_bytes = 1ULL << 30;
    snprintf(doms[1].name, sizeof(doms[1].name), "we\"b\\1");
    doms[1].domid = 5;
    snprintf(doms[1].state, sizeof(doms[1].state), "-b----");
    doms[1].cpu_ns = guest_cpu_ns;
    doms[1].vcpus = 2;
    doms[1].vcpus_online = 1;
    doms[1].memory_bytes = 512ULL << 20;
    doms[1].memory_max_bytes = 1ULL << 30;
    vifs[0].devid = 0;
    vifs[0].rx_bytes = 2048;
    vifs[0].tx_bytes = 4096;
    vifs[0].tx_packets = 7;
    vifs[1].devid = 1;
    vifs[1].backend = STAT_XYL;
    vifs[1].n_xyl = stats_parse_kv("tx_packets=3 tx_bytes=180 rx_packets=1 rx_bytes=60 tx_bad_slots=2 "
                                   "rx_no_buffer=4", vifs[1].xyl, STAT_KV_MAX);
    vifs[1].tx_bytes = 180;
    vifs[1].rx_drops = 4;
    vbd[0].devid = 51712;
    vbd[0].read_requests = 3;
    vbd[0].read_sectors = 2;
    vbd[0].write_sectors = 8;
    vbd[1].devid = 51728;
    vbd[1].backend = STAT_XYL;
    vbd[1].n_xyl = stats_parse_kv("reads=5 writes=1 read_sectors=40 write_sectors=8 flushes=2 discards=0 "
                                  "errors=1 unsupported=0", vbd[1].xyl, STAT_KV_MAX);
    vbd[1].read_requests = 5;
    vbd[1].read_sectors = 40;
    doms[1].vifs = vifs;
    doms[1].n_vifs = 2;
    doms[1].vbds = vbd;
    doms[1].n_vbds = 2;
    h->doms = doms;
    h->n_doms = 2;
}

static void assert_line(const char *text, const char *line)
{
    char *want = xasprintf("\n%s\n", line);

    if (!strstr(text, want))
        fail_msg("no line \"%s\" in:\n%s", line, text);
    free(want);
}

/* Every family's HELP and TYPE once, then only its samples; counters end in _total. */
static void assert_families_whole(const char *text)
{
    char *copy = xstrdup(text), *save = NULL, *line, fam[96] = "";
    char seen[64][96];
    int n_seen = 0, i;

    for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        char name[96], type[16];
        if (sscanf(line, "# TYPE %95s %15s", name, type) == 2) {
            for (i = 0; i < n_seen; i++)
                if (!strcmp(seen[i], name))
                    fail_msg("family %s typed twice", name);
            assert_true(n_seen < 64);
            snprintf(seen[n_seen++], sizeof(seen[0]), "%s", name);
            snprintf(fam, sizeof(fam), "%s", name);
            if (!strcmp(type, "counter") && !str_ends_with(name, "_total"))
                fail_msg("counter %s lacks _total", name);
            if (!strcmp(type, "gauge") && str_ends_with(name, "_total"))
                fail_msg("gauge %s ends in _total", name);
        } else if (line[0] != '#') {
            size_t len = strlen(fam);
            if (strncmp(line, fam, len) || (line[len] != '{' && line[len] != ' '))
                fail_msg("sample \"%s\" outside its family (in %s)", line, fam);
        }
    }
    free(copy);
}

static void test_prometheus(void **state)
{
    struct stat_host h;
    struct strbuf sb = { 0 };
    const char *out = getenv("XYL_PROM_OUT");
    const char *t;

    (void)state;
    sample(&h, 12500000000ULL, 10);
    stats_prometheus(&sb, &h);
    t = sb_str(&sb);
    assert_families_whole(t);
    assert_line(t, "# TYPE xyl_domain_cpu_seconds_total counter");
    assert_line(t, "xyl_domain_cpu_seconds_total{domain=\"Domain-0\",domid=\"0\"} 50.000000000");
    assert_line(t, "xyl_domain_cpu_seconds_total{domain=\"we\\\"b\\\\1\",domid=\"5\"} 12.500000000");
    assert_line(t, "xyl_domain_memory_bytes{domain=\"we\\\"b\\\\1\",domid=\"5\"} 536870912");
    assert_line(t, "xyl_domain_memory_max_bytes{domain=\"we\\\"b\\\\1\",domid=\"5\"} 1073741824");
    assert_null(strstr(t, "xyl_domain_memory_max_bytes{domain=\"Domain-0\""));    /* no limit: no sample */
    assert_line(t, "xyl_domain_vcpus_online{domain=\"we\\\"b\\\\1\",domid=\"5\"} 1");
    assert_line(t, "xyl_domain_state{domain=\"we\\\"b\\\\1\",domid=\"5\",state=\"blocked\"} 1");
    assert_line(t, "xyl_domain_state{domain=\"we\\\"b\\\\1\",domid=\"5\",state=\"running\"} 0");
    assert_line(t, "xyl_vif_transmit_bytes_total{domain=\"we\\\"b\\\\1\",domid=\"5\",devid=\"0\",backend=\"kernel\"} 4096");
    assert_line(t, "xyl_vif_transmit_bytes_total{domain=\"we\\\"b\\\\1\",domid=\"5\",devid=\"1\",backend=\"xyl-netback\"} 180");
    assert_line(t, "xyl_vif_receive_drops_total{domain=\"we\\\"b\\\\1\",domid=\"5\",devid=\"1\",backend=\"xyl-netback\"} 4");
    assert_line(t, "xyl_netback_errors_total{domain=\"we\\\"b\\\\1\",domid=\"5\",devid=\"1\",backend=\"xyl-netback\","
                "reason=\"tx_bad_slots\"} 2");
    /* the standard counters are not repeated as errors */
    assert_null(strstr(t, "reason=\"tx_bytes\""));
    assert_null(strstr(t, "reason=\"rx_no_buffer\""));
    assert_line(t, "xyl_vbd_read_bytes_total{domain=\"we\\\"b\\\\1\",domid=\"5\",devid=\"51712\",backend=\"kernel\"} 1024");
    assert_line(t, "xyl_vbd_written_bytes_total{domain=\"we\\\"b\\\\1\",domid=\"5\",devid=\"51712\",backend=\"kernel\"} 4096");
    assert_line(t, "xyl_vbd_read_bytes_total{domain=\"we\\\"b\\\\1\",domid=\"5\",devid=\"51728\",backend=\"xyl-blkback\"} 20480");
    assert_line(t, "xyl_blkback_requests_total{domain=\"we\\\"b\\\\1\",domid=\"5\",devid=\"51728\",backend=\"xyl-blkback\","
                "kind=\"flushes\"} 2");
    assert_line(t, "xyl_blkback_requests_total{domain=\"we\\\"b\\\\1\",domid=\"5\",devid=\"51728\",backend=\"xyl-blkback\","
                "kind=\"errors\"} 1");
    assert_null(strstr(t, "kind=\"reads\""));      /* reads are xyl_vbd_read_requests_total */
    assert_line(t, "xyl_host_memory_bytes 4294967296");
    assert_line(t, "xyl_domains 2");
    if (out)
        write_text(out, t);
    sb_free(&sb);
}

static void test_label_newline(void **state)
{
    struct stat_host h;
    struct strbuf sb = { 0 };

    (void)state;
    sample(&h, 1, 1);
    snprintf(h.doms[1].name, sizeof(h.doms[1].name), "a\nb");
    stats_prometheus(&sb, &h);
    assert_line(sb_str(&sb), "xyl_domain_vcpus{domain=\"a\\nb\",domid=\"5\"} 2");
    sb_free(&sb);
}

static char *top_text(const struct stat_host *prev, const struct stat_host *cur)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);

    assert_non_null(f);
    stats_print_top(f, prev, cur);
    fclose(f);
    return buf;
}

static void test_top_cpu_percent(void **state)
{
    struct stat_host prev, cur;
    struct stat_domain dprev[2];
    char *t;

    (void)state;
    sample(&prev, 1000000000ULL, 10.0);
    memcpy(dprev, prev.doms, sizeof(dprev));    /* sample() reuses its arrays */
    prev.doms = dprev;
    t = top_text(NULL, &prev);
    /* first screen: no rate */
    assert_non_null(strstr(t, "we\"b\\1 -b----          1      - "));
    free(t);
    sample(&cur, 1500000000ULL, 12.0);          /* 0.5 s of CPU in 2 s: 25 % */
    t = top_text(&prev, &cur);
    assert_non_null(strstr(t, "we\"b\\1 -b----          1   25.0 "));
    assert_non_null(strstr(t, "2 domains: 1 running, 1 blocked, 0 paused"));
    assert_non_null(strstr(t, "Mem: 4194304k total, 3145728k used, 1048576k free    CPUs: 2 @ 2400MHz"));
    /* Domain-0 had no earlier snapshot under a new domid: its rate is unknown, not made up */
    cur.doms[0].domid = 9;
    free(t);
    t = top_text(&prev, &cur);
    assert_non_null(strstr(t, "Domain-0 r-----         50      - "));
    assert_non_null(strstr(t, "no limit"));
    free(t);
}

static void test_json(void **state)
{
    struct stat_host h;
    char path[] = "/tmp/xyl-stats-XXXXXX", err[128];
    int fd = mkstemp(path), saved = dup(STDOUT_FILENO);
    char *text;
    yajl_val root, v;
    const char *p_cpu[] = { "domains", NULL };

    (void)state;
    assert_true(fd >= 0 && saved >= 0);
    sample(&h, 12500000000ULL, 1);
    fflush(stdout);
    dup2(fd, STDOUT_FILENO);
    stats_print_json(&h);
    fflush(stdout);
    dup2(saved, STDOUT_FILENO);
    close(saved);
    close(fd);
    text = read_file(path, 1 << 20, NULL);
    unlink(path);
    assert_non_null(text);
    root = yajl_tree_parse(text, err, sizeof(err));
    assert_non_null(root);
    v = yajl_tree_get(root, p_cpu, yajl_t_array);
    assert_non_null(v);
    assert_int_equal(v->u.array.len, 2);
    {
        yajl_val g = v->u.array.values[1], d0 = v->u.array.values[0];
        const char *name[] = { "name", NULL }, *cpu[] = { "cpu_seconds", NULL };
        const char *max[] = { "memory_max_bytes", NULL }, *vifs[] = { "vifs", NULL };
        const char *bad[] = { "xyl_counters", "tx_bad_slots", NULL }, *be[] = { "backend", NULL };
        yajl_val nics;

        assert_string_equal(YAJL_GET_STRING(yajl_tree_get(g, name, yajl_t_string)), "we\"b\\1");
        assert_true(YAJL_GET_DOUBLE(yajl_tree_get(g, cpu, yajl_t_number)) == 12.5);
        assert_non_null(yajl_tree_get(d0, max, yajl_t_null));
        nics = yajl_tree_get(g, vifs, yajl_t_array);
        assert_int_equal(nics->u.array.len, 2);
        assert_string_equal(YAJL_GET_STRING(yajl_tree_get(nics->u.array.values[1], be, yajl_t_string)),
                            "xyl-netback");
        assert_int_equal(YAJL_GET_INTEGER(yajl_tree_get(nics->u.array.values[1], bad, yajl_t_number)), 2);
        /* the kernel's NIC has no daemon counters */
        assert_null(yajl_tree_get(nics->u.array.values[0], bad, yajl_t_any));
        {
            const char *vbds[] = { "vbds", NULL }, *fl[] = { "xyl_counters", "flushes", NULL };
            yajl_val disks = yajl_tree_get(g, vbds, yajl_t_array);
            assert_int_equal(disks->u.array.len, 2);
            assert_string_equal(YAJL_GET_STRING(yajl_tree_get(disks->u.array.values[1], be, yajl_t_string)),
                                "xyl-blkback");
            assert_int_equal(YAJL_GET_INTEGER(yajl_tree_get(disks->u.array.values[1], fl, yajl_t_number)), 2);
        }
    }
    yajl_tree_free(root);
    free(text);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_kv),
        cmocka_unit_test(test_prometheus),
        cmocka_unit_test(test_label_newline),
        cmocka_unit_test(test_top_cpu_percent),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
