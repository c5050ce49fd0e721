/*
 * test_qmp.c - hvm/qmp.c against a fake QEMU on a socketpair (a child
 * process writes a script of replies, then holds the line or hangs up):
 * the normal exchange, events and stale replies skipped, error replies,
 * and hostile peers (truncated, huge, deep, not JSON, not objects, no
 * greeting, silence); and hvm/screenshot.c's PPM -> PNG conversion, read
 * back with libpng, with bad PPMs and the no-overwrite rule.
 */
#include "unit.h"
#include "hvm/qmp.h"
#include "hvm/screenshot.h"
#include "hvm/vnc.h"
#include "base/util.h"

#include <errno.h>
#include <fcntl.h>
#include <png.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#define GREETING "{\"QMP\": {\"version\": {\"qemu\": {\"major\": 7}}, \"capabilities\": []}}\r\n"
#define CAPS_OK "{\"return\": {}, \"id\": 1}\r\n"

struct peer {
    pid_t pid;
    int fd;             /* the client's end */
};

/* A fake QEMU: writes script (len bytes, then filler bytes of 'x' if
 * filler), then waits hold_ms before hanging up.  What the client sends is
 * read and thrown away. */
static struct peer fake_qemu(const char *script, size_t len, size_t filler, int hold_ms)
{
    struct peer p;
    int sv[2];

    assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv), 0);
    p.pid = fork();
    assert_true(p.pid >= 0);
    if (p.pid == 0) {
        char junk[4096], chunk[4096];
        size_t off = 0;
        signal(SIGPIPE, SIG_IGN);
        close(sv[0]);
        fcntl(sv[1], F_SETFL, O_NONBLOCK);
        memset(chunk, 'x', sizeof(chunk));
        while (off < len) {
            ssize_t w = write(sv[1], script + off, len - off);
            if (w > 0)
                off += (size_t)w;
            else if (errno != EAGAIN)
                _exit(0);
            while (read(sv[1], junk, sizeof(junk)) > 0)
                ;
            if (w <= 0)
                usleep(1000);
        }
        for (off = 0; off < filler;) {
            ssize_t w = write(sv[1], chunk, sizeof(chunk));
            if (w > 0)
                off += (size_t)w;
            else if (errno != EAGAIN)
                _exit(0);
            else
                usleep(1000);
        }
        usleep((useconds_t)hold_ms * 1000);
        _exit(0);
    }
    close(sv[1]);
    fcntl(sv[0], F_SETFL, O_NONBLOCK);
    p.fd = sv[0];
    return p;
}

static void peer_end(struct peer *p)
{
    kill(p->pid, SIGKILL);
    waitpid(p->pid, NULL, 0);
}

/* open on a scripted peer; returns qmp_open_fd's result, q left open on 0 */
static int open_on(struct qmp *q, struct peer *p, const char *script, int timeout_ms)
{
    *p = fake_qemu(script, strlen(script), 0, 2000);
    return qmp_open_fd(q, p->fd, "fake QEMU", timeout_ms);
}

static void test_exchange(void **state)
{
    struct qmp q;
    struct peer p;
    yajl_val reply, ret, v;
    const char *path[] = { "running", NULL };
    (void)state;

    assert_int_equal(open_on(&q, &p, GREETING CAPS_OK
        "{\"event\": \"RESUME\", \"timestamp\": {\"seconds\": 1}}\r\n"
        "{\"return\": {\"running\": false}, \"id\": 99}\r\n"     /* stale: not ours */
        "{\"return\": {\"running\": true, \"status\": \"running\"}, \"id\": 2}\r\n"
        "{\"return\": {}, \"id\": 3}\n", 1000), 0);
    assert_int_equal(qmp_call(&q, "query-status", NULL, &reply), 0);
    ret = qmp_return(reply);
    assert_non_null(ret);
    v = yajl_tree_get(ret, path, yajl_t_true);
    assert_non_null(v);
    yajl_tree_free(reply);
    assert_int_equal(qmp_screendump(&q, "/tmp/a \"quoted\"\\name\n.ppm"), 0);
    qmp_close(&q);
    assert_int_equal(q.fd, -1);
    peer_end(&p);
}

