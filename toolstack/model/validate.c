/*
 * validate.c - loading of files and folders, with the rules across guests
 * (the rules within one guest are in guest_rules.c).
 */
#include "model/validate.h"
#include "base/ident.h"
#include "model/guest_rules.h"
#include "model/schema.h"
#include "base/util.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

int load_guest_file(const char *path, struct xyl_guest *g, struct diags *d)
{
    size_t len;
    char *buf;
    int errs;

    guest_init(g);
    buf = read_file(path, YAML_MAX_FILE_SIZE, &len);
    if (!buf) {
        struct ymark none = { 0, 0 };
        diag_err(d, path, none, "cannot read: %s", errno == EFBIG ?
                 "larger than 1 MiB" : strerror(errno));
        g->file = xstrdup(path);
        return 1;
    }
    errs = guest_load_yaml(g, path, buf, len, d);
    free(buf);
    return errs;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static bool is_yaml_name(const char *n)
{
    return n[0] != '.' && (str_ends_with(n, ".yaml") || str_ends_with(n, ".yml"));
}

/* Collect YAML files below dir, sorted, so results do not depend on readdir. */
static void collect(const char *dir, char ***files, int *n, int *alloc, int depth)
{
    DIR *dh = opendir(dir);
    struct dirent *de;
    char **local = NULL;
    int nl = 0, al = 0, i;

    if (!dh || depth > 16) {
        if (dh)
            closedir(dh);
        return;
    }
    while ((de = readdir(dh)) != NULL) {
        struct stat st;
        char *p;
        if (de->d_name[0] == '.')
            continue;
        p = xasprintf("%s/%s", dir, de->d_name);
        if (stat(p, &st) == 0 && (S_ISDIR(st.st_mode) || is_yaml_name(de->d_name))) {
            ALLOC_GROW(local, nl, al);
            local[nl++] = p;
        } else {
            free(p);
        }
    }
    closedir(dh);
    if (nl > 1)
        qsort(local, (size_t)nl, sizeof(char *), cmp_str);
    for (i = 0; i < nl; i++) {
        struct stat st;
        if (stat(local[i], &st) == 0 && S_ISDIR(st.st_mode)) {
            collect(local[i], files, n, alloc, depth + 1);
            free(local[i]);
        } else {
            ALLOC_GROW(*files, *n, *alloc);
            (*files)[(*n)++] = local[i];
        }
    }
    free(local);
}

int load_guest_paths(char *const *paths, int n, struct guest_set *set, struct diags *d)
{
    char **files = NULL;
    int nf = 0, af = 0, i;
    size_t before = d->errors;

    for (i = 0; i < n; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            struct ymark none = { 0, 0 };
            diag_err(d, paths[i], none, "cannot read: %s", strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            int had = nf;
            char *dir = xstrdup(paths[i]);
            size_t l = strlen(dir);
            while (l > 1 && dir[l - 1] == '/')
                dir[--l] = '\0';
            collect(dir, &files, &nf, &af, 0);
            free(dir);
            if (nf == had) {
                struct ymark none = { 0, 0 };
                diag_err(d, paths[i], none, "no *.yaml or *.yml files in this folder");
            }
        } else {
            ALLOC_GROW(files, nf, af);
            files[nf++] = xstrdup(paths[i]);
        }
    }
    for (i = 0; i < nf; i++) {
        ALLOC_GROW(set->v, set->n, set->alloc);
        load_guest_file(files[i], &set->v[set->n++], d);
        free(files[i]);
    }
    free(files);
    check_guest_set(set, d);
    return (int)(d->errors - before);
}

void check_guest_set(const struct guest_set *set, struct diags *d)
{
    int i, j, a, b;
    for (i = 0; i < set->n; i++) {
        const struct xyl_guest *g = &set->v[i];
        for (j = 0; j < i; j++) {
            const struct xyl_guest *h = &set->v[j];
            if (g->name && h->name && !strcmp(g->name, h->name))
                diag_err(d, g->file, guest_key_mark(g, "name"),
                         "guest name '%s' is also used by %s:%u", g->name, h->file,
                         guest_key_mark(h, "name").line);
            else if (g->uuid_str && h->uuid_str && !libxl_uuid_compare(&g->uuid, &h->uuid))
                diag_err(d, g->file, guest_key_mark(g, "uuid"),
                         "uuid %s is also used by %s:%u", g->uuid_str, h->file,
                         guest_key_mark(h, "uuid").line);
            for (a = 0; a < g->n_nics; a++)
                for (b = 0; b < h->n_nics; b++)
                    if (g->nics[a].mac_valid && h->nics[b].mac_valid &&
                        !memcmp(g->nics[a].macaddr, h->nics[b].macaddr, 6)) {
                        char mac[18];
                        format_mac(g->nics[a].macaddr, mac);
                        diag_err(d, g->file, g->nics[a].mac_mark,
                                 "mac %s is also used by %s:%u%s", mac, h->file,
                                 h->nics[b].mac_mark.line,
                                 g->nics[a].mac_derived ? " (derived from the name: set 'mac' by hand)" : "");
                        break;
                    }
        }
    }
}

void guest_set_free(struct guest_set *set)
{
    int i;
    for (i = 0; i < set->n; i++)
        guest_free(&set->v[i]);
    free(set->v);
    set->v = NULL;
    set->n = set->alloc = 0;
}
