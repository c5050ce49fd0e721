/*
 * gitref.c - HEAD's commit of the work tree around a path, from the files
 * git keeps: .git/HEAD ("ref: refs/heads/x" or a detached commit), then
 * that ref as a loose file or a line of packed-refs.  A linked work tree
 * (.git is a file "gitdir: ...") keeps HEAD in its own git dir and the
 * refs in the common one named by its "commondir" file.
 */
#include "base/gitref.h"
#include "base/util.h"

#include <ctype.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SMALL 4096          /* HEAD, ref files and gitdir files are tiny */

/* The first line of a small file, trailing whitespace cut; NULL if none. */
static char *first_line(const char *path)
{
    size_t len;
    char *s = read_file(path, SMALL, &len);

    if (!s)
        return NULL;
    s[strcspn(s, "\r\n")] = '\0';
    return s;
}

static bool is_commit(const char *s)
{
    size_t n = strlen(s), i;

    if (n != 40 && n != 64)
        return false;
    for (i = 0; i < n; i++)
        if (!isxdigit((unsigned char)s[i]))
            return false;
    return true;
}

/* "X" relative to dir unless X is absolute. */
static char *join(const char *dir, const char *x)
{
    return x[0] == '/' ? xstrdup(x) : xasprintf("%s/%s", dir, x);
}

/* The commit ref (e.g. refs/heads/main) names, in the common git dir. */
static char *resolve_ref(const char *common, const char *ref)
{
    char *path, *s, *line, *save = NULL, *found = NULL;
    size_t len;

    if (strstr(ref, "..") || ref[0] == '/')
        return NULL;
    path = xasprintf("%s/%s", common, ref);
    s = first_line(path);
    free(path);
    if (s && is_commit(s))
        return s;
    free(s);
    path = xasprintf("%s/packed-refs", common);
    s = read_file(path, 64u << 20, &len);
    free(path);
    if (!s)
        return NULL;
    for (line = strtok_r(s, "\n", &save); line && !found; line = strtok_r(NULL, "\n", &save)) {
        char *sp = strchr(line, ' ');

        if (!sp || line[0] == '#' || line[0] == '^')
            continue;
        *sp = '\0';
        if (!strcmp(sp + 1, ref) && is_commit(line))
            found = xstrdup(line);
    }
    free(s);
    return found;
}

char *git_commit_of(const char *path)
{
    char dir[PATH_MAX], *gitdir = NULL, *common = NULL, *head = NULL, *out = NULL, *slash, *p, *s;
    struct stat st;

    if (!realpath(path, dir))
        return NULL;
    if (stat(dir, &st) == 0 && !S_ISDIR(st.st_mode) && (slash = strrchr(dir, '/')))
        *slash = '\0';
    /* walk up to the first folder holding .git */
    for (;;) {
        p = xasprintf("%s/.git", dir[0] ? dir : "");
        if (stat(p, &st) == 0)
            break;
        free(p);
        slash = strrchr(dir, '/');
        if (!slash || !dir[0])
            return NULL;
        *slash = '\0';
    }
    if (S_ISDIR(st.st_mode)) {
        gitdir = p;
    } else {
        s = first_line(p);
        free(p);
        if (!s || strncmp(s, "gitdir: ", 8)) {
            free(s);
            return NULL;
        }
        gitdir = join(dir[0] ? dir : "/", s + 8);
        free(s);
    }
    p = xasprintf("%s/commondir", gitdir);
    s = first_line(p);
    free(p);
    common = s ? join(gitdir, s) : xstrdup(gitdir);
    free(s);
    p = xasprintf("%s/HEAD", gitdir);
    head = first_line(p);
    free(p);
    if (head && !strncmp(head, "ref: ", 5)) {
        /* a linked work tree's own refs (e.g. bisect) would be in gitdir;
         * branches are in the common dir */
        out = resolve_ref(common, head + 5);
        if (!out)
            out = resolve_ref(gitdir, head + 5);
    } else if (head && is_commit(head)) {
        out = xstrdup(head);
    }
    free(head);
    free(common);
    free(gitdir);
    return out;
}