static void test_error_reply(void **state)
{
    struct qmp q;
    struct peer p;
    yajl_val reply = (yajl_val)1;
    (void)state;

    assert_int_equal(open_on(&q, &p, GREETING CAPS_OK
        "{\"error\": {\"class\": \"GenericError\", \"desc\": \"no \\u001b[31mconsole\"}, \"id\": 2}\n",
        1000), 0);
    assert_int_equal(qmp_call(&q, "screendump", "{\"filename\": \"/x\"}", &reply), -1);
    assert_null(reply);
    qmp_close(&q);
    peer_end(&p);
}

/* every one of these must be refused by qmp_open_fd, quickly */
static void test_hostile_greetings(void **state)
{
    static const char *const scripts[] = {
        "",                                             /* hangs up at once */
        "{\"QMP\": {\"version\"",                       /* truncated, then EOF */
        "{\"return\": {}}\n",                           /* no greeting */
        "[\"QMP\"]\n",                                  /* not an object */
        "QMP ready\n",                                  /* not JSON */
        "{\"QMP\": {}, }\n",                            /* broken JSON */
        "{\"QMP\": {}}\n{\"return\": {}, \"id\": 1\n",  /* caps reply broken */
        "{\"QMP\": {}}\n{\"error\": {\"desc\": 5}, \"id\": 1}\n", /* caps refused */
        "{\"QMP\": {}}\n{\"id\": 1}\n",                 /* neither return nor error */
        "{\"QMP\": \"a\0b\"}\n",                         /* NUL inside */
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(scripts) / sizeof(scripts[0]); i++) {
        struct qmp q;
        struct peer p;
        size_t len = strlen(scripts[i]);
        if (i == 9)
            len = 15;       /* past the NUL */
        p = fake_qemu(scripts[i], len, 0, 0);
        if (qmp_open_fd(&q, p.fd, "fake QEMU", 2000) != -1)
            fail_msg("script %zu accepted", i);
        assert_int_equal(q.fd, -1);
        peer_end(&p);
    }
}

static void test_huge_line(void **state)
{
    struct qmp q;
    struct peer p;
    (void)state;

    /* a greeting that never ends: refused at QMP_LINE_MAX, not read on */
    p = fake_qemu("{\"QMP\": \"", 9, 4 * QMP_LINE_MAX, 3000);
    assert_int_equal(qmp_open_fd(&q, p.fd, "fake QEMU", 5000), -1);
    peer_end(&p);
}

static void test_deep_json(void **state)
{
    struct qmp q;
    struct peer p;
    struct strbuf sb = STRBUF_INIT;
    int i;
    (void)state;

    sb_adds(&sb, GREETING CAPS_OK "{\"return\": ");
    for (i = 0; i < 50000; i++)
        sb_addc(&sb, '[');
    sb_adds(&sb, "\n");
    assert_int_equal(open_on(&q, &p, sb_str(&sb), 2000), 0);
    {
        yajl_val reply;
        assert_int_equal(qmp_call(&q, "query-status", NULL, &reply), -1);
    }
    qmp_close(&q);
    peer_end(&p);
    sb_free(&sb);
}

