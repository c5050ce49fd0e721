/*
 * test_savefile.c - xl's save-file header (written, read back, refused
 * when wrong) and the progress bar's line.
 */
#include "unit.h"
#include "domain/meta.h"
#include "base/progress.h"
#include "domain/savefile.h"
#include "devices/xyl_carry.h"
#include "base/util.h"
#include "xen/xs_data.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

static int tmpfile_fd(void)
{
    char path[] = "/tmp/xyl-sf-XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    unlink(path);
    return fd;
}

static void test_roundtrip(void **state)
{
    const char *json = "{\"c_info\": {\"name\": \"web\"}}";
    struct xl_savefile_header h;
    uint32_t clen;
    char *back = NULL;
    int fd = tmpfile_fd(), version = 0;
    (void)state;

    assert_int_equal(sizeof(h), 48);
    assert_int_equal(savefile_write_header(fd, json, NULL), 0);
    assert_int_equal(write(fd, "STREAM", 6), 6);
    lseek(fd, 0, SEEK_SET);
    /* the bytes xl writes */
    assert_int_equal(read(fd, &h, sizeof(h)), sizeof(h));
    assert_memory_equal(h.magic, "Xen saved domain, xl format\n \0 \r", 32);
    assert_int_equal(h.byteorder, 0x01020304);
    assert_int_equal(h.mandatory_flags, XL_MANDATORY_FLAG_JSON | XL_MANDATORY_FLAG_STREAMv2);
    assert_int_equal(h.optional_flags, 0);
    assert_int_equal(h.optional_data_len, 4 + strlen(json) + 1);
    assert_int_equal(read(fd, &clen, 4), 4);
    assert_int_equal(clen, strlen(json) + 1);
    /* and read back: the fd is left at the stream */
    lseek(fd, 0, SEEK_SET);
    assert_int_equal(savefile_read_header(fd, "t", &back, &version, NULL), 0);
    assert_string_equal(back, json);
    assert_int_equal(version, 2);
    {
        char s[7] = { 0 };
        assert_int_equal(read(fd, s, 6), 6);
        assert_string_equal(s, "STREAM");
    }
    free(back);
    close(fd);
}

static void test_refusals(void **state)
{
    struct xl_savefile_header h;
    char *json;
    int fd, v;
    (void)state;

    memset(&h, 0, sizeof(h));
    memcpy(h.magic, xl_savefile_magic, 32);
    h.byteorder = 0x01020304;
    assert_null(savefile_check_header(&h));
    h.byteorder = 0x04030201;
    assert_non_null(strstr(savefile_check_header(&h), "byte order"));
    h.byteorder = 0x01020304;
    h.mandatory_flags = 1u << 5;
    assert_non_null(strstr(savefile_check_header(&h), "newer xl"));
    h.mandatory_flags = 0;
    h.magic[0] = 'x';
    assert_non_null(strstr(savefile_check_header(&h), "magic"));

    /* a header without a config: refused, says what to do */
    memcpy(h.magic, xl_savefile_magic, 32);
    fd = tmpfile_fd();
    assert_int_equal(write(fd, &h, sizeof(h)), sizeof(h));
    lseek(fd, 0, SEEK_SET);
    assert_int_equal(savefile_read_header(fd, "t", &json, &v, NULL), -1);
    close(fd);
    /* too short */
    fd = tmpfile_fd();
    assert_int_equal(write(fd, "Xen", 3), 3);
    lseek(fd, 0, SEEK_SET);
    assert_int_equal(savefile_read_header(fd, "t", &json, &v, NULL), -1);
    close(fd);
    /* a config length beyond the optional data */
    fd = tmpfile_fd();
    h.mandatory_flags = XL_MANDATORY_FLAG_JSON;
    h.optional_data_len = 8;
    assert_int_equal(write(fd, &h, sizeof(h)), sizeof(h));
    assert_int_equal(write(fd, "\x40\0\0\0{}\0\0", 8), 8);
    lseek(fd, 0, SEEK_SET);
    assert_int_equal(savefile_read_header(fd, "t", &json, &v, NULL), -1);
    close(fd);
}

