/*
 * test_sha256.c - sha256_hex() against FIPS 180-4's examples and lengths
 * around the block and padding boundaries (digests from Python's hashlib),
 * and git_commit_of() on hand-made repositories: a branch as a loose ref
 * and in packed-refs, a detached HEAD, a linked work tree, no repository.
 */
#include "unit.h"
#include "base/gitref.h"
#include "base/sha256.h"
#include "base/util.h"

#include <sys/stat.h>
#include <unistd.h>

static void test_vectors(void **state)
{
    static const struct { int n; const char *hex; } as[] = {
        { 55, "9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318" },
        { 56, "b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a" },
        { 63, "7d3e74a05d7db15bce4ad9ec0658ea98e3f06eeecf16b4c6fff2da457ddc2f34" },
        { 64, "ffe054fe7ae0cb6dc65c3af9b61d5209f439851db43d0ba5997337df154668eb" },
        { 65, "635361c48bb9eab14198e76ea8ab7f1a41685d6ad62aa9146d301d4f17eb0ae0" },
        { 119, "31eba51c313a5c08226adf18d4a359cfdfd8d2e816b13f4af952f7ea6584dcfb" },
        { 1000, "41edece42d63e8d9bf515a9ba6932e1c20cbc9f5a5d134645adb5db1b9737ea3" },
    };
    char hex[SHA256_HEX_LEN + 1], a[1000];
    size_t i;
    (void)state;

    sha256_hex("", 0, hex);
    assert_string_equal(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    sha256_hex("abc", 3, hex);
    assert_string_equal(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", 56, hex);
    assert_string_equal(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    memset(a, 'a', sizeof(a));
    for (i = 0; i < sizeof(as) / sizeof(as[0]); i++) {
        sha256_hex(a, (size_t)as[i].n, hex);
        assert_string_equal(hex, as[i].hex);
    }
}

static char root[] = "/tmp/xyl-gitref-XXXXXX";

static void put(const char *rel, const char *text)
{
    char *p = xasprintf("%s/%s", root, rel), *slash;

    for (slash = strchr(p + strlen(root) + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
        *slash = '\0';
        mkdir(p, 0755);
        *slash = '/';
    }
    write_text(p, text);
    free(p);
}

static char *commit_of(const char *rel)
{
    char *p = xasprintf("%s/%s", root, rel), *c = git_commit_of(p);

    free(p);
    return c;
}

#define C1 "1111111111111111111111111111111111111111"
#define C2 "2222222222222222222222222222222222222222"
#define C3 "3333333333333333333333333333333333333333"

static void test_git(void **state)
{
    char *c;
    (void)state;

    assert_non_null(mkdtemp(root));
    put("lab/guests/web.yaml", "name: web\n");
    assert_null(commit_of("lab/guests/web.yaml"));           /* no repository */

    put("lab/.git/HEAD", "ref: refs/heads/main\n");
    put("lab/.git/refs/heads/main", C1 "\n");
    c = commit_of("lab/guests/web.yaml");
    assert_non_null(c);
    assert_string_equal(c, C1);
    free(c);
    c = commit_of("lab/guests");                             /* a folder works too */
    assert_string_equal(c, C1);
    free(c);

    /* a branch only in packed-refs (after git gc) */
    put("lab/.git/HEAD", "ref: refs/heads/packed\n");
    put("lab/.git/packed-refs", "# pack-refs with: peeled fully-peeled sorted\n"
                                C3 " refs/heads/other\n" C2 " refs/heads/packed\n^" C3 "\n");
    c = commit_of("lab/guests/web.yaml");
    assert_string_equal(c, C2);
    free(c);

    /* detached; then garbage */
    put("lab/.git/HEAD", C3 "\n");
    c = commit_of("lab/guests/web.yaml");
    assert_string_equal(c, C3);
    free(c);
    put("lab/.git/HEAD", "ref: ../../../etc/passwd\n");
    assert_null(commit_of("lab/guests/web.yaml"));
    put("lab/.git/HEAD", "ref: refs/heads/none\n");
    assert_null(commit_of("lab/guests/web.yaml"));

    /* a linked work tree: .git is a file, branches in the common dir */
    put("lab/.git/HEAD", "ref: refs/heads/main\n");
    put("lab/.git/worktrees/wt/HEAD", "ref: refs/heads/main\n");
    put("lab/.git/worktrees/wt/commondir", "../..\n");
    c = xasprintf("gitdir: %s/lab/.git/worktrees/wt\n", root);
    put("wt/.git", c);
    free(c);
    put("wt/web.yaml", "name: web\n");
    c = commit_of("wt/web.yaml");
    assert_non_null(c);
    assert_string_equal(c, C1);
    free(c);
    c = xasprintf("rm -rf %s", root);
    assert_int_equal(system(c), 0);
    free(c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_vectors),
        cmocka_unit_test(test_git),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