static void test_silence_and_floods(void **state)
{
    struct qmp q;
    struct peer p;
    struct strbuf sb = STRBUF_INIT;
    yajl_val reply;
    int i;
    (void)state;

    /* greeting, caps, then nothing: the call times out */
    assert_int_equal(open_on(&q, &p, GREETING CAPS_OK, 300), 0);
    assert_int_equal(qmp_call(&q, "query-status", NULL, &reply), -1);
    qmp_close(&q);
    peer_end(&p);

    /* events without end: given up after QMP_SKIP_MAX */
    sb_adds(&sb, GREETING CAPS_OK);
    for (i = 0; i < QMP_SKIP_MAX + 10; i++)
        sb_adds(&sb, "{\"event\": \"X\"}\n");
    assert_int_equal(open_on(&q, &p, sb_str(&sb), 5000), 0);
    assert_int_equal(qmp_call(&q, "query-status", NULL, &reply), -1);
    qmp_close(&q);
    peer_end(&p);
    sb_free(&sb);

    /* a command name that is not a plain word is never sent */
    assert_int_equal(open_on(&q, &p, GREETING CAPS_OK, 300), 0);
    assert_int_equal(qmp_call(&q, "x\", \"y", NULL, &reply), -1);
    qmp_close(&q);
    peer_end(&p);
}

static void test_no_socket(void **state)
{
    struct qmp q;
    char *path = qmp_socket_path(7);
    (void)state;

    assert_string_equal(path, "/var/run/xen/qmp-libxl-7");
    free(path);
    assert_int_equal(qmp_open(&q, "/nonexistent/xyl-qmp", "QEMU", 100), -1);
}

/* query-vnc: QEMU's answer checked, printed with the ssh -L line */
static int vnc_on(const char *ret, struct hvm_vnc *v, char **printed)
{
    struct qmp q;
    struct peer p;
    char *script = xasprintf(GREETING CAPS_OK "{\"return\": %s, \"id\": 2}\n", ret);
    size_t len = 0;
    FILE *f;
    int r;

    assert_int_equal(open_on(&q, &p, script, 1000), 0);
    r = hvm_vnc_query(&q, v);
    qmp_close(&q);
    peer_end(&p);
    free(script);
    *printed = NULL;
    if (!r) {
        f = open_memstream(printed, &len);
        hvm_vnc_print(f, v, "web", "dom0.example");
        fclose(f);
    }
    return r;
}

static void test_vnc_query(void **state)
{
    static const char *const bad[] = {
        "{}",                                                       /* no enabled */
        "[true]",
        "{\"enabled\": 1}",
        "{\"enabled\": true}",                                       /* no host */
        "{\"enabled\": true, \"host\": \"a;rm -rf /\", \"service\": \"5900\"}",
        "{\"enabled\": true, \"host\": \"\\u001b[2J\", \"service\": \"5900\"}",
        "{\"enabled\": true, \"host\": \"127.0.0.1\", \"service\": \"99999\"}",
        "{\"enabled\": true, \"host\": \"127.0.0.1\", \"service\": \"59x\"}",
        "{\"enabled\": true, \"host\": \"127.0.0.1\", \"service\": 5900}",
    };
    struct hvm_vnc v;
    char *out;
    size_t i;
    (void)state;

    assert_int_equal(vnc_on("{\"enabled\": true, \"host\": \"127.0.0.1\", \"service\": \"5901\", "
                            "\"family\": \"ipv4\", \"auth\": \"none\", \"clients\": []}", &v, &out), 0);
    assert_true(v.enabled);
    assert_string_equal(v.host, "127.0.0.1");
    assert_int_equal(v.port, 5901);
    assert_false(v.password);
    assert_non_null(strstr(out, "VNC on 127.0.0.1 port 5901 (display 1), no password"));
    assert_non_null(strstr(out, "ssh -L 5901:127.0.0.1:5901 root@dom0.example"));
    free(out);
    hvm_vnc_free(&v);

    assert_int_equal(vnc_on("{\"enabled\": true, \"host\": \"0.0.0.0\", \"service\": \"5900\", "
                            "\"auth\": \"vnc\", \"clients\": [{}, {}]}", &v, &out), 0);
    assert_true(v.password);
    assert_int_equal(v.clients, 2);
    assert_null(strstr(out, "ssh -L"));
    assert_non_null(strstr(out, "viewers connect to dom0.example::5900"));
    assert_null(strstr(out, "WARNING"));
    free(out);
    hvm_vnc_free(&v);

    assert_int_equal(vnc_on("{\"enabled\": true, \"host\": \"192.0.2.7\", \"service\": \"5900\", "
                            "\"auth\": \"none\"}", &v, &out), 0);
    assert_non_null(strstr(out, "192.0.2.7::5900  (WARNING"));
    free(out);
    hvm_vnc_free(&v);

    assert_int_equal(vnc_on("{\"enabled\": false}", &v, &out), 0);
    assert_false(v.enabled);
    assert_non_null(strstr(out, "no VNC server"));
    free(out);
    hvm_vnc_free(&v);

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        if (vnc_on(bad[i], &v, &out) != -1)
            fail_msg("query-vnc answer %zu accepted: %s", i, bad[i]);
        assert_null(v.host);
    }
}