/* the guest's data/ keys ride in the optional data after the config: xyl
 * reads them back, and the config is where xl looks for it */
static void test_data_keys(void **state)
{
    const char *json = "{\"c_info\": {\"name\": \"db\"}}";
    struct xyl_kv kv[3] = { { "role", "db", { 0 } }, { "net/ip", "10.0.0.2", { 0 } },
                            { "../evil", "x", { 0 } } };
    struct xyl_kvlist in = { kv, 3 }, out;
    struct xl_savefile_header h;
    uint32_t clen;
    char *back = NULL, s[7] = { 0 };
    int fd = tmpfile_fd(), version = 0;
    (void)state;

    assert_int_equal(savefile_write_header(fd, json, &in), 0);
    assert_int_equal(write(fd, "STREAM", 6), 6);
    lseek(fd, 0, SEEK_SET);
    assert_int_equal(read(fd, &h, sizeof(h)), sizeof(h));
    assert_int_equal(read(fd, &clen, 4), 4);
    assert_int_equal(clen, strlen(json) + 1);         /* xl's reading is unchanged */
    /* 8 tag + 4 length + "role\0db\0net/ip\010.0.0.2\0"; the bad key is dropped */
    assert_int_equal(h.optional_data_len, 4 + clen + 8 + 4 + 8 + 16);
    lseek(fd, 0, SEEK_SET);
    assert_int_equal(savefile_read_header(fd, "t", &back, &version, &out), 0);
    assert_string_equal(back, json);
    assert_int_equal(out.n, 2);
    assert_string_equal(out.v[0].key, "role");
    assert_string_equal(out.v[0].value, "db");
    assert_string_equal(out.v[1].key, "net/ip");
    assert_string_equal(out.v[1].value, "10.0.0.2");
    assert_int_equal(read(fd, s, 6), 6);              /* left at the stream */
    assert_string_equal(s, "STREAM");
    kvlist_free(&out);
    free(back);
    close(fd);
}

static void test_parse_data(void **state)
{
    struct xyl_kvlist out;
    char big[XS_DATA_VALUE_MAX + 16];
    (void)state;

    assert_int_equal(savefile_parse_data((const unsigned char *)"a\0b\0", 4, &out), 0);
    assert_int_equal(out.n, 1);
    kvlist_free(&out);
    assert_int_equal(savefile_parse_data((const unsigned char *)"", 0, &out), 0);
    assert_int_equal(out.n, 0);
    /* a key without its value, a value without its NUL, bad keys */
    assert_int_equal(savefile_parse_data((const unsigned char *)"a\0", 2, &out), -1);
    assert_int_equal(savefile_parse_data((const unsigned char *)"a\0b", 3, &out), -1);
    assert_int_equal(savefile_parse_data((const unsigned char *)"/a\0b\0", 5, &out), -1);
    assert_int_equal(savefile_parse_data((const unsigned char *)"a//b\0c\0", 7, &out), -1);
    assert_int_equal(savefile_parse_data((const unsigned char *)"\0c\0", 3, &out), -1);
    assert_null(out.v);
    /* a value over the limit */
    memset(big, 'v', sizeof(big));
    big[0] = 'k';
    big[1] = 0;
    big[sizeof(big) - 1] = 0;
    assert_int_equal(savefile_parse_data((const unsigned char *)big, sizeof(big), &out), -1);
}

/* xyl's record rides in the pairs as "@xyl-meta/..." keys (meta.c): the
 * reader keeps them, and meta_from_kv takes them out again so they never
 * become the guest's data/ keys (without name, file and sha256 there is
 * no record to write, and no xenstore is needed). */
