/*
 * schema_check.c - checks of single values that the generic type parse
 * cannot express (name charset, UUID syntax, whole MiB, ...).
 */
#include "model/schema_check.h"
#include "base/util.h"
#include "model/pci_spec.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <libxlutil.h>

#define FIELD(obj, k, type) ((type *)((char *)(obj) + (k)->off))

int check_type(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj)
{
    (void)ld; (void)n;
    /* the generic enum parse stored the index: keep the bit form */
    *FIELD(obj, k, int) = 1 << *FIELD(obj, k, int);
    return 0;
}

const char *guest_name_problem(const char *name)
{
    size_t i, len = strlen(name);
    bool digits_only = true;

    if (len == 0)
        return "is empty";
    if (len > 64)
        return "is longer than 64 characters";
    /* a blank at either end is invisible in every listing */
    if (name[0] == ' ' || name[len - 1] == ' ')
        return "starts or ends with a space";
    for (i = 0; i < len; i++) {
        unsigned char c = (unsigned char)name[i];
        /* xl takes anything (even '/', which breaks the console log's path);
         * these are the ones real names use that stay safe in file names
         * and xenstore values.  Spaces too ("web server 1"): xyl never puts
         * a name into a shell command line (issue 13) */
        if (!isalnum(c) && !strchr(" _.-@:+,=~", c))
            return "may only contain letters, digits, spaces and _ . - @ : + , = ~ (no '/')";
        if (!isdigit(c))
            digits_only = false;
    }
    if (digits_only)
        return "is all digits, which commands would take for a domain ID";
    if (!strcmp(name, "Domain-0"))
        return "is reserved for dom0";
    return NULL;
}

int check_name(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj)
{
    const char *why = guest_name_problem(*FIELD(obj, k, char *));
    if (why) {
        diag_err(ld->d, ld->file, n->mark, "name '%s' %s", n->str, why);
        return -1;
    }
    return 0;
}

/* A UUID as written: 0, or -1 with a message at m ('instead' says what
 * happens without it).  *out gets it. */
int check_uuid_text(struct xyl_load *ld, struct ymark m, const char *s, libxl_uuid *out,
                    const char *instead)
{
    size_t i;
    bool nil = true;

    for (i = 0; s[i]; i++) {
        bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? s[i] != '-' : !isxdigit((unsigned char)s[i]))
            break;
        if (!dash && s[i] != '0')
            nil = false;
    }
    if (i != 36 || s[i] || libxl_uuid_from_string(out, s)) {
        diag_err(ld->d, ld->file, m,
                 "uuid '%s' is not of the form xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx "
                 "(hex digits); remove it to let %s", s, instead);
        return -1;
    }
    if (nil) {
        diag_err(ld->d, ld->file, m, "uuid must not be all zeros");
        return -1;
    }
    return 0;
}

int check_uuid(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj)
{
    return check_uuid_text(ld, n->mark, *FIELD(obj, k, char *), &ld->g->uuid,
                           "xyl derive one from the name");
}

int check_whole_mib(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj)
{
    uint64_t b = *FIELD(obj, k, uint64_t);
    if (b % (1u << 20)) {
        diag_err(ld->d, ld->file, n->mark,
                 "'%s' must be a whole number of MiB (Xen tools count guest memory in MiB); got '%s'",
                 k->name, n->str);
        return -1;
    }
    return 0;
}

int check_abs_path(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj)
{
    const char *s = *FIELD(obj, k, char *);
    if (s[0] != '/') {
        diag_err(ld->d, ld->file, n->mark,
                 "'%s' must be an absolute path in dom0, got '%s'", k->name, s);
        return -1;
    }
    return 0;
}

int check_xenstore(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj)
{
    const struct xyl_kvlist *kv = FIELD(obj, k, struct xyl_kvlist);
    int i, j, rc = 0;

    (void)n;
    for (i = 0; i < kv->n; i++) {
        const char *key = kv->v[i].key;
        if (!xs_data_key_ok(key)) {
            diag_err(ld->d, ld->file, kv->v[i].mark,
                     "xenstore key '%s' must be a relative path of letters, digits, '_', '-', '@' "
                     "joined by '/' (it is written under the guest's data/)", key);
            rc = -1;
        }
        if (strlen(kv->v[i].value) > XS_DATA_VALUE_MAX) {
            diag_err(ld->d, ld->file, kv->v[i].mark,
                     "xenstore value of '%s' is longer than %d bytes", key, XS_DATA_VALUE_MAX);
            rc = -1;
        }
        for (j = 0; j < i; j++) {
            if (!strcmp(kv->v[j].key, key)) {
                diag_err(ld->d, ld->file, kv->v[i].mark,
                         "duplicate xenstore key '%s' (first given at line %u)",
                         key, kv->v[j].mark.line);
                rc = -1;
                break;      /* one report per key keeps the output linear */
            }
        }
    }
    return rc;
}

int mark_has_hvm(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj)
{
    (void)k; (void)n; (void)obj;
    ld->g->has_hvm = true;
    return 0;
}

int mark_has_fb(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj)
{
    (void)k; (void)n; (void)obj;
    ld->g->has_fb = true;
    return 0;
}

int check_firmware(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj)
{
    (void)ld; (void)k; (void)n; (void)obj;
    return 0;       /* depends on the type: see guest_check() */
}

/* Strict "xx:xx:xx:xx:xx:xx". */
int parse_mac(const char *s, uint8_t mac[6])
{
    int i;
    for (i = 0; i < 6; i++) {
        const char *p = s + i * 3;
        if (!isxdigit((unsigned char)p[0]) || !isxdigit((unsigned char)p[1]))
            return -1;
        if (p[2] != (i == 5 ? '\0' : ':'))
            return -1;
        mac[i] = (uint8_t)((isdigit((unsigned char)p[0]) ? p[0] - '0' : (tolower((unsigned char)p[0]) - 'a' + 10)) * 16 +
                           (isdigit((unsigned char)p[1]) ? p[1] - '0' : (tolower((unsigned char)p[1]) - 'a' + 10)));
    }
    return 0;
}