/* validate's warning: VNC beyond loopback without a password */
static void test_vnc_warning(void **state)
{
    static const struct { const char *yaml; bool warns; } cases[] = {
        { "name: a\nmemory: 256\ntype: hvm\nhvm: {vnc: {listen: 0.0.0.0}}\n", true },
        { "name: a\nmemory: 256\ntype: hvm\nhvm: {vnc: {listen: '192.0.2.1:3'}}\n", true },
        { "name: a\nmemory: 256\ntype: hvm\nhvm: {vnc: {listen: 0.0.0.0, password: s3cret}}\n", false },
        { "name: a\nmemory: 256\ntype: hvm\nhvm: {vnc: {listen: 127.0.0.1}}\n", false },
        { "name: a\nmemory: 256\ntype: hvm\nhvm: {vnc: {listen: localhost}}\n", false },
        { "name: a\nmemory: 256\ntype: hvm\nhvm: {vnc: false}\n", false },
        { "name: a\nmemory: 256\ntype: hvm\n", false },
        { "name: a\nmemory: 256\ntype: pv\nkernel: /k\nframebuffer: {listen: 0.0.0.0}\n", true },
        { "name: a\nmemory: 256\ntype: pv\nkernel: /k\nframebuffer: {vnc: false, listen: 0.0.0.0}\n", false },
    };
    size_t i;
    (void)state;

    for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        struct xyl_guest g;
        struct diags d = { 0 };
        char *txt;
        assert_int_equal(load(&g, &d, cases[i].yaml), 0);
        txt = diag_text(&d);
        if (cases[i].warns != (strstr(txt, "without a password") != NULL))
            fail_msg("case %zu: %s", i, txt);
        free(txt);
        done(&g, &d);
    }
}

/* --- PPM -> PNG --- */

static char tmpdir[64];

static char *write_tmp(const char *name, const void *data, size_t len)
{
    char *path = xasprintf("%s/%s", tmpdir, name);
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
    return path;
}

static int setup_dir(void **state)
{
    (void)state;
    strcpy(tmpdir, "/tmp/xyl-test-qmp-XXXXXX");
    return mkdtemp(tmpdir) ? 0 : -1;
}

static int teardown_dir(void **state)
{
    (void)state;
    return rm_tmpdir(tmpdir);
}

/* number of files in tmpdir (none of ours must be left behind) */
static int count_files(void)
{
    char cmd[128];
    FILE *f;
    int n = -1;

    snprintf(cmd, sizeof(cmd), "ls -A %s | wc -l", tmpdir);
    f = popen(cmd, "r");
    assert_non_null(f);
    assert_int_equal(fscanf(f, "%d", &n), 1);
    pclose(f);
    return n;
}