static void test_meta_pairs(void **state)
{
    static const unsigned char pairs[] = "role\0web\0@xyl-meta/file\0/etc/xyl/guests/web.yaml\0"
                                         "@xyl-meta/git\0abc\0tier\0front\0";
    struct xyl_kvlist out = { 0 };
    libxl_uuid u;
    (void)state;

    assert_int_equal(savefile_parse_data(pairs, sizeof(pairs) - 1, &out), 0);
    assert_int_equal(out.n, 4);
    assert_string_equal(out.v[1].key, "@xyl-meta/file");
    libxl_uuid_clear(&u);
    assert_int_equal(meta_from_kv(7, &u, &out), 0);
    assert_int_equal(out.n, 2);
    assert_string_equal(out.v[0].key, "role");
    assert_string_equal(out.v[1].key, "tier");
    assert_string_equal(out.v[1].value, "front");
    kvlist_free(&out);
}

/* A guest's backend: xyl disks and NICs ride as "@xyl-vbd/" and
 * "@xyl-vif/" pairs after its data keys: written into a save file, read
 * back, taken out of the data keys and parsed to what was saved. */
static void test_carried_devices(void **state)
{
    struct xyl_carried_disk d[2] = { { 51728, "xvdb", "/var/lib/xen/images/a b.img", false },
                                     { 51744, "xvdc", "/srv/ro.img", true } };
    struct xyl_carried_nic n[1] = { { 1, { 0x00, 0x16, 0x3e, 0xaa, 0x0b, 0xff }, "xenbr0" } };
    struct xyl_carried c = { d, 2, n, 1 }, back;
    struct xyl_kv kv[1] = { { "role", "db", { 0 } } };
    struct xyl_kvlist in = { NULL, 0 }, out;
    char *json = NULL;
    int fd = tmpfile_fd(), version;
    (void)state;

    in.v = xcalloc(1, sizeof(*in.v));
    in.v[0].key = xstrdup(kv[0].key);
    in.v[0].value = xstrdup(kv[0].value);
    in.n = 1;
    xyl_carry_to_kv(&c, &in);
    assert_int_equal(in.n, 4);
    assert_string_equal(in.v[1].key, "@xyl-vbd/51728");
    assert_string_equal(in.v[1].value, "w xvdb /var/lib/xen/images/a b.img");
    assert_string_equal(in.v[3].value, "00:16:3e:aa:0b:ff xenbr0");
    assert_int_equal(savefile_write_header(fd, "{}", &in), 0);
    lseek(fd, 0, SEEK_SET);
    assert_int_equal(savefile_read_header(fd, "t", &json, &version, &out), 0);
    assert_int_equal(out.n, 4);
    assert_int_equal(xyl_carry_from_kv(&out, &back), 0);
    assert_int_equal(out.n, 1);                 /* only the guest's own key stays */
    assert_string_equal(out.v[0].key, "role");
    assert_int_equal(back.n_disk, 2);
    assert_int_equal(back.disk[0].devid, 51728);
    assert_string_equal(back.disk[0].vdev, "xvdb");
    assert_string_equal(back.disk[0].params, "/var/lib/xen/images/a b.img");
    assert_false(back.disk[0].readonly);
    assert_true(back.disk[1].readonly);
    assert_int_equal(back.n_nic, 1);
    assert_int_equal(back.nic[0].devid, 1);
    assert_memory_equal(back.nic[0].mac, n[0].mac, 6);
    assert_string_equal(back.nic[0].bridge, "xenbr0");
    xyl_carry_free(&back);
    kvlist_free(&out);
    kvlist_free(&in);
    free(json);
    close(fd);
}

/* Every hostile pair is refused, and then no device at all is carried:
 * a guest restored with some of its disks is what this is against. */
