/*
 * test_clone.c - xyl clone without libguestfs (--keep-machine-id): the new
 * definition's text, the overlays, and that a failure leaves nothing.
 */
#include "unit.h"
#include "images/clone.h"
#include "base/util.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

static char tmp[64];

static void put(const char *name, const char *text)
{
    char *p = xasprintf("%s/%s", tmp, name);

    write_text(p, text);
    free(p);
}

static char *get(const char *name)
{
    char *p = xasprintf("%s/%s", tmp, name), *s;
    size_t len;
    s = read_file(p, 1 << 20, &len);
    free(p);
    return s;
}

static bool exists(const char *name)
{
    char *p = xasprintf("%s/%s", tmp, name);
    bool e = access(p, F_OK) == 0;
    free(p);
    return e;
}

static int setup(void **state)
{
    char *cfg;
    (void)state;
    strcpy(tmp, "/tmp/xyl-clone-XXXXXX");
    if (!mkdtemp(tmp))
        return -1;
    cfg = xasprintf("images: %s\n", tmp);
    put("xyl.yaml", cfg);
    free(cfg);
    put("a.img", "");
    put("b.img", "");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    return rm_tmpdir(tmp);
}

static void test_new_definition(void **state)
{
    char *src = xasprintf("%s/src.yaml", tmp), *cfg = xasprintf("%s/xyl.yaml", tmp), *text, *y;
    struct clone_opts o = { src, "web2", NULL, cfg, true };
    (void)state;

    y = xasprintf(
        "# comment\n"
        "name: web\n"
        "type: pvh\n"
        "memory: &m 256M\n"
        "maxmem: *m\n"
        "uuid: 6b1d0a38-7f3c-4c1e-9a55-0c1f3b1e2d4a\n"
        "kernel: /boot/vmlinuz\n"
        "cmdline: \"root=/dev/xvda ro\"\n"
        "disks:\n"
        "  - { target: a.img, vdev: xvda, size: 1G, backend: phy }\n"
        "  - \"format=raw, vdev=xvdb, access=rw, target=%s/b.img\"\n"
        "  - { target: /srv/iso/x.iso, vdev: xvdc, access: ro }\n"
        "networks:\n"
        "  - { bridge: xenbr0, mac: \"00:16:3e:01:02:03\" }\n"
        "  - bridge=xenbr1,mac=00:16:3e:01:02:04,rate=10Mb/s\n"
        "xenstore:\n"
        "  role: \"1\"\n", tmp);
    put("src.yaml", y);
    free(y);
    assert_int_equal(clone_guest(&o, stderr), 0);
    text = get("web2.yaml");
    assert_non_null(text);
    assert_non_null(strstr(text,
        "name: web2\n"
        "type: pvh\n"
        "memory: 256M\n"
        "maxmem: 256M\n"                                /* alias written out */
        "kernel: /boot/vmlinuz\n"
        "cmdline: \"root=/dev/xvda ro\"\n"
        "disks:\n"
        "- target: web2-xvda.qcow2\n"
        "  vdev: xvda\n"
        "  format: qcow2\n"
        "- target: web2-xvdb.qcow2\n"                   /* spec string -> mapping */
        "  vdev: xvdb\n"
        "  format: qcow2\n"
        "- target: /srv/iso/x.iso\n"                    /* read-only: shared */
        "  vdev: xvdc\n"
        "  access: ro\n"
        "networks:\n"
        "- bridge: xenbr0\n"
        "- bridge=xenbr1,rate=10Mb/s\n"
        "xenstore:\n"
        "  role: \"1\"\n"));                            /* quoted stays a string */
    assert_null(strstr(text, "\nuuid:"));
    assert_true(exists("web2-xvda.qcow2"));
    assert_true(exists("web2-xvdb.qcow2"));
    free(text);

    /* again: web2.yaml exists -> refused, nothing changed or added */
    assert_int_equal(clone_guest(&o, stderr), -1);
    assert_true(exists("web2.yaml"));

    /* an overlay name that exists: refused, that file kept, no web3.yaml */
    put("web3-xvdb.qcow2", "precious");
    o.name = "web3";
    assert_int_equal(clone_guest(&o, stderr), -1);
    assert_false(exists("web3.yaml"));
    assert_false(exists("web3-xvda.qcow2"));            /* made, then removed */
    text = get("web3-xvdb.qcow2");
    assert_string_equal(text, "precious");
    free(text);

    /* the same name as the source */
    o.name = "web";
    assert_int_equal(clone_guest(&o, stderr), -1);
    free(src);
    free(cfg);
}

/* NEW.yaml carries the source's VNC password: only its owner reads it. */
static void test_new_definition_private(void **state)
{
    char *src = xasprintf("%s/vm.yaml", tmp), *cfg = xasprintf("%s/xyl.yaml", tmp);
    char *out = xasprintf("%s/vm2.yaml", tmp), *text;
    struct clone_opts o = { src, "vm2", NULL, cfg, true };
    struct stat st;
    (void)state;

    put("vm.yaml", "name: vm\ntype: hvm\nmemory: 256M\n"
        "disks:\n  - { target: a.img, vdev: xvda }\n"
        "hvm:\n  vnc:\n    listen: 127.0.0.1\n    password: s3cret\n");
    assert_int_equal(clone_guest(&o, stderr), 0);
    text = get("vm2.yaml");
    assert_non_null(strstr(text, "s3cret"));
    assert_int_equal(stat(out, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    free(text);
    free(src);
    free(cfg);
    free(out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_new_definition, setup, teardown),
        cmocka_unit_test_setup_teardown(test_new_definition_private, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