/* disks: size: remember where, for the image rules in schema_items.c */
int mark_disk_size(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj)
{
    (void)ld;
    (void)k;
    ((struct xyl_disk *)obj)->size_mark = n->mark;
    return 0;
}

/* viridian_features: libxl's enlightenment names, "!name" to turn one off */
int check_viridian_features(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj)
{
    const struct xyl_strlist *l = FIELD(obj, k, struct xyl_strlist);
    libxl_viridian_enlightenment e;
    int i, rc = 0;

    for (i = 0; i < l->n; i++) {
        const char *s = l->v[i][0] == '!' ? l->v[i] + 1 : l->v[i];
        if (strcmp(s, "defaults") && strcmp(s, "all") &&
            libxl_viridian_enlightenment_from_string(s, &e)) {
            diag_err(ld->d, ld->file, (size_t)i < n->n ? n->items[i]->mark : n->mark,
                     "unknown viridian enlightenment '%s' (base, freq, time_ref_count, "
                     "reference_tsc, hcall_remote_tlb_flush, apic_assist, crash_ctl, ...)", s);
            rc = -1;
        }
    }
    return rc;
}

int parse_cpu_list(const char *s, uint8_t *map, int nbits, const char **why)
{
    char *copy = xstrdup(s), *tok, *save = NULL;
    int rc = 0;

    memset(map, 0, (size_t)(nbits + 7) / 8);
    for (tok = strtok_r(copy, ",", &save); tok && !rc; tok = strtok_r(NULL, ",", &save)) {
        bool neg = *tok == '^';
        char *end;
        long a, b, c;

        if (neg)
            tok++;
        if (!strcmp(tok, "all") || !strncmp(tok, "nodes:", 6) || !strncmp(tok, "node:", 5)) {
            *why = "'all' and NUMA nodes depend on the host; list the CPUs";
            rc = -1;
            break;
        }
        a = strtol(tok, &end, 10);
        b = a;
        if (end == tok || a < 0) {
            *why = "is not a list of CPU numbers and ranges (\"2-3\", \"0,2,^1\")";
            rc = -1;
            break;
        }
        if (*end == '-') {
            char *e2;
            b = strtol(end + 1, &e2, 10);
            if (e2 == end + 1 || b < a) {
                *why = "has a range that is not low-high";
                rc = -1;
                break;
            }
            end = e2;
        }
        if (*end || b >= nbits) {
            *why = *end ? "is not a list of CPU numbers and ranges (\"2-3\", \"0,2,^1\")"
                        : "names a CPU beyond the largest xyl handles";
            rc = -1;
            break;
        }
        for (c = a; c <= b; c++) {
            if (neg)
                map[c / 8] &= (uint8_t)~(1u << (c % 8));
            else
                map[c / 8] |= (uint8_t)(1u << (c % 8));
        }
    }
    free(copy);
    return rc;
}

/* cpus: pinning as in xl; a bare count is what people mean by vcpus */
int check_cpus(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj)
{
    const char *s = *FIELD(obj, k, char *);
    uint8_t map[XYL_MAX_HOST_CPUS / 8];
    const char *why = NULL;

    if (parse_cpu_list(s, map, XYL_MAX_HOST_CPUS, &why)) {
        diag_err(ld->d, ld->file, n->mark, "cpus '%s' %s", s, why);
        return -1;
    }
    if (n->plain && s[strspn(s, "0123456789")] == '\0')
        diag_warn(ld->d, ld->file, n->mark,
                  "cpus: %s pins every vCPU to host CPU %s (as in xl); for %s virtual CPUs write 'vcpus: %s'",
                  s, s, s, s);
    return 0;
}

/* cpus_per_vcpu: each item a cpus string */
int check_cpus_per_vcpu(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj)
{
    const struct xyl_strlist *l = FIELD(obj, k, struct xyl_strlist);
    uint8_t map[XYL_MAX_HOST_CPUS / 8];
    const char *why = NULL;
    int i, rc = 0;

    for (i = 0; i < l->n; i++)
        if (parse_cpu_list(l->v[i], map, XYL_MAX_HOST_CPUS, &why)) {
            diag_err(ld->d, ld->file, (size_t)i < n->n ? n->items[i]->mark : n->mark,
                     "cpus_per_vcpu item '%s' %s", l->v[i], why);
            rc = -1;
        }
    return rc;
}

/* pci: each item as xl's xlu_pci_parse_spec_string reads it (pci_spec.c:
 * without the text that crashes it) */
int check_pci(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *n, void *obj)
{
    const struct xyl_strlist *l = FIELD(obj, k, struct xyl_strlist);
    XLU_Config *cfg = xlu_cfg_init(stderr, "pci");
    int i, rc = 0;

    if (!cfg)
        return -1;
    for (i = 0; i < l->n; i++) {
        libxl_device_pci pci;
        libxl_device_pci_init(&pci);
        if (pci_spec_parse(cfg, &pci, l->v[i])) {
            diag_err(ld->d, ld->file, (size_t)i < n->n ? n->items[i]->mark : n->mark,
                     "pci '%s' is not a PCI device as xl reads it ([DDDD:]BB:DD.F[,option=value...])",
                     l->v[i]);
            rc = -1;
        }
        libxl_device_pci_dispose(&pci);
    }
    xlu_cfg_destroy(cfg);
    return rc;
}