static void test_carried_hostile(void **state)
{
    static const char *const bad[][2] = {
        { "@xyl-vbd/51728", "w xvdc /img" },            /* devid not the vdev's */
        { "@xyl-vbd/51728", "w xvdb img" },             /* relative path */
        { "@xyl-vbd/51728", "x xvdb /img" },            /* mode */
        { "@xyl-vbd/51728", "w xvdb" },                 /* no path */
        { "@xyl-vbd/051728", "w xvdb /img" },           /* leading zero */
        { "@xyl-vbd/x", "w xvdb /img" },
        { "@xyl-vbd/51728", "w xvdb /img" },        /* control character */
        { "@xyl-vif/0", "00:16:3e:aa:0b xenbr0" },      /* short MAC */
        { "@xyl-vif/0", "00:16:3e:aa:0b:zz xenbr0" },
        { "@xyl-vif/0", "00:16:3e:aa:0b:ff" },          /* no bridge */
        { "@xyl-vif/0", "00:16:3e:aa:0b:ff a/b" },
        { "@xyl-vif/0", "00:16:3e:aa:0b:ff bridge-name-too-long" },
        { "@xyl-vif/70000", "00:16:3e:aa:0b:ff xenbr0" },
    };
    struct xyl_carried c;
    struct xyl_kvlist kv;
    size_t i;
    (void)state;

    for (i = 0; i < ARRAY_SIZE(bad); i++) {
        kv.v = xcalloc(3, sizeof(*kv.v));
        kv.v[0].key = xstrdup("@xyl-vbd/51744");
        kv.v[0].value = xstrdup("r xvdc /ok.img");
        kv.v[1].key = xstrdup(bad[i][0]);
        kv.v[1].value = xstrdup(bad[i][1]);
        kv.v[2].key = xstrdup("role");
        kv.v[2].value = xstrdup("web");
        kv.n = 3;
        if (xyl_carry_from_kv(&kv, &c) != -1)
            fail_msg("accepted %s = '%s'", bad[i][0], bad[i][1]);
        assert_int_equal(c.n_disk + c.n_nic, 0);
        assert_int_equal(kv.n, 1);              /* the pairs are gone, the key stays */
        kvlist_free(&kv);
    }
    /* the same device twice */
    kv.v = xcalloc(2, sizeof(*kv.v));
    kv.v[0].key = xstrdup("@xyl-vif/0");
    kv.v[0].value = xstrdup("00:16:3e:aa:0b:ff xenbr0");
    kv.v[1].key = xstrdup("@xyl-vif/0");
    kv.v[1].value = xstrdup("00:16:3e:aa:0b:fe xenbr0");
    kv.n = 2;
    assert_int_equal(xyl_carry_from_kv(&kv, &c), -1);
    kvlist_free(&kv);
}

/* More pairs than a reader takes: the writer fails instead of dropping
 * some (the device pairs come last and would be the ones lost). */
static void test_pair_limit(void **state)
{
    struct xyl_kvlist kv = { 0 };
    int fd = tmpfile_fd(), i;
    (void)state;

    kv.v = xcalloc(SAVEFILE_MAX_PAIRS + 1, sizeof(*kv.v));
    for (i = 0; i <= SAVEFILE_MAX_PAIRS; i++) {
        kv.v[i].key = xasprintf("k%d", i);
        kv.v[i].value = xstrdup("v");
    }
    kv.n = SAVEFILE_MAX_PAIRS + 1;
    assert_int_equal(savefile_write_header(fd, "{}", &kv), -1);
    assert_int_equal(errno, E2BIG);
    kv.n = SAVEFILE_MAX_PAIRS;
    assert_int_equal(savefile_write_header(fd, "{}", &kv), 0);
    kv.n = SAVEFILE_MAX_PAIRS + 1;
    kvlist_free(&kv);
    close(fd);
}