static void test_ppm_to_png(void **state)
{
    /* 3x2, a comment in the header, as other PPM writers do */
    static const unsigned char ppm[] = "P6\n# made by hand\n3 2\n255\n"
        "\xff\x00\x00" "\x00\xff\x00" "\x00\x00\xff"
        "\x10\x20\x30" "\x00\x00\x00" "\xff\xff\xff";
    char *src = write_tmp("a.ppm", ppm, sizeof(ppm) - 1);
    char *dst = xasprintf("%s/a.png", tmpdir);
    png_image img;
    unsigned char px[18];
    struct shot_info si;
    (void)state;

    assert_int_equal(ppm_file_to_png(src, dst, false, &si), 0);
    assert_int_equal(si.width, 3);
    assert_int_equal(si.height, 2);
    assert_false(si.blank);
    memset(&img, 0, sizeof(img));
    img.version = PNG_IMAGE_VERSION;
    assert_true(png_image_begin_read_from_file(&img, dst));
    assert_int_equal(img.width, 3);
    assert_int_equal(img.height, 2);
    img.format = PNG_FORMAT_RGB;
    assert_true(png_image_finish_read(&img, NULL, px, 0, NULL));
    assert_memory_equal(px, ppm + strlen("P6\n# made by hand\n3 2\n255\n"), 18);

    /* no overwrite without -f; with -f replaced */
    assert_int_equal(ppm_file_to_png(src, dst, false, &si), -1);
    assert_int_equal(count_files(), 2);
    assert_int_equal(ppm_file_to_png(src, dst, true, &si), 0);
    assert_int_equal(count_files(), 2);
    unlink(dst);
    unlink(src);
    free(src);

    /* one colour all over: said to be blank */
    src = write_tmp("c.ppm", "P6\n2 1\n255\n\x01\x02\x03\x01\x02\x03", 17);
    assert_int_equal(ppm_file_to_png(src, dst, false, &si), 0);
    assert_true(si.blank);
    unlink(dst);
    unlink(src);
    free(src);
    free(dst);
}

static void test_bad_ppms(void **state)
{
    static const char *const bad[] = {
        "P3\n1 1\n255\n1 2 3\n",            /* ASCII PPM */
        "P6\n0 1\n255\n",                   /* no pixels */
        "P6\n99999 1\n255\nabc",            /* too wide */
        "P6\n1 99999999999\n255\nabc",      /* too many digits */
        "P6\n1 1\n65535\nabcdef",           /* 16 bits */
        "P6\n2 2\n255\nabcdefghi",          /* truncated */
        "P6\n-1 1\n255\nabc",               /* negative */
        "P6 1 1 255",                       /* header only, no data separator */
        "",
    };
    size_t i;
    struct shot_info si;
    char *dst = xasprintf("%s/b.png", tmpdir);
    (void)state;

    for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        char *src = write_tmp("b.ppm", bad[i], strlen(bad[i]));
        if (ppm_file_to_png(src, dst, true, &si) != -1)
            fail_msg("bad PPM %zu accepted", i);
        unlink(src);
        free(src);
        assert_int_equal(count_files(), 0);      /* no PNG, no temporary file */
    }
    /* a missing PPM or an unwritable folder: nothing made either */
    assert_int_equal(ppm_file_to_png("/nonexistent.ppm", dst, false, &si), -1);
    assert_int_equal(ppm_file_to_png("/dev/null", "/nonexistent/x.png", false, &si), -1);
    free(dst);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_exchange),
        cmocka_unit_test(test_error_reply),
        cmocka_unit_test(test_hostile_greetings),
        cmocka_unit_test(test_huge_line),
        cmocka_unit_test(test_deep_json),
        cmocka_unit_test(test_silence_and_floods),
        cmocka_unit_test(test_no_socket),
        cmocka_unit_test(test_vnc_query),
        cmocka_unit_test(test_vnc_warning),
        cmocka_unit_test(test_ppm_to_png),
        cmocka_unit_test(test_bad_ppms),
    };
    return cmocka_run_group_tests(tests, setup_dir, teardown_dir);
}
