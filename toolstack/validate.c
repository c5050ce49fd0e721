/*
 * validate.c - cross-field rules for one guest, derived identities, and
 * loading of files and folders with the rules across guests.
 */
#include "validate.h"
#include "ident.h"
#include "schema_check.h"
#include "util.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static struct ymark key_mark(const struct xyl_guest *g, const char *key)
{
    int i = key_index(&xyl_guest_keys, key);
    struct ymark m = i >= 0 ? g->marks[i] : g->root_mark;
    return m.line ? m : g->root_mark;
}

static bool has_key(const struct xyl_guest *g, const char *key)
{
    int i = key_index(&xyl_guest_keys, key);
    return i >= 0 && g->marks[i].line;
}

static void check_boot(struct xyl_load *ld)
{
    const struct xyl_guest *g = ld->g;
    const char *f = g->firmware;
    static const char *const hvm_fw[] = { "bios", "seabios", "rombios", "uefi", "ovmf", NULL };
    int i;

    if (!g->type)
        return;
    if (f && g->type == XYL_HVM) {
        for (i = 0; hvm_fw[i] && strcmp(f, hvm_fw[i]); i++)
            ;
        if (!hvm_fw[i] && f[0] != '/')
            diag_err(ld->d, ld->file, key_mark(g, "firmware"),
                     "firmware '%s' is not bios, seabios, rombios, uefi, ovmf or an absolute path", f);
    } else if (f && strcmp(f, "pvgrub32") && strcmp(f, "pvgrub64")) {
        diag_err(ld->d, ld->file, key_mark(g, "firmware"),
                 "firmware for a %s guest must be pvgrub32 or pvgrub64, got '%s' "
                 "(to boot a kernel file, use 'kernel:')", gtype_name(g->type), f);
    }
    if (g->type != XYL_HVM) {
        if (f && g->kernel)
            diag_err(ld->d, ld->file, key_mark(g, "firmware"),
                     "give either 'kernel' or 'firmware', not both");
        if (!g->kernel && !f && !g->bootloader)
            diag_err(ld->d, ld->file, g->root_mark,
                     "a %s guest needs 'kernel'%s or 'firmware' (pvgrub64) to boot",
                     gtype_name(g->type), g->type == XYL_PV ? ", 'bootloader'" : "");
    }
    if (g->ramdisk && !g->kernel && !g->bootloader)
        diag_err(ld->d, ld->file, key_mark(g, "ramdisk"), "'ramdisk' needs 'kernel'");
    if (g->cmdline && !g->kernel && !g->bootloader)
        diag_warn(ld->d, ld->file, key_mark(g, "cmdline"),
                  "'cmdline' has no effect without 'kernel' or 'bootloader'");
    if (g->type == XYL_HVM && g->hvm.stdvga != XYL_UNSET && g->hvm.vga != XYL_UNSET)
        diag_err(ld->d, ld->file, key_mark(g, "hvm"),
                 "give either hvm.stdvga or hvm.vga, not both");
}

void check_devices(struct xyl_load *ld)
{
    struct xyl_guest *g = ld->g;
    int i, j;
    bool has_cdrom = false;

    for (i = 0; i < g->n_disks; i++) {
        const struct xyl_disk *a = &g->disks[i];
        if (!a->parsed_vdev)
            continue;
        has_cdrom |= a->parsed_cdrom;
        if (a->parsed_cdrom && g->type && g->type != XYL_HVM)
            diag_err(ld->d, ld->file, a->mark,
                     "disk %s is a CD-ROM; CD-ROM drives need an hvm guest", a->parsed_vdev);
        for (j = 0; j < i; j++) {
            const struct xyl_disk *b = &g->disks[j];
            if (!b->parsed_vdev || a->devnum != b->devnum)
                continue;
            if (!strcmp(a->parsed_vdev, b->parsed_vdev))
                diag_err(ld->d, ld->file, a->mark,
                         "duplicate vdev '%s' (also used by the disk at line %u)",
                         a->parsed_vdev, b->mark.line);
            else
                diag_err(ld->d, ld->file, a->mark,
                         "vdev '%s' is the same device as '%s' (the disk at line %u)",
                         a->parsed_vdev, b->parsed_vdev, b->mark.line);
            break;          /* one report per disk */
        }
    }
    for (i = 0; i < g->n_nics; i++) {
        struct xyl_nic *n = &g->nics[i];
        if (g->type && g->type != XYL_HVM && n->type_idx == 1)
            diag_err(ld->d, ld->file, n->mark,
                     "network type ioemu (an emulated NIC) needs an hvm guest; use type vif");
        if (g->type && g->type != XYL_HVM && n->model)
            diag_err(ld->d, ld->file, n->mark,
                     "network 'model' applies to hvm guests only");
        if (!n->mac && g->name) {
            derive_mac(g->name, i, n->macaddr);
            n->mac_derived = n->mac_valid = true;
        }
        for (j = 0; j < i && n->mac_valid; j++) {
            if (g->nics[j].mac_valid && !memcmp(g->nics[j].macaddr, n->macaddr, 6) &&
                (n->mac || g->nics[j].mac)) {
                diag_err(ld->d, ld->file, n->mac_mark,
                         "duplicate mac '%s' (also used by the network at line %u)",
                         n->mac ? n->mac : g->nics[j].mac, g->nics[j].mark.line);
                break;      /* one report per NIC */
            }
        }
    }
    if (g->type == XYL_HVM && strchr(g->boot, 'd') && !has_cdrom)
        diag_warn(ld->d, ld->file, key_mark(g, "boot"),
                  "boot order lists cdrom but no disk has 'cdrom: true'");
    if (g->type == XYL_HVM && strchr(g->boot, 'n') && g->n_nics == 0)
        diag_warn(ld->d, ld->file, key_mark(g, "boot"),
                  "boot order lists network but the guest has no networks");
}

void guest_check(struct xyl_load *ld)
{
    struct xyl_guest *g = ld->g;

    if (g->maxmem_bytes && g->memory_bytes && g->maxmem_bytes < g->memory_bytes)
        diag_err(ld->d, ld->file, key_mark(g, "maxmem"),
                 "maxmem (%lluM) is less than memory (%lluM); raise maxmem or remove it",
                 (unsigned long long)(g->maxmem_bytes >> 20),
                 (unsigned long long)(g->memory_bytes >> 20));
    if (g->maxvcpus != XYL_UNSET && g->maxvcpus < (g->vcpus == XYL_UNSET ? 1 : g->vcpus))
        diag_err(ld->d, ld->file, key_mark(g, "maxvcpus"),
                 "maxvcpus (%ld) is less than vcpus (%ld)", g->maxvcpus,
                 g->vcpus == XYL_UNSET ? 1L : g->vcpus);
    if (g->has_hvm && g->type && g->type != XYL_HVM && !has_key(g, "hvm"))
        g->has_hvm = false;
    check_boot(ld);
    check_devices(ld);
    if (g->name && !g->uuid_str)
        derive_uuid(g->name, &g->uuid);
}

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
                diag_err(d, g->file, key_mark(g, "name"),
                         "guest name '%s' is also used by %s:%u", g->name, h->file,
                         key_mark(h, "name").line);
            else if (g->uuid_str && h->uuid_str && !libxl_uuid_compare(&g->uuid, &h->uuid))
                diag_err(d, g->file, key_mark(g, "uuid"),
                         "uuid %s is also used by %s:%u", g->uuid_str, h->file,
                         key_mark(h, "uuid").line);
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