static void test_read_line(void **state)
{
    int p[2];
    char buf[16];
    (void)state;
    assert_int_equal(pipe(p), 0);
    assert_int_equal(write(p[1], "go\nrest", 7), 7);
    close(p[1]);
    assert_int_equal(fd_read_line(p[0], buf, sizeof(buf)), 0);
    assert_string_equal(buf, "go");
    /* nothing past the line was consumed */
    assert_int_equal(read(p[0], buf, 4), 4);
    assert_memory_equal(buf, "rest", 4);
    assert_int_equal(fd_read_line(p[0], buf, sizeof(buf)), 1);   /* EOF */
    close(p[0]);
}

static void test_progress_line(void **state)
{
    char line[256];
    (void)state;
    progress_format(line, sizeof(line), "web", 50u << 20, 100u << 20, 5.0);
    assert_non_null(strstr(line, "web ["));
    assert_non_null(strstr(line, " 50%"));
    assert_non_null(strstr(line, "50.0 MiB/100.0 MiB"));
    assert_non_null(strstr(line, "10.0 MiB/s"));
    assert_non_null(strstr(line, "ETA 0:05"));
    /* a live migration sends more than the memory: never 100% before the end */
    progress_format(line, sizeof(line), "web", 150u << 20, 100u << 20, 5.0);
    assert_non_null(strstr(line, " 99%"));
    assert_non_null(strstr(line, "ETA --:--"));
    /* unknown total: bytes and rate only */
    progress_format(line, sizeof(line), "x", 3u << 30, 0, 2.0);
    assert_string_equal(line, "x 3.00 GiB 1.50 GiB/s");
}

/* the pump copies everything until EOF and counts it */
static void test_pump_copies(void **state)
{
    struct pump p;
    int in[2], out = tmpfile_fd(), i;
    char buf[4096], back[4096];
    (void)state;
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pump_start(&p, in[0], out), 0);
    for (i = 0; i < (int)sizeof(buf); i++)
        buf[i] = (char)i;
    for (i = 0; i < 100; i++)
        assert_int_equal(write(in[1], buf, sizeof(buf)), sizeof(buf));
    close(in[1]);
    assert_int_equal(pump_join(&p), 0);
    assert_int_equal(pump_bytes(&p), 100 * sizeof(buf));
    assert_int_equal(lseek(out, 0, SEEK_END), 100 * sizeof(buf));
    assert_int_equal(pread(out, back, sizeof(back), 99 * sizeof(buf)), sizeof(back));
    assert_memory_equal(buf, back, sizeof(buf));
    close(out);
}

/* a failed write ends the pump and closes its input: the writer gets EPIPE
 * instead of blocking on a full pipe (a migration receiver that died) */
static void test_pump_broken_output(void **state)
{
    struct pump p;
    int in[2], dst[2], i;
    ssize_t w = 0;
    char buf[65536] = { 0 };
    (void)state;
    signal(SIGPIPE, SIG_IGN);
    assert_int_equal(pipe(in), 0);
    assert_int_equal(pipe(dst), 0);
    close(dst[0]);                              /* nobody reads the output */
    assert_int_equal(pump_start(&p, in[0], dst[1]), 0);
    for (i = 0; i < 1000 && w >= 0; i++)
        w = write(in[1], buf, sizeof(buf));
    assert_true(w < 0);
    assert_int_equal(errno, EPIPE);
    assert_int_equal(pump_join(&p), -1);
    assert_string_equal(p.failed, "write");
    assert_int_equal(p.err, EPIPE);
    close(in[1]);
    close(dst[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_roundtrip),
        cmocka_unit_test(test_refusals),
        cmocka_unit_test(test_data_keys),
        cmocka_unit_test(test_parse_data),
        cmocka_unit_test(test_meta_pairs),
        cmocka_unit_test(test_carried_devices),
        cmocka_unit_test(test_carried_hostile),
        cmocka_unit_test(test_pair_limit),
        cmocka_unit_test(test_read_line),
        cmocka_unit_test(test_progress_line),
        cmocka_unit_test(test_pump_copies),
        cmocka_unit_test(test_pump_broken_output),
    };
    return cmocka_run_group_tests_name("savefile", tests, NULL, NULL);
}
