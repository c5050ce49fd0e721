/*
 * schema.h - the one table of guest definition keys.
 *
 * Every key is described once: its YAML name, value type, the guest types it
 * applies to, where it lands in struct xyl_guest, its xl.cfg name and a line
 * of documentation.  The loader, "did you mean", the JSON Schema, the
 * generated docs, the xl.cfg exporter and importer all walk these tables.
 */
#ifndef XYL_SCHEMA_H
#define XYL_SCHEMA_H

#include <stddef.h>

#include "base/diag.h"
#include "model/guest.h"
#include "model/yaml_tree.h"

enum xyl_vtype {
    VT_STRING,      /* any scalar, kept as text */
    VT_INT,         /* decimal integer within [min, max] */
    VT_SIZE,        /* integer MiB or a string with K/M/G/T; stored in KiB or bytes */
    VT_BOOL,        /* true/false (yes/no/on/off accepted) */
    VT_ENUM,        /* one of choices[], stored as its index */
    VT_STRLIST,     /* list of strings */
    VT_STRMAP,      /* mapping of string keys to scalar values */
    VT_ORDER,       /* list of distinct choices[] (boot order) */
    VT_MAP,         /* nested mapping described by sub */
    VT_BOOL_OR_MAP, /* true/false, or a nested mapping described by sub */
    VT_LIST,        /* list of items: mapping (sub) or xl spec string */
    VT_DOC,         /* a file path, or a YAML mapping given inline (struct xyl_doc) */
};

struct xyl_load;
struct xyl_key;
typedef int (*xyl_parse_fn)(struct xyl_load *ld, const struct xyl_key *k,
                            const struct ynode *n, void *obj);

struct xyl_keyset;

struct xyl_key {
    const char *name;
    enum xyl_vtype vtype;
    unsigned guests;                /* XYL_PV | XYL_PVH | XYL_HVM */
    int required;
    size_t off;                     /* field in the parent object */
    const char *const *choices;     /* VT_ENUM, VT_ORDER; NULL terminated */
    long min, max;                  /* VT_INT range; VT_SIZE range in MiB */
    const struct xyl_keyset *sub;   /* VT_MAP, VT_BOOL_OR_MAP, VT_LIST */
    xyl_parse_fn parse;             /* extra checks after the generic parse */
    const char *xl_name;            /* xl.cfg key with the same meaning */
    const char *doc;
};

struct xyl_keyset {
    const char *name;               /* "guest", "hvm", "disk", ... */
    const struct xyl_key *keys;
    size_t n;
    /* VT_LIST item support: make a new zeroed item in the parent object,
     * and parse the xl spec string form of an item. */
    void *(*new_item)(void *parent);
    int (*parse_string_item)(struct xyl_load *ld, const struct ynode *n, void *item);
    const char *string_form_doc;
};

/* Loader state passed to every parse function. */
struct xyl_load {
    struct diags *d;
    const char *file;
    struct xyl_guest *g;
};

extern const struct xyl_keyset xyl_guest_keys;
extern const struct xyl_keyset xyl_hvm_keys, xyl_vnc_keys, xyl_spice_keys, xyl_fb_keys, xyl_disk_keys, xyl_nic_keys,
    xyl_vtpm_keys;

const struct xyl_key *keyset_find(const struct xyl_keyset *ks, const char *name);
int key_index(const struct xyl_keyset *ks, const char *name);   /* -1 if none */

/* Load one guest from YAML text; returns the number of errors added. */
int guest_load_yaml(struct xyl_guest *g, const char *file, const char *buf,
                    size_t len, struct diags *d);

/* Walk mapping n against ks into obj (used for /etc/xyl/xyl.yaml). */
int keyset_parse_map(struct xyl_load *ld, const struct xyl_keyset *ks,
                     const struct ynode *n, void *obj, const char *where);

/* Value parsers shared with the xl.cfg importer and the CLI. */
int parse_size(const char *s, int plain_is_mib, uint64_t *bytes_out, const char **why);
int parse_bool_word(const char *s, int *out);

/* One disks:/networks: item (mapping or xl spec string) appended to the
 * guest 'parent'; k is the list key ("disks" or "networks"). */
int parse_item(struct xyl_load *ld, const struct xyl_key *k, const struct ynode *it, void *parent);

/* Item parsers shared with device hot-plug commands. */
int nic_parse_spec(struct xyl_load *ld, const struct ynode *n, void *item);
int disk_parse_spec(struct xyl_load *ld, const struct ynode *n, void *item);

#endif
