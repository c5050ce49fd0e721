/*
 * libexec.c - see libexec.h.
 */
#define _GNU_SOURCE
#include "base/libexec.h"
#include "base/paths.h"
#include "base/util.h"

#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <unistd.h>

char *libexec_path(const char *prog, const char *env, bool from_path)
{
    char self[PATH_MAX], *path;
    ssize_t n;

    if (env && getenv(env) && *getenv(env))
        return xstrdup(getenv(env));
    n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    if (n > 0) {
        self[n] = '\0';
        path = xasprintf("%s/%s", dirname(self), prog);
        if (access(path, X_OK) == 0)
            return path;
        free(path);
    }
    path = xasprintf("%s/%s", XYL_LIBEXECDIR, prog);
    if (!from_path || access(path, X_OK) == 0)
        return path;
    free(path);
    return xstrdup(prog);
}
